/**
 * Which Java methods a template value has, from the JDK 17 table (jdk-methods.generated.ts,
 * written from `javap`). Used to tell "Java has this method, stepgate does not implement it"
 * (an error naming it) from "no such method" (null, as Velocity gives).
 */
import { JDK_METHODS } from './jdk-methods.generated.js';
import { FOREACH_SCOPE_CLASS, FOREACH_SCOPE_METHODS } from './foreach-scope.js';
import { javaClassOf } from './java-values.js';

export { javaClassOf };

/** One public method of a JDK class: its parameter types and whether it is static. */
interface Overload {
  readonly params: readonly string[];
  readonly isStatic: boolean;
}

let table: Map<string, Map<string, Overload[]>> | undefined;

function methods(javaClass: string): Map<string, Overload[]> | undefined {
  if (!table) {
    table = new Map();
    const classes = {
      ...JDK_METHODS,
      [FOREACH_SCOPE_CLASS]: [
        ...JDK_METHODS['java.util.LinkedHashMap']!.filter((m) => m !== 'clone()'),
        ...FOREACH_SCOPE_METHODS,
      ],
    };
    for (const [cls, signatures] of Object.entries(classes)) {
      const byName = new Map<string, Overload[]>();
      for (const entry of signatures) {
        const isStatic = entry.startsWith('static ');
        const signature = isStatic ? entry.slice('static '.length) : entry;
        const open = signature.indexOf('(');
        const name = signature.slice(0, open);
        const inner = signature.slice(open + 1, -1);
        const params = inner === '' ? [] : inner.split(',');
        byName.set(name, [...(byName.get(name) ?? []), { params, isStatic }]);
      }
      table.set(cls, byName);
    }
  }
  return table.get(javaClass);
}

/** The boxed classes a primitive parameter accepts (Velocity's isMethodInvocationConvertible). */
const PRIMITIVE_ACCEPTS: Record<string, readonly string[]> = {
  boolean: ['java.lang.Boolean'],
  char: ['java.lang.Character'],
  byte: ['java.lang.Byte'],
  short: ['java.lang.Short', 'java.lang.Byte'],
  int: ['java.lang.Integer', 'java.lang.Short', 'java.lang.Byte'],
  long: ['java.lang.Long', 'java.lang.Integer', 'java.lang.Short', 'java.lang.Byte'],
  float: [
    'java.lang.Float',
    'java.lang.Long',
    'java.lang.Integer',
    'java.lang.Short',
    'java.lang.Byte',
  ],
  double: [
    'java.lang.Double',
    'java.lang.Float',
    'java.lang.Long',
    'java.lang.Integer',
    'java.lang.Short',
    'java.lang.Byte',
  ],
};

const NUMBER_CLASSES = new Set([
  'java.lang.Integer',
  'java.lang.Long',
  'java.lang.Short',
  'java.lang.Byte',
  'java.lang.Float',
  'java.lang.Double',
  'java.math.BigInteger',
  'java.math.BigDecimal',
]);

/** Interfaces and superclasses a parameter may name, and the value classes they accept. */
function assignableTo(param: string, argClass: string): boolean {
  switch (param) {
    case 'java.lang.Number':
      return NUMBER_CLASSES.has(argClass);
    case 'java.lang.Comparable':
      return (
        NUMBER_CLASSES.has(argClass) ||
        argClass === 'java.lang.String' ||
        argClass === 'java.lang.Character' ||
        argClass === 'java.lang.Boolean'
      );
    case 'java.lang.CharSequence':
      return argClass === 'java.lang.String';
    case 'java.util.Collection':
    case 'java.lang.Iterable':
      return argClass !== 'java.util.LinkedHashMap' && argClass.startsWith('java.util.');
    case 'java.util.List':
      return argClass === 'java.util.ArrayList';
    case 'java.util.Map':
      return argClass === 'java.util.LinkedHashMap';
  }
  return false;
}

/** Whether Velocity 1.7 would pass `arg` for a parameter of type `param`. */
function accepts(param: string, arg: unknown): boolean {
  if (arg === null || arg === undefined) return !(param in PRIMITIVE_ACCEPTS);
  if (param === 'java.lang.Object' || param.endsWith('[]')) return true;
  const argClass = javaClassOf(arg);
  if (argClass === null) return false;
  const boxes = PRIMITIVE_ACCEPTS[param];
  if (boxes) return boxes.includes(argClass);
  return param === argClass || assignableTo(param, argClass);
}

/** A public method of a JDK 17 class that a call can reach. */
export interface JavaMethod {
  /** `java.lang.Integer.parseInt(java.lang.String)`. */
  readonly signature: string;
  readonly isStatic: boolean;
  readonly parameterCount: number;
}

/**
 * The public method `name` of the JDK 17 class `javaClass` that takes these arguments, or
 * null when it has none (then Velocity prints nothing).
 */
export function javaMethodOf(javaClass: string, name: string, args: unknown[]): JavaMethod | null {
  const overloads = methods(javaClass)?.get(name) ?? [];
  let match: Overload | undefined;
  for (const overload of overloads) {
    const { params } = overload;
    const applicable =
      // Velocity 1.7's MethodMap.isApplicable takes a method without parameters for any
      // number of arguments (invoking it then throws "wrong number of arguments").
      params.length === 0 ||
      ((params.length === args.length ||
        (params[params.length - 1]!.endsWith('[]') && args.length >= params.length - 1)) &&
        args.every((arg, i) => accepts(params[Math.min(i, params.length - 1)]!, arg)));
    // Of two applicable methods the one with more parameters is the more specific.
    if (applicable && (!match || params.length > match.params.length)) match = overload;
  }
  return match
    ? {
        signature: `${javaClass}.${name}(${match.params.join(', ')})`,
        isStatic: match.isStatic,
        parameterCount: match.params.length,
      }
    : null;
}

/** The method of the JDK 17 class of `target` that Velocity would call, else null. */
export function javaMethodFor(target: unknown, name: string, args: unknown[]): JavaMethod | null {
  const javaClass = javaClassOf(target);
  return javaClass ? javaMethodOf(javaClass, name, args) : null;
}

/**
 * Whether Velocity 1.7 would call a method without parameters with these arguments, which
 * Java's reflection then refuses with IllegalArgumentException ("wrong number of arguments").
 */
export function callsWithoutParameters(method: JavaMethod | null, args: unknown[]): boolean {
  return method !== null && method.parameterCount === 0 && args.length > 0;
}
