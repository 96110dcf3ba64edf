/**
 * The Java library as a template reaches it through Velocity's introspection: the methods of
 * String, List, Map, Map.Entry and Class (numbers and Characters are in java-numbers.ts),
 * properties (`$a.b` as `get("b")`/`getB()`), indexes (`$a[0]`, negative ones from the end),
 * and `$x.class`.
 */
import { bigDecimalFixed } from './java-big-numbers.js';
import {
  BigDecimalValue,
  CharValue,
  FloatValue,
  IntegralValue,
  intParameter,
  isIntegral,
  isNumber,
  JavaArray,
  javaClassOf,
  javaEquals,
  javaToString,
  mapKey,
  MapEntry,
  NO_METHOD,
  toDouble,
} from './java-values.js';
import { javaMethodOf } from './java-methods.js';
import {
  characterMethod,
  javaCompareTo,
  javaHashCode,
  numberMethod,
  staticNumberMethod,
} from './java-numbers.js';
import { javaUtf8Bytes } from './util-functions.js';
import { javaMatches, javaReplaceAll, javaReplaceFirst, javaSplit } from './java-regex.js';
import { ForeachScope, NO_SCOPE_METHOD, ScopeInfo } from './foreach-scope.js';
import {
  entryOf,
  isValuesView,
  mapView,
  NOT_A_VIEW_METHOD,
  setEntryValue,
  viewClassOf,
  viewMethod,
} from './iteration.js';
import { BodyContent } from './body-content.js';

import { UnsupportedFeatureError } from './render-errors.js';

/** An object the template can call methods on (`$input`, `$util`). */
export interface HostObject {
  /** Returns the method's result, or throws UnknownFunctionError. */
  call(name: string, args: unknown[]): unknown;
  property(name: string): unknown;
  toJavaString(): string;
}

export function isHostObject(value: unknown): value is HostObject {
  return (
    typeof value === 'object' && value !== null && typeof (value as HostObject).call === 'function'
  );
}

/** Velocity's truth: null and false are false, everything else (even "") is true. */
export function truthy(value: unknown): boolean {
  return value !== null && value !== undefined && value !== false;
}

/** The value of an argument for a Java `int` parameter (an Integer, Short or Byte), else null. */
function intArg(value: unknown): number | null {
  return intParameter(value);
}

export function javaError(name: string, message: string): Error {
  return new Error(`${name}: ${message}`);
}

/** Java's String.trim: strips every char ≤ U+0020 at both ends. */
function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start++;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return s.slice(start, end);
}

/** String.equalsIgnoreCase: char by char, equal after Character.toUpperCase or toLowerCase. */
function equalsIgnoreCase(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const upper = (c: string) => {
    const u = c.toUpperCase();
    return u.length === 1 ? u : c;
  };
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y && upper(x) !== upper(y) && upper(x).toLowerCase() !== upper(y).toLowerCase())
      return false;
  }
  return true;
}

function checkRange(s: string, begin: number, end: number): void {
  if (begin < 0 || end > s.length || begin > end) {
    throw javaError(
      'java.lang.StringIndexOutOfBoundsException',
      `begin ${begin}, end ${end}, length ${s.length}`,
    );
  }
}

function javaClassName(value: unknown): string {
  return javaClassOf(value) ?? 'java.lang.Object';
}

