/**
 * `[a..b]` as Velocity 1.7's ASTIntegerRange evaluates it: both ends must be numbers (a string
 * or null gives no list at all), each is taken as Java's `Number.intValue()` (a Long wraps, a
 * Double truncates), and the list runs from `a` to `b` up or down, counted in Java `int`
 * arithmetic (`[2147483647..$long]` overflows the way Java does).
 */
import { javaIntValue } from './java-numbers.js';
import { isNumber } from './java-values.js';

export interface IntegerRange {
  readonly first: number;
  readonly count: number;
  readonly delta: 1 | -1;
}

/** Number.intValue() of a template number; null for anything else. */
function intValue(value: unknown): number | null {
  return isNumber(value) ? Number(javaIntValue(value)) : null;
}

/** The range's shape, or null when an end is not a number (Velocity then gives null). */
export function integerRange(left: unknown, right: unknown): IntegerRange | null {
  const l = intValue(left);
  const r = intValue(right);
  if (l === null || r === null) return null;
  // Java: Math.abs(l - r) + 1 in int arithmetic.
  // Java would fail to allocate a list of a negative size; counted unsigned here, such a range
  // is over the engine's step limit.
  const count = (((Math.abs((l - r) | 0) | 0) + 1) | 0) >>> 0;
  return { first: l, count, delta: l >= r ? -1 : 1 };
}

/** The range's elements, as Integers. */
export function rangeItems(range: IntegerRange): bigint[] {
  const items: bigint[] = [];
  let value = range.first;
  for (let i = 0; i < range.count; i++) {
    items.push(BigInt(value));
    value = (value + range.delta) | 0;
  }
  return items;
}
