/**
 * Java's value model as Velocity 1.7 sees it, in JavaScript:
 * - `null` is Java null; strings are Strings; booleans are Booleans;
 * - `bigint` is an integral number (Integer, Long, BigInteger: they print alike);
 * - `number` is a Double (prints `1.0`, `1.0E10` like Double.toString);
 * - `BigDecimalValue` is json-smart's BigDecimal for long decimal literals;
 * - `Map` is a LinkedHashMap (prints `{a=1, b=2}`);
 * - `Array` is an ArrayList (prints `[1, 2]`), `JsonSmartArray` is json-smart's JSONArray
 *   (prints compact JSON), `JavaArray` is a Java array (String[] from split);
 * - `MapEntry` is a Map.Entry (prints `a=1`).
 */

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

export type JavaNumber = bigint | number | BigDecimalValue;

export function isNumber(value: unknown): value is JavaNumber {
  return typeof value === 'bigint' || typeof value === 'number' || value instanceof BigDecimalValue;
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
  if (value instanceof BigDecimalValue) return value.toString();
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
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return infinityAs === 'null' ? 'null' : `"${doubleToString(value)}"`;
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

/** Velocity's `==` (ASTEQNode, 1.7). */
export function velocityEquals(left: unknown, right: unknown): boolean {
  if (left === null || left === undefined || right === null || right === undefined) {
    return (left ?? null) === (right ?? null);
  }
  if (isNumber(left) && isNumber(right)) return compareNumbers(left, right) === 0;
  if (sameJavaClass(left, right)) return javaEquals(left, right);
  return javaToString(left) === javaToString(right);
}

function sameJavaClass(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || typeof b !== 'object') return typeof a === typeof b;
  if (a instanceof Map && b instanceof Map) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return (
      a.constructor === b.constructor || (!(a instanceof JavaArray) && !(b instanceof JavaArray))
    );
  return Object.getPrototypeOf(a) === Object.getPrototypeOf(b);
}

/** Java's Object.equals for the value model. */
export function javaEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return false;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a === b;
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b) || a === b;
  if (a instanceof BigDecimalValue && b instanceof BigDecimalValue)
    return a.unscaled === b.unscaled && a.scale === b.scale;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof JavaArray || b instanceof JavaArray) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => javaEquals(item, b[i]));
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !javaEquals(v, b.get(k))) return false;
    return true;
  }
  if (a instanceof MapEntry && b instanceof MapEntry)
    return javaEquals(a.key, b.key) && javaEquals(a.value, b.value);
  return false;
}

export function toDouble(value: JavaNumber): number {
  return value instanceof BigDecimalValue ? value.toNumber() : Number(value);
}

export function compareNumbers(a: JavaNumber, b: JavaNumber): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  const x = toDouble(a);
  const y = toDouble(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The value of an integer literal (ASTIntegerLiteral: Integer, else Long, else BigInteger). */
export function integerLiteralValue(text: string): unknown {
  return BigInt(text);
}

/** The value of a floating-point literal (ASTFloatingPointLiteral: a Double). */
export function floatLiteralValue(text: string): unknown {
  return Number(text);
}
