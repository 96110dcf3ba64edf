import { ConfigError } from '../errors.js';
import { desiredState, type DesiredState } from '../desired/desired-state.js';
import { DEFAULT_ENVIRONMENT, ENVIRONMENT_PATTERN } from '../desired/naming.js';
import { loadConfig, type LoadedConfig } from '../load/load-config.js';
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
  readonly definition: StateMachineDefinition;
  readonly templates: Readonly<Record<TemplateRole, MappingTemplate>>;
  readonly desired: DesiredState;
  /** `file:line: warning: …` lines: what is valid but probably not meant. */
  readonly warnings: readonly string[];
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
  const definition = loadDefinition(loaded);
  const warnings: string[] = [];
  const templates = loadTemplates(loaded, warnings);
  const desired = desiredState({ config: loaded.config, environment, definition, templates });
  return { loaded, definition, templates, desired, warnings };
}
