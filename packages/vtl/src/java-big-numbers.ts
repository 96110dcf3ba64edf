/**
 * The arithmetic methods of java.math.BigInteger and java.math.BigDecimal (`$b.add($c)`,
 * `$d.setScale(2, 4)`, …). Their arguments are of their own class, as Java declares them: an
 * Integer is not a BigInteger (no method), null is a NullPointerException.
 */
import {
  BigDecimalValue,
  doubleToString,
  FloatValue,
  IntegralValue,
  JavaException,
  NO_METHOD,
  intParameter,
  javaLong,
} from './java-values.js';

function arithmetic(detail: string): never {
  throw new JavaException('java.lang.ArithmeticException', detail);
}

function npe(): never {
  throw new JavaException('java.lang.NullPointerException', 'null argument');
}

function bigInteger(value: bigint): IntegralValue {
  return new IntegralValue('java.math.BigInteger', value);
}

function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}

function sign(n: bigint): bigint {
  return n < 0n ? -1n : n > 0n ? 1n : 0n;
}

/** The BigInteger argument of a method, null for null, NO_METHOD for another class. */
function bigIntegerArgument(arg: unknown): bigint | null | typeof NO_METHOD {
  if (arg === null || arg === undefined) return null;
  return arg instanceof IntegralValue && arg.javaClass === 'java.math.BigInteger'
    ? arg.value
    : NO_METHOD;
}

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [abs(a), abs(b)];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** A method of java.math.BigInteger, or NO_METHOD. */
export function bigIntegerMethod(value: bigint, name: string, args: unknown[]): unknown {
  if (args.length === 0) {
    switch (name) {
      case 'abs':
        return bigInteger(abs(value));
      case 'negate':
        return bigInteger(-value);
      case 'not':
        return bigInteger(~value);
      case 'signum':
        return sign(value);
      case 'bitLength':
        return BigInt((value < 0n ? ~value : value).toString(2).replace(/^0$/, '').length);
      case 'intValueExact':
      case 'longValueExact': {
        const bits = name === 'intValueExact' ? 32 : 64;
        if (BigInt.asIntN(bits, value) !== value)
          arithmetic(`BigInteger out of ${bits === 32 ? 'int' : 'long'} range`);
        return bits === 32 ? value : javaLong(value);
      }
    }
    return NO_METHOD;
  }
  if (args.length !== 1) return NO_METHOD;
  const [arg] = args;
  if (name === 'valueOf') {
    const long = longParameter(arg);
    return long === null ? NO_METHOD : bigInteger(long);
  }
  const int = intParameter(arg);
  if (int !== null) {
    switch (name) {
      case 'pow':
        if (int < 0) arithmetic('Negative exponent');
        return bigInteger(value ** BigInt(int));
      case 'shiftLeft':
        return bigInteger(int >= 0 ? value << BigInt(int) : value >> BigInt(-int));
      case 'shiftRight':
        return bigInteger(int >= 0 ? value >> BigInt(int) : value << BigInt(-int));
      case 'testBit':
        if (int < 0) arithmetic('Negative bit address');
        return ((value >> BigInt(int)) & 1n) === 1n;
      case 'toString':
        return value.toString(int < 2 || int > 36 ? 10 : int);
    }
    return NO_METHOD;
  }
  const other = bigIntegerArgument(arg);
  if (other === NO_METHOD) return NO_METHOD;
  const binary: Record<string, ((x: bigint, y: bigint) => bigint) | undefined> = {
    add: (x, y) => x + y,
    subtract: (x, y) => x - y,
    multiply: (x, y) => x * y,
    divide: (x, y) => (y === 0n ? arithmetic('BigInteger divide by zero') : x / y),
    remainder: (x, y) => (y === 0n ? arithmetic('BigInteger divide by zero') : x % y),
    mod: (x, y) => (y <= 0n ? arithmetic('BigInteger: modulus not positive') : ((x % y) + y) % y),
    min: (x, y) => (x < y ? x : y),
    max: (x, y) => (x > y ? x : y),
    gcd,
    and: (x, y) => x & y,
    or: (x, y) => x | y,
    xor: (x, y) => x ^ y,
    andNot: (x, y) => x & ~y,
  };
  const operation = binary[name];
  if (!operation) return NO_METHOD;
  if (other === null) npe();
  return bigInteger(operation(value, other));
}

/** BigDecimal's rounding modes by their legacy int constants (ROUND_UP = 0, …). */
const ROUNDING_MODES = [
  'UP',
  'DOWN',
  'CEILING',
  'FLOOR',
  'HALF_UP',
  'HALF_DOWN',
  'HALF_EVEN',
  'UNNECESSARY',
] as const;
type RoundingMode = (typeof ROUNDING_MODES)[number];

function roundingMode(code: number): RoundingMode {
  const mode = ROUNDING_MODES[code];
  if (!mode) throw new JavaException('java.lang.IllegalArgumentException', 'argument out of range');
  return mode;
}

