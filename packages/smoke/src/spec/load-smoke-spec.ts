import path from 'node:path';
import {
  ConfigError,
  displayPath,
  parseSourceDocument,
  readTextFile,
  schemaError,
  type SourceDocument,
} from '@stepgate/core';
import { jsonPathProblem } from './json-path.js';
import { headerPattern, regexProblem } from './regex.js';
import {
  BUILTIN_CASE_IDS,
  smokeFileSchema,
  type BuiltinCaseId,
  type SmokeFile,
} from './smoke-schema.js';
import type { JsonValue, SmokeCase, SmokeRequest, SmokeSpec } from './smoke-spec.js';

type FieldPath = readonly (string | number)[];

/**
 * Reads and checks a smoke file. Every problem is a ConfigError whose message is one line
 * naming the file and the line: malformed YAML, an unknown key or assertion, an invalid
 * JSONPath or regular expression, a `bodyFile` that does not exist, a repeated case name.
 */
export function loadSmokeSpec(file: string): SmokeSpec {
  const absolute = path.resolve(file);
  return parseSmokeSpec(readTextFile(absolute, 'smoke file'), {
    file: displayPath(absolute),
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
  if (!parsed.success) throw schemaError(smokeFileSchema, parsed.error, source);
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
      const fieldLine = source.lineOf(fieldAt);
      body = {
        text: readTextFile(bodyPath, 'body file', undefined, {
          file: source.file,
          field: `cases.${index}.request.bodyFile`,
          ...(fieldLine !== undefined ? { line: fieldLine } : {}),
        }),
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
    ...(data.contract ? { contract: true } : {}),
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
