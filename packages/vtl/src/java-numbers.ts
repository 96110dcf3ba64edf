/**
 * The methods of Java's number classes (Integer, Long, Short, Byte, BigInteger, Float, Double,
 * BigDecimal) and of java.lang.Character as a template calls them through Velocity, plus
 * `hashCode` and `compareTo` for every value class. Static methods (`isLetter`, `parseInt`)
 * are callable on an instance, as Velocity allows.
 */
import { bigDecimalMethod, bigIntegerMethod } from './java-big-numbers.js';
import {
  BigDecimalValue,
  CharValue,
  doubleToString,
  FloatValue,
  IntegralValue,
  JavaException,
  NO_METHOD,
  intParameter,
  isIntegral,
  javaClassOf,
  javaEquals,
  javaLong,
  javaToString,
  toDouble,
  type JavaNumber,
} from './java-values.js';

function npe(): never {
  throw new JavaException('java.lang.NullPointerException', 'null argument');
}

function classCast(value: unknown, to: string): never {
  throw new JavaException(
    'java.lang.ClassCastException',
    `class ${javaClassOf(value) ?? 'java.lang.Object'} cannot be cast to class ${to}`,
  );
}

function sign(x: number | bigint): bigint {
  return x < 0 ? -1n : x > 0 ? 1n : 0n;
}

/** Double.compare / Float.compare: -0.0 below 0.0, NaN above everything and equal to itself. */
function compareFloating(x: number, y: number): bigint {
  if (x < y) return -1n;
  if (x > y) return 1n;
  if (Number.isNaN(x) || Number.isNaN(y))
    return Number.isNaN(x) ? (Number.isNaN(y) ? 0n : 1n) : -1n;
  return sign(Number(Object.is(y, -0)) - Number(Object.is(x, -0)));
}

function integralValue(n: bigint | IntegralValue): bigint {
  return typeof n === 'bigint' ? n : n.value;
}

/**
 * `target.compareTo(other)` (Comparable): values of the same class only; another class is the
 * ClassCastException of Comparable's bridge method, null a NullPointerException.
 */
export function javaCompareTo(target: unknown, other: unknown): bigint {
  if (other === null || other === undefined) npe();
  const javaClass = javaClassOf(target);
  if (javaClassOf(other) !== javaClass) classCast(other, javaClass ?? 'java.lang.Comparable');
  if (typeof target === 'string') {
    const s = other as string;
    const len = Math.min(target.length, s.length);
    for (let i = 0; i < len; i++)
      if (target.charCodeAt(i) !== s.charCodeAt(i))
        return BigInt(target.charCodeAt(i) - s.charCodeAt(i));
    return BigInt(target.length - s.length);
  }
  if (typeof target === 'boolean') return target === other ? 0n : target ? 1n : -1n;
  if (target instanceof CharValue) return BigInt(target.code - (other as CharValue).code);
  if (typeof target === 'number') return compareFloating(target, other as number);
  if (target instanceof FloatValue)
    return compareFloating(target.value, (other as FloatValue).value);
  if (target instanceof BigDecimalValue) return BigInt(target.compareTo(other as BigDecimalValue));
  if (isIntegral(target)) {
    const difference = integralValue(target) - integralValue(other as IntegralValue);
    // Short.compareTo and Byte.compareTo return the difference, the others its sign.
    return javaClass === 'java.lang.Short' || javaClass === 'java.lang.Byte'
      ? difference
      : sign(difference);
  }
  return classCast(target, 'java.lang.Comparable');
}

function int32(h: number): bigint {
  return BigInt(h | 0);
}

/** BigInteger.hashCode: its magnitude's 32-bit words, most significant first, times its sign. */
function bigIntegerHash(n: bigint): number {
  let magnitude = n < 0n ? -n : n;
  const words: number[] = [];
  while (magnitude > 0n) {
    words.unshift(Number(magnitude & 0xffffffffn));
    magnitude >>= 32n;
  }
  let h = 0;
  for (const word of words) h = (Math.imul(31, h) + word) | 0;
  return Math.imul(h, Number(sign(n)));
}