/** java.util.Formatter for the common conversions; anything else is refused, not guessed. */
function javaFormat(format: string, args: unknown[]): string {
  let next = 0;
  const spec = /%(-)?(0)?(\d+)?(?:\.(\d+))?([sSdfxXbn%])/g;
  if (format.replace(spec, '').includes('%'))
    throw new UnsupportedFeatureError(
      `String.format("${format}"): stepgate implements %s %d %f %x %b %n %% (with width, '-' and precision) only`,
    );
  return format.replace(spec, (_m, left, zero, width, precision, conversion: string) => {
    if (conversion === '%') return '%';
    if (conversion === 'n') return '\n';
    if (next >= args.length)
      throw javaError(
        'java.util.MissingFormatArgumentException',
        `Format specifier '%${conversion}'`,
      );
    const arg = args[next++];
    let text: string;
    switch (conversion) {
      case 's':
      case 'S':
        text = arg === null || arg === undefined ? 'null' : javaToString(arg);
        if (precision !== undefined) text = text.slice(0, Number(precision));
        if (conversion === 'S') text = text.toUpperCase();
        break;
      case 'b':
        text = String(arg !== null && arg !== undefined && arg !== false);
        break;
      case 'd':
        if (!isIntegral(arg))
          throw javaError(
            'java.util.IllegalFormatConversionException',
            `d != ${javaClassName(arg)}`,
          );
        text = arg.toString();
        break;
      case 'x':
      case 'X':
        if (!isIntegral(arg))
          throw javaError(
            'java.util.IllegalFormatConversionException',
            `x != ${javaClassName(arg)}`,
          );
        text = formatHex(arg);
        if (conversion === 'X') text = text.toUpperCase();
        break;
      default: {
        const digits = precision === undefined ? 6 : Number(precision);
        if (arg instanceof BigDecimalValue) text = bigDecimalFixed(arg, digits);
        else if (typeof arg === 'number' || arg instanceof FloatValue)
          text = fixedHalfUp(toDouble(arg), digits);
        else
          throw javaError(
            'java.util.IllegalFormatConversionException',
            `f != ${javaClassName(arg)}`,
          );
      }
    }
    const w = width === undefined ? 0 : Number(width);
    if (zero && !left && /^[dfxX]$/.test(conversion)) {
      const sign = text.startsWith('-') ? '-' : '';
      return sign + text.slice(sign.length).padStart(w - sign.length, '0');
    }
    return left ? text.padEnd(w) : text.padStart(w);
  });
}

/** `%x`: a negative Integer, Long, Short or Byte as its two's complement; a BigInteger signed. */
function formatHex(n: bigint | IntegralValue): string {
  const value = typeof n === 'bigint' ? n : n.value;
  const bits = { 'java.lang.Long': 64, 'java.lang.Short': 16, 'java.lang.Byte': 8 } as const;
  const width =
    typeof n === 'bigint' ? 32 : n.javaClass === 'java.math.BigInteger' ? 0 : bits[n.javaClass];
  return (value < 0n && width > 0 ? BigInt.asUintN(width, value) : value).toString(16);
}

/** `%.Nf` as java.util.Formatter rounds: HALF_UP on the double's shortest decimal digits. */
function fixedHalfUp(value: number, precision: number): string {
  if (!Number.isFinite(value))
    return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  const negative = value < 0 || Object.is(value, -0);
  const [int = '0', frac = ''] = Math.abs(value).toFixed(20).replace(/0+$/, '').split('.');
  // The shortest digits (what Double.toString shows), padded, then rounded half up.
  const shortest = String(Math.abs(value));
  const [sInt, sFrac = ''] = shortest.includes('e') ? [int, frac] : shortest.split('.');
  const digits = (sInt! + sFrac.padEnd(precision + 1, '0')).split('').map(Number);
  const keep = sInt!.length + precision;
  let carry = digits[keep]! >= 5 ? 1 : 0;
  const kept = digits.slice(0, keep);
  for (let i = kept.length - 1; i >= 0 && carry; i--) {
    kept[i] = kept[i]! + carry;
    carry = kept[i] === 10 ? 1 : 0;
    if (carry) kept[i] = 0;
  }
  const all = (carry ? '1' : '') + kept.join('');
  const intPart = all.slice(0, all.length - precision) || '0';
  const fracPart = all.slice(all.length - precision);
  return `${negative ? '-' : ''}${intPart}${precision > 0 ? `.${fracPart}` : ''}`;
}

function npe(): never {
  throw javaError('java.lang.NullPointerException', 'null argument');
}

function str(value: unknown): string | null | typeof NO_METHOD {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : NO_METHOD;
}

