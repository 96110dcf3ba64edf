/** Walks a template's syntax tree. */
import type { Expression, Program, Reference, TemplateNode } from './ast.js';

/** Calls `visit` on every reference of the program, macros included. */
export function forEachReference(program: Program, visit: (ref: Reference) => void): void {
  const expression = (expr: Expression): void => {
    switch (expr.type) {
      case 'Reference':
        return reference(expr.reference);
      case 'Interpolation':
        return nodes(expr.parts);
      case 'List':
        return expr.elements.forEach(expression);
      case 'Map':
        return expr.entries.forEach(({ key, value }) => (expression(key), expression(value)));
      case 'Range':
        return (expression(expr.start), expression(expr.end));
      case 'Binary':
        return (expression(expr.left), expression(expr.right));
      case 'Not':
        return expression(expr.argument);
    }
  };
  const reference = (ref: Reference): void => {
    visit(ref);
    for (const part of ref.parts) {
      if (part.type === 'MethodCall') part.arguments.forEach(expression);
      else if (part.type === 'Index') expression(part.index);
    }
  };
  const nodes = (list: TemplateNode[]): void => {
    for (const node of list) {
      if (node.type === 'Reference') reference(node.reference);
      else if (node.type === 'Set') {
        reference(node.target);
        expression(node.value);
      } else if (node.type === 'If') {
        node.branches.forEach((b) => (expression(b.condition), nodes(b.body)));
        if (node.alternate) nodes(node.alternate);
      } else if (node.type === 'Foreach') {
        expression(node.iterable);
        nodes(node.body);
      } else if (node.type === 'MacroCall') {
        node.arguments.forEach(expression);
        if (node.body) nodes(node.body);
      } else if (node.type === 'Break' && node.scope) expression(node.scope);
      else if (node.type === 'Define') nodes(node.body);
      else if (node.type === 'Evaluate') expression(node.argument);
    }
  };
  nodes(program.nodes);
  for (const macro of program.macros.values()) nodes(macro.body);
}