/** Object.hashCode as each value class defines it (0 for classes stepgate does not know). */
export function javaHashCode(value: unknown): bigint {
  if (value === null || value === undefined) return 0n;
  switch (typeof value) {
    case 'string': {
      let h = 0;
      for (let i = 0; i < value.length; i++) h = (Math.imul(h, 31) + value.charCodeAt(i)) | 0;
      return int32(h);
    }
    case 'boolean':
      return value ? 1231n : 1237n;
    case 'bigint':
      return value;
    case 'number': {
      const view = new DataView(new ArrayBuffer(8));
      view.setFloat64(0, Number.isNaN(value) ? NaN : value);
      const bits = view.getBigUint64(0);
      return BigInt.asIntN(32, bits ^ (bits >> 32n));
    }
  }
  if (value instanceof IntegralValue) {
    if (value.javaClass === 'java.math.BigInteger') return int32(bigIntegerHash(value.value));
    if (value.javaClass !== 'java.lang.Long') return value.value; // Short, Byte
    const v = value.value;
    return BigInt.asIntN(32, v ^ (BigInt.asUintN(64, v) >> 32n));
  }
  if (value instanceof CharValue) return BigInt(value.code);
  if (value instanceof FloatValue) {
    const view = new DataView(new ArrayBuffer(4));
    view.setFloat32(0, Number.isNaN(value.value) ? NaN : value.value);
    return BigInt(view.getInt32(0));
  }
  if (value instanceof BigDecimalValue)
    return int32(Math.imul(31, bigIntegerHash(value.unscaled)) + value.scale);
  if (Array.isArray(value)) {
    let h = 1;
    for (const item of value) h = (Math.imul(h, 31) + Number(javaHashCode(item))) | 0;
    return int32(h);
  }
  if (value instanceof Map) {
    let h = 0;
    for (const [k, v] of value) h = (h + (Number(javaHashCode(k)) ^ Number(javaHashCode(v)))) | 0;
    return int32(h);
  }
  return 0n;
}

/** Java's narrowing of a double to int or long: truncation, NaN → 0, saturating. */
function truncate(d: number, bits: 32 | 64): bigint {
  if (Number.isNaN(d)) return 0n;
  const max = 2n ** BigInt(bits - 1);
  if (d >= Number(max)) return max - 1n;
  if (d <= -Number(max)) return -max;
  return BigInt(Math.trunc(d));
}

/** The whole number `intValue()`/`longValue()` start from: exact for whole classes. */
function wholeValue(n: JavaNumber, bits: 32 | 64): bigint {
  if (isIntegral(n)) return integralValue(n);
  if (n instanceof BigDecimalValue)
    return (
      (n.unscaled / 10n ** BigInt(Math.max(n.scale, 0))) * 10n ** BigInt(Math.max(-n.scale, 0))
    );
  return truncate(toDouble(n), bits);
}

/** Number.intValue(), longValue(), shortValue(), byteValue(): Java's narrowing conversions. */
function narrow(n: JavaNumber, to: 'int' | 'long' | 'short' | 'byte'): JavaNumber {
  switch (to) {
    case 'long':
      return javaLong(wholeValue(n, 64));
    case 'int':
      return BigInt.asIntN(32, wholeValue(n, 32));
    case 'short':
      return new IntegralValue('java.lang.Short', BigInt.asIntN(16, wholeValue(n, 32)));
    case 'byte':
      return new IntegralValue('java.lang.Byte', BigInt.asIntN(8, wholeValue(n, 32)));
  }
}

/** Number.intValue(): an Integer. */
export function javaIntValue(n: JavaNumber): bigint {
  return narrow(n, 'int') as bigint;
}

/** Java's String.trim. */
function trimJava(s: string): string {
  return s.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
}