function stringMethod(s: string, name: string, args: unknown[]): unknown {
  const [a, b] = args;
  const n = args.length;
  switch (name) {
    case 'length':
      return n === 0 ? BigInt(s.length) : NO_METHOD;
    case 'isEmpty':
      return n === 0 ? s.length === 0 : NO_METHOD;
    case 'toString':
    case 'intern':
      return n === 0 ? s : NO_METHOD;
    case 'trim':
      return n === 0 ? javaTrim(s) : NO_METHOD;
    case 'toLowerCase':
    case 'toUpperCase':
      // toUpperCase(Locale): stepgate has no Locale values, so only null reaches it.
      if (n === 1 && (a === null || a === undefined)) npe();
      if (n !== 0) return NO_METHOD;
      return name === 'toLowerCase' ? s.toLowerCase() : s.toUpperCase();
    case 'equals':
      return n === 1 ? typeof a === 'string' && a === s : NO_METHOD;
    case 'equalsIgnoreCase':
      return n === 1 ? typeof a === 'string' && equalsIgnoreCase(s, a) : NO_METHOD;
    case 'hashCode':
      return n === 0 ? javaHashCode(s) : NO_METHOD;
    case 'isBlank':
      return n === 0 ? javaTrim(s).length === 0 && !/[^\s\u001c-\u001f]/.test(s) : NO_METHOD;
    case 'strip':
      return n === 0 ? s.replace(/^\s+|\s+$/g, '') : NO_METHOD;
    case 'stripLeading':
      return n === 0 ? s.replace(/^\s+/, '') : NO_METHOD;
    case 'stripTrailing':
      return n === 0 ? s.replace(/\s+$/, '') : NO_METHOD;
    case 'repeat': {
      const count = n === 1 ? intArg(a) : null;
      if (count === null) return NO_METHOD;
      if (count < 0)
        throw javaError('java.lang.IllegalArgumentException', `count is negative: ${count}`);
      return s.repeat(count);
    }
    case 'compareToIgnoreCase': {
      if (n !== 1) return NO_METHOD;
      const x = str(a);
      if (x === NO_METHOD) return NO_METHOD;
      if (x === null) npe();
      // String.CASE_INSENSITIVE_ORDER: char by char, upper then lower case.
      const fold = (c: string) => c.toUpperCase().toLowerCase();
      const len = Math.min(s.length, x.length);
      for (let i = 0; i < len; i++) {
        const p = fold(s[i]!).charCodeAt(0);
        const q = fold(x[i]!).charCodeAt(0);
        if (p !== q) return BigInt(p - q);
      }
      return BigInt(s.length - x.length);
    }
    case 'join': {
      // The static String.join(delimiter, Iterable) or join(delimiter, elements...).
      if (n < 1 || typeof a !== 'string') return NO_METHOD;
      const rest = args.slice(1);
      const items =
        n === 2 && (Array.isArray(b) || b instanceof Set) ? [...(b as Iterable<unknown>)] : rest;
      if (items.some((x) => x !== null && x !== undefined && typeof x !== 'string'))
        return NO_METHOD;
      return items.map((x) => (x === null || x === undefined ? 'null' : x)).join(a);
    }
    case 'format':
      // The static String.format(format, args...): %s %d %f %x %% %n, with width, `-` and precision.
      return n >= 1 && typeof a === 'string' ? javaFormat(a, args.slice(1)) : NO_METHOD;
    case 'valueOf':
      // The static String.valueOf(Object), called on an instance as Velocity allows.
      return n === 1 && a !== null && a !== undefined && !(a instanceof JavaArray)
        ? javaToString(a)
        : NO_METHOD;
    case 'contentEquals':
      return n === 1 && typeof a === 'string' ? a === s : NO_METHOD;
    case 'codePointAt': {
      const i = n === 1 ? intArg(a) : null;
      if (i === null) return NO_METHOD;
      if (i < 0 || i >= s.length)
        throw javaError(
          'java.lang.StringIndexOutOfBoundsException',
          `index ${i}, length ${s.length}`,
        );
      return BigInt(s.codePointAt(i)!);
    }
    case 'charAt': {
      const i = n === 1 ? intArg(a) : null;
      if (i === null) return NO_METHOD;
      if (i < 0 || i >= s.length)
        throw javaError(
          'java.lang.StringIndexOutOfBoundsException',
          `index ${i}, length ${s.length}`,
        );
      return new CharValue(s.charCodeAt(i));
    }
    case 'substring': {
      const begin = intArg(a);
      const end = n === 2 ? intArg(b) : s.length;
      if (begin === null || end === null || n > 2) return NO_METHOD;
      checkRange(s, begin, end);
      return s.slice(begin, end);
    }
    case 'indexOf':
    case 'lastIndexOf': {
      if (n < 1 || n > 2) return NO_METHOD;
      const from = n === 2 ? intArg(b) : null;
      if (n === 2 && from === null) return NO_METHOD;
      let needle: string;
      const code = intArg(a);
      if (code !== null) {
        // A value that is not a code point is never found (Java gives -1).
        if (code < 0 || code > 0x10ffff) return -1n;
        needle = String.fromCodePoint(code);
      } else {
        const x = str(a);
        if (x === NO_METHOD) return NO_METHOD;
        if (x === null) npe();
        needle = x;
      }
      if (name === 'indexOf')
        return BigInt(s.indexOf(needle, from === null ? 0 : Math.max(0, from)));
      return BigInt(
        from === null ? s.lastIndexOf(needle) : from < 0 ? -1 : s.lastIndexOf(needle, from),
      );
    }
    case 'contains':
    case 'startsWith':
    case 'endsWith':
    case 'concat':
    case 'matches':
    case 'compareTo': {
      if (n !== 1 && !(name === 'startsWith' && n === 2)) return NO_METHOD;
      // String.compareTo(Object), the bridge method of Comparable, casts its argument.
      if (name === 'compareTo') return javaCompareTo(s, a);
      const x = str(a);
      if (x === NO_METHOD) return NO_METHOD;
      if (x === null) npe();
      if (name === 'contains') return s.includes(x);
      if (name === 'startsWith') {
        if (n === 2) {
          const off = intArg(b);
          return off === null ? NO_METHOD : off >= 0 && s.startsWith(x, off);
        }
        return s.startsWith(x);
      }
      if (name === 'endsWith') return s.endsWith(x);
      if (name === 'concat') return s + x;
      return javaMatches(s, x);
    }
    case 'replace':
    case 'replaceAll':
    case 'replaceFirst': {
      if (n !== 2) return NO_METHOD;
      if (name === 'replace' && a instanceof CharValue && b instanceof CharValue)
        return s.split(a.toString()).join(b.toString()); // String.replace(char, char)
      const x = str(a);
      const y = str(b);
      if (x === NO_METHOD || y === NO_METHOD) return NO_METHOD;
      if (x === null || y === null) npe();
      if (name === 'replace') return s.split(x).join(y);
      return name === 'replaceAll' ? javaReplaceAll(s, x, y) : javaReplaceFirst(s, x, y);
    }
    case 'split': {
      if (n < 1 || n > 2) return NO_METHOD;
      const x = str(a);
      const limit = n === 2 ? intArg(b) : 0;
      if (x === NO_METHOD || limit === null) return NO_METHOD;
      if (x === null) npe();
      return JavaArray.from(javaSplit(s, x, limit));
    }
    case 'getBytes':
      return n === 0 ? stringBytes(s) : NO_METHOD;
    case 'toCharArray':
      return n === 0
        ? JavaArray.from({ length: s.length }, (_c, i) => new CharValue(s.charCodeAt(i)))
        : NO_METHOD;
  }
  return NO_METHOD;
}

