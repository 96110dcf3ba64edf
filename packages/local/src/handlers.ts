import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, displayPath, parseSourceDocument, readTextFile } from '@stepgate/core';
import type { TaskStateInfo } from './definition-check.js';

/** What a Task handler receives besides the state's effective input. */
export interface TaskContext {
  readonly stateName: string;
  readonly resource: string;
}

/** Answers a Task state: receives the state's input (after InputPath/Parameters), returns its result. */
export type TaskHandler = (input: unknown, context: TaskContext) => unknown;

/** Handlers by state name or by resource ARN (a state name wins over a resource). */
export type TaskHandlers = Readonly<Record<string, TaskHandler>>;

/** A canned failure in a JSON/YAML handlers file: `{"$fail": {"error": "…", "cause": "…"}}`. */
interface CannedFailure {
  readonly $fail: { readonly error?: string; readonly cause?: string };
}

/** An error a handler throws to fail its Task: `error` and `cause` are what Step Functions reports. */
export class TaskFailure extends Error {
  constructor(error: string, cause: string) {
    super(cause);
    this.name = error;
  }
}

const MODULE_EXTENSIONS = /\.(m?js|cjs|m?ts|cts)$/i;
const DATA_EXTENSIONS = /\.(json|ya?ml)$/i;

/**
 * Loads a handlers file: a JS/TS module whose default export maps state names or resource ARNs
 * to (async) functions, or a JSON/YAML file of canned results by state name or resource ARN.
 * `version` busts Node's module cache so a reload sees the edited module.
 */
export async function loadHandlersFile(file: string, version = 0): Promise<TaskHandlers> {
  const absolute = path.resolve(file);
  const shown = displayPath(absolute);
  if (MODULE_EXTENSIONS.test(absolute)) {
    if (!existsSync(absolute))
      throw new ConfigError({ file: shown }, 'handlers module does not exist');
    let module: Record<string, unknown>;
    try {
      const url = pathToFileURL(absolute).href + (version > 0 ? `?v=${version}` : '');
      module = (await import(url)) as Record<string, unknown>;
    } catch (error) {
      const reason =
        (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND'
          ? 'does not exist'
          : `cannot be loaded (${firstLine(error)})`;
      throw new ConfigError({ file: shown }, `handlers module ${reason}`);
    }
    const exported = module['default'] ?? module;
    if (exported === null || typeof exported !== 'object') {
      throw new ConfigError(
        { file: shown },
        'the handlers module must export (default) an object mapping state names or resource ARNs to functions',
      );
    }
    const handlers: Record<string, TaskHandler> = {};
    for (const [key, value] of Object.entries(exported)) {
      if (key === 'default' || key === '__esModule') continue;
      if (typeof value !== 'function') {
        throw new ConfigError(
          { file: shown, field: key },
          `handler must be a function, got ${value === null ? 'null' : typeof value}`,
        );
      }
      handlers[key] = value as TaskHandler;
    }
    return handlers;
  }
  if (!DATA_EXTENSIONS.test(absolute)) {
    throw new ConfigError(
      { file: shown },
      'handlers file must be a JS/TS module (.js, .mjs, .ts, .mts) or canned results (.json, .yml, .yaml)',
    );
  }
  const text = readTextFile(absolute, 'handlers file');
  const canned = parseSourceDocument(absolute, text, 'handlers file').value;
  if (canned === null || typeof canned !== 'object' || Array.isArray(canned)) {
    throw new ConfigError(
      { file: shown },
      'the handlers file must be a mapping of state names or resource ARNs to canned results',
    );
  }
  const handlers: Record<string, TaskHandler> = {};
  for (const [key, result] of Object.entries(canned)) {
    const failure = (result as Partial<CannedFailure> | null)?.$fail;
    handlers[key] = failure
      ? () => {
          throw new TaskFailure(failure.error ?? 'States.TaskFailed', failure.cause ?? '');
        }
      : () => structuredClone(result);
  }
  return handlers;
}

/** The handler for each Task state; the states that have none. */
export function matchTaskHandlers(
  tasks: readonly TaskStateInfo[],
  handlers: TaskHandlers,
): { byState: Map<string, TaskHandler>; missing: TaskStateInfo[] } {
  const byState = new Map<string, TaskHandler>();
  const missing: TaskStateInfo[] = [];
  for (const task of tasks) {
    const handler = Object.hasOwn(handlers, task.name)
      ? handlers[task.name]
      : Object.hasOwn(handlers, task.resource)
        ? handlers[task.resource]
        : undefined;
    if (handler) byState.set(task.name, handler);
    else missing.push(task);
  }
  return { byState, missing };
}

export function missingHandlerCause(task: Pick<TaskStateInfo, 'name' | 'resource'>): string {
  return `No local handler for Task state "${task.name}" (Resource ${task.resource}): add one under "${task.name}" or "${task.resource}" to the handlers file (--handlers)`;
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0] ?? '';
}