function numberFormat(text: unknown): never {
  throw new JavaException(
    'java.lang.NumberFormatException',
    text === null || text === undefined
      ? 'Cannot parse null string: null'
      : `For input string: "${javaToString(text)}"`,
  );
}

/** Integer.parseInt / Long.parseLong: a sign, then digits of the radix (2 to 36). */
function parseWhole(text: unknown, bits: 32 | 64, radix = 10): bigint {
  if (typeof text !== 'string' || radix < 2 || radix > 36) numberFormat(text);
  const m = /^([+-]?)([0-9a-zA-Z]+)$/.exec(text);
  if (!m) numberFormat(text);
  let value = 0n;
  for (const c of m[2]!.toLowerCase()) {
    const digit = parseInt(c, 36);
    if (digit >= radix) numberFormat(text);
    value = value * BigInt(radix) + BigInt(digit);
  }
  if (m[1] === '-') value = -value;
  if (BigInt.asIntN(bits, value) !== value) numberFormat(text);
  return value;
}

/** Double.parseDouble (decimal forms, NaN and Infinity; hexadecimal floats are refused). */
function parseDouble(text: unknown): number {
  if (text === null || text === undefined) npe();
  const s = trimJava(javaToString(text));
  const m = /^([+-]?)(NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)[fFdD]?$/.exec(s);
  if (!m || (/[fFdD]$/.test(s) && /^[+-]?(NaN|Infinity)/.test(s))) numberFormat(text);
  const value = m[2] === 'NaN' ? NaN : m[2] === 'Infinity' ? Infinity : Number(m[2]);
  return m[1] === '-' ? -value : value;
}

/** The value of an argument for a Java `long` parameter (a Long, Integer, Short or Byte). */
function longParameter(value: unknown): bigint | null {
  if (typeof value === 'bigint') return value;
  if (value instanceof IntegralValue && value.javaClass !== 'java.math.BigInteger')
    return value.value;
  return null;
}

/**
 * Static methods of Integer and Long (parsing, printing in a radix, max/min/sum/compare/signum)
 * and Double's parsing, called on an instance or on the class, as Velocity allows.
 */
