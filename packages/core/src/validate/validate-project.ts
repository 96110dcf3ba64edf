import { loadRequestSchema, type RequestSchema } from './request-schema.js';
import { appModel, type AppModel } from '../config/app-model.js';
import { ConfigError } from '../errors.js';
import { desiredState, type DesiredState } from '../desired/desired-state.js';
import { DEFAULT_ENVIRONMENT, ENVIRONMENT_PATTERN } from '../desired/naming.js';
import { loadConfig, type LoadedConfig } from '../load/load-config.js';
import { checkApiOptions, timeoutWarnings } from './api-options.js';
import { loadDefinition, type StateMachineDefinition } from './definition.js';
import { loadTemplates, type MappingTemplate, type TemplateRole } from './templates.js';

export interface ValidateOptions {
  /** Path of stepgate.yml; default `stepgate.yml`. */
  readonly configFile?: string;
  /** Default `prod`. */
  readonly environment?: string;
}

/** A project whose every file has been read and checked: safe to plan and deploy. */
export interface ValidatedProject {
  readonly loaded: LoadedConfig;
  /** State machines by key and routes, whichever form the config is written in. */
  readonly model: AppModel;
  /** Each state machine's definition, by key. */
  readonly definitions: Readonly<Record<string, StateMachineDefinition>>;
  /** The first state machine's definition (the only one in the `stateMachine` form). */
  readonly definition: StateMachineDefinition;
  /** Each route's templates, in route order. */
  readonly routeTemplates: readonly Readonly<Record<TemplateRole, MappingTemplate>>[];
  /** The first route's templates (the only route in the one-route form). */
  readonly templates: Readonly<Record<TemplateRole, MappingTemplate>>;
  readonly desired: DesiredState;
  /** `file:line: warning: …` lines: what is valid but probably not meant. */
  readonly warnings: readonly string[];
  /** Each route's `requestSchema`, checked as JSON Schema draft 4, in route order (null: none). */
  readonly requestSchemas: readonly (RequestSchema | null)[];
}

/** load → validate → desired state. Pure apart from reading the project's files; no network. */
export function validateProject(options: ValidateOptions = {}): ValidatedProject {
  const environment = options.environment ?? DEFAULT_ENVIRONMENT;
  if (!ENVIRONMENT_PATTERN.test(environment)) {
    throw new ConfigError(
      { file: '--environment' },
      `"${environment}" is not a valid environment: 1-63 lowercase letters, digits and -, starting with a letter (e.g. prod, pr-42)`,
    );
  }
  const loaded = loadConfig(options.configFile ?? 'stepgate.yml');
  checkApiOptions(loaded);
  const model = appModel(loaded);
  const definitions = Object.fromEntries(
    model.stateMachines.map((machine) => [machine.key, loadDefinition(loaded, machine)]),
  );
  const warnings: string[] = [];
  const routeTemplates = model.routes.map((route) => loadTemplates(loaded, route, warnings));
  const requestSchemas = model.routes.map((route) => {
    const index = route.at[2];
    const file =
      typeof index === 'number' ? loaded.config.api.routes?.[index]?.requestSchema : undefined;
    return file
      ? loadRequestSchema(loaded.dir, file, [...route.at, 'requestSchema'].join('.'))
      : null;
  });
  const desired = desiredState({
    requestSchemas,
    config: loaded.config,
    model,
    environment,
    definitions,
    routeTemplates,
  });
  return {
    loaded,
    model,
    definitions,
    definition: definitions[model.stateMachines[0]!.key]!,
    routeTemplates,
    templates: routeTemplates[0]!,
    desired,
    requestSchemas,
    warnings: [...warnings, ...timeoutWarnings(loaded, Object.values(definitions))],
  };
}
