/**
 * Velocity 1.7's operators on Java values: arithmetic and comparison as its MathUtils does them
 * (the calculation base and the result class follow the operands' classes, long arithmetic
 * widens to BigInteger on overflow), and `==` as ASTEQNode does it.
 */
import {
  BigDecimalValue,
  fitsInt,
  FloatValue,
  IntegralValue,
  JavaArray,
  JavaException,
  isNumber,
  javaEquals,
  javaToString,
  toDouble,
  type IntegralClass,
  type JavaNumber,
} from './java-values.js';

/** MathUtils' calculation bases. */
type Base = 'long' | 'float' | 'double' | 'bigInteger' | 'bigDecimal';

export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%';

/** Byte, Short, Integer, Long by size (MathUtils.typesBySize); the result takes the larger. */
const INTEGRAL_RANK: Record<string, number> = {
  'java.lang.Byte': 0,
  'java.lang.Short': 1,
  'java.lang.Integer': 2,
  'java.lang.Long': 3,
};

function integralClass(n: JavaNumber): string | null {
  if (typeof n === 'bigint') return 'java.lang.Integer';
  return n instanceof IntegralValue ? n.javaClass : null;
}

function calculationBase(a: JavaNumber, b: JavaNumber): Base {
  const aClass = integralClass(a);
  const bClass = integralClass(b);
  const aBig = aClass === 'java.math.BigInteger';
  const bBig = bClass === 'java.math.BigInteger';
  if (a instanceof BigDecimalValue || b instanceof BigDecimalValue) return 'bigDecimal';
  if (aClass && bClass) return aBig || bBig ? 'bigInteger' : 'long';
  if (aBig || bBig) return 'bigDecimal';
  if (typeof a === 'number' || typeof b === 'number') return 'double';
  return 'float';
}

/** Number.longValue() of a whole number (a BigInteger keeps its low 64 bits). */
function longValue(n: JavaNumber): bigint {
  if (typeof n === 'bigint') return n;
  return BigInt.asIntN(64, (n as IntegralValue).value);
}

function bigIntegerValue(n: JavaNumber): bigint {
  return typeof n === 'bigint' ? n : (n as IntegralValue).value;
}

function toBigDecimal(n: JavaNumber): BigDecimalValue {
  if (n instanceof BigDecimalValue) return n;
  if (n instanceof IntegralValue && n.javaClass === 'java.math.BigInteger')
    return new BigDecimalValue(n.value, 0);
  return BigDecimalValue.fromDouble(toDouble(n));
}

const RANGE: Record<string, readonly [bigint, bigint]> = {
  'java.lang.Byte': [-128n, 127n],
  'java.lang.Short': [-32768n, 32767n],
  'java.lang.Integer': [-(2n ** 31n), 2n ** 31n - 1n],
};

/** MathUtils.wrapPrimitive: the larger operand class, or a wider one when the value needs it. */
function wrapPrimitive(value: bigint, a: JavaNumber, b: JavaNumber): JavaNumber {
  const aClass = integralClass(a)!;
  const bClass = integralClass(b)!;
  let javaClass = INTEGRAL_RANK[aClass]! > INTEGRAL_RANK[bClass]! ? aClass : bClass;
  for (;;) {
    const range = RANGE[javaClass];
    if (!range) return new IntegralValue(javaClass as IntegralClass, value);
    if (value >= range[0] && value <= range[1])
      return javaClass === 'java.lang.Integer'
        ? value
        : new IntegralValue(javaClass as IntegralClass, value);
    javaClass =
      javaClass === 'java.lang.Byte'
        ? 'java.lang.Short'
        : javaClass === 'java.lang.Short'
          ? 'java.lang.Integer'
          : 'java.lang.Long';
  }
}

/** MathUtils.isZero. */
function isZero(n: JavaNumber): boolean {
  if (typeof n === 'bigint') return n === 0n;
  if (n instanceof IntegralValue) return n.value === 0n;
  if (n instanceof BigDecimalValue) return n.unscaled === 0n;
  return toDouble(n) === 0;
}

function bigInteger(value: bigint): IntegralValue {
  return new IntegralValue('java.math.BigInteger', value);
}

function longArithmetic(op: ArithmeticOperator, a: JavaNumber, b: JavaNumber): JavaNumber {
  const x = longValue(a);
  const y = longValue(b);
  const exact =
    op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : op === '/' ? x / y : x % y;
  const wrapped = BigInt.asIntN(64, exact);
  // + and - widen to BigInteger on overflow; * too, by MathUtils' test `result / l2 != l1`,
  // which misses Long.MIN_VALUE * -1; / overflows (Long.MIN_VALUE / -1) as Java's long does.
  const overflow =
    op === '*'
      ? y !== 0n && BigInt.asIntN(64, wrapped / y) !== x
      : wrapped !== exact && (op === '+' || op === '-');
  return overflow ? bigInteger(exact) : wrapPrimitive(wrapped, a, b);
}