export function staticNumberMethod(javaClass: string, name: string, args: unknown[]): unknown {
  const [a, b] = args;
  const n = args.length;
  const text = n >= 1 && (a === null || typeof a === 'string');
  if (javaClass === 'java.lang.Double') {
    if ((name === 'parseDouble' || name === 'valueOf') && n === 1 && text) return parseDouble(a);
    return staticDoubleMethod(name, args.map(doubleParameter));
  }
  if (javaClass === 'java.math.BigInteger') return bigIntegerMethod(0n, name, args);
  if (javaClass === 'java.math.BigDecimal')
    return bigDecimalMethod(new BigDecimalValue(0n, 0), name, args);
  const bits = javaClass === 'java.lang.Integer' ? 32 : javaClass === 'java.lang.Long' ? 64 : null;
  if (bits === null) return NO_METHOD;
  const box = (v: bigint): JavaNumber => (bits === 32 ? v : javaLong(v));
  const primitive = (v: unknown): bigint | null => {
    if (bits === 64) return longParameter(v);
    const i = intParameter(v);
    return i === null ? null : BigInt(i);
  };
  if ((name === (bits === 32 ? 'parseInt' : 'parseLong') || name === 'valueOf') && text) {
    if (n === 1) return box(parseWhole(a, bits));
    const radix = n === 2 ? intParameter(b) : null;
    return radix === null ? NO_METHOD : box(parseWhole(a, bits, radix));
  }
  const x = n >= 1 ? primitive(a) : null;
  if (x === null || n > 2) return NO_METHOD;
  if (n === 1) {
    const unsigned = BigInt.asUintN(bits, x);
    switch (name) {
      case 'valueOf':
        return box(x);
      case 'toString':
        return x.toString();
      case 'toHexString':
        return unsigned.toString(16);
      case 'toOctalString':
        return unsigned.toString(8);
      case 'toBinaryString':
        return unsigned.toString(2);
      case 'signum':
        return sign(x);
      case 'bitCount':
        return BigInt(unsigned.toString(2).replace(/0/g, '').length);
      case 'numberOfLeadingZeros':
        return BigInt(x === 0n ? bits : bits - unsigned.toString(2).length);
      case 'numberOfTrailingZeros':
        return BigInt(
          x === 0n ? bits : unsigned.toString(2).length - 1 - unsigned.toString(2).lastIndexOf('1'),
        );
      case 'highestOneBit':
        return box(
          x === 0n ? 0n : BigInt.asIntN(bits, 1n << BigInt(unsigned.toString(2).length - 1)),
        );
      case 'lowestOneBit':
        return box(BigInt.asIntN(bits, x & -x));
      case 'reverse':
        return box(
          BigInt.asIntN(
            bits,
            BigInt(`0b${[...unsigned.toString(2).padStart(bits, '0')].reverse().join('')}`),
          ),
        );
      case 'toUnsignedString':
        return unsigned.toString();
      case 'hashCode':
        return bits === 32 ? x : javaHashCode(javaLong(x));
    }
    return NO_METHOD;
  }
  if (name === 'rotateLeft' || name === 'rotateRight') {
    const distance = intParameter(b);
    if (distance === null) return NO_METHOD;
    const d = BigInt((((name === 'rotateLeft' ? distance : -distance) % bits) + bits) % bits);
    const u = BigInt.asUintN(bits, x);
    return box(BigInt.asIntN(bits, (u << d) | (u >> (BigInt(bits) - d))));
  }
  if (name === 'toString') {
    const radix = intParameter(b);
    return radix === null ? NO_METHOD : x.toString(radix < 2 || radix > 36 ? 10 : radix);
  }
  const y = primitive(b);
  if (y === null) return NO_METHOD;
  switch (name) {
    case 'max':
      return box(x > y ? x : y);
    case 'min':
      return box(x < y ? x : y);
    case 'sum':
      return box(BigInt.asIntN(bits, x + y));
    case 'compare':
      return sign(x - y);
    case 'compareUnsigned':
      return sign(BigInt.asUintN(bits, x) - BigInt.asUintN(bits, y));
  }
  return NO_METHOD;
}

/** The value of an argument for a Java `double` parameter (any number but BigInteger/BigDecimal). */
function doubleParameter(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (value instanceof FloatValue) return value.value;
  const whole = longParameter(value);
  return whole === null ? null : Number(whole);
}

/** Double's static methods of doubles: compare, max, min, sum, isNaN, isFinite, toString, … */
function staticDoubleMethod(name: string, args: (number | null)[]): unknown {
  if (args.some((d) => d === null)) return NO_METHOD;
  const [x, y] = args as number[];
  if (args.length === 1) {
    switch (name) {
      case 'valueOf':
        return x;
      case 'toString':
        return doubleToString(x!);
      case 'isNaN':
        return Number.isNaN(x);
      case 'isInfinite':
        return x === Infinity || x === -Infinity;
      case 'isFinite':
        return Number.isFinite(x);
      case 'hashCode':
        return javaHashCode(x);
    }
    return NO_METHOD;
  }
  if (args.length !== 2) return NO_METHOD;
  switch (name) {
    case 'compare':
      return compareFloating(x!, y!);
    case 'sum':
      return x! + y!;
    case 'max':
      return Number.isNaN(x) || Number.isNaN(y)
        ? NaN
        : x! === y!
          ? Object.is(x, -0)
            ? y
            : x
          : Math.max(x!, y!);
    case 'min':
      return Number.isNaN(x) || Number.isNaN(y)
        ? NaN
        : x! === y!
          ? Object.is(x, -0)
            ? x
            : y
          : Math.min(x!, y!);
  }
  return NO_METHOD;
}

