/**
 * Which Java methods a template value has, from the JDK 17 table (jdk-methods.generated.ts,
 * written from `javap`). Used to tell "Java has this method, stepgate does not implement it"
 * (an error naming it) from "no such method" (null, as Velocity gives).
 */
import { JDK_METHODS } from './jdk-methods.generated.js';
import { javaClassOf } from './java-values.js';

export { javaClassOf };

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
