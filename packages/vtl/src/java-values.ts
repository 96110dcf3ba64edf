/**
 * Java's value model as Velocity 1.7 sees it, in JavaScript:
 * - `null` is Java null; strings are Strings; booleans are Booleans;
 * - `bigint` is a java.lang.Integer (always within int's range: the commonest number, kept a
 *   primitive so rendering stays fast);
 * - `IntegralValue` is a java.lang.Long, Short, Byte or java.math.BigInteger (a tag and a bigint);
 * - `number` is a Double (prints `1.0`, `1.0E10` like Double.toString), `FloatValue` a Float;
 * - `BigDecimalValue` is json-smart's BigDecimal for long decimal literals;
 * - `CharValue` is a java.lang.Character (what `charAt` gives);
 * - `Map` is a LinkedHashMap (prints `{a=1, b=2}`);
 * - `Array` is an ArrayList (prints `[1, 2]`), `JsonSmartArray` is json-smart's JSONArray
 *   (prints compact JSON), `JavaArray` is a Java array (String[] from split);
 * - `MapEntry` is a Map.Entry (prints `a=1`).
 */

/** What a method implementation returns when the value has no such method (Velocity: null). */
export const NO_METHOD = Symbol('no method');

/** A Java exception a value operation throws (`java.lang.ArithmeticException`, …). */
export class JavaException extends Error {
  constructor(
    readonly javaClass: string,
    detail: string,
  ) {
    super(`${javaClass}: ${detail}`);
  }
}

export const INT_MIN = -(2n ** 31n);
export const INT_MAX = 2n ** 31n - 1n;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

export type IntegralClass =
  'java.lang.Long' | 'java.lang.Short' | 'java.lang.Byte' | 'java.math.BigInteger';

/** A java.lang.Long, Short, Byte or java.math.BigInteger (an Integer is a plain `bigint`). */
export class IntegralValue {
  constructor(
    readonly javaClass: IntegralClass,
    readonly value: bigint,
  ) {}

  toString(): string {
    return this.value.toString();
  }
}

/** java.lang.Float; `value` is the float's value as a double. */
export class FloatValue {
  constructor(readonly value: number) {}

  toString(): string {
    return floatToString(this.value);
  }
}

/** java.lang.Character: one UTF-16 code unit. */
export class CharValue {
  constructor(readonly code: number) {}

  toString(): string {
    return String.fromCharCode(this.code);
  }
}

export function fitsInt(n: bigint): boolean {
  return n >= INT_MIN && n <= INT_MAX;
}

export function fitsLong(n: bigint): boolean {
  return n >= LONG_MIN && n <= LONG_MAX;
}

/** A java.lang.Long holding `n` (wrapped to 64 bits as Java's long arithmetic does). */
export function javaLong(n: bigint): IntegralValue {
  return new IntegralValue('java.lang.Long', BigInt.asIntN(64, n));
}

/**
 * A whole number as Velocity's integer literal, json-smart and Jackson read it: an Integer,
 * else a Long if it fits, else a BigInteger.
 */
export function integralOf(n: bigint): bigint | IntegralValue {
  if (fitsInt(n)) return n;
  return new IntegralValue(fitsLong(n) ? 'java.lang.Long' : 'java.math.BigInteger', n);
}

/** Integer, Long, Short, Byte or BigInteger. */
export function isIntegral(value: unknown): value is bigint | IntegralValue {
  return typeof value === 'bigint' || value instanceof IntegralValue;
}

/** The value of an Integer, Short or Byte: what a Java `int` parameter accepts. */
export function intParameter(value: unknown): number | null {
  if (typeof value === 'bigint') return Number(value);
  if (
    value instanceof IntegralValue &&
    (value.javaClass === 'java.lang.Short' || value.javaClass === 'java.lang.Byte')
  )
    return Number(value.value);
  return null;
}

export class JsonSmartArray extends Array<unknown> {}

export class JavaArray extends Array<unknown> {}

export class MapEntry {
  constructor(
    readonly key: unknown,
    public value: unknown,
  ) {}
}

/** java.math.BigDecimal, kept as unscaled digits and a scale. */
export class BigDecimalValue {
  constructor(
    readonly unscaled: bigint,
    readonly scale: number,
  ) {}

  static parse(text: string): BigDecimalValue {
    const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
    if (!match) throw new Error(`not a decimal: ${text}`);
    const [, sign, int = '', frac = '', exp = '0'] = match;
    const unscaled = BigInt(`${sign}${int}${frac}` || '0');
    return new BigDecimalValue(unscaled, frac.length - Number(exp));
  }