function stringBytes(s: string): JavaArray {
  return JavaArray.from(
    javaUtf8Bytes(s),
    (b) => new IntegralValue('java.lang.Byte', BigInt(b > 127 ? b - 256 : b)),
  );
}

export function listIndex(list: unknown[], value: unknown): number {
  const i = intArg(value);
  if (i === null) return -2;
  if (i < 0 || i >= list.length)
    throw javaError(
      'java.lang.IndexOutOfBoundsException',
      `Index ${i} out of bounds for length ${list.length}`,
    );
  return i;
}

function listMethod(list: unknown[], name: string, args: unknown[]): unknown {
  const [a, b] = args;
  const n = args.length;
  const fixed = list instanceof JavaArray;
  const unsupported = () => {
    throw javaError('java.lang.UnsupportedOperationException', name);
  };
  switch (name) {
    case 'size':
      return n === 0 ? BigInt(list.length) : NO_METHOD;
    case 'isEmpty':
      return n === 0 ? list.length === 0 : NO_METHOD;
    case 'toString':
      return n === 0 ? javaToString(list) : NO_METHOD;
    case 'get': {
      if (n !== 1) return NO_METHOD;
      const i = listIndex(list, a);
      return i === -2 ? NO_METHOD : list[i];
    }
    case 'contains':
      return n === 1 ? list.some((x) => javaEquals(x, a)) : NO_METHOD;
    case 'indexOf':
      return n === 1 ? BigInt(list.findIndex((x) => javaEquals(x, a))) : NO_METHOD;
    case 'equals':
      return n === 1 ? javaEquals(list, a) : NO_METHOD;
    case 'add':
      if (fixed) unsupported();
      if (n === 1) {
        list.push(a);
        return true;
      }
      if (n === 2) {
        const i = intArg(a);
        if (i === null) return NO_METHOD;
        if (i < 0 || i > list.length)
          throw javaError(
            'java.lang.IndexOutOfBoundsException',
            `Index: ${i}, Size: ${list.length}`,
          );
        list.splice(i, 0, b);
        return null;
      }
      return NO_METHOD;
    case 'set': {
      if (n !== 2) return NO_METHOD;
      const i = listIndex(list, a);
      if (i === -2) return NO_METHOD;
      const old = list[i];
      list[i] = b;
      return old;
    }
    case 'remove': {
      if (n !== 1) return NO_METHOD;
      if (fixed) unsupported();
      if (intArg(a) !== null) {
        // remove(int) is more specific than remove(Object) for an Integer, Short or Byte.
        const i = listIndex(list, a);
        if (i === -2) return NO_METHOD;
        return list.splice(i, 1)[0];
      }
      const i = list.findIndex((x) => javaEquals(x, a));
      if (i >= 0) list.splice(i, 1);
      return i >= 0;
    }
    case 'addAll':
      if (fixed) unsupported();
      if (n === 1 && (Array.isArray(a) || a instanceof Set)) {
        list.push(...a);
        return [...a].length > 0;
      }
      return NO_METHOD;
    case 'clear':
      if (fixed) unsupported();
      list.length = 0;
      return null;
    case 'lastIndexOf': {
      if (n !== 1) return NO_METHOD;
      for (let i = list.length - 1; i >= 0; i--) if (javaEquals(list[i], a)) return BigInt(i);
      return -1n;
    }
    case 'sort':
      // List.sort(null): natural order (Comparable), as Collections.sort.
      if (n !== 1 || (a !== null && a !== undefined)) return NO_METHOD;
      if (fixed) unsupported();
      list.sort((x, y) => Number(javaCompareTo(x, y)));
      return null;
    case 'containsAll':
      return n === 1 && (Array.isArray(a) || a instanceof Set)
        ? [...a].every((x) => list.some((y) => javaEquals(x, y)))
        : NO_METHOD;
    case 'hashCode':
      return n === 0 ? javaHashCode(list) : NO_METHOD;
    case 'subList': {
      const from = intArg(a);
      const to = intArg(b);
      if (n !== 2 || from === null || to === null) return NO_METHOD;
      if (from < 0 || to > list.length || from > to)
        throw javaError('java.lang.IndexOutOfBoundsException', `fromIndex ${from}, toIndex ${to}`);
      return list.slice(from, to);
    }
  }
  return NO_METHOD;
}

