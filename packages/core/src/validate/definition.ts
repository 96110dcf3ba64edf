import path from 'node:path';
import aslValidator from 'asl-validator';
import { ConfigError, ConfigErrors, type InputLocation } from '../errors.js';
import type { AppStateMachine } from '../config/app-model.js';
import { checkAslFields } from './asl-fields.js';
import type { LoadedConfig } from '../load/load-config.js';
import {
  displayPath,
  parseSourceDocument,
  readTextFile,
  type SourceDocument,
} from '../load/source-file.js';

export interface StateMachineDefinition {
  readonly file: string;
  /** The definition after substitutions, as an object. */
  readonly json: Record<string, unknown>;
  /** Canonical JSON text sent to Step Functions (stable, so plans compare it byte for byte). */
  readonly text: string;
}

const PLACEHOLDER = /\$\{([A-Za-z0-9_]+)\}/g;

/** Reads the definition, applies `${Key}` substitutions and validates it as Amazon States Language. */
export function loadDefinition(
  loaded: LoadedConfig,
  machine: AppStateMachine,
): StateMachineDefinition {
  const field = [...machine.at, 'definition'].join('.');
  const file = path.resolve(loaded.dir, machine.config.definition);
  const fieldLine = loaded.source.lineOf([...machine.at, 'definition']);
  const raw = readTextFile(file, `definition file (${field})`, field, {
    file: loaded.source.file,
    field,
    ...(fieldLine !== undefined ? { line: fieldLine } : {}),
  });
  const substitutions = machine.config.substitutions;
  const text = substitute(raw, substitutions, displayPath(file), machine.at.join('.'));
  const source = parseSourceDocument(file, text, 'state machine definition');
  const json = source.value;
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new ConfigError(
      { file: source.file, line: 1 },
      'a state machine definition must be a mapping with StartAt and States',
    );
  }
  const misspelt = checkAslFields(json as Record<string, unknown>);
  if (misspelt.length)
    throw ConfigErrors.of(
      misspelt
        .map((p) => ({
          line: source.lineOf(p.at) ?? 0,
          error: new ConfigError(locate(source, p.at), p.problem),
        }))
        .sort((a, b) => a.line - b.line)
        .map((p) => p.error),
    );
  checkGraph(json as Record<string, unknown>, [], source);
  checkSchema(json, source);
  return { file: source.file, json: json as Record<string, unknown>, text: JSON.stringify(json) };
}

function substitute(
  text: string,
  values: Record<string, string | number | boolean>,
  file: string,
  owner: string,
): string {
  return text.replace(PLACEHOLDER, (match, key: string, offset: number) => {
    if (Object.hasOwn(values, key)) return String(values[key]);
    const line = text.slice(0, offset).split('\n').length;
    const known = Object.keys(values);
    throw new ConfigError(
      { file, line },
      `\${${key}} has no value in ${owner}.substitutions${known.length ? ` (defined: ${known.join(', ')})` : ' (none defined)'}`,
    );
  });
}

type Json = Record<string, unknown>;

/**
 * Transitions, start state and reachability, with messages that name the state. Runs before
 * asl-validator, whose schema messages ("must match exactly one schema in oneOf") are vaguer.
 */
function checkGraph(machine: Json, at: (string | number)[], source: SourceDocument): void {
  const fail = (where: (string | number)[], problem: string): never => {
    throw new ConfigError(locate(source, where), problem);
  };
  const states = machine['States'];
  if (states === null || typeof states !== 'object' || Array.isArray(states))
    fail([...at, 'States'], 'is required: a mapping of state names to states');
  const stateMap = states as Record<string, Json>;
  const names = Object.keys(stateMap);
  if (names.length === 0) fail([...at, 'States'], 'must contain at least one state');
  const startAt = machine['StartAt'];
  if (typeof startAt !== 'string')
    fail([...at, 'StartAt'], 'is required: the name of the first state');
  if (!Object.hasOwn(stateMap, startAt as string)) {
    fail(
      [...at, 'StartAt'],
      `names a state that does not exist: "${String(startAt)}" (states: ${names.join(', ')})`,
    );
  }

  const edges = new Map<string, string[]>();
  for (const name of names) {
    const candidate: unknown = stateMap[name];
    const here = [...at, 'States', name];
    if (candidate === null || typeof candidate !== 'object' || Array.isArray(candidate))
      fail(here, 'a state must be a mapping with a Type');
    const state = candidate as Json;
    const targets: [(string | number)[], unknown][] = [];
    targets.push([[...here, 'Next'], state['Next']], [[...here, 'Default'], state['Default']]);
    const choices = state['Choices'];
    if (Array.isArray(choices))
      choices.forEach((c: Json, i) => targets.push([[...here, 'Choices', i, 'Next'], c?.['Next']]));
    const catchers = state['Catch'];
    if (Array.isArray(catchers))
      catchers.forEach((c: Json, i) => targets.push([[...here, 'Catch', i, 'Next'], c?.['Next']]));
    const next: string[] = [];
    for (const [where, target] of targets) {
      if (target === undefined) continue;
      if (typeof target !== 'string' || !Object.hasOwn(stateMap, target)) {
        fail(
          where,
          `names a state that does not exist: ${JSON.stringify(target)} (states: ${names.join(', ')})`,
        );
      }
      next.push(target as string);
    }
    edges.set(name, next);
    const branches = state['Branches'];
    if (Array.isArray(branches))
      branches.forEach((b: Json, i) => checkGraph(b, [...here, 'Branches', i], source));
    for (const key of ['ItemProcessor', 'Iterator']) {
      const inner = state[key];
      if (inner && typeof inner === 'object') checkGraph(inner as Json, [...here, key], source);
    }
  }

  const reached = new Set<string>([startAt as string]);
  const queue = [startAt as string];
  while (queue.length) {
    for (const n of edges.get(queue.shift()!) ?? []) {
      if (!reached.has(n)) {
        reached.add(n);
        queue.push(n);
      }
    }
  }
  const unreachable = names.find((n) => !reached.has(n));
  if (unreachable !== undefined)
    fail(
      [...at, 'States', unreachable],
      `state "${unreachable}" can never be reached from StartAt "${String(startAt)}"`,
    );
}