  /** `new BigDecimal(double)`: the double's exact binary value (0.1 has 55 digits). */
  static fromDouble(d: number): BigDecimalValue {
    if (!Number.isFinite(d))
      throw new JavaException('java.lang.NumberFormatException', 'Infinite or NaN');
    if (d === 0) return new BigDecimalValue(0n, 0);
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, d);
    const bits = view.getBigUint64(0);
    const biased = Number((bits >> 52n) & 0x7ffn);
    let significand = bits & ((1n << 52n) - 1n);
    let exponent = biased === 0 ? -1074 : biased - 1075;
    if (biased !== 0) significand |= 1n << 52n;
    while ((significand & 1n) === 0n) {
      significand >>= 1n;
      exponent++;
    }
    if (d < 0) significand = -significand;
    return exponent >= 0
      ? new BigDecimalValue(significand << BigInt(exponent), 0)
      : new BigDecimalValue(significand * 5n ** BigInt(-exponent), -exponent);
  }

  /** The unscaled value at a larger scale. */
  private at(scale: number): bigint {
    return this.unscaled * 10n ** BigInt(scale - this.scale);
  }

  add(other: BigDecimalValue): BigDecimalValue {
    const scale = Math.max(this.scale, other.scale);
    return new BigDecimalValue(this.at(scale) + other.at(scale), scale);
  }

  subtract(other: BigDecimalValue): BigDecimalValue {
    const scale = Math.max(this.scale, other.scale);
    return new BigDecimalValue(this.at(scale) - other.at(scale), scale);
  }

  multiply(other: BigDecimalValue): BigDecimalValue {
    return new BigDecimalValue(this.unscaled * other.unscaled, this.scale + other.scale);
  }

  /** `divide(divisor, ROUND_HALF_DOWN)`: the quotient at this number's scale. */
  divideHalfDown(divisor: BigDecimalValue): BigDecimalValue {
    if (divisor.unscaled === 0n)
      throw new JavaException('java.lang.ArithmeticException', '/ by zero');
    const num = this.unscaled * 10n ** BigInt(Math.max(divisor.scale, 0));
    const den = divisor.unscaled * 10n ** BigInt(Math.max(-divisor.scale, 0));
    let quotient = num / den;
    const remainder = num % den;
    const twice = 2n * (remainder < 0n ? -remainder : remainder);
    if (twice > (den < 0n ? -den : den)) quotient += num < 0n === den < 0n ? 1n : -1n;
    return new BigDecimalValue(quotient, this.scale);
  }

  compareTo(other: BigDecimalValue): number {
    const scale = Math.max(this.scale, other.scale);
    const x = this.at(scale);
    const y = other.at(scale);
    return x < y ? -1 : x > y ? 1 : 0;
  }

  toNumber(): number {
    return Number(this.toString());
  }

  toString(): string {
    const negative = this.unscaled < 0n;
    const digits = (negative ? -this.unscaled : this.unscaled).toString();
    const adjusted = -this.scale + (digits.length - 1);
    let out: string;
    if (this.scale >= 0 && adjusted >= -6) {
      if (this.scale === 0) out = digits;
      else if (digits.length > this.scale)
        out = `${digits.slice(0, digits.length - this.scale)}.${digits.slice(digits.length - this.scale)}`;
      else out = `0.${'0'.repeat(this.scale - digits.length)}${digits}`;
    } else {
      const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
      out = `${mantissa}E${adjusted >= 0 ? '+' : ''}${adjusted}`;
    }
    return negative ? `-${out}` : out;
  }
}

export type JavaNumber = bigint | IntegralValue | number | FloatValue | BigDecimalValue;

export function isNumber(value: unknown): value is JavaNumber {
  return (
    typeof value === 'bigint' ||
    typeof value === 'number' ||
    value instanceof IntegralValue ||
    value instanceof FloatValue ||
    value instanceof BigDecimalValue
  );
}

/**
 * The Java class of a template value (`java.lang.Integer`, …), or null for values that have
 * no JDK class table (Java arrays, stepgate's own objects). The one place that answers it.
 */
export function javaClassOf(value: unknown): string | null {
  switch (typeof value) {
    case 'string':
      return 'java.lang.String';
    case 'bigint':
      return 'java.lang.Integer';
    case 'number':
      return 'java.lang.Double';
    case 'boolean':
      return 'java.lang.Boolean';
  }
  if (value instanceof IntegralValue) return value.javaClass;
  if (value instanceof CharValue) return 'java.lang.Character';
  if (value instanceof FloatValue) return 'java.lang.Float';
  if (value instanceof BigDecimalValue) return 'java.math.BigDecimal';
  if (value instanceof JavaArray) return null;
  if (Array.isArray(value)) return 'java.util.ArrayList';
  if (value instanceof Map) return 'java.util.LinkedHashMap';
  if (value instanceof Set) return 'java.util.LinkedHashSet';
  return isJavaObject(value) ? value.javaClass : null;
}

