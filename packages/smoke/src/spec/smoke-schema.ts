import { z } from 'zod';

/**
 * The one schema of the smoke file (smoke.yml). The loader parses with it, the input types
 * are inferred from it, and `smoke.schema.json` is generated from it (npm run schema).
 * This module imports nothing but zod, so scripts/write-config-schema.ts can load it as is.
 */

export const SMOKE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'] as const;
export type SmokeMethod = (typeof SMOKE_METHODS)[number];

/** The built-in cases, in the order they run (before the file's own cases). */
export const BUILTIN_CASE_IDS = ['no-api-key', 'wrong-api-key', 'right-api-key'] as const;
export type BuiltinCaseId = (typeof BUILTIN_CASE_IDS)[number];

export const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;

const jsonValue = z.json().meta({ id: 'JsonValue', description: 'Any JSON value' });

const headers = z
  .record(z.string().min(1), z.string())
  .describe('HTTP headers; names are case-insensitive');

const queryValue = z.union([z.string(), z.number(), z.boolean()]);

const STATUS_ERROR = 'must be a status code (100-599), a class such as 2xx, or a list of them';
const statusCode = z.union([z.number().int().min(100).max(599), z.enum(STATUS_CLASSES)], {
  error: STATUS_ERROR,
});

const maxLatencyMs = z
  .number()
  .int()
  .positive('greater than 0')
  .describe('Fail when the whole response takes longer than this many milliseconds');

const request = z
  .strictObject({
    method: z.enum(SMOKE_METHODS).default('POST'),
    path: z
      .string()
      .default('')
      .describe(
        'Starting with /: relative to the stage URL (e.g. /orders/42); otherwise relative to the invoke URL (the stage URL plus the path of the first route); default: the invoke URL itself',
      ),
    headers: headers.optional(),
    query: z
      .record(z.string().min(1), z.union([queryValue, z.array(queryValue)]))
      .optional()
      .describe('Query string parameters; a list repeats the parameter'),
    body: z
      .union([z.string(), z.array(jsonValue), z.record(z.string(), jsonValue)], {
        error: 'must be a mapping or a list (sent as JSON), or a string (sent as it is)',
      })
      .optional()
      .describe('JSON body (a mapping or a list), or a string sent as it is; default: {}'),
    bodyFile: z
      .string()
      .min(1)
      .optional()
      .describe('File whose content is sent as the body, relative to the smoke file'),
  })
  .describe('The request; default: POST {} to the invoke URL');

const expectation = z
  .strictObject({
    status: z
      .union([statusCode, z.array(statusCode).min(1)], { error: STATUS_ERROR })
      .optional()
      .describe('Expected status: a code, a class such as 2xx, or a list of them; default: 2xx'),
    body: jsonValue
      .optional()
      .describe('The whole body: equal JSON, or (for a string) exactly this text'),
    bodyContains: jsonValue
      .optional()
      .describe(
        'A JSON subset of the body: every key given must be there with a matching value; lists match item by item',
      ),
    jsonPath: z
      .record(z.string().min(1), jsonValue)
      .optional()
      .describe(
        'RFC 9535 JSONPath → expected value: the one node found, or the list of nodes when several match',
      ),
    bodyMatches: z.string().optional().describe('A regular expression the body text must match'),
    headers: z
      .record(z.string().min(1), z.string())
      .optional()
      .describe('Response header → exact value, or /regex/ (flags allowed after the last /)'),
    maxLatencyMs: maxLatencyMs.optional(),
  })
  .describe('What the response must be; default: status 2xx');

export const smokeCaseSchema = z.strictObject({
  name: z.string().min(1).describe('Unique name, shown in every report'),
  request: request.optional(),
  apiKey: z
    .union([z.boolean(), z.string().min(1)], {
      error: 'must be true, false or the key to send',
    })
    .optional()
    .describe(
      'true (default): send the x-api-key of the run; false: send none; a string: send that value',
    ),
  expect: expectation.optional(),
});

export const smokeFileSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of this JSON Schema, for editors'),
    builtins: z
      .union([z.boolean(), z.array(z.enum(BUILTIN_CASE_IDS))], {
        error: `must be true, false or a list of: ${BUILTIN_CASE_IDS.join(', ')}`,
      })
      .default(true)
      .describe(
        'Built-in cases: no API key → 403, wrong API key → 403, right API key → 2xx (POST {} to the invoke URL). true: all (only the last when the API needs no key); false: none; or a list of them',
      ),
    defaults: z
      .strictObject({
        headers: headers.optional().describe('Headers sent with every case (a case may override)'),
        maxLatencyMs: maxLatencyMs.optional().describe('maxLatencyMs of every case that sets none'),
      })
      .optional(),
    retry: z
      .strictObject({
        attempts: z
          .number()
          .int()
          .min(1, 'at least 1')
          .max(20, 'at most 20')
          .describe('Attempts per failing case (1: no retry)'),
      })
      .optional()
      .describe(
        'Retries of failing cases while a deploy propagates (default: 5 attempts with growing delays)',
      ),
    cases: z.array(smokeCaseSchema).default([]),
    contract: z
      .boolean()
      .default(false)
      .describe(
        "true: per route with a requestSchema, a generated valid body (anything but the validator's 400) and a generated invalid one (400)",
      ),
  })
  .describe('stepgate smoke tests: requests sent to a deployed stage and what they must answer');

/** The smoke file as written. */
export type SmokeFileInput = z.input<typeof smokeFileSchema>;
/** The smoke file once parsed (defaults filled in, paths not resolved yet). */
export type SmokeFile = z.output<typeof smokeFileSchema>;

/** JSON Schema of the smoke file, for editors (committed as packages/smoke/smoke.schema.json). */
export function smokeJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(smokeFileSchema, { io: 'input', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
}