/** A method of Integer, Long, Short, Byte, BigInteger, Float, Double or BigDecimal. */
export function numberMethod(target: JavaNumber, name: string, args: unknown[]): unknown {
  if (target instanceof BigDecimalValue) {
    const result = bigDecimalMethod(target, name, args);
    if (result !== NO_METHOD) return result;
  } else if (target instanceof IntegralValue && target.javaClass === 'java.math.BigInteger') {
    const result = bigIntegerMethod(target.value, name, args);
    if (result !== NO_METHOD) return result;
  }
  if (args.length === 0) {
    switch (name) {
      case 'toString':
        return javaToString(target);
      case 'intValue':
        return narrow(target, 'int');
      case 'longValue':
        return narrow(target, 'long');
      case 'shortValue':
        return narrow(target, 'short');
      case 'byteValue':
        return narrow(target, 'byte');
      case 'floatValue':
        return new FloatValue(Math.fround(toDouble(target)));
      case 'doubleValue':
        return toDouble(target);
      case 'hashCode':
        return javaHashCode(target);
      case 'isNaN':
      case 'isInfinite': {
        if (typeof target !== 'number' && !(target instanceof FloatValue)) return NO_METHOD;
        const d = toDouble(target);
        return name === 'isNaN' ? Number.isNaN(d) : d === Infinity || d === -Infinity;
      }
    }
    return NO_METHOD;
  }
  if (args.length === 1 && name === 'equals') return javaEquals(target, args[0]);
  if (args.length === 1 && name === 'compareTo') return javaCompareTo(target, args[0]);
  return staticNumberMethod(javaClassOf(target)!, name, args);
}

/** Java's isIdentifierIgnorable: some ASCII and C1 controls, and format characters. */
function identifierIgnorable(ch: string, code: number): boolean {
  return (
    code <= 0x08 ||
    (code >= 0x0e && code <= 0x1b) ||
    (code >= 0x7f && code <= 0x9f) ||
    /\p{Cf}/u.test(ch)
  );
}

function javaIdentifierStart(ch: string): boolean {
  return /[\p{L}\p{Nl}\p{Sc}\p{Pc}]/u.test(ch);
}

/** Which Character overloads a test has: `char` (a Character), `int` (a code point) or both. */
type Overloads = 'both' | 'char' | 'int';

const CHARACTER_TESTS: Record<string, readonly [Overloads, (ch: string, code: number) => boolean]> =
  {
    isLetter: ['both', (ch) => /\p{L}/u.test(ch)],
    isDigit: ['both', (ch) => /\p{Nd}/u.test(ch)],
    isLetterOrDigit: ['both', (ch) => /[\p{L}\p{Nd}]/u.test(ch)],
    isAlphabetic: ['int', (ch) => /\p{Alphabetic}/u.test(ch)],
    isIdeographic: ['int', (ch) => /\p{Ideographic}/u.test(ch)],
    isUpperCase: ['both', (ch) => /\p{Uppercase}/u.test(ch)],
    isLowerCase: ['both', (ch) => /\p{Lowercase}/u.test(ch)],
    isTitleCase: ['both', (ch) => /\p{Lt}/u.test(ch)],
    isSpaceChar: ['both', (ch) => /[\p{Zs}\p{Zl}\p{Zp}]/u.test(ch)],
    isWhitespace: [
      'both',
      (ch, code) =>
        (code >= 0x09 && code <= 0x0d) ||
        (code >= 0x1c && code <= 0x1f) ||
        (/[\p{Zs}\p{Zl}\p{Zp}]/u.test(ch) && code !== 0xa0 && code !== 0x2007 && code !== 0x202f),
    ],
    isSpace: ['char', (_ch, code) => [0x20, 0x09, 0x0a, 0x0c, 0x0d].includes(code)],
    isISOControl: ['both', (_ch, code) => code <= 0x1f || (code >= 0x7f && code <= 0x9f)],
    isDefined: ['both', (ch) => !/\p{Cn}/u.test(ch)],
    isMirrored: ['both', (ch) => /\p{Bidi_M}/u.test(ch)],
    isIdentifierIgnorable: ['both', identifierIgnorable],
    isJavaIdentifierStart: ['both', javaIdentifierStart],
    isJavaLetter: ['char', javaIdentifierStart],
    isJavaIdentifierPart: [
      'both',
      (ch, code) =>
        javaIdentifierStart(ch) ||
        /[\p{Nd}\p{Mn}\p{Mc}]/u.test(ch) ||
        identifierIgnorable(ch, code),
    ],
    isJavaLetterOrDigit: [
      'char',
      (ch, code) =>
        javaIdentifierStart(ch) ||
        /[\p{Nd}\p{Mn}\p{Mc}]/u.test(ch) ||
        identifierIgnorable(ch, code),
    ],
    isUnicodeIdentifierStart: ['both', (ch) => /\p{ID_Start}/u.test(ch)],
    isUnicodeIdentifierPart: [
      'both',
      (ch, code) => /\p{ID_Continue}/u.test(ch) || identifierIgnorable(ch, code),
    ],
    isSurrogate: ['char', (_ch, code) => code >= 0xd800 && code <= 0xdfff],
    isHighSurrogate: ['char', (_ch, code) => code >= 0xd800 && code <= 0xdbff],
    isLowSurrogate: ['char', (_ch, code) => code >= 0xdc00 && code <= 0xdfff],
    isValidCodePoint: ['int', () => true],
    isBmpCodePoint: ['int', (_ch, code) => code <= 0xffff],
    isSupplementaryCodePoint: ['int', (_ch, code) => code >= 0x10000],
  };