function mapMethod(map: Map<unknown, unknown>, name: string, args: unknown[]): unknown {
  const [a, b] = args;
  const n = args.length;
  const key = (k: unknown) => mapKey(map, k);
  switch (name) {
    case 'getOrDefault':
      return n === 2 ? (map.has(key(a)) ? (map.get(key(a)) ?? null) : (b ?? null)) : NO_METHOD;
    case 'putIfAbsent': {
      if (n !== 2) return NO_METHOD;
      const old = map.get(key(a)) ?? null;
      if (old === null) map.set(key(a), b);
      return old;
    }
    case 'replace': {
      if (n !== 2) return NO_METHOD;
      if (!map.has(key(a))) return null;
      const old = map.get(key(a)) ?? null;
      map.set(key(a), b);
      return old;
    }
    case 'hashCode':
      return n === 0 ? javaHashCode(map) : NO_METHOD;
    case 'get':
      return n === 1 ? (map.get(key(a)) ?? null) : NO_METHOD;
    case 'containsKey':
      return n === 1 ? map.has(key(a)) : NO_METHOD;
    case 'containsValue':
      return n === 1 ? [...map.values()].some((v) => javaEquals(v, a)) : NO_METHOD;
    case 'put': {
      if (n !== 2) return NO_METHOD;
      const old = map.get(key(a)) ?? null;
      map.set(key(a), b);
      return old;
    }
    case 'putAll':
      if (n === 1 && a instanceof Map) {
        for (const [k, v] of a) map.set(k, v);
        return null;
      }
      return NO_METHOD;
    case 'remove': {
      if (n !== 1) return NO_METHOD;
      const old = map.get(key(a)) ?? null;
      map.delete(key(a));
      return old;
    }
    case 'size':
      return n === 0 ? BigInt(map.size) : NO_METHOD;
    case 'isEmpty':
      return n === 0 ? map.size === 0 : NO_METHOD;
    case 'keySet':
      return n === 0 ? mapView(map, new Set(map.keys()), 'LinkedKeySet') : NO_METHOD;
    case 'values':
      return n === 0 ? mapView(map, [...map.values()], 'LinkedValues') : NO_METHOD;
    case 'entrySet':
      return n === 0
        ? mapView(map, new Set([...map].map(([k, v]) => entryOf(map, k, v))), 'LinkedEntrySet')
        : NO_METHOD;
    case 'toString':
      return n === 0 ? javaToString(map) : NO_METHOD;
    case 'equals':
      return n === 1 ? javaEquals(map, a) : NO_METHOD;
    case 'clear':
      map.clear();
      return null;
  }
  return NO_METHOD;
}

