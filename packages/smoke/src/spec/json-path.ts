import { query } from 'jsonpath-rfc9535';
import parse from 'jsonpath-rfc9535/parser';
import type { JsonValue } from './smoke-spec.js';

// RFC 9535 JSONPath, with a strict parser: a typo such as `$.a b` or `$[` is an error when the
// smoke file loads, not a silent "no match" at run time.

/** Why `expression` is not a JSONPath, or undefined when it is one. */
export function jsonPathProblem(expression: string): string | undefined {
  try {
    parse(expression);
    return undefined;
  } catch (error) {
    const { found, location } = error as {
      found?: string | null;
      location?: { start?: { column?: number } };
    };
    const column = location?.start?.column;
    if (column === undefined) return (error as Error).message;
    const what = found === null || found === undefined ? 'end' : JSON.stringify(found);
    return `unexpected ${what} at character ${column}`;
  }
}

/** The values of the nodes `expression` selects in `document`. */
export function queryJsonPath(document: JsonValue, expression: string): JsonValue[] {
  return query(document, expression) as JsonValue[];
}
