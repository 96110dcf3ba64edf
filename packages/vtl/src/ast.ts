/** The syntax tree of a Velocity 1.7 template (the subset API Gateway accepts). */

export type Part =
  | { k: 'prop'; name: string }
  | { k: 'call'; name: string; args: Expr[] }
  | { k: 'index'; expr: Expr };

export interface Ref {
  readonly root: string;
  readonly parts: Part[];
  /** The reference's source text (`$context.identity.apiKey`), which Velocity prints for a null `+` operand. */
  readonly literal: string;
  readonly line: number;
}

export type Node =
  | { t: 'text'; s: string }
  | { t: 'ref'; ref: Ref; escapes: number }
  | { t: 'set'; target: Ref; value: Expr; line: number }
  | { t: 'if'; branches: { cond: Expr; body: Node[] }[]; otherwise: Node[] | null }
  | { t: 'foreach'; name: string; iter: Expr; body: Node[]; line: number }
  | { t: 'break' }
  | { t: 'stop' }
  | { t: 'call'; name: string; args: Expr[]; literal: string; line: number };

export type Expr =
  | { e: 'lit'; v: unknown }
  | { e: 'str'; parts: Node[] }
  | { e: 'list'; items: Expr[] }
  | { e: 'range'; from: Expr; to: Expr; line: number }
  | { e: 'map'; entries: [Expr, Expr][] }
  | { e: 'ref'; ref: Ref }
  | { e: 'bin'; op: string; l: Expr; r: Expr; line: number }
  | { e: 'not'; x: Expr };

export interface Macro {
  readonly params: string[];
  readonly body: Node[];
}

export interface Program {
  readonly nodes: Node[];
  readonly macros: Map<string, Macro>;
}
