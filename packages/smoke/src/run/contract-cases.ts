import { requestBodyValidator, type RequestSchema } from '@stepgate/core';
import type { JsonValue, SmokeCase, SmokeRequest, StatusExpectation } from '../spec/smoke-spec.js';

/** A route as the contract cases need it. */
export interface ContractRoute {
  readonly method: string;
  /** `/orders/{id}`: each parameter is filled with `1`. */
  readonly path: string;
  readonly requestSchema: RequestSchema;
}

/** Anything but the request validator's 400. */
const NOT_400: StatusExpectation[] = [
  '2xx',
  '3xx',
  '5xx',
  ...Array.from({ length: 99 }, (_, i) => 401 + i),
];

/**
 * `contract: true`: per route with a requestSchema, a generated valid body (anything but the
 * validator's 400) and a generated invalid one (400). A body is only used once the same
 * validator the local stage uses agrees that it is valid (or invalid), so no case can lie.
 */
export function contractCases(routes: readonly ContractRoute[]): SmokeCase[] {
  return routes.flatMap((route) => {
    const check = requestBodyValidator(route.requestSchema.schema);
    const path = route.path.replace(/\{[^}]+\}/g, '1');
    const request = (json: JsonValue) => ({
      method: (route.method === 'ANY' ? 'POST' : route.method) as SmokeRequest['method'],
      path,
      headers: {},
      query: {},
      body: { json },
    });
    const cases: SmokeCase[] = [];
    const valid = validValue(route.requestSchema.schema);
    if (valid !== undefined && check(JSON.stringify(valid)) === null)
      cases.push({
        name: `contract: ${route.method} ${route.path} valid body → not 400`,
        request: request(valid),
        apiKey: true,
        expect: { status: NOT_400 },
      });
    const invalid = invalidValue(route.requestSchema.schema);
    if (invalid !== undefined && check(JSON.stringify(invalid)) !== null)
      cases.push({
        name: `contract: ${route.method} ${route.path} invalid body → 400`,
        request: request(invalid),
        apiKey: true,
        expect: { status: [400] },
      });
    return cases;
  });
}

type Schema = Readonly<Record<string, unknown>>;

/** A small value the schema accepts: required properties, minimums, first enum value. */
export function validValue(schema: Schema, depth = 0): JsonValue | undefined {
  if (depth > 8) return undefined;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0] as JsonValue;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const out: Record<string, JsonValue> = {};
      for (const name of (schema.required ?? []) as string[]) {
        const value = properties[name] ? validValue(properties[name], depth + 1) : 'x';
        if (value === undefined) return undefined;
        out[name] = value;
      }
      return out;
    }
    case 'array': {
      const min = Number(schema.minItems ?? 0);
      const item = validValue((schema.items ?? {}) as Schema, depth + 1) ?? 'x';
      return Array.from({ length: min }, () => item);
    }
    case 'string':
      return 'x'.repeat(Math.max(1, Number(schema.minLength ?? 1)));
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? Math.ceil(schema.minimum) + 1 : 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return {};
  }
}

/** A value of the wrong type at the root, or an object missing what is required. */
export function invalidValue(schema: Schema): JsonValue | undefined {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'object' && Array.isArray(schema.required) && schema.required.length) return {};
  if (type === 'string') return 1;
  if (type !== undefined) return 'not-valid';
  return undefined;
}