/** The value of a decimal digit (\p{Nd}: runs of ten consecutive code points), else null. */
function decimalValue(code: number): number | null {
  const nd = (c: number) => c >= 0 && /\p{Nd}/u.test(String.fromCodePoint(c));
  if (!nd(code)) return null;
  let start = code;
  while (nd(start - 1)) start--;
  return (code - start) % 10;
}

/** The value of a Latin letter (ASCII or fullwidth) as a digit: a = 10, …, z = 35; else null. */
function letterValue(code: number): number | null {
  for (const base of [0x41, 0x61, 0xff21, 0xff41])
    if (code >= base && code < base + 26) return code - base + 10;
  return null;
}

/** Character.toTitleCase: the four digraphs have title forms, other letters their upper case. */
function titleCase(code: number): number {
  for (const [first, title] of [
    [0x1c4, 0x1c5],
    [0x1c7, 0x1c8],
    [0x1ca, 0x1cb],
    [0x1f1, 0x1f2],
  ] as const)
    if (code >= first && code <= first + 2) return title;
  return mapCase(code, true);
}

/** Character.toUpperCase/toLowerCase: the one-character mapping, else the character itself. */
function mapCase(code: number, upper: boolean): number {
  const ch = String.fromCodePoint(code);
  const mapped = upper ? ch.toUpperCase() : ch.toLowerCase();
  return [...mapped].length === 1 ? mapped.codePointAt(0)! : code;
}

/**
 * The argument of a static Character method taking `char` (a Character) or `int` (a code point:
 * an Integer, Short or Byte), as Velocity picks the overload.
 */
function charOrCodePoint(arg: unknown): { code: number; isChar: boolean } | null {
  if (arg instanceof CharValue) return { code: arg.code, isChar: true };
  const code = intParameter(arg);
  return code === null ? null : { code, isChar: false };
}

