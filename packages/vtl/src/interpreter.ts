import type {
  BinaryExpression,
  BreakNode,
  DefineNode,
  EvaluateNode,
  Expression,
  ForeachNode,
  IfNode,
  Macro,
  MacroCallNode,
  Program,
  RangeExpression,
  Reference,
  ReferenceNode,
  TemplateNode,
} from './ast.js';
import {
  isNumber,
  JavaException,
  javaToString,
  mapKey,
  MapEntry,
  NO_METHOD,
} from './java-values.js';
import { callsWithoutParameters, javaMethodFor } from './java-methods.js';
import {
  velocityArithmetic,
  velocityCompare,
  velocityEquals,
  type ArithmeticOperator,
} from './velocity-operators.js';
import { LimitExceededError, RenderBudget } from './limits.js';
import { ForeachScope, StopSignal } from './foreach-scope.js';
import {
  collectionSize,
  ConcurrentModificationError,
  javaIterator,
  noteMethodCall,
  setEntryValue,
  refreshView,
  type JavaIterator,
} from './iteration.js';
import { MacroContext, NullItemContext, type VariableContext } from './macro-context.js';
import { parseTemplate, TemplateSyntaxError, UnsupportedDirectiveError } from './parser.js';
import { integerRange, rangeItems } from './ranges.js';
import { BODY_REFERENCE, BodyContent } from './body-content.js';

import {
  RenderError,
  UnknownFunctionError,
  UnsupportedFeatureError,
  UnsupportedMethodError,
} from './render-errors.js';
import {
  adjustedIndex,
  callMethod,
  getIndex,
  getProperty,
  javaError,
  listIndex,
  truthy,
} from './java-library.js';

/** directive.define.max.depth: how deep a #define block may render itself. */
const DEFINE_MAX_DEPTH = 2;

const evaluatedPrograms = new Map<string, Program>();

/** The program of an `#evaluate` text, parsed once per text; parse errors carry its line. */
function evaluatedProgram(source: string, line: number): Program {
  let program = evaluatedPrograms.get(source);
  if (!program) {
    try {
      program = parseTemplate(source);
    } catch (error) {
      if (error instanceof TemplateSyntaxError) {
        const Class =
          error instanceof UnsupportedDirectiveError
            ? UnsupportedDirectiveError
            : TemplateSyntaxError;
        throw new Class(line, error.message);
      }
      throw error;
    }
    if (evaluatedPrograms.size >= 256) evaluatedPrograms.clear();
    evaluatedPrograms.set(source, program);
  }
  return program;
}

/** Renders a parsed template against variables; errors carry the template line. */
export class Interpreter {
  private readonly out: string[] = [];
  /** Engine limits (limits.ts): the hooks below are this class's only use of them. */
  private readonly budget = new RenderBudget();
  /** The variables in scope: the template's, or a macro call's (macro-context.ts). */
  private vars: VariableContext;
  /** The macros known to this render: the template's, and those an #evaluate defines. */
  private readonly macros: Map<string, Macro>;

  constructor(
    private readonly program: Program,
    vars: VariableContext,
  ) {
    this.vars = vars;
    this.macros = new Map(program.macros);
  }

  run(): string {
    const { initError } = this.program;
    if (initError) throw new RenderError(initError.line, initError.message);
    try {
      this.block(this.program.nodes, this.out);
    } catch (error) {
      // #stop, and #break outside any #foreach or macro call, end the template (Velocity 1.7).
      if (!(error instanceof StopSignal)) throw error;
    }
    return this.out.join('');
  }

  private block(nodes: TemplateNode[], out: string[]): void {
    for (const node of nodes) this.node(node, out);
  }

  private node(node: TemplateNode, out: string[]): void {
    this.budget.step('line' in node ? node.line : undefined);
    switch (node.type) {
      case 'Text':
        this.budget.write(node.value.length, undefined);
        out.push(node.value);
        return;
      case 'Reference':
        this.renderRef(node, out);
        return;
      case 'Set':
        this.set(node.target, this.expr(node.value), node.line);
        return;
      case 'If':
        this.ifDirective(node, out);
        return;
      case 'Foreach':
        this.foreach(node, out);
        return;
      case 'Break':
        throw this.breakSignal(node);
      case 'Stop':
        throw StopSignal.template();
      case 'MacroCall':
        this.macroCall(node, out);
        return;
      case 'Define':
        this.define(node);
        return;
      case 'Evaluate':
        this.evaluate(node, out);
        return;
    }
  }

