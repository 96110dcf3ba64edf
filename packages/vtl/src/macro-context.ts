/**
 * Variables as Velocity 1.7 keeps them (velocimacro.context.localscope = false): one global
 * context, and inside a macro call a context of the call's own (ProxyVMContext) over the
 * caller's. A macro's parameter bound to a literal number or boolean holds its value; bound to
 * anything else (a reference, a string, a list, a map, a range) it is passed by name: the
 * argument is evaluated again, in the caller's context, each time the parameter is read.
 * `#set` in a macro writes the caller's variable too (so a global one), even for a parameter.
 * A loop's body with a null item sees its variables through a NullItemContext.
 */
import type { Expression } from './ast.js';

/** Where a template's variables live: Velocity's context (`put`/`get`/`remove`). */
export interface VariableContext {
  /** The variable's value; null or undefined when it has none. */
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  delete(name: string): void;
}

/** Evaluates an argument expression in a given context. */
export type ArgumentEvaluator = (argument: Expression, context: VariableContext) => unknown;

/** Velocity's isConstant: arguments evaluated once, when the macro is called. */
export function isConstantArgument(argument: Expression): boolean {
  return argument.type === 'Literal' && typeof argument.value !== 'string';
}

export class MacroContext implements VariableContext {
  private readonly local = new Map<string, unknown>();
  private readonly byName = new Map<string, Expression>();
  private readonly literals = new Map<string, string>();

  constructor(
    private readonly caller: VariableContext,
    private readonly evaluate: ArgumentEvaluator,
  ) {}

  /** Binds a parameter to an argument: its value if constant, else the argument itself. */
  bind(name: string, argument: Expression, literal: string): void {
    if (isConstantArgument(argument)) this.local.set(name, this.evaluate(argument, this.caller));
    else {
      this.byName.set(name, argument);
      this.literals.set(`$${name}`, literal);
    }
  }

  /**
   * What an escaped reference `\$name` prints when `$name` is a parameter passed by name in
   * this call or a calling one: the argument's source text (Velocity's `.literal.$name`).
   */
  argumentLiteral(referenceLiteral: string): string | undefined {
    return (
      this.literals.get(referenceLiteral) ??
      (this.caller instanceof MacroContext
        ? this.caller.argumentLiteral(referenceLiteral)
        : undefined)
    );
  }

  /** Binds a name to a value of the call's own (`$bodyContent`). */
  bindValue(name: string, value: unknown): void {
    this.local.set(name, value);
  }

  get(name: string): unknown {
    const own = this.local.get(name);
    if (own !== null && own !== undefined) return own;
    const argument = this.byName.get(name);
    if (argument) return this.evaluate(argument, this.caller);
    return this.caller.get(name);
  }

  set(name: string, value: unknown): void {
    this.local.set(name, value);
    this.caller.set(name, value);
  }

  delete(name: string): void {
    this.local.delete(name);
    this.byName.delete(name);
    this.caller.delete(name);
  }
}

/**
 * Foreach's NullHolderContext, the variables a loop's body sees while its item is null: the
 * loop variable reads null, even after a `#set` to it, until something removes it (an inner
 * loop over the same variable ending); a later null item of the same loop reuses it.
 */
export class NullItemContext implements VariableContext {
  private active = true;

  constructor(
    private readonly loop: VariableContext,
    private readonly variable: string,
  ) {}

  get(name: string): unknown {
    return this.active && name === this.variable ? null : this.loop.get(name);
  }

  set(name: string, value: unknown): void {
    if (name === this.variable && (value === null || value === undefined)) this.active = true;
    this.loop.set(name, value);
  }

  delete(name: string): void {
    if (name === this.variable) this.active = false;
    this.loop.delete(name);
  }
}
