import path from 'node:path';
import {
  resolveRequestTemplate,
  validateProject,
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

/** Everything one version of the project needs to answer requests. */
export interface StageApp {
  readonly project: ValidatedProject;
  readonly stage: string;
  readonly resourcePath: string;
  readonly httpMethod: string;
  readonly apiKeyRequired: boolean;
  readonly usagePlan: DesiredUsagePlan | null;
  readonly timeoutMs: number;
  readonly requestTemplate: CompiledTemplate;
  readonly responseTemplate: CompiledTemplate;
  readonly runner: StateMachineRunner;
  /** Absolute paths of every file this version was read from (what a reload watches). */
  readonly files: readonly string[];
}

/** Validates the project as a deploy would, then prepares templates, handlers and the interpreter. */
export async function loadStageApp(options: StageAppOptions): Promise<StageApp> {
  const project = validateProject({
    configFile: options.configFile,
    ...(options.environment !== undefined ? { environment: options.environment } : {}),
  });
  const { loaded, desired, definition, templates } = project;
  const machine = project.model.stateMachines[0]!;
  const route = project.model.routes[0]!;
  const definitionFile = path.resolve(loaded.dir, machine.config.definition);
  const tasks = checkRunnableDefinition(definitionFile, definition);
  const handlers =
    typeof options.handlers === 'string'
      ? await loadHandlersFile(options.handlers, options.handlersVersion)
      : (options.handlers ?? {});
  const stateMachineArn = localStateMachineArn(desired.stateMachine.name);
  const files = [loaded.file, definitionFile];
  for (const role of ['request', 'response'] as const) {
    const setting = route.templates[role];
    if (/\.vtl$/i.test(setting)) files.push(path.resolve(loaded.dir, setting));
  }
  if (typeof options.handlers === 'string') files.push(path.resolve(options.handlers));
  return {
    project,
    stage: desired.stage.name,
    resourcePath: desired.method.path,
    httpMethod: desired.method.httpMethod,
    apiKeyRequired: desired.method.apiKeyRequired,
    usagePlan: desired.usagePlan,
    timeoutMs: desired.integration.timeoutMs,
    requestTemplate: compileMappingTemplate(
      resolveRequestTemplate(templates.request.text, stateMachineArn),
      { file: templateFile(templates.request.source, 'request') },
    ),
    responseTemplate: compileMappingTemplate(templates.response.text, {
      file: templateFile(templates.response.source, 'response'),
    }),
    runner: new StateMachineRunner({
      stateMachineArn,
      roleArn: desired.stateMachine.roleArn,
      definition: definition.json,
      tasks,
      handlers,
      ...(options.maxExecutionMs !== undefined ? { maxDurationMs: options.maxExecutionMs } : {}),
    }),
    files,
  };
}

function templateFile(source: string, role: string): string {
  return source === 'default' || source === 'seed' ? `${source} ${role} template` : source;
}
