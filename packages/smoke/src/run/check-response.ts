import { isDeepStrictEqual } from 'node:util';
import { queryJsonPath } from '../spec/json-path.js';
import { headerPattern } from '../spec/regex.js';
import type { JsonValue, SmokeExpectation, StatusExpectation } from '../spec/smoke-spec.js';
import type { SmokeAssertionFailure } from './smoke-report.js';

/** A response as the assertions see it: headers with lowercase names, the whole body read. */
export interface SmokeResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  readonly latencyMs: number;
}

/** Every expectation of `expect` that `response` does not meet (empty when the case passes). */
export function checkResponse(
  expect: SmokeExpectation,
  response: SmokeResponse,
): SmokeAssertionFailure[] {
  const failures: SmokeAssertionFailure[] = [];
  const json = parseJson(response.text);
  const notJson = { message: 'the body is not JSON', actual: response.text };

  if (!expect.status.some((s) => statusMatches(s, response.status))) {
    failures.push({
      assertion: 'status',
      expected: expect.status.length === 1 ? expect.status[0] : expect.status,
      actual: response.status,
    });
  }
  if (expect.body !== undefined) {
    if (typeof expect.body === 'string') {
      if (response.text !== expect.body) {
        failures.push({ assertion: 'body', expected: expect.body, actual: response.text });
      }
    } else if (!json.ok) {
      failures.push({ assertion: 'body', expected: expect.body, ...notJson });
    } else if (!isDeepStrictEqual(json.value, expect.body)) {
      failures.push({ assertion: 'body', expected: expect.body, actual: json.value });
    }
  }
  if (expect.bodyContains !== undefined) {
    if (!json.ok) {
      failures.push({ assertion: 'bodyContains', expected: expect.bodyContains, ...notJson });
    } else {
      // Compare against the part of the body the expectation speaks of, so a diff shows only
      // what differs, not every other field of the response.
      const relevant = projectOnto(expect.bodyContains, json.value);
      if (!isDeepStrictEqual(relevant, expect.bodyContains)) {
        failures.push({
          assertion: 'bodyContains',
          expected: expect.bodyContains,
          actual: relevant,
        });
      }
    }
  }
  for (const [expression, expected] of Object.entries(expect.jsonPath ?? {})) {
    const assertion = `jsonPath ${expression}`;
    if (!json.ok) {
      failures.push({ assertion, expected, ...notJson });
      continue;
    }
    const nodes = queryJsonPath(json.value, expression);
    if (nodes.length === 0) {
      failures.push({ assertion, expected, message: 'no node matches' });
    } else {
      const actual = nodes.length === 1 ? nodes[0] : nodes;
      if (!isDeepStrictEqual(actual, expected)) failures.push({ assertion, expected, actual });
    }
  }
  if (expect.bodyMatches !== undefined && !new RegExp(expect.bodyMatches).test(response.text)) {
    failures.push({
      assertion: 'bodyMatches',
      expected: `/${expect.bodyMatches}/`,
      actual: response.text,
    });
  }
  for (const [name, expected] of Object.entries(expect.headers ?? {})) {
    const actual = response.headers[name];
    const pattern = headerPattern(expected);
    const ok = actual !== undefined && (pattern ? pattern.test(actual) : actual === expected);
    if (!ok) {
      failures.push({
        assertion: `headers.${name}`,
        expected,
        ...(actual === undefined ? { message: 'no such header' } : { actual }),
      });
    }
  }
  if (expect.maxLatencyMs !== undefined && response.latencyMs > expect.maxLatencyMs) {
    failures.push({
      assertion: 'maxLatencyMs',
      expected: expect.maxLatencyMs,
      actual: response.latencyMs,
    });
  }
  return failures;
}

export function statusMatches(expected: StatusExpectation, status: number): boolean {
  return typeof expected === 'number'
    ? expected === status
    : Math.floor(status / 100) === Number(expected[0]);
}

/** JSON subset: every key of `expected` is in `actual` with a matching value; lists match item by item. */
export function jsonContains(expected: JsonValue, actual: JsonValue): boolean {
  return isDeepStrictEqual(projectOnto(expected, actual), expected);
}

/** `actual` cut down to the keys `expected` has (recursively); lists keep their length. */
function projectOnto(expected: JsonValue, actual: JsonValue): JsonValue {
  if (isObject(expected) && isObject(actual)) {
    return Object.fromEntries(
      Object.keys(expected)
        .filter((key) => key in actual)
        .map((key) => [key, projectOnto(expected[key]!, actual[key]!)]),
    );
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    return actual.map((item, i) => (i < expected.length ? projectOnto(expected[i]!, item) : item));
  }
  return actual;
}

function isObject(value: JsonValue): value is { [key: string]: JsonValue } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function parseJson(text: string): { ok: true; value: JsonValue } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as JsonValue };
  } catch {
    return { ok: false };
  }
}
