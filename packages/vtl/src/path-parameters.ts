import type { Program, ReferencePart } from './ast.js';
import { forEachReference } from './ast-walk.js';

/**
 * The path parameters a template reads by name: `$input.params().path.id`,
 * `$input.params().path.get('id')`, `$input.params().get('path').get('id')`, so a route can
 * refuse a template that reads a parameter its path lacks. (`$input.params('id')` also looks in
 * the query string and headers, so it does not count.)
 */
export function pathParametersRead(template: {
  readonly program: Program;
}): { name: string; line: number }[] {
  const found: { name: string; line: number }[] = [];
  forEachReference(template.program, (ref) => {
    const [params, path, parameter] = ref.parts;
    if (ref.root !== 'input' || params?.type !== 'MethodCall' || params.name !== 'params') return;
    if (params.arguments.length !== 0 || partName(path) !== 'path') return;
    const name = partName(parameter);
    if (name !== undefined) found.push({ name, line: ref.line });
  });
  return found;
}

/** `.name` or `.get('name')`: the name; anything else: undefined. */
function partName(part: ReferencePart | undefined): string | undefined {
  if (part?.type === 'Property') return part.name;
  if (part?.type !== 'MethodCall' || part.name !== 'get' || part.arguments.length !== 1)
    return undefined;
  const arg = part.arguments[0]!;
  if (arg.type === 'Literal') return typeof arg.value === 'string' ? arg.value : undefined;
  if (arg.type !== 'Interpolation') return undefined;
  if (arg.parts.length === 0) return '';
  const only = arg.parts[0]!;
  if (arg.parts.length !== 1 || only.type !== 'Text') return undefined;
  return arg.dropLast ? only.value.slice(0, -1) : only.value;
}