function checkSchema(json: unknown, source: SourceDocument): void {
  // asl-validator mutates its argument.
  const result = aslValidator(structuredClone(json), { checkArn: true, checkPaths: true });
  if (result.isValid) return;
  const error = result.errors[0]!;
  const pointer = error.schemaError?.instancePath ?? '';
  const namedState = /State "([^"]+)"/.exec(error.Message)?.[1];
  const where =
    !pointer && namedState !== undefined
      ? ['States', namedState]
      : pointer
          .split('/')
          .filter(Boolean)
          .map((p) =>
            /^\d+$/.test(p) ? Number(p) : p.replaceAll('~1', '/').replaceAll('~0', '~'),
          );
  throw new ConfigError(
    locate(source, where),
    error.schemaError
      ? translateSchemaError(where, error.schemaError.schemaPath ?? '', error.Message)
      : // asl-validator's own checks name the state and what it must contain.
        `invalid Amazon States Language: ${error.Message}`,
  );
}

/**
 * asl-validator's schema failure in words a user can act on: the state, the field and what
 * it allows. Decided by where it failed (the field and the schema rule), not by its text.
 */
function translateSchemaError(where: (string | number)[], schemaPath: string, raw: string): string {
  const stateIndex = where.lastIndexOf('States');
  const state = stateIndex >= 0 ? where[stateIndex + 1] : undefined;
  const inState = state !== undefined ? `state "${String(state)}": ` : '';
  const field = String(where[where.length - 1] ?? '');
  const format = /definitions\/(asl_[a-z_]+)\//.exec(schemaPath)?.[1];
  const fieldRule = FIELD_RULES[field] ?? (field.endsWith('.$') ? FIELD_RULES['.$'] : undefined);
  if (format === 'asl_path' || format === 'asl_ref_path' || format === 'asl_path_or_null')
    return `${inState}${field} must be a JSONPath starting with $ (e.g. $.order)${field === 'ResultPath' || field === 'InputPath' || field === 'OutputPath' ? ', or null' : ''}`;
  if (fieldRule) return `${inState}${field} ${fieldRule}`;
  if (state !== undefined && where.length === stateIndex + 2)
    return `${inState}the fields do not make a valid state of its Type (check required fields such as Next or End, and fields that exclude each other)`;
  // Not one of the cases above: asl-validator's own words, without its JSON pointer.
  return `${inState}invalid Amazon States Language: ${raw.replace(/^\S* is invalid\. /, '')}`;
}

const FIELD_RULES: Record<string, string> = {
  Resource:
    'must be an ARN: a Lambda function, an activity or a service integration such as arn:aws:states:::dynamodb:putItem',
  TimeoutSeconds: 'must be a positive integer (seconds)',
  HeartbeatSeconds: 'must be a positive integer (seconds), less than TimeoutSeconds',
  Seconds: 'must be a non-negative integer (seconds)',
  Timestamp: 'must be an ISO 8601 timestamp such as 2026-01-31T12:00:00Z',
  MaxConcurrency: 'must be a non-negative integer',
  Next: 'must be the name of a state',
  End: 'must be true',
  '.$': "must be a JSONPath starting with $ or $$, or an intrinsic function call such as States.Format('{}', $.a)",
};

function locate(source: SourceDocument, where: (string | number)[]): InputLocation {
  const line = source.lineOf(where);
  return {
    file: source.file,
    ...(where.length ? { field: where.join('.') } : {}),
    ...(line !== undefined ? { line } : {}),
  };
}