/** `num / den` rounded to a whole number by `mode`. */
function divideRounded(num: bigint, den: bigint, mode: RoundingMode): bigint {
  const quotient = num / den;
  const remainder = num % den;
  if (remainder === 0n) return quotient;
  const positive = num < 0n === den < 0n;
  const away = quotient + (positive ? 1n : -1n);
  const twice = 2n * abs(remainder);
  const half = twice === abs(den) ? 0 : twice > abs(den) ? 1 : -1;
  switch (mode) {
    case 'UP':
      return away;
    case 'DOWN':
      return quotient;
    case 'CEILING':
      return positive ? away : quotient;
    case 'FLOOR':
      return positive ? quotient : away;
    case 'HALF_UP':
      return half >= 0 ? away : quotient;
    case 'HALF_DOWN':
      return half > 0 ? away : quotient;
    case 'HALF_EVEN':
      return half > 0 || (half === 0 && quotient % 2n !== 0n) ? away : quotient;
    case 'UNNECESSARY':
      return arithmetic('Rounding necessary');
  }
}

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** `value` at `scale`, rounded by `mode` when digits are dropped. */
function setScale(value: BigDecimalValue, scale: number, mode: RoundingMode): BigDecimalValue {
  if (scale >= value.scale)
    return new BigDecimalValue(value.unscaled * pow10(scale - value.scale), scale);
  return new BigDecimalValue(
    divideRounded(value.unscaled, pow10(value.scale - scale), mode),
    scale,
  );
}

/** `a / b` at `scale`, rounded by `mode`. */
function divideAt(
  a: BigDecimalValue,
  b: BigDecimalValue,
  scale: number,
  mode: RoundingMode,
): BigDecimalValue {
  if (b.unscaled === 0n) arithmetic(a.unscaled === 0n ? 'Division undefined' : 'Division by zero');
  // a / b * 10^scale = ua * 10^(sb + scale - sa) / ub
  const shift = b.scale + scale - a.scale;
  const num = a.unscaled * pow10(Math.max(shift, 0));
  const den = b.unscaled * pow10(Math.max(-shift, 0));
  return new BigDecimalValue(divideRounded(num, den, mode), scale);
}

/** BigDecimal.divide(divisor): the exact quotient at the smallest scale ≥ the preferred one. */
function divideExact(a: BigDecimalValue, b: BigDecimalValue): BigDecimalValue {
  if (b.unscaled === 0n) arithmetic(a.unscaled === 0n ? 'Division undefined' : 'Division by zero');
  const common = gcd(a.unscaled, b.unscaled) || 1n;
  let p = a.unscaled / common;
  let r = b.unscaled / common;
  if (r < 0n) [p, r] = [-p, -r];
  let twos = 0;
  let fives = 0;
  let rest = r;
  while (rest % 2n === 0n) [rest, twos] = [rest / 2n, twos + 1];
  while (rest % 5n === 0n) [rest, fives] = [rest / 5n, fives + 1];
  if (rest !== 1n)
    arithmetic('Non-terminating decimal expansion; no exact representable decimal result.');
  const k = Math.max(twos, fives);
  return new BigDecimalValue((p * pow10(k)) / r, k + a.scale - b.scale);
}

/** BigDecimal.divideToIntegralValue: the truncated quotient, near the preferred scale. */
function divideToIntegralValue(a: BigDecimalValue, b: BigDecimalValue): BigDecimalValue {
  const preferred = a.scale - b.scale;
  let unscaled = divideAt(a, b, 0, 'DOWN').unscaled;
  if (unscaled === 0n) return new BigDecimalValue(0n, preferred);
  let scale = 0;
  while (scale > preferred && unscaled % 10n === 0n)
    [unscaled, scale] = [unscaled / 10n, scale - 1];
  const quotient = new BigDecimalValue(unscaled, scale);
  return scale < preferred ? setScale(quotient, preferred, 'UNNECESSARY') : quotient;
}

function stripTrailingZeros(value: BigDecimalValue): BigDecimalValue {
  if (value.unscaled === 0n) return new BigDecimalValue(0n, 0);
  let { unscaled, scale } = value;
  while (unscaled % 10n === 0n) [unscaled, scale] = [unscaled / 10n, scale - 1];
  return new BigDecimalValue(unscaled, scale);
}

function toPlainString(value: BigDecimalValue): string {
  const negative = value.unscaled < 0n;
  const digits = abs(value.unscaled).toString();
  let out: string;
  if (value.scale <= 0) out = digits + '0'.repeat(-value.scale);
  else if (digits.length > value.scale)
    out = `${digits.slice(0, digits.length - value.scale)}.${digits.slice(digits.length - value.scale)}`;
  else out = `0.${'0'.repeat(value.scale - digits.length)}${digits}`;
  return negative ? `-${out}` : out;
}

