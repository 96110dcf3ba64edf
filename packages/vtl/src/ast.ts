/**
 * The syntax tree of a Velocity 1.7 template (the subset API Gateway accepts). Nodes are tagged
 * by `type` and name their children as typescript-eslint's AST does (`left`, `right`, `body`).
 */

/** One step after a reference's root: `.name`, `.name(args)` or `[index]`. */
export type ReferencePart =
  | { readonly type: 'Property'; readonly name: string }
  | { readonly type: 'MethodCall'; readonly name: string; readonly arguments: Expression[] }
  | { readonly type: 'Index'; readonly index: Expression };

export interface Reference {
  readonly root: string;
  readonly parts: ReferencePart[];
  /** The reference's source text (`$context.identity.apiKey`), which Velocity prints for a null `+` operand. */
  readonly literal: string;
  readonly line: number;
}

export interface TextNode {
  readonly type: 'Text';
  value: string;
}
export interface ReferenceNode {
  readonly type: 'Reference';
  readonly reference: Reference;
  /** An odd number of backslashes before the `$`: the reference prints as its source text. */
  readonly escaped: boolean;
  /** Half the backslashes before the `$`, printed first. */
  readonly escapePrefix: string;
  /** What the lexer read before the last `$` of the first token (`$$a` prints `$` first). */
  readonly morePrefix: string;
}
export interface SetNode {
  readonly type: 'Set';
  readonly target: Reference;
  readonly value: Expression;
  readonly line: number;
}
export interface IfBranch {
  readonly condition: Expression;
  readonly body: TemplateNode[];
}
export interface IfNode {
  readonly type: 'If';
  readonly branches: IfBranch[];
  /** The `#else` body, or null without `#else`. */
  readonly alternate: TemplateNode[] | null;
}
export interface ForeachNode {
  readonly type: 'Foreach';
  readonly variable: string;
  readonly iterable: Expression;
  readonly body: TemplateNode[];
  readonly line: number;
  /** The column of its `#` (`$foreach.info` prints it). */
  readonly column: number;
}
export interface BreakNode {
  readonly type: 'Break';
  /** `#break($foreach.parent)`: the scope of the loop to end; without it, the nearest loop or macro. */
  readonly scope?: Expression;
  readonly line: number;
}
export interface StopNode {
  readonly type: 'Stop';
}
export interface MacroCallNode {
  readonly type: 'MacroCall';
  readonly name: string;
  readonly arguments: Expression[];
  /** Each argument's source text (Node.literal()), which an escaped parameter prints. */
  readonly argumentLiterals: string[];
  /** The call's source text, printed when no macro has that name. */
  readonly literal: string;
  readonly line: number;
  /** A block macro call's body (`#@name()…#end`). */
  readonly body?: TemplateNode[];
}

/** `#define($name)…#end`: `$name` renders the block where it is printed. */
export interface DefineNode {
  readonly type: 'Define';
  /** The first argument's text without its first character, or null without one argument. */
  readonly name: string | null;
  readonly body: TemplateNode[];
  readonly line: number;
}
/** `#evaluate($text)`: the value parsed and rendered as a template, here. */
export interface EvaluateNode {
  readonly type: 'Evaluate';
  readonly argument: Expression;
  readonly line: number;
}

export type TemplateNode =
  | TextNode
  | ReferenceNode
  | SetNode
  | IfNode
  | ForeachNode
  | BreakNode
  | StopNode
  | MacroCallNode
  | DefineNode
  | EvaluateNode;

export interface LiteralExpression {
  readonly type: 'Literal';
  readonly value: unknown;
}
/** A double-quoted string with references or directives inside (`"a$b"`). */
export interface InterpolationExpression {
  readonly type: 'Interpolation';
  readonly parts: TemplateNode[];
  /** Velocity renders the text with a space appended and drops the last character. */
  readonly dropLast: boolean;
}
export interface ListExpression {
  readonly type: 'List';
  readonly elements: Expression[];
}
export interface RangeExpression {
  readonly type: 'Range';
  readonly start: Expression;
  readonly end: Expression;
  readonly line: number;
}
export interface MapExpression {
  readonly type: 'Map';
  readonly entries: { readonly key: Expression; readonly value: Expression }[];
}
export interface ReferenceExpression {
  readonly type: 'Reference';
  readonly reference: Reference;
}
export interface BinaryExpression {
  readonly type: 'Binary';
  readonly operator: string;
  readonly left: Expression;
  readonly right: Expression;
  readonly line: number;
}
export interface NotExpression {
  readonly type: 'Not';
  readonly argument: Expression;
}

export type Expression =
  | LiteralExpression
  | InterpolationExpression
  | ListExpression
  | RangeExpression
  | MapExpression
  | ReferenceExpression
  | BinaryExpression
  | NotExpression;

export interface Macro {
  readonly params: string[];
  readonly body: TemplateNode[];
}

export interface Program {
  readonly nodes: TemplateNode[];
  readonly macros: Map<string, Macro>;
  /** An error Velocity throws when it initialises the template, before rendering. */
  readonly initError?: { readonly line: number; readonly message: string };
}