function bigIntegerArithmetic(op: ArithmeticOperator, a: JavaNumber, b: JavaNumber): JavaNumber {
  const x = bigIntegerValue(a);
  const y = bigIntegerValue(b);
  switch (op) {
    case '+':
      return bigInteger(x + y);
    case '-':
      return bigInteger(x - y);
    case '*':
      return bigInteger(x * y);
    case '/':
      return bigInteger(x / y);
    default: {
      // BigInteger.mod: never negative, and only for a positive modulus.
      if (y <= 0n)
        throw new JavaException(
          'java.lang.ArithmeticException',
          'BigInteger: modulus not positive',
        );
      const r = x % y;
      return bigInteger(r < 0n ? r + y : r);
    }
  }
}

function floatingArithmetic(op: ArithmeticOperator, x: number, y: number): number {
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return x / y;
    default:
      return x % y;
  }
}

function bigDecimalArithmetic(op: ArithmeticOperator, a: JavaNumber, b: JavaNumber): JavaNumber {
  if (op === '%')
    throw new JavaException(
      'java.lang.ArithmeticException',
      'Cannot calculate the modulo of BigDecimals.',
    );
  const x = toBigDecimal(a);
  const y = toBigDecimal(b);
  if (op === '+') return x.add(y);
  if (op === '-') return x.subtract(y);
  if (op === '*') return x.multiply(y);
  return x.divideHalfDown(y);
}

/**
 * `a op b` as Velocity 1.7 computes it; null for a division or modulo by zero (Velocity logs
 * and gives null). Throws JavaException where MathUtils throws.
 */
export function velocityArithmetic(
  op: ArithmeticOperator,
  a: JavaNumber,
  b: JavaNumber,
): JavaNumber | null {
  if (typeof a === 'bigint' && typeof b === 'bigint') return integerArithmetic(op, a, b);
  if ((op === '/' || op === '%') && isZero(b)) return null;
  switch (calculationBase(a, b)) {
    case 'long':
      return longArithmetic(op, a, b);
    case 'bigInteger':
      return bigIntegerArithmetic(op, a, b);
    case 'double':
      return floatingArithmetic(op, toDouble(a), toDouble(b));
    case 'float':
      return new FloatValue(
        Math.fround(floatingArithmetic(op, Math.fround(toDouble(a)), Math.fround(toDouble(b)))),
      );
    case 'bigDecimal':
      return bigDecimalArithmetic(op, a, b);
  }
}

/**
 * Integer op Integer, the common case, without the general path: computed in long it never
 * overflows, and the result is an Integer when it fits, else a Long (MathUtils.wrapPrimitive).
 */
function integerArithmetic(op: ArithmeticOperator, x: bigint, y: bigint): JavaNumber | null {
  let result: bigint;
  switch (op) {
    case '+':
      result = x + y;
      break;
    case '-':
      result = x - y;
      break;
    case '*':
      result = x * y;
      break;
    default:
      if (y === 0n) return null;
      result = op === '/' ? x / y : x % y;
  }
  return fitsInt(result) ? result : new IntegralValue('java.lang.Long', result);
}

function sign(x: number | bigint): number {
  return x < 0 ? -1 : x > 0 ? 1 : 0;
}

/** MathUtils.compare: -1, 0 or 1 (0 when a double comparison involves NaN). */
export function velocityCompare(a: JavaNumber, b: JavaNumber): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  switch (calculationBase(a, b)) {
    case 'long':
      return sign(longValue(a) - longValue(b));
    case 'bigInteger':
      return sign(bigIntegerValue(a) - bigIntegerValue(b));
    case 'double':
      return sign(toDouble(a) - toDouble(b)) || 0;
    case 'float':
      return sign(Math.fround(toDouble(a)) - Math.fround(toDouble(b))) || 0;
    case 'bigDecimal':
      return toBigDecimal(a).compareTo(toBigDecimal(b));
  }
}

/** Whether `left.getClass()` and `right.getClass()` are one assignable from the other. */
function assignable(left: object | string | boolean, right: object | string | boolean): boolean {
  if (typeof left !== 'object' || typeof right !== 'object') return typeof left === typeof right;
  if (left instanceof Map && right instanceof Map) return true;
  if (Array.isArray(left) && Array.isArray(right))
    return (
      left.constructor === right.constructor ||
      (!(left instanceof JavaArray) && !(right instanceof JavaArray))
    );
  return Object.getPrototypeOf(left) === Object.getPrototypeOf(right);
}

/**
 * Velocity's `==` (ASTEQNode, 1.7): numbers by value whatever their classes, values of one
 * class by `equals`, anything else by `toString()` (so the Character `a` == the String "a").
 */
export function velocityEquals(left: unknown, right: unknown): boolean {
  if (left === null || left === undefined || right === null || right === undefined)
    return (left ?? null) === (right ?? null);
  if (isNumber(left) && isNumber(right)) return velocityCompare(left, right) === 0;
  if (assignable(left as object, right as object)) return javaEquals(left, right);
  return javaToString(left) === javaToString(right);
}