/**
 * A method called on a java.lang.Class: Class's own, else (Velocity 1.7, VELOCITY-102) a static
 * method of the class it stands for (`$n.class.parseInt("5")`); an instance method of that
 * class throws IllegalArgumentException, since the Class is not an instance of it.
 */
function classMethod(target: JavaClassValue, name: string, args: unknown[]): unknown {
  if (args.length === 0) {
    if (name === 'getName' || name === 'getTypeName') return target.name;
    if (name === 'getSimpleName') return target.simpleName;
    if (name === 'toString') return target.toJavaString();
    // Java gives the Class's identity hash, which changes from run to run; stepgate gives the
    // hash of its name (a known difference).
    if (name === 'hashCode') return javaHashCode(target.name);
  }
  if (name === 'equals' && args.length === 1)
    return args[0] instanceof JavaClassValue && args[0].name === target.name;
  const method = javaMethodOf(target.name, name, args);
  if (!method) return NO_METHOD;
  if (!method.isStatic)
    throw javaError(
      'java.lang.IllegalArgumentException',
      'object is not an instance of declaring class',
    );
  const result = staticMethod(target.name, name, args);
  if (result === NO_METHOD)
    throw new UnsupportedFeatureError(
      `${method.signature} is a Java method stepgate's engine does not implement; API Gateway runs it`,
    );
  return result;
}

/** A static method of a JDK class, as the instance methods implement it. */
function staticMethod(javaClass: string, name: string, args: unknown[]): unknown {
  if (javaClass === 'java.lang.String') return stringMethod('', name, args);
  if (javaClass === 'java.lang.Character') return characterMethod(new CharValue(0), name, args);
  return staticNumberMethod(javaClass, name, args);
}

/** Map.Entry's methods (an entry of `entrySet()`). */
function entryMethod(entry: MapEntry, name: string, args: unknown[]): unknown {
  switch (`${name}/${args.length}`) {
    case 'getKey/0':
      return entry.key;
    case 'getValue/0':
      return entry.value;
    case 'setValue/1': {
      const old = entry.value;
      setEntryValue(entry, args[0]);
      return old;
    }
    case 'equals/1': {
      const other = args[0];
      return (
        other instanceof MapEntry &&
        javaEquals(entry.key, other.key) &&
        javaEquals(entry.value, other.value)
      );
    }
    case 'hashCode/0':
      return BigInt.asIntN(32, javaHashCode(entry.key) ^ javaHashCode(entry.value));
    case 'toString/0':
      return javaToString(entry);
  }
  return NO_METHOD;
}

export function callMethod(target: unknown, name: string, args: unknown[]): unknown {
  if (name === 'getClass' && args.length === 0 && classNameOf(target)) return classOf(target);
  if (target instanceof JavaClassValue) return classMethod(target, name, args);
  if (typeof target === 'string') return stringMethod(target, name, args);
  if (Array.isArray(target) || target instanceof Set) {
    const result = viewMethod(target, name, args);
    if (result !== NOT_A_VIEW_METHOD) return result;
  }
  if (Array.isArray(target)) return listMethod(target, name, args);
  if (target instanceof Map) return mapMethod(target, name, args);
  if (isHostObject(target)) return target.call(name, args);
  if (target instanceof Set) {
    switch (name) {
      case 'size':
        return BigInt(target.size);
      case 'isEmpty':
        return target.size === 0;
      case 'contains':
        return [...target].some((x) => javaEquals(x, args[0]));
      case 'toString':
        return javaToString(target);
    }
    return NO_METHOD;
  }
  if (target instanceof MapEntry) return entryMethod(target, name, args);
  if (target instanceof ForeachScope) {
    const result = target.method(name, args);
    return result === NO_SCOPE_METHOD ? mapMethod(target.storage, name, args) : result;
  }
  if (target instanceof BodyContent)
    return name === 'toString' && args.length === 0 ? target.toJavaString() : NO_METHOD;
  if (target instanceof ScopeInfo) {
    const result = target.method(name, args);
    return result === NO_SCOPE_METHOD ? NO_METHOD : result;
  }
  if (isNumber(target)) return numberMethod(target, name, args);
  if (target instanceof CharValue) return characterMethod(target, name, args);
  if (typeof target === 'boolean') {
    if (name === 'hashCode' && args.length === 0) return javaHashCode(target);
    if (name === 'compareTo' && args.length === 1) return javaCompareTo(target, args[0]);
    if (name === 'toString') return String(target);
    if (name === 'booleanValue') return target;
    if (name === 'equals') return target === args[0];
  }
  return NO_METHOD;
}

