import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError, displayPath } from '@stepgate/core';
import { jsonPathProblem } from './json-path.js';
import { headerPattern, regexProblem } from './regex.js';
import {
  BUILTIN_CASE_IDS,
  smokeFileSchema,
  type BuiltinCaseId,
  type SmokeFile,
} from './smoke-schema.js';
import type { JsonValue, SmokeCase, SmokeRequest, SmokeSpec } from './smoke-spec.js';
import { parseSourceDocument, type SourceDocument } from '@stepgate/core';

type FieldPath = readonly (string | number)[];

/**
 * Reads and checks a smoke file. Every problem is a ConfigError whose message is one line
 * naming the file and the line: malformed YAML, an unknown key or assertion, an invalid
 * JSONPath or regular expression, a `bodyFile` that does not exist, a repeated case name.
 */
export function loadSmokeSpec(file: string): SmokeSpec {
  const absolute = path.resolve(file);
  const display = displayPath(absolute);
  return parseSmokeSpec(readText(absolute, display, 'smoke file'), {
    file: display,
    dir: path.dirname(absolute),
  });
}

/** Parses smoke file text; `dir` is what `bodyFile` paths are relative to. */
export function parseSmokeSpec(text: string, where: { file: string; dir: string }): SmokeSpec {
  const source = parseSourceDocument(where.file, text, 'smoke file');
  const input = source.value ?? {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    fail(
      source,
      [],
      undefined,
      'a smoke file is a mapping with `cases` (and `builtins`, `defaults`)',
    );
  }
  const parsed = smokeFileSchema.safeParse(input);
  if (!parsed.success) {
    const { at, field, problem } = describeIssue(parsed.error.issues[0]!, input);
    fail(source, at, field, problem);
  }
  return resolveSpec(parsed.data, source, where.dir);
}

/** Only the built-in cases: what runs when a project has no smoke file. */
export function builtinOnlySpec(): SmokeSpec {
  return { builtins: [...BUILTIN_CASE_IDS], cases: [] };
}

function resolveSpec(data: SmokeFile, source: SourceDocument, dir: string): SmokeSpec {
  const builtins: BuiltinCaseId[] =
    data.builtins === true
      ? [...BUILTIN_CASE_IDS]
      : data.builtins === false
        ? []
        : BUILTIN_CASE_IDS.filter((id) => (data.builtins as BuiltinCaseId[]).includes(id));
  const defaultHeaders = lowerKeys(data.defaults?.headers ?? {});
  const seen = new Map<string, number>();
  const cases = data.cases.map((input, index): SmokeCase => {
    const at = ['cases', index];
    const line = source.lineOf(at);
    const first = seen.get(input.name);
    if (first !== undefined) {
      fail(
        source,
        [...at, 'name'],
        `cases.${index}.name`,
        `"${input.name}" is already the name of cases.${first}; names must be unique`,
      );
    }
    seen.set(input.name, index);

    const request = input.request ?? { method: 'POST' as const, path: '' };
    if (request.body !== undefined && request.bodyFile !== undefined) {
      fail(
        source,
        [...at, 'request', 'bodyFile'],
        `cases.${index}.request.bodyFile`,
        'give either body or bodyFile, not both',
      );
    }
    let body: SmokeRequest['body'] = { json: {} };
    if (request.bodyFile !== undefined) {
      const bodyPath = path.resolve(dir, request.bodyFile);
      const fieldAt = [...at, 'request', 'bodyFile'];
      body = {
        text: readText(bodyPath, displayPath(bodyPath), 'body file', () =>
          fail(
            source,
            fieldAt,
            `cases.${index}.request.bodyFile`,
            `${displayPath(bodyPath)} does not exist`,
          ),
        ),
      };
    } else if (typeof request.body === 'string') {
      body = { text: request.body };
    } else if (request.body !== undefined) {
      body = { json: request.body as JsonValue };
    }

    const expect = input.expect ?? {};
    for (const expression of Object.keys(expect.jsonPath ?? {})) {
      const problem = jsonPathProblem(expression);
      if (problem) {
        fail(
          source,
          [...at, 'expect', 'jsonPath', expression],
          `cases.${index}.expect.jsonPath`,
          `"${expression}" is not a valid JSONPath (RFC 9535): ${problem}`,
        );
      }
    }
    if (expect.bodyMatches !== undefined) {
      const pattern = expect.bodyMatches;
      const problem = regexProblem(() => new RegExp(pattern));
      if (problem) {
        fail(
          source,
          [...at, 'expect', 'bodyMatches'],
          `cases.${index}.expect.bodyMatches`,
          `not a valid regular expression: ${problem}`,
        );
      }
    }
    for (const [name, expected] of Object.entries(expect.headers ?? {})) {
      const problem = regexProblem(() => headerPattern(expected));
      if (problem) {
        fail(
          source,
          [...at, 'expect', 'headers', name],
          `cases.${index}.expect.headers.${name}`,
          `not a valid regular expression: ${problem}`,
        );
      }
    }

    const status = expect.status === undefined ? ['2xx' as const] : [expect.status].flat();
    const maxLatencyMs = expect.maxLatencyMs ?? data.defaults?.maxLatencyMs;
    return {
      name: input.name,
      request: {
        method: request.method,
        path: request.path,
        headers: { ...defaultHeaders, ...lowerKeys(request.headers ?? {}) },
        query: Object.fromEntries(
          Object.entries(request.query ?? {}).map(([key, value]) => [
            key,
            Array.isArray(value) ? value.map(String) : String(value),
          ]),
        ),
        body,
      },
      apiKey: input.apiKey ?? true,
      expect: {
        status,
        ...(expect.body !== undefined ? { body: expect.body as JsonValue } : {}),
        ...(expect.bodyContains !== undefined
          ? { bodyContains: expect.bodyContains as JsonValue }
          : {}),
        ...(expect.jsonPath !== undefined
          ? { jsonPath: expect.jsonPath as Record<string, JsonValue> }
          : {}),
        ...(expect.bodyMatches !== undefined ? { bodyMatches: expect.bodyMatches } : {}),
        ...(expect.headers !== undefined ? { headers: lowerKeys(expect.headers) } : {}),
        ...(maxLatencyMs !== undefined ? { maxLatencyMs } : {}),
      },
      ...(line !== undefined ? { line } : {}),
    };
  });
  return {
    file: source.file,
    builtins,
    cases,
    ...(data.retry ? { retryAttempts: data.retry.attempts } : {}),
  };
}

function lowerKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k.toLowerCase(), v]));
}

function fail(
  source: SourceDocument,
  at: FieldPath,
  field: string | undefined,
  problem: string,
): never {
  const line = source.lineOf(at);
  throw new ConfigError(
    { file: source.file, ...(field ? { field } : {}), ...(line !== undefined ? { line } : {}) },
    problem,
  );
}

function readText(file: string, display: string, what: string, onMissing?: () => never): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && onMissing) onMissing();
    throw new ConfigError(
      { file: display },
      code === 'ENOENT'
        ? `${what} does not exist`
        : `${what} cannot be read (${(error as Error).message})`,
    );
  }
}

/** The first schema issue as one line: where, what is wrong, and what is allowed. */
function describeIssue(
  issue: z.core.$ZodIssue,
  input: unknown,
): { at: FieldPath; field: string; problem: string } {
  const at = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const got = valueAt(input, at);
  const field = at.length ? at.join('.') : '(top level)';
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0] ?? '';
      const allowed = allowedKeysAt(smokeFileSchema, at).join(', ');
      return {
        at: [...at, key],
        field: [...at, key].join('.'),
        problem: `unknown key "${key}"${allowed ? `; allowed: ${allowed}` : ''}`,
      };
    }
    case 'invalid_type':
      return got === undefined
        ? { at, field, problem: `is required (${issue.expected})` }
        : { at, field, problem: `expected ${issue.expected}, got ${describeValue(got)}` };
    case 'invalid_value':
      return {
        at,
        field,
        problem: `${JSON.stringify(got)} is not allowed; allowed: ${issue.values.map(String).join(' | ')}`,
      };
    default:
      return { at, field, problem: `${issue.message} (got ${describeValue(got)})` };
  }
}

/** The keys the schema accepts at `at` (list indices step into the list's items). */
function allowedKeysAt(schema: z.ZodType, at: FieldPath): string[] {
  let node: z.ZodType | undefined = unwrap(schema);
  for (const key of at) {
    if (node instanceof z.ZodObject) {
      node = unwrap((node.shape as Record<string, z.ZodType>)[String(key)]);
    } else if (node instanceof z.ZodArray && typeof key === 'number') {
      node = unwrap(node.element as z.ZodType);
    } else {
      node = undefined;
    }
  }
  return node instanceof z.ZodObject ? Object.keys(node.shape).filter((k) => k !== '$schema') : [];
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let node = schema;
  while (node instanceof z.ZodDefault || node instanceof z.ZodOptional) {
    node = node.unwrap() as z.ZodType;
  }
  return node;
}

function valueAt(input: unknown, at: FieldPath): unknown {
  let node = input;
  for (const key of at) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}
