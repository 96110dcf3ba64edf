import path from 'node:path';
import {
  resolveRequestTemplate,
  validateProject,
  requestBodyValidator,
  type BodyCheck,
  type DesiredUsagePlan,
  type ValidatedProject,
} from '@stepgate/core';
import { compileMappingTemplate, type CompiledTemplate } from '@stepgate/vtl';
import { checkRunnableDefinition } from './definition-check.js';
import { StateMachineRunner } from './execution.js';
import { loadHandlersFile, type TaskHandlers } from './handlers.js';

/** The account and region the local stage pretends to be in (LocalStack's defaults). */
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'us-east-1';

export function localStateMachineArn(name: string): string {
  return `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${name}`;
}

export interface StageAppOptions {
  readonly configFile: string;
  readonly environment?: string;
  /** A handlers file (module or canned results), or handlers given directly. */
  readonly handlers?: string | TaskHandlers;
  /** Busts the module cache of a handlers module on reload. */
  readonly handlersVersion?: number;
  readonly maxExecutionMs?: number;
}

/** One route of the API, ready to serve: its path pattern, templates and state machine. */
export interface StageRoute {
  /** `/orders/{id}`. */
  readonly path: string;
  readonly method: string;
  /** The path's segments: literal text, or a `{parameter}`. */
  readonly segments: readonly (string | { readonly parameter: string })[];
  readonly requestTemplate: CompiledTemplate;
  readonly responseTemplate: CompiledTemplate;
  readonly runner: StateMachineRunner;
  /** The route's request validator (`requestSchema`); null: bodies are not validated. */
  readonly checkBody: BodyCheck | null;
}

/** Everything one version of the project needs to answer requests. */
export interface StageApp {
  readonly project: ValidatedProject;
  readonly stage: string;
  readonly routes: readonly StageRoute[];
  /** One interpreter per state machine, by key. */
  readonly runners: ReadonlyMap<string, StateMachineRunner>;
  readonly apiKeyRequired: boolean;
  readonly usagePlan: DesiredUsagePlan | null;
  readonly timeoutMs: number;
  /** Absolute paths of every file this version was read from (what a reload watches). */
  readonly files: readonly string[];
}

/** Validates the project as a deploy would, then prepares templates, handlers and interpreters. */
export async function loadStageApp(options: StageAppOptions): Promise<StageApp> {
  const project = validateProject({
    configFile: options.configFile,
    ...(options.environment !== undefined ? { environment: options.environment } : {}),
  });
  const { loaded, desired, model, definitions } = project;
  const handlers =
    typeof options.handlers === 'string'
      ? await loadHandlersFile(options.handlers, options.handlersVersion)
      : (options.handlers ?? {});
  const files = new Set([loaded.file]);
  const runners = new Map<string, StateMachineRunner>();
  for (const machine of model.stateMachines) {
    const definitionFile = path.resolve(loaded.dir, machine.config.definition);
    files.add(definitionFile);
    const definition = definitions[machine.key]!;
    const desiredMachine = desired.stateMachines.find((m) => m.key === machine.key)!;
    runners.set(
      machine.key,
      new StateMachineRunner({
        stateMachineArn: localStateMachineArn(desiredMachine.name),
        roleArn: desiredMachine.roleArn,
        definition: definition.json,
        tasks: checkRunnableDefinition(definitionFile, definition),
        handlers,
        ...(options.maxExecutionMs !== undefined ? { maxDurationMs: options.maxExecutionMs } : {}),
      }),
    );
  }
  const routes = desired.routes.map((route, i): StageRoute => {
    const runner = runners.get(route.stateMachine)!;
    const requestSchema = project.requestSchemas[i];
    if (requestSchema) files.add(path.resolve(loaded.dir, requestSchema.file));
    const { templates } = route.integration;
    for (const role of ['request', 'response'] as const) {
      const setting = model.routes[i]!.templates[role];
      if (/\.vtl$/i.test(setting)) files.add(path.resolve(loaded.dir, setting));
    }
    return {
      path: route.path,
      method: route.httpMethod,
      segments: route.path
        .split('/')
        .filter(Boolean)
        .map((s) => (s.startsWith('{') ? { parameter: s.slice(1, -1) } : s)),
      requestTemplate: compileMappingTemplate(
        resolveRequestTemplate(templates.request.text, runner.stateMachineArn),
        { file: templateFile(templates.request.source, 'request') },
      ),
      responseTemplate: compileMappingTemplate(templates.response.text, {
        file: templateFile(templates.response.source, 'response'),
      }),
      runner,
      checkBody: requestSchema ? requestBodyValidator(requestSchema.schema) : null,
    };
  });
  if (typeof options.handlers === 'string') files.add(path.resolve(options.handlers));
  return {
    project,
    stage: desired.stage.name,
    routes,
    runners,
    apiKeyRequired: desired.method.apiKeyRequired,
    usagePlan: desired.usagePlan,
    timeoutMs: desired.integration.timeoutMs,
    files: [...files],
  };
}

function templateFile(source: string, role: string): string {
  return source === 'default' || source === 'seed' ? `${source} ${role} template` : source;
}