  /** Define.render: `$name` becomes a Block.Reference to the body (at most 2 levels deep). */
  private define(node: DefineNode): void {
    if (node.name === null)
      throw new RenderError(node.line, '#define: parameter missing: block name');
    this.vars.set(
      node.name,
      new BodyContent(
        node.body,
        this.vars,
        (body, variables) => this.renderBody(body, variables),
        DEFINE_MAX_DEPTH,
      ),
    );
  }

  /**
   * Evaluate.render: the argument's text parsed as a template and rendered here, in the same
   * context (`#set` is seen afterwards); its macros join the template's (the first definition
   * wins). A `#break` or `#stop` ends only the evaluated text, a `#break($foreach)` the loop.
   */
  private evaluate(node: EvaluateNode, out: string[]): void {
    const value = this.expr(node.argument);
    const source = value === null || value === undefined ? '' : javaToString(value);
    const program = evaluatedProgram(source, node.line);
    if (program.initError) throw new RenderError(node.line, program.initError.message);
    for (const [name, macro] of program.macros)
      if (!this.macros.has(name)) this.macros.set(name, macro);
    try {
      this.block(program.nodes, out);
    } catch (error) {
      if (!(error instanceof StopSignal && error.loop === null)) throw error;
    }
  }

  private ifDirective(node: IfNode, out: string[]): void {
    for (const branch of node.branches) {
      if (this.condition(branch.condition)) {
        this.block(branch.body, out);
        return;
      }
    }
    if (node.alternate) this.block(node.alternate, out);
  }

  /** `#break` ends the nearest loop or macro call; `#break($scope)` the scope's loop. */
  private breakSignal(node: BreakNode): StopSignal {
    if (node.scope === undefined) return StopSignal.nearest();
    const scope = this.expr(node.scope);
    if (scope instanceof ForeachScope) return StopSignal.loop(scope.owner);
    throw new RenderError(
      node.line,
      `#break: ${literalOf(node.scope) || 'its argument'} is not a valid org.apache.velocity.runtime.directive.Scope instance`,
    );
  }

  /** Runs `run` with `context`'s variables in scope. */
  private withVariables<T>(context: VariableContext, run: () => T): T {
    const saved = this.vars;
    this.vars = context;
    try {
      return run();
    } finally {
      this.vars = saved;
    }
  }

  /** Renders `nodes`; a #break for the nearest loop or macro ends them (RuntimeMacro, Block). */
  private blockEndedByBreak(nodes: TemplateNode[], out: string[]): void {
    try {
      this.block(nodes, out);
    } catch (error) {
      if (!(error instanceof StopSignal && error.endsMacro)) throw error;
    }
  }

  private macroCall(node: MacroCallNode, out: string[]): void {
    const macro = this.macros.get(node.name);
    if (!macro) {
      out.push(node.literal);
      return;
    }
    const context = this.macroContext(node, macro);
    try {
      this.budget.enterMacro(node.line);
      this.withVariables(context, () => this.blockEndedByBreak(macro.body, out));
    } finally {
      this.budget.leaveMacro();
    }
  }

  /** The call's variables: its parameters bound to its arguments, and `$bodyContent`. */
  private macroContext(node: MacroCallNode, macro: Macro): MacroContext {
    const context = new MacroContext(this.vars, (argument, caller) =>
      this.withVariables(caller, () => this.expr(argument)),
    );
    // Parameters without an argument stay unbound: they read the caller's variable.
    macro.params.forEach((param, i) => {
      const argument = node.arguments[i];
      if (argument) context.bind(param, argument, node.argumentLiterals[i]!);
    });
    if (node.body) {
      const body = new BodyContent(node.body, this.vars, (content, variables) =>
        this.renderBody(content, variables),
      );
      context.bindValue(BODY_REFERENCE, body);
    }
    return context;
  }