/** The value of an argument for a Java `long` parameter (a Long, Integer, Short or Byte). */
function longParameter(value: unknown): bigint | null {
  if (typeof value === 'bigint') return value;
  if (value instanceof IntegralValue && value.javaClass !== 'java.math.BigInteger')
    return value.value;
  return null;
}

/** The static BigDecimal.valueOf(long), valueOf(long, scale) and valueOf(double). */
function bigDecimalValueOf(args: unknown[]): unknown {
  const [a, b] = args;
  const long = longParameter(a);
  if (args.length === 2) {
    const scale = intParameter(b);
    return long === null || scale === null ? NO_METHOD : new BigDecimalValue(long, scale);
  }
  if (args.length !== 1) return NO_METHOD;
  if (long !== null) return new BigDecimalValue(long, 0);
  const d = typeof a === 'number' ? a : a instanceof FloatValue ? a.value : null;
  if (d === null) return NO_METHOD;
  if (!Number.isFinite(d))
    throw new JavaException('java.lang.NumberFormatException', 'Infinite or NaN');
  // new BigDecimal(Double.toString(d))
  return BigDecimalValue.parse(doubleToString(d));
}

/** `%.Nf` of a BigDecimal (java.util.Formatter): HALF_UP at N digits, never an exponent. */
export function bigDecimalFixed(value: BigDecimalValue, digits: number): string {
  return toPlainString(setScale(value, digits, 'HALF_UP'));
}

/** The BigDecimal argument of a method, null for null, NO_METHOD for another class. */
function bigDecimalArgument(arg: unknown): BigDecimalValue | null | typeof NO_METHOD {
  if (arg === null || arg === undefined) return null;
  return arg instanceof BigDecimalValue ? arg : NO_METHOD;
}

/** A method of java.math.BigDecimal, or NO_METHOD. */
export function bigDecimalMethod(value: BigDecimalValue, name: string, args: unknown[]): unknown {
  const n = args.length;
  if (n === 0) {
    switch (name) {
      case 'abs':
        return new BigDecimalValue(abs(value.unscaled), value.scale);
      case 'negate':
        return new BigDecimalValue(-value.unscaled, value.scale);
      case 'plus':
        return value;
      case 'signum':
        return sign(value.unscaled);
      case 'scale':
        return BigInt(value.scale);
      case 'precision':
        return BigInt(abs(value.unscaled).toString().length);
      case 'unscaledValue':
        return bigInteger(value.unscaled);
      case 'toBigInteger':
        return bigInteger(setScale(value, 0, 'DOWN').unscaled);
      case 'stripTrailingZeros':
        return stripTrailingZeros(value);
      case 'toPlainString':
        return toPlainString(value);
    }
    return NO_METHOD;
  }
  const [a, b, c] = args;
  if (name === 'valueOf') return bigDecimalValueOf(args);
  const ints = args.map(intParameter);
  if (ints.every((i) => i !== null)) {
    const [x, y] = ints as number[];
    if (n === 1) {
      switch (name) {
        case 'setScale':
          return setScale(value, x!, 'UNNECESSARY');
        case 'movePointLeft':
        case 'movePointRight': {
          const scale = value.scale + (name === 'movePointLeft' ? x! : -x!);
          const moved = new BigDecimalValue(value.unscaled, scale);
          return scale < 0 ? setScale(moved, 0, 'UNNECESSARY') : moved;
        }
        case 'scaleByPowerOfTen':
          return new BigDecimalValue(value.unscaled, value.scale - x!);
        case 'pow':
          if (x! < 0 || x! > 999999999) arithmetic('Invalid operation');
          return new BigDecimalValue(value.unscaled ** BigInt(x!), value.scale * x!);
      }
    }
    if (n === 2 && name === 'setScale') return setScale(value, x!, roundingMode(y!));
    return NO_METHOD;
  }
  const other = bigDecimalArgument(a);
  if (other === NO_METHOD) return NO_METHOD;
  if (n === 1) {
    const operation: Record<
      string,
      ((x: BigDecimalValue, y: BigDecimalValue) => unknown) | undefined
    > = {
      add: (x, y) => x.add(y),
      subtract: (x, y) => x.subtract(y),
      multiply: (x, y) => x.multiply(y),
      divide: divideExact,
      min: (x, y) => (x.compareTo(y) <= 0 ? x : y),
      max: (x, y) => (x.compareTo(y) >= 0 ? x : y),
      remainder: (x, y) => x.subtract(divideToIntegralValue(x, y).multiply(y)),
    };
    const f = operation[name];
    if (!f) return NO_METHOD;
    if (other === null) npe();
    return f(value, other);
  }
  if (name !== 'divide') return NO_METHOD;
  const second = intParameter(b);
  if (second === null) return NO_METHOD;
  if (other === null) npe();
  if (n === 2) return divideAt(value, other, value.scale, roundingMode(second));
  const third = n === 3 ? intParameter(c) : null;
  return third === null ? NO_METHOD : divideAt(value, other, second, roundingMode(third));
}