/** Character's static methods of two arguments: compare, digit, forDigit, toCodePoint, … */
function characterPairMethod(name: string, a: unknown, b: unknown): unknown {
  const bothChars = a instanceof CharValue && b instanceof CharValue;
  const radix = intParameter(b);
  switch (name) {
    case 'compare':
      return bothChars ? BigInt((a as CharValue).code - (b as CharValue).code) : NO_METHOD;
    case 'isSurrogatePair':
      return bothChars
        ? /^[\ud800-\udbff][\udc00-\udfff]$/.test(`${a as CharValue}${b as CharValue}`)
        : NO_METHOD;
    case 'toCodePoint':
      return bothChars
        ? BigInt(
            (((a as CharValue).code - 0xd800) << 10) + ((b as CharValue).code - 0xdc00) + 0x10000,
          )
        : NO_METHOD;
    case 'digit': {
      const arg = charOrCodePoint(a);
      if (arg === null || radix === null) return NO_METHOD;
      if (radix < 2 || radix > 36) return -1n;
      const value = decimalValue(arg.code) ?? letterValue(arg.code);
      return BigInt(value !== null && value < radix ? value : -1);
    }
    case 'forDigit': {
      const digit = intParameter(a);
      if (digit === null || radix === null) return NO_METHOD;
      if (radix < 2 || radix > 36 || digit < 0 || digit >= radix) return new CharValue(0);
      return new CharValue(digit < 10 ? 0x30 + digit : 0x61 + digit - 10);
    }
  }
  return NO_METHOD;
}

/** A method of java.lang.Character (its statics too, called on an instance). */
export function characterMethod(target: CharValue, name: string, args: unknown[]): unknown {
  const n = args.length;
  if (n === 0) {
    if (name === 'charValue') return target;
    if (name === 'toString') return target.toString();
    if (name === 'hashCode') return BigInt(target.code);
    return NO_METHOD;
  }
  if (n === 1 && name === 'equals') return javaEquals(target, args[0]);
  if (n === 1 && name === 'compareTo') return javaCompareTo(target, args[0]);
  if (n === 2) return characterPairMethod(name, args[0], args[1]);
  if (n !== 1) return NO_METHOD;
  const arg = charOrCodePoint(args[0]);
  if (arg === null) return NO_METHOD;
  const valid = arg.code >= 0 && arg.code <= 0x10ffff;
  const test = CHARACTER_TESTS[name];
  if (test) {
    const [overloads, holds] = test;
    if (overloads !== 'both' && (overloads === 'char') !== arg.isChar) return NO_METHOD;
    return valid && holds(String.fromCodePoint(arg.code), arg.code);
  }
  switch (name) {
    case 'toTitleCase': {
      const mapped = valid ? titleCase(arg.code) : arg.code;
      return arg.isChar ? new CharValue(mapped) : BigInt(mapped);
    }
    case 'getNumericValue': {
      const value = valid ? (decimalValue(arg.code) ?? letterValue(arg.code)) : -1;
      // Other numerals (Roman, fractions, …) have values from Unicode's tables: not here.
      if (value === null) return /\p{N}/u.test(String.fromCodePoint(arg.code)) ? NO_METHOD : -1n;
      return BigInt(value);
    }
    case 'charCount':
      return arg.isChar ? NO_METHOD : arg.code >= 0x10000 ? 2n : 1n;
    case 'highSurrogate':
    case 'lowSurrogate': {
      if (arg.isChar) return NO_METHOD;
      const text = String.fromCodePoint(Math.min(Math.max(arg.code, 0x10000), 0x10ffff));
      return new CharValue(text.charCodeAt(name === 'highSurrogate' ? 0 : 1));
    }
    case 'reverseBytes':
      return arg.isChar ? new CharValue(((arg.code & 0xff) << 8) | (arg.code >> 8)) : NO_METHOD;
    case 'toUpperCase':
    case 'toLowerCase': {
      const mapped = valid ? mapCase(arg.code, name === 'toUpperCase') : arg.code;
      return arg.isChar ? new CharValue(mapped) : BigInt(mapped);
    }
    case 'valueOf':
      return arg.isChar ? new CharValue(arg.code) : NO_METHOD;
    case 'hashCode':
      return arg.isChar ? BigInt(arg.code) : NO_METHOD;
    case 'toString':
      if (arg.isChar) return String.fromCharCode(arg.code);
      if (!valid)
        throw new JavaException(
          'java.lang.IllegalArgumentException',
          `Not a valid Unicode code point: 0x${(arg.code >>> 0).toString(16).toUpperCase()}`,
        );
      return String.fromCodePoint(arg.code);
  }
  return NO_METHOD;
}