/** An object of stepgate's own that names the Java class Velocity would see (`$foreach`). */
export interface JavaObject {
  readonly javaClass: string;
}

function isJavaObject(value: unknown): value is JavaObject {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<JavaObject>).javaClass === 'string'
  );
}

/** The float's shortest decimal digits, as a double (what Float.toString shows). */
function shortestFloat(f: number): number {
  if (!Number.isFinite(f) || f === 0) return f;
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(f.toPrecision(digits));
    if (Math.fround(candidate) === f) return candidate;
  }
  return f;
}

/** Java's Float.toString (shortest digits; JDK 17 sometimes prints one more, see README). */
export function floatToString(value: number): string {
  return doubleToString(shortestFloat(value));
}

/** Java's Double.toString. */
export function doubleToString(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(value);
  if (abs >= 1e-3 && abs < 1e7) {
    const text = String(value);
    return text.includes('.') ? text : `${text}.0`;
  }
  const [mantissa = '', exponent = '0'] = value.toExponential().split('e');
  const m = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return `${m}E${Number(exponent)}`;
}

/** Object.toString() of a value, as Velocity prints it (null is handled by the caller). */
export function javaToString(value: unknown, seen: Set<unknown> = new Set()): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return value;
    case 'bigint':
      return value.toString();
    case 'number':
      return doubleToString(value);
    case 'boolean':
      return value ? 'true' : 'false';
  }
  if (
    value instanceof IntegralValue ||
    value instanceof CharValue ||
    value instanceof FloatValue ||
    value instanceof BigDecimalValue
  )
    return value.toString();
  if (value instanceof JsonSmartArray) return toJsonSmart(value);
  if (value instanceof MapEntry)
    return `${javaToString(value.key, seen)}=${javaToString(value.value, seen)}`;
  if (Array.isArray(value)) {
    if (seen.has(value)) return '(this Collection)';
    seen.add(value);
    const text = `[${value.map((item) => (item === value ? '(this Collection)' : javaToString(item, seen))).join(', ')}]`;
    seen.delete(value);
    return text;
  }
  if (value instanceof Map) {
    if (seen.has(value)) return '(this Map)';
    seen.add(value);
    const parts: string[] = [];
    for (const [k, v] of value)
      parts.push(
        `${k === value ? '(this Map)' : javaToString(k, seen)}=${v === value ? '(this Map)' : javaToString(v, seen)}`,
      );
    seen.delete(value);
    return `{${parts.join(', ')}}`;
  }
  if (value instanceof Set)
    return `[${[...value].map((item) => javaToString(item, seen)).join(', ')}]`;
  if (typeof (value as { toJavaString?: () => string }).toJavaString === 'function') {
    return (value as { toJavaString: () => string }).toJavaString();
  }
  return String(value);
}

function hex4(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0');
}

/** json-smart's string escaping (JSONStyle.NO_COMPRESS, used by JSONArray.toString). */
function jsonSmartString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    switch (ch) {
      case 0x22:
        out += '\\"';
        continue;
      case 0x5c:
        out += '\\\\';
        continue;
      case 0x08:
        out += '\\b';
        continue;
      case 0x0c:
        out += '\\f';
        continue;
      case 0x0a:
        out += '\\n';
        continue;
      case 0x0d:
        out += '\\r';
        continue;
      case 0x09:
        out += '\\t';
        continue;
      case 0x2f:
        out += '\\/';
        continue;
    }
    if (ch <= 0x1f || (ch >= 0x7f && ch <= 0x9f) || (ch >= 0x2000 && ch <= 0x20ff))
      out += `\\u${hex4(ch)}`;
    else out += text[i];
  }
  return `${out}"`;
}

function jsonNumber(value: JavaNumber, infinityAs: 'null' | 'string'): string {
  const floating = value instanceof FloatValue ? value.value : value;
  if (typeof floating === 'number' && !Number.isFinite(floating)) {
    return infinityAs === 'null' ? 'null' : `"${javaToString(value)}"`;
  }
  return javaToString(value);
}