export function getProperty(target: unknown, name: string): unknown {
  if (name === 'class' && classNameOf(target)) return classOf(target);
  if (target instanceof JavaClassValue)
    return name === 'name' || name === 'typeName'
      ? target.name
      : name === 'simpleName'
        ? target.simpleName
        : null;
  if (target instanceof Map) return target.get(name) ?? null;
  if (typeof target === 'string') {
    if (name === 'empty') return target.length === 0;
    if (name === 'bytes') return stringBytes(target);
    return null;
  }
  if (Array.isArray(target) || target instanceof Set) {
    if (name === 'empty') return (Array.isArray(target) ? target.length : target.size) === 0;
    return null;
  }
  if (target instanceof MapEntry)
    return name === 'key' ? target.key : name === 'value' ? target.value : null;
  if (target instanceof ForeachScope || target instanceof ScopeInfo) return target.property(name);
  if (isHostObject(target)) return target.property(name);
  return null;
}

export function getIndex(target: unknown, rawIndex: unknown): unknown {
  const index = adjustedIndex(target, rawIndex);
  // `$m.class[k]` calls the represented class's instance method get(k) on the Class.
  if (target instanceof JavaClassValue) {
    const result = classMethod(target, 'get', [index]);
    return result === NO_METHOD ? null : result;
  }
  if (Array.isArray(target) && !isValuesView(target)) {
    const i = intArg(index);
    if (i === null) return null;
    if (i < 0 || i >= target.length)
      throw javaError(
        'java.lang.IndexOutOfBoundsException',
        `Index ${i} out of bounds for length ${target.length}`,
      );
    return target[i];
  }
  if (target instanceof Map) return target.get(mapKey(target, index)) ?? null;
  if (target instanceof ForeachScope) return target.get(index);
  return null;
}

/**
 * Velocity 1.7's ASTIndex.adjMinusIndexArg: a negative Integer index counts from the end
 * (`size()` plus the index, for lists, maps and sets alike); on a value without `size()` it
 * is an error.
 */
export function adjustedIndex(target: unknown, index: unknown): unknown {
  if (typeof index !== 'bigint' || index >= 0n) return index; // an Integer only
  const size = Array.isArray(target)
    ? target.length
    : target instanceof Map || target instanceof Set
      ? target.size
      : target instanceof ForeachScope
        ? target.storage.size
        : null;
  if (size === null)
    throw javaError(
      'org.apache.velocity.exception.VelocityException',
      `A 'size()' method required for negative value ${index} does not exist for class '${javaClassOf(target) ?? 'java.lang.Object'}'`,
    );
  return index + BigInt(size);
}

/** A java.lang.Class, as `$x.class` and `$x.getClass()` give it. */
class JavaClassValue {
  readonly javaClass = 'java.lang.Class';
  constructor(readonly name: string) {}
  /** Class.getSimpleName: without the package, and a nested class without its outer one. */
  get simpleName(): string {
    return this.name.slice(Math.max(this.name.lastIndexOf('.'), this.name.lastIndexOf('$')) + 1);
  }
  toJavaString(): string {
    return `class ${this.name}`;
  }
}

function classOf(value: unknown): JavaClassValue | null {
  const name = classNameOf(value);
  return name ? new JavaClassValue(name) : null;
}

/** The class `$x.class` names: a map's views and entries have theirs (LinkedHashMap$…). */
function classNameOf(value: unknown): string | null {
  return viewClassOf(value) ?? javaClassOf(value);
}