  /** A block macro call's body, rendered with `variables` (Block.render). */
  private renderBody(content: BodyContent, variables: VariableContext): string {
    const out: string[] = [];
    this.withVariables(variables, () => this.blockEndedByBreak(content.body, out));
    return out.join('');
  }

  /**
   * Velocity 1.7's Foreach.render: the loop variable, `$velocityCount` and `$velocityHasNext`
   * are restored afterwards, and `$foreach` becomes the enclosing loop's scope again (or what
   * it held before).
   */
  private foreach(node: ForeachNode, out: string[]): void {
    const items = javaIterator(this.expr(node.iterable));
    if (!items) return;
    const saved = [node.variable, 'velocityCount', 'velocityHasNext'].map(
      (name) => [name, this.vars.get(name)] as const,
    );
    const scope = new ForeachScope(node, this.vars.get('foreach'));
    this.vars.set('foreach', scope);
    try {
      this.iterate(node, items, scope, out);
    } catch (error) {
      // A #break or #stop for an outer loop cleans up on its way (Foreach.clean).
      if (error instanceof StopSignal) this.endLoop(node, saved);
      throw error;
    }
    this.endLoop(node, saved);
  }

  /** Foreach.clean: the saved variables come back, then `$foreach` (Directive.postRender). */
  private endLoop(node: ForeachNode, saved: readonly (readonly [string, unknown])[]): void {
    for (const [name, value] of saved) this.restore(name, value);
    this.leaveScope(node.line);
  }

  private iterate(
    node: ForeachNode,
    items: JavaIterator,
    scope: ForeachScope,
    out: string[],
  ): void {
    let nullItem: NullItemContext | undefined;
    for (let i = 0; items.hasNext(); i++) {
      this.budget.iteration(i, node.line);
      this.vars.set('velocityCount', BigInt(i + 1));
      const item = this.nextItem(items, node.line);
      scope.index++;
      scope.hasNext = items.hasNext();
      this.vars.set('velocityHasNext', scope.hasNext);
      this.vars.set(node.variable, item);
      // A null item is rendered with Foreach's NullHolderContext (one per loop).
      const variables =
        item === null ? (nullItem ??= new NullItemContext(this.vars, node.variable)) : this.vars;
      try {
        this.withVariables(variables, () => this.block(node.body, out));
      } catch (error) {
        if (error instanceof StopSignal && error.endsLoop(node)) return;
        throw error;
      }
    }
  }

  private nextItem(items: JavaIterator, line: number): unknown {
    try {
      return items.next();
    } catch (error) {
      if (error instanceof ConcurrentModificationError)
        throw new RenderError(
          line,
          `#foreach: ${error.message} (the list or map changed while the loop ran)`,
        );
      throw error;
    }
  }

  /** Sets a variable, or removes it for null (Velocity cannot hold null). */
  private restore(name: string, value: unknown): void {
    if (value === null || value === undefined) this.vars.delete(name);
    else this.vars.set(name, value);
  }

  /** Directive.postRender: `$foreach` goes back to the parent scope or what it replaced. */
  private leaveScope(line: number): void {
    const current = this.vars.get('foreach');
    // Velocity 1.7 crashes when `$foreach` is gone (a loop variable named `$foreach`).
    if (current === null || current === undefined)
      throw new RenderError(
        line,
        '#foreach: java.lang.NullPointerException: $foreach was removed during the loop (a loop variable named $foreach?)',
      );
    // A `#set($foreach = …)` inside the loop is kept.
    if (!(current instanceof ForeachScope)) return;
    this.restore('foreach', current.parent ?? current.replaced);
  }

  /** ASTReference.render, with API Gateway's null printed as "". */
  private renderRef(node: ReferenceNode, out: string[]): void {
    const ref = node.reference;
    const value = this.ref(ref);
    if (node.escaped) {
      const literal = this.nullString(ref);
      out.push(node.escapePrefix);
      out.push(value === null || value === undefined ? `\\${literal}` : literal);
      return;
    }
    // A Renderable ($bodyContent) renders itself, with the variables where it is printed
    // and without the reference's prefixes.
    if (value instanceof BodyContent) {
      const rendered = value.renderWith(this.vars);
      if (rendered !== null) {
        this.budget.write(rendered.length, ref.line);
        out.push(rendered);
        return;
      }
    }
    const text = this.referenceText(value);
    if (text === null) {
      // A toString() that gives null: Velocity prints the reference's text.
      const quiet = ref.literal.startsWith('$!');
      out.push(
        node.escapePrefix,
        node.escapePrefix,
        node.morePrefix,
        quiet ? '' : this.nullString(ref),
      );
      return;
    }
    this.budget.text(text.length, ref.line);
    this.budget.write(text.length, ref.line);
    out.push(node.escapePrefix, node.morePrefix, text);
  }