/** json-smart's JSONValue.toJSONString (compact). */
export function toJsonSmart(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return jsonSmartString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (isNumber(value)) return jsonNumber(value, 'null');
  if (Array.isArray(value) || value instanceof Set)
    return `[${[...value].map(toJsonSmart).join(',')}]`;
  if (value instanceof Map) {
    const parts: string[] = [];
    for (const [k, v] of value) parts.push(`${jsonSmartString(javaToString(k))}:${toJsonSmart(v)}`);
    return `{${parts.join(',')}}`;
  }
  return jsonSmartString(javaToString(value));
}

/** Jackson's string escaping: `"`, `\`, and control characters (short forms for \b \t \n \f \r). */
function jacksonString(text: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch >= 0x20 && ch !== 0x22 && ch !== 0x5c) continue;
    out += text.slice(start, i);
    start = i + 1;
    switch (ch) {
      case 0x22:
        out += '\\"';
        break;
      case 0x5c:
        out += '\\\\';
        break;
      case 0x08:
        out += '\\b';
        break;
      case 0x09:
        out += '\\t';
        break;
      case 0x0a:
        out += '\\n';
        break;
      case 0x0c:
        out += '\\f';
        break;
      case 0x0d:
        out += '\\r';
        break;
      default:
        out += `\\u${hex4(ch)}`;
    }
  }
  return `${out}${text.slice(start)}"`;
}

/** Jackson's ObjectMapper.writeValueAsString. */
export function toJackson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return jacksonString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (isNumber(value)) return jsonNumber(value, 'string');
  if (Array.isArray(value) || value instanceof Set)
    return `[${[...value].map(toJackson).join(',')}]`;
  if (value instanceof Map) {
    const parts: string[] = [];
    for (const [k, v] of value) parts.push(`${jacksonString(javaToString(k))}:${toJackson(v)}`);
    return `{${parts.join(',')}}`;
  }
  if (value instanceof MapEntry)
    return `{${jacksonString(javaToString(value.key))}:${toJackson(value.value)}}`;
  return jacksonString(javaToString(value));
}

/** Java's Object.equals for the value model (Integer 1 is not Long 1, 1.0 is not 1.00). */
export function javaEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return false;
  if (typeof a !== 'object' || typeof b !== 'object')
    // Double.equals: NaN equals NaN, 0.0 does not equal -0.0.
    return typeof a === 'number' && typeof b === 'number' && Object.is(a, b);
  if (a instanceof IntegralValue)
    return b instanceof IntegralValue && a.javaClass === b.javaClass && a.value === b.value;
  if (a instanceof FloatValue) return b instanceof FloatValue && Object.is(a.value, b.value);
  if (a instanceof CharValue) return b instanceof CharValue && a.code === b.code;
  if (a instanceof BigDecimalValue)
    return b instanceof BigDecimalValue && a.unscaled === b.unscaled && a.scale === b.scale;
  if (a instanceof JavaArray || b instanceof JavaArray) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => javaEquals(item, b[i]));
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) {
      const key = mapKey(b, k);
      if (!b.has(key) || !javaEquals(v, b.get(key))) return false;
    }
    return true;
  }
  if (a instanceof MapEntry && b instanceof MapEntry)
    return javaEquals(a.key, b.key) && javaEquals(a.value, b.value);
  return false;
}

/**
 * The key under which `map` holds a key equal (Java's equals) to `key`, else `key`. JavaScript's
 * Map compares objects by identity, so two Longs with one value are found by a scan.
 */
export function mapKey(map: Map<unknown, unknown>, key: unknown): unknown {
  if (typeof key !== 'object' || key === null || map.has(key)) return key;
  for (const k of map.keys()) if (javaEquals(k, key)) return k;
  return key;
}

/** Number.doubleValue(). */
export function toDouble(value: JavaNumber): number {
  switch (typeof value) {
    case 'number':
      return value;
    case 'bigint':
      return Number(value);
  }
  if (value instanceof IntegralValue) return Number(value.value);
  if (value instanceof FloatValue) return value.value;
  return value.toNumber();
}

/** Compares two numbers by value, whatever their classes (exactly for whole numbers). */
export function compareNumbers(a: JavaNumber, b: JavaNumber): number {
  if (isIntegral(a) && isIntegral(b)) {
    const x = typeof a === 'bigint' ? a : a.value;
    const y = typeof b === 'bigint' ? b : b.value;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = toDouble(a);
  const y = toDouble(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The value of an integer literal (ASTIntegerLiteral: Integer, else Long, else BigInteger). */
export function integerLiteralValue(text: string): unknown {
  return integralOf(BigInt(text));
}

/** The value of a floating-point literal (ASTFloatingPointLiteral: a Double). */
export function floatLiteralValue(text: string): unknown {
  return Number(text);
}
