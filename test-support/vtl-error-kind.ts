// The class of a template failure, on both engines, so differential tests compare a failure
// with a failure of the same class instead of counting any two failures as agreement.
import { TemplateError, type TemplateErrorKind } from '@stepgate/vtl';

export type FailureKind = TemplateErrorKind | 'other';

/**
 * Velocity's exception class (the oracle writes `String.valueOf(exception)`, which starts with
 * the class name) mapped to stepgate's kinds.
 */
const VELOCITY_EXCEPTIONS: Record<string, FailureKind> = {
  'org.apache.velocity.exception.ParseErrorException': 'parse',
  'org.apache.velocity.exception.TemplateInitException': 'parse',
  'org.apache.velocity.exception.MethodInvocationException': 'invocation',
  'org.apache.velocity.exception.MacroOverflowException': 'limit',
  // What Velocity throws when `$list[i]` (a `get` it invokes itself) fails.
  'org.apache.velocity.exception.VelocityException': 'invocation',
  // What Velocity's own arithmetic throws: BigInteger modulo by a negative, BigDecimal modulo.
  'java.lang.ArithmeticException': 'invocation',
  // A list or map changed while #foreach iterated it: Java's fail-fast iterator throws.
  'java.util.ConcurrentModificationException': 'invocation',
};

/** The kind of an oracle `{"error": "..."}` line, from the exception class it names. */
export function oracleFailureKind(error: string): FailureKind {
  const exceptionClass = /^[\w.$]+/.exec(error)?.[0] ?? '';
  return VELOCITY_EXCEPTIONS[exceptionClass] ?? 'other';
}

/** The kind of an error stepgate's engine threw. */
export function stepgateFailureKind(error: unknown): FailureKind {
  return error instanceof TemplateError ? error.kind : 'other';
}
