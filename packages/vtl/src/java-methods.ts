/**
 * Which Java methods a template value has, from the JDK 17 table (jdk-methods.generated.ts,
 * written from `javap`). Used to tell "Java has this method, stepgate does not implement it"
 * (an error naming it) from "no such method" (null, as Velocity gives).
 */
import { JDK_METHODS } from './jdk-methods.generated.js';
import { BigDecimalValue, JavaArray } from './java-values.js';
import { FOREACH_SCOPE_CLASS, ForeachScope } from './foreach-scope.js';
import { BODY_CONTENT_CLASS, BodyContent } from './body-content.js';

const INTEGRAL = new Set(['int', 'long', 'short', 'byte', 'java.lang.Integer', 'java.lang.Long']);
const FLOATING = new Set(['double', 'float', 'java.lang.Double', 'java.lang.Float']);
const PRIMITIVES = new Set(['int', 'long', 'short', 'byte', 'double', 'float', 'boolean', 'char']);

let table: Map<string, Map<string, string[][]>> | undefined;

function methods(javaClass: string): Map<string, string[][]> | undefined {
  if (!table) {
    table = new Map();
    for (const [cls, signatures] of Object.entries(JDK_METHODS)) {
      const byName = new Map<string, string[][]>();
      for (const signature of signatures) {
        const open = signature.indexOf('(');
        const name = signature.slice(0, open);
        const inner = signature.slice(open + 1, -1);
        const params = inner === '' ? [] : inner.split(',');
        byName.set(name, [...(byName.get(name) ?? []), params]);
      }
      table.set(cls, byName);
    }
  }
  return table.get(javaClass);
}

/** The Java class a template value has on API Gateway, or null for values with no table. */
export function javaClassOf(value: unknown): string | null {
  if (typeof value === 'string') return 'java.lang.String';
  if (typeof value === 'boolean') return 'java.lang.Boolean';
  if (typeof value === 'bigint') {
    if (value >= -2147483648n && value <= 2147483647n) return 'java.lang.Integer';
    if (value >= -(2n ** 63n) && value < 2n ** 63n) return 'java.lang.Long';
    return 'java.math.BigInteger';
  }
  if (typeof value === 'number') return 'java.lang.Double';
  if (value instanceof BigDecimalValue) return 'java.math.BigDecimal';
  if (value instanceof JavaArray) return null;
  if (Array.isArray(value)) return 'java.util.ArrayList';
  if (value instanceof Map) return 'java.util.LinkedHashMap';
  if (value instanceof Set) return 'java.util.LinkedHashSet';
  if (value instanceof ForeachScope) return FOREACH_SCOPE_CLASS;
  if (value instanceof BodyContent) return BODY_CONTENT_CLASS;
  return null;
}

/** Whether Velocity 1.7 would pass `arg` for a parameter of type `param`. */
function accepts(param: string, arg: unknown): boolean {
  if (arg === null || arg === undefined) return !PRIMITIVES.has(param);
  if (param === 'java.lang.Object' || param.endsWith('[]')) return true;
  if (INTEGRAL.has(param)) return typeof arg === 'bigint';
  if (FLOATING.has(param)) return typeof arg === 'bigint' || typeof arg === 'number';
  if (param === 'boolean' || param === 'java.lang.Boolean') return typeof arg === 'boolean';
  if (param === 'java.lang.String' || param === 'java.lang.CharSequence')
    return typeof arg === 'string';
  if (param === 'java.lang.Number' || param === 'java.lang.Comparable')
    return typeof arg === 'bigint' || typeof arg === 'number' || typeof arg === 'string';
  if (
    param === 'java.util.Collection' ||
    param === 'java.util.List' ||
    param === 'java.lang.Iterable'
  )
    return Array.isArray(arg) || arg instanceof Set;
  if (param === 'java.util.Map') return arg instanceof Map;
  return false;
}

/**
 * `Class.name(types)` when the JDK 17 class of `target` has a public method `name` that takes
 * these arguments; null when it has none (then Velocity prints nothing).
 */
export function javaMethodFor(target: unknown, name: string, args: unknown[]): string | null {
  const javaClass = javaClassOf(target);
  if (!javaClass) return null;
  const overloads = methods(javaClass)?.get(name) ?? [];
  const match = overloads.find(
    (params) =>
      (params.length === args.length ||
        (params.length > 0 &&
          params[params.length - 1]!.endsWith('[]') &&
          args.length >= params.length - 1)) &&
      args.every((arg, i) => accepts(params[Math.min(i, params.length - 1)]!, arg)),
  );
  return match ? `${javaClass}.${name}(${match.join(', ')})` : null;
}