  /** The value's toString() as a reference prints it ("" for null, API Gateway's rule). */
  private referenceText(value: unknown): string | null {
    if (value === null || value === undefined) return '';
    return value instanceof BodyContent ? value.renderWith(value.caller) : javaToString(value);
  }

  /** ASTReference.getNullString: the reference's text, or a by-name macro argument's. */
  private nullString(ref: Reference): string {
    return (
      (this.vars instanceof MacroContext && this.vars.argumentLiteral(ref.literal)) || ref.literal
    );
  }

  private set(target: Reference, value: unknown, line: number): void {
    if (value === null || value === undefined) return; // Velocity 1.7 leaves the variable as it was
    if (target.parts.length === 0) {
      // Velocity 1.7 names the variable after the token's text: `#set(${a} = 1)` sets `{a}`
      // and `#set($!a = 1)` sets `!a`, which no reference can read.
      if (/^\$[!{]/.test(target.literal)) return;
      this.vars.set(target.root, value);
      return;
    }
    const holder = this.walk(target, target.parts.length - 1);
    if (holder === null || holder === undefined) return;
    const last = target.parts[target.parts.length - 1]!;
    try {
      if (last.type === 'Property') {
        if (holder instanceof Map) holder.set(last.name, value);
        else if (holder instanceof ForeachScope) holder.put(last.name, value);
        else if (holder instanceof MapEntry && last.name === 'value') setEntryValue(holder, value);
      } else if (last.type === 'Index') {
        // As in `$a[-1]`, a negative index counts from the end (Velocity's ASTIndex).
        const key = adjustedIndex(holder, this.expr(last.index));
        if (holder instanceof Map) holder.set(mapKey(holder, key), value);
        else if (holder instanceof ForeachScope) holder.put(key, value);
        else if (Array.isArray(holder)) {
          const i = listIndex(holder, key);
          if (i >= 0) holder[i] = value;
        }
      }
    } catch (error) {
      throw new RenderError(line, (error as Error).message);
    }
  }

  private ref(ref: Reference): unknown {
    return this.walk(ref, ref.parts.length);
  }

  /** Evaluates the reference's root and its first `count` parts. */
  private walk(ref: Reference, count: number): unknown {
    let value: unknown = this.vars.get(ref.root) ?? null;
    for (let i = 0; i < count; i++) {
      if (value === null) return null;
      refreshView(value);
      const part = ref.parts[i]!;
      try {
        if (part.type === 'Property') value = getProperty(value, part.name);
        else if (part.type === 'Index') value = getIndex(value, this.expr(part.index));
        else {
          const args = part.arguments.map((a) => this.expr(a));
          const method = args.length > 0 ? javaMethodFor(value, part.name, args) : undefined;
          if (method && callsWithoutParameters(method, args))
            throw javaError('java.lang.IllegalArgumentException', 'wrong number of arguments');
          const sizeBefore = collectionSize(value);
          const result = callMethod(value, part.name, args);
          if (result !== NO_METHOD) noteMethodCall(value, part.name, sizeBefore);
          if (result === NO_METHOD) {
            const javaMethod =
              method === undefined ? javaMethodFor(value, part.name, args) : method;
            if (javaMethod)
              throw new UnsupportedMethodError(
                ref.line,
                `${ref.literal}: ${javaMethod.signature} is a Java method stepgate's engine does not implement; API Gateway runs it`,
              );
          }
          value = result === NO_METHOD ? null : result;
        }
      } catch (error) {
        if (error instanceof RenderError || error instanceof LimitExceededError) throw error;
        if (error instanceof UnknownFunctionError) throw new RenderError(ref.line, error.message);
        if (error instanceof UnsupportedFeatureError)
          throw new UnsupportedMethodError(ref.line, `${ref.literal}: ${error.message}`);
        const partText =
          part.type === 'MethodCall'
            ? `${part.name}()`
            : part.type === 'Property'
              ? part.name
              : '[]';
        throw new RenderError(
          ref.line,
          `${ref.literal}: ${partText} threw ${(error as Error).message}`,
        );
      }
      if (value === undefined) value = null;
      if (typeof value === 'string') this.budget.text(value.length, ref.line);
    }
    refreshView(value);
    return value;
  }

  private expr(expr: Expression): unknown {
    this.budget.step('line' in expr ? expr.line : undefined);
    switch (expr.type) {
      case 'Literal':
        return expr.value;
      case 'Reference':
        return this.ref(expr.reference);
      case 'Interpolation': {
        const out: string[] = [];
        this.block(expr.parts, out);
        const rendered = out.join('');
        const text = expr.dropLast ? rendered.slice(0, -1) : rendered;
        this.budget.text(text.length, undefined);
        return text;
      }
      case 'List':
        return expr.elements.map((element) => this.expr(element));
      case 'Map': {
        const map = new Map<unknown, unknown>();
        for (const { key, value } of expr.entries)
          map.set(mapKey(map, this.expr(key)), this.expr(value));
        return map;
      }
      case 'Range':
        return this.range(expr);
      case 'Not':
        return !this.condition(expr.argument);
      case 'Binary':
        return this.binary(expr);
    }
  }

  private range(expr: RangeExpression): bigint[] | null {
    const range = integerRange(this.expr(expr.start), this.expr(expr.end));
    if (range === null) return null;
    this.budget.step(expr.line, range.count);
    return rangeItems(range);
  }

  /**
   * Velocity 1.7's Node.evaluate: a reference is true unless null or false; comparisons and
   * logical operators give their result; any other literal or arithmetic is false.
   */
  private condition(expr: Expression): boolean {
    switch (expr.type) {
      case 'Reference':
        return truthy(this.ref(expr.reference));
      case 'Literal':
        return expr.value === true;
      case 'Not':
        return !this.condition(expr.argument);
      case 'Binary':
        // Arithmetic is false without being evaluated (SimpleNode.evaluate).
        if (['+', '-', '*', '/', '%'].includes(expr.operator)) return false;
        return this.binary(expr) === true;
      default:
        // Strings, lists, maps and ranges too: nothing inside them is evaluated.
        return false;
    }
  }

  private binary(expr: BinaryExpression): unknown {
    const op = expr.operator;
    if (op === '&&') return this.condition(expr.left) && this.condition(expr.right);
    if (op === '||') return this.condition(expr.left) || this.condition(expr.right);
    const l = this.expr(expr.left);
    const r = this.expr(expr.right);
    try {
      return binaryOperation(expr, l, r);
    } catch (error) {
      // Velocity's own arithmetic throws too (BigInteger modulo, BigDecimal modulo).
      if (error instanceof JavaException) throw new RenderError(expr.line, error.message);
      throw error;
    }
  }
}

/** `l op r` for the comparison, `+` and arithmetic operators, as Velocity 1.7 evaluates them. */
function binaryOperation(expr: BinaryExpression, l: unknown, r: unknown): unknown {
  const op = expr.operator;
  switch (op) {
    case '==':
      return velocityEquals(l, r);
    case '!=':
      return !velocityEquals(l, r);
    case '<':
    case '<=':
    case '>':
    case '>=': {
      if (!isNumber(l) || !isNumber(r)) return false;
      const c = velocityCompare(l, r);
      return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
    }
  }
  if (op === '+' && (typeof l === 'string' || typeof r === 'string')) {
    const left = l === null || l === undefined ? literalOf(expr.left) : javaToString(l);
    const right = r === null || r === undefined ? literalOf(expr.right) : javaToString(r);
    return left + right;
  }
  if (!isNumber(l) || !isNumber(r)) return null;
  return velocityArithmetic(op as ArithmeticOperator, l, r);
}

function literalOf(expr: Expression): string {
  return expr.type === 'Reference' ? expr.reference.literal : '';
}
