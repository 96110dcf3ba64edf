import type {
  Expression,
  ForeachNode,
  IfBranch,
  IfNode,
  Macro,
  Program,
  Reference,
  ReferencePart,
  TemplateNode,
} from './ast.js';
import { integralOf } from './java-values.js';

/** A template that does not parse; `line` is 1-based. */
export class TemplateSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** A directive API Gateway (or stepgate) does not support: #include, #parse, #define, #evaluate. */
export class UnsupportedDirectiveError extends TemplateSyntaxError {}

const IDENT = /[a-zA-Z_][a-zA-Z0-9_-]*/y;
const DIRECTIVE = /#(?:\{([a-zA-Z][a-zA-Z0-9_]*)\}|([a-zA-Z][a-zA-Z0-9_]*))/y;
const BLOCK_DIRECTIVES = new Set(['if', 'foreach', 'macro', 'define']);
const KNOWN = new Set([
  'set',
  'if',
  'elseif',
  'else',
  'end',
  'foreach',
  'break',
  'stop',
  'macro',
  'include',
  'parse',
  'define',
  'evaluate',
]);
const WORD_OPS: Record<string, string> = {
  and: '&&',
  or: '||',
  eq: '==',
  ne: '!=',
  lt: '<',
  gt: '>',
  le: '<=',
  ge: '>=',
};

export function parseTemplate(text: string): Program {
  const parser = new Parser(text, 1, new Map());
  const nodes = parser.block(new Set());
  if (parser.pos < text.length) parser.fail(`unexpected #${parser.lastTerminator}`);
  return { nodes, macros: parser.macros };
}

/** The nodes of one block, and where its pending text starts. */
class BlockBuilder {
  readonly nodes: TemplateNode[] = [];
  constructor(
    private readonly text: string,
    public textStart: number,
  ) {}

  /** Adds the text from `textStart` to `end`. */
  flush(end: number): void {
    if (end > this.textStart) this.emit(this.text.slice(this.textStart, end));
  }

  emit(value: string): void {
    const last = this.nodes[this.nodes.length - 1];
    if (last?.type === 'Text') last.value += value;
    else this.nodes.push({ type: 'Text', value });
  }
}

class Parser {
  pos = 0;
  lastTerminator = '';
  private readonly lineStarts: number[] = [0];

  constructor(
    readonly text: string,
    readonly firstLine: number,
    readonly macros: Map<string, Macro>,
    /** False inside a double-quoted string, where a final `$` or `#` is text. */
    readonly topLevel = true,
  ) {
    for (let i = 0; i < text.length; i++)
      if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  line(pos = this.pos): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return this.firstLine + lo;
  }

  fail(message: string, pos = this.pos): never {
    throw new TemplateSyntaxError(this.line(pos), message);
  }

  /** Parses text and directives until one of `terminators` (#end, #else, #elseif) or the end. */
  block(terminators: ReadonlySet<string>): TemplateNode[] {
    const out = new BlockBuilder(this.text, this.pos);
    const special = /[$#\\]/g;
    for (;;) {
      special.lastIndex = this.pos;
      const m = special.exec(this.text);
      if (!m) {
        this.pos = this.text.length;
        out.flush(this.text.length);
        if (terminators.size > 0) this.fail('missing #end', this.text.length);
        return out.nodes;
      }
      const at = m.index;
      const done =
        m[0] === '\\'
          ? this.backslashes(at, out)
          : m[0] === '$'
            ? this.reference(at, out)
            : this.hash(at, out, terminators);
      if (done) return out.nodes;
    }
  }

  /** `\\$ref` (an escaped reference) or `\\#directive` (an escaped directive). */
  private backslashes(at: number, out: BlockBuilder): boolean {
    const t = this.text;
    let end = at;
    while (t[end] === '\\') end++;
    const count = end - at;
    if (t[end] === '$') {
      this.pos = end;
      const reference = this.tryRef();
      if (reference) {
        out.flush(at);
        out.nodes.push({ type: 'Reference', reference, escapes: count });
        out.textStart = this.pos;
        return false;
      }
    } else if (t[end] === '#') {
      DIRECTIVE.lastIndex = end;
      const d = DIRECTIVE.exec(t);
      const name = d ? (d[1] ?? d[2]!) : '';
      const text = name === 'set' && !this.parenthesisFollows(end + d![0].length);
      if (d && KNOWN.has(name) && !(text && count % 2 === 0)) {
        out.flush(at);
        out.emit('\\'.repeat(count >> 1));
        if (count % 2 === 1) {
          out.emit('#');
          this.pos = end + 1;
        } else this.pos = end;
        out.textStart = this.pos;
        return false;
      }
    }
    this.pos = end;
    return false;
  }

  /** `$name…`, or a `$` that is text. */
  private reference(at: number, out: BlockBuilder): boolean {
    const t = this.text;
    if (t.startsWith('$\\!', at)) return this.escapedBang(at, out);
    this.pos = at;
    const reference = this.tryRef();
    if (reference) {
      out.flush(at);
      out.nodes.push({ type: 'Reference', reference, escapes: 0 });
      out.textStart = this.pos;
      return false;
    }
    // Velocity 1.7's lexer: a `$` or `$!` that ends the template is an error.
    if (this.topLevel && (at + 1 === t.length || (t[at + 1] === '!' && at + 2 === t.length)))
      this.fail('a template cannot end with $', at);
    const bang = t[at + 1] === '!';
    const after = bang ? at + 2 : at + 1;
    if (this.directiveStartsAt(after)) {
      // A `$` or `$!` right before a directive or a `#*` comment disappears.
      out.flush(at);
      out.textStart = this.pos = after;
    } else if (bang && !this.keepsBang(after)) {
      // `$!` before anything but a reference, `{` or `##` prints `$` without the `!`.
      out.flush(at + 1);
      out.textStart = this.pos = after;
    } else this.pos = at + 1;
    return false;
  }

  /** Whether a directive (`#if`, `#{end}`, ` #set(`…) or a `#*` comment starts at `pos`. */
  private directiveStartsAt(pos: number): boolean {
    const t = this.text;
    let p = pos;
    while (t[p] === ' ' || t[p] === '\t') p++;
    if (p > pos) return /^#(?:set|\{set\})[ ]*\(/.test(t.slice(p, p + 40));
    if (t[p] !== '#') return false;
    if (t[p + 1] === '*') return true;
    DIRECTIVE.lastIndex = p;
    const d = DIRECTIVE.exec(t);
    if (!d) return false;
    const name = d[1] ?? d[2]!;
    return KNOWN.has(name) && (name !== 'set' || this.parenthesisFollows(p + d[0].length));
  }

  /** Whether `$!` keeps its `!` before `pos`: before a reference, `{` or a `##` comment. */
  private keepsBang(pos: number): boolean {
    const t = this.text;
    if (t[pos] === '{' || t.startsWith('##', pos)) return true;
    if (t[pos] !== '$') return false;
    return /^\$!?\{?[a-zA-Z_]/.test(t.slice(pos, pos + 4));
  }

  /**
   * `$\\!name` is a quiet reference whose name (`\\!name`) never resolves, so it prints nothing;
   * `$\\!` before anything else prints `$`.
   */
  private escapedBang(at: number, out: BlockBuilder): boolean {
    const t = this.text;
    if (this.topLevel && at + 3 === t.length) this.fail('a template cannot end with $\\!', at);
    this.pos = at + 1; // tryRef reads the `\` as the `$` and the `!` as the quiet mark
    const reference = this.tryRef();
    out.flush(at);
    if (reference) {
      const literal = t.slice(at, this.pos);
      out.nodes.push({
        type: 'Reference',
        reference: { ...reference, root: `\\!${reference.root}`, literal },
        escapes: 0,
      });
    } else {
      out.emit('$');
      this.pos = at + 3;
    }
    out.textStart = this.pos;
    return false;
  }

  /** `##`, `#*…*#`, `#[[…]]#`, a directive, a macro call, or a `#` that is text. */
  private hash(at: number, out: BlockBuilder, terminators: ReadonlySet<string>): boolean {
    const t = this.text;
    const next = t[at + 1];
    if (next === undefined && this.topLevel) this.fail('a template cannot end with #', at);
    if (next === '#') {
      out.flush(at);
      const nl = t.indexOf('\n', at);
      // Velocity 1.7's lexer fails on a last-line comment that ends with `#`.
      if (this.topLevel && nl < 0 && at + 2 < t.length && t.endsWith('#'))
        this.fail('a comment cannot end with #', at);
      this.pos = nl < 0 ? t.length : nl + 1;
      out.textStart = this.pos;
      return false;
    }
    if (next === '*') {
      out.flush(at);
      const end = t.indexOf('*#', at + 2);
      if (end < 0) this.fail('unterminated #* comment', at);
      this.pos = end + 2;
      out.textStart = this.pos;
      return false;
    }
    if (next === '[' && t[at + 2] === '[') {
      out.flush(at);
      const end = t.indexOf(']]#', at + 3);
      if (end < 0) this.fail('unterminated #[[ block', at);
      out.emit(t.slice(at + 3, end));
      this.pos = end + 3;
      out.textStart = this.pos;
      return false;
    }
    DIRECTIVE.lastIndex = at;
    const d = DIRECTIVE.exec(t);
    if (!d) {
      this.pos = at + 1;
      return false;
    }
    const name = d[1] ?? d[2]!;
    const afterName = at + d[0].length;
    if (terminators.has(name)) {
      out.flush(at);
      this.pos = afterName;
      this.lastTerminator = name;
      if (name !== 'elseif') this.gobbleNewline();
      return true;
    }
    if (name === 'end' || name === 'else' || name === 'elseif') {
      this.pos = afterName;
      this.fail(`#${name} without a matching #if${name === 'end' ? ' or #foreach' : ''}`, at);
    }
    const handled = this.directive(name, at, afterName, out);
    if (handled) out.textStart = this.pos;
    return false;
  }

  /** Parses the directive `#name` at `at`; false when it is text after all. */
  private directive(name: string, at: number, afterName: number, out: BlockBuilder): boolean {
    const line = this.line(at);
    switch (name) {
      case 'set':
        // `#set` without `(` is text (Velocity 1.7).
        if (!this.parenthesisFollows(afterName)) {
          this.pos = afterName;
          return false;
        }
        this.setDirective(at, afterName, line, out);
        return true;
      case 'if':
        out.flush(at);
        this.pos = afterName;
        out.nodes.push(this.ifDirective());
        return true;
      case 'foreach':
        out.flush(at);
        this.pos = afterName;
        out.nodes.push(this.foreachDirective(line));
        return true;
      case 'break':
      case 'stop':
        out.flush(at);
        this.pos = afterName;
        this.gobbleNewline();
        out.nodes.push({ type: name === 'break' ? 'Break' : 'Stop' });
        return true;
      case 'include':
      case 'parse':
        throw new UnsupportedDirectiveError(
          line,
          `#${name} is not supported in API Gateway mapping templates; inline the template instead`,
        );
      case 'define':
      case 'evaluate':
        throw new UnsupportedDirectiveError(
          line,
          `#${name} is not supported by stepgate's template engine`,
        );
      case 'macro':
        out.flush(at);
        this.pos = afterName;
        this.macroDirective();
        return true;
      default:
        return this.macroCall(name, at, afterName, line, out);
    }
  }

  /** Whether `(` follows at `pos`, after spaces. */
  private parenthesisFollows(pos: number): boolean {
    let p = pos;
    while (this.text[p] === ' ') p++;
    return this.text[p] === '(';
  }

  private setDirective(at: number, afterName: number, line: number, out: BlockBuilder): void {
    const t = this.text;
    // Velocity's #set token takes the spaces before it when they start a token (after a
    // reference, a directive, a comment or a directive's line break), not after text.
    let wsStart = at;
    while (wsStart > out.textStart && (t[wsStart - 1] === ' ' || t[wsStart - 1] === '\t'))
      wsStart--;
    out.flush(wsStart === out.textStart ? out.textStart : at);
    this.pos = afterName;
    this.open('set');
    this.skipWs();
    if (t[this.pos] !== '$') this.fail('#set needs a reference on the left of =');
    const target = this.tryRef();
    if (!target) this.fail('#set needs a reference on the left of =');
    this.skipWs();
    if (t[this.pos] !== '=') this.fail("#set: expected '='");
    this.pos++;
    const value = this.expr();
    this.close('set');
    this.gobbleNewline();
    out.nodes.push({ type: 'Set', target, value, line });
  }

  private ifDirective(): IfNode {
    const branches: IfBranch[] = [];
    let alternate: TemplateNode[] | null = null;
    let condition = this.condition('if');
    for (;;) {
      const body = this.block(new Set(['elseif', 'else', 'end']));
      branches.push({ condition, body });
      if (this.lastTerminator === 'elseif') {
        condition = this.condition('elseif');
        continue;
      }
      if (this.lastTerminator === 'else') alternate = this.block(new Set(['end']));
      return { type: 'If', branches, alternate };
    }
  }

  private foreachDirective(line: number): ForeachNode {
    const t = this.text;
    this.open('foreach');
    this.skipWs();
    if (t[this.pos] !== '$') this.fail('#foreach: expected $variable');
    const variable = this.tryRef();
    if (!variable || variable.parts.length > 0) this.fail('#foreach: expected $variable');
    this.skipWs();
    if (!t.startsWith('in', this.pos)) this.fail("#foreach: expected 'in'");
    this.pos += 2;
    // Velocity 1.7 iterates over one reference, list, range or map, not an expression.
    const iterable = this.parameter();
    this.close('foreach');
    this.gobbleNewline();
    const body = this.block(new Set(['end']));
    return { type: 'Foreach', variable: variable.root, iterable, body, line };
  }

  private macroDirective(): void {
    const t = this.text;
    this.open('macro');
    this.skipWs();
    IDENT.lastIndex = this.pos;
    const macroName = IDENT.exec(t)?.[0];
    if (!macroName) this.fail('#macro: expected a name');
    this.pos += macroName.length;
    const params: string[] = [];
    for (;;) {
      this.skipWs();
      if (t[this.pos] === ',') {
        this.pos++;
        continue;
      }
      if (t[this.pos] !== '$') break;
      const param = this.tryRef();
      if (!param || param.parts.length > 0) this.fail('#macro: expected $parameter');
      params.push(param.root);
    }
    this.close('macro');
    this.gobbleNewline();
    const body = this.block(new Set(['end']));
    this.macros.set(macroName, { params, body });
  }

  /** `#name(args)`: a macro call, or text that only looks like a directive (false). */
  private macroCall(
    name: string,
    at: number,
    afterName: number,
    line: number,
    out: BlockBuilder,
  ): boolean {
    const t = this.text;
    let p = afterName;
    while (t[p] === ' ' || t[p] === '\t') p++;
    if (t[p] !== '(' || BLOCK_DIRECTIVES.has(name)) {
      this.pos = afterName;
      return false;
    }
    out.flush(at);
    this.pos = p + 1;
    const args: Expression[] = [];
    for (;;) {
      this.skipWs();
      if (t[this.pos] === ')') {
        this.pos++;
        break;
      }
      if (t[this.pos] === ',') {
        this.pos++;
        continue;
      }
      if (this.pos >= t.length) this.fail(`#${name}: missing ')'`);
      args.push(this.parameter());
    }
    const literal = t.slice(at, this.pos);
    this.gobbleNewline();
    out.nodes.push({ type: 'MacroCall', name, arguments: args, literal, line });
    return true;
  }

  condition(name: string): Expression {
    this.open(name);
    const cond = this.expr();
    this.close(name);
    this.gobbleNewline();
    return cond;
  }

  open(name: string): void {
    while (this.text[this.pos] === ' ' || this.text[this.pos] === '\t') this.pos++;
    if (this.text[this.pos] !== '(') this.fail(`#${name}: expected '('`);
    this.pos++;
  }

  close(name: string): void {
    this.skipWs();
    if (this.text[this.pos] !== ')')
      this.fail(
        `#${name}: expected ')'${this.pos < this.text.length ? `, got '${this.text[this.pos]}'` : ''}`,
      );
    this.pos++;
  }

  /** A directive alone at the end of its line takes the line break with it. */
  gobbleNewline(): void {
    const m = /[ \t]*(\r?\n)/y;
    m.lastIndex = this.pos;
    const g = m.exec(this.text);
    if (g) this.pos += g[0].length;
  }

  skipWs(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.pos++;
      else if (c === 0x23 && t[this.pos + 1] === '#') {
        const nl = t.indexOf('\n', this.pos);
        this.pos = nl < 0 ? t.length : nl + 1;
      } else break;
    }
  }

  /** `$name`, `$!name`, `${name}`, `$!{name}` with `.prop`, `.method(args)` and `[index]`; null if not a reference. */
  tryRef(): Reference | null {
    const t = this.text;
    const start = this.pos;
    let p = start + 1;
    if (t[p] === '!') p++;
    const braced = t[p] === '{';
    if (braced) p++;
    IDENT.lastIndex = p;
    const root = IDENT.exec(t)?.[0];
    // `${` before `$` or `[` is an error in Velocity 1.7 (before anything else, text).
    if (!root && braced && /[$[]/.test(t[p] ?? '')) this.fail("expected a name after '${'", p);
    if (!root) return null;
    p += root.length;
    const parts: ReferencePart[] = [];
    const line = this.line(start);
    for (;;) {
      if (t[p] === '.' && /[a-zA-Z_]/.test(t[p + 1] ?? '')) {
        IDENT.lastIndex = p + 1;
        const name = IDENT.exec(t)![0];
        p += 1 + name.length;
        if (t[p] === '(') {
          this.pos = p + 1;
          const args: Expression[] = [];
          this.skipWs();
          if (t[this.pos] !== ')') {
            for (;;) {
              // Velocity 1.7 takes only literals, references, lists and maps as arguments.
              args.push(this.parameter());
              this.skipWs();
              if (t[this.pos] === ',') {
                this.pos++;
                continue;
              }
              if (t[this.pos] === ')') break;
              this.fail(`expected ',' or ')' in the arguments of ${name}()`);
            }
          }
          p = this.pos + 1;
          parts.push({ type: 'MethodCall', name, arguments: args });
        } else parts.push({ type: 'Property', name });
        continue;
      }
      if (t[p] === '[') {
        // Once `$name[` is read the index must follow (Velocity 1.7 fails otherwise).
        this.pos = p + 1;
        const index = this.parameter();
        this.skipWs();
        if (t[this.pos] !== ']') this.fail("expected ']' after the index");
        p = this.pos + 1;
        parts.push({ type: 'Index', index });
        continue;
      }
      break;
    }
    if (braced) {
      if (t[p] !== '}') this.fail("expected '}' to close ${…}", p);
      p++;
    }
    this.pos = p;
    return { root, parts, literal: t.slice(start, p), line };
  }

  expr(): Expression {
    return this.binary(0);
  }

  private static readonly LEVELS: string[][] = [
    ['||'],
    ['&&'],
    ['==', '!='],
    ['<', '<=', '>', '>='],
    ['+', '-'],
    ['*', '/', '%'],
  ];

  binary(level: number): Expression {
    if (level === Parser.LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      this.skipWs();
      const op = this.operator(Parser.LEVELS[level]!);
      if (!op) return left;
      const line = this.line();
      left = { type: 'Binary', operator: op, left, right: this.binary(level + 1), line };
    }
  }

  operator(ops: string[]): string | null {
    const t = this.text;
    const word = /[a-z]+/y;
    word.lastIndex = this.pos;
    const w = word.exec(t)?.[0];
    if (
      w &&
      WORD_OPS[w] &&
      ops.includes(WORD_OPS[w]) &&
      !/[a-zA-Z0-9_]/.test(t[this.pos + w.length] ?? '')
    ) {
      this.pos += w.length;
      return WORD_OPS[w];
    }
    for (const op of [...ops].sort((a, b) => b.length - a.length)) {
      if (t.startsWith(op, this.pos)) {
        // Velocity 1.7 lexes `-1` as a number, so `5 -1` is two numbers in a row (an error).
        if (op === '-' && /[0-9]/.test(t[this.pos + 1] ?? '')) return null;
        if (op === '<' && t[this.pos + 1] === '=') continue;
        if (op === '>' && t[this.pos + 1] === '=') continue;
        this.pos += op.length;
        return op;
      }
    }
    return null;
  }

  unary(): Expression {
    this.skipWs();
    const t = this.text;
    if (t[this.pos] === '!' && t[this.pos + 1] !== '=') {
      this.pos++;
      return { type: 'Not', argument: this.unary() };
    }
    if (t.startsWith('not', this.pos) && !/[a-zA-Z0-9_]/.test(t[this.pos + 3] ?? '')) {
      this.pos += 3;
      return { type: 'Not', argument: this.unary() };
    }
    return this.primary();
  }

  /**
   * A method, macro or #foreach argument, or an index: Velocity 1.7 takes only a literal, a
   * reference, a list, a range or a map there, never an operator or parentheses.
   */
  parameter(): Expression {
    this.skipWs();
    if (this.text[this.pos] === '(') this.fail("unexpected '(': arguments cannot be expressions");
    return this.primary();
  }

  primary(): Expression {
    this.skipWs();
    const t = this.text;
    switch (t[this.pos]) {
      case '(': {
        this.pos++;
        const inner = this.expr();
        this.skipWs();
        if (t[this.pos] !== ')') this.fail("expected ')'");
        this.pos++;
        return inner;
      }
      case '$': {
        const reference = this.tryRef();
        if (!reference) this.fail('invalid reference');
        return { type: 'Reference', reference };
      }
      case '"':
        return this.doubleQuoted();
      case "'":
        return this.singleQuoted();
      case '[':
        return this.listOrRange();
      case '{':
        return this.mapLiteral();
    }
    // Velocity 1.7's number literals: `5`, `-5`, `2.5`, `.5`, `5.` (not before `..`), `1e3`.
    const num = /-?(?:\d+(\.(?!\.)\d*)?|(\.)\d+)([eE][+-]?\d+)?/y;
    num.lastIndex = this.pos;
    const n = num.exec(t);
    if (n) {
      this.pos += n[0].length;
      return {
        type: 'Literal',
        value:
          n[1] === undefined && n[2] === undefined && n[3] === undefined
            ? integralOf(BigInt(n[0])) // ASTIntegerLiteral: Integer, else Long, else BigInteger
            : Number(n[0]),
      };
    }
    for (const [word, v] of [
      ['true', true],
      ['false', false],
    ] as const) {
      if (t.startsWith(word, this.pos) && !/[a-zA-Z0-9_]/.test(t[this.pos + word.length] ?? '')) {
        this.pos += word.length;
        return { type: 'Literal', value: v };
      }
    }
    if (this.pos >= t.length) this.fail('unexpected end of template');
    return this.fail(`unexpected '${t[this.pos]}'`);
  }

  singleQuoted(): Expression {
    const t = this.text;
    const start = this.pos;
    let out = '';
    this.pos++;
    for (;;) {
      const end = t.indexOf("'", this.pos);
      if (end < 0) this.fail('unterminated string', start);
      out += t.slice(this.pos, end);
      this.pos = end + 1;
      if (t[this.pos] !== "'") return { type: 'Literal', value: out };
      out += "'";
      this.pos++;
    }
  }

  /** `[a, b]` or `[from..to]`. */
  listOrRange(): Expression {
    const t = this.text;
    const start = this.pos;
    this.pos++;
    this.skipWs();
    if (t[this.pos] === ']') {
      this.pos++;
      return { type: 'List', elements: [] };
    }
    const first = this.expr();
    this.skipWs();
    if (t.startsWith('..', this.pos)) {
      this.pos += 2;
      const end = this.expr();
      this.skipWs();
      if (t[this.pos] !== ']') this.fail("expected ']'");
      this.pos++;
      return { type: 'Range', start: first, end, line: this.line(start) };
    }
    const elements = [first];
    for (;;) {
      this.skipWs();
      if (t[this.pos] === ']') {
        this.pos++;
        return { type: 'List', elements };
      }
      if (t[this.pos] !== ',') this.fail("expected ',' or ']' in a list");
      this.pos++;
      elements.push(this.expr());
    }
  }

  /** `{key: value, …}`. */
  mapLiteral(): Expression {
    const t = this.text;
    this.pos++;
    const entries: { key: Expression; value: Expression }[] = [];
    for (;;) {
      this.skipWs();
      if (t[this.pos] === '}') {
        this.pos++;
        return { type: 'Map', entries };
      }
      if (entries.length > 0) {
        if (t[this.pos] !== ',') this.fail("expected ',' or '}' in a map");
        this.pos++;
      }
      const key = this.expr();
      this.skipWs();
      if (t[this.pos] !== ':') this.fail("expected ':' in a map");
      this.pos++;
      entries.push({ key, value: this.expr() });
    }
  }

  doubleQuoted(): Expression {
    const t = this.text;
    const start = this.pos;
    let content = '';
    this.pos++;
    for (;;) {
      const end = t.indexOf('"', this.pos);
      if (end < 0) this.fail('unterminated string', start);
      content += t.slice(this.pos, end);
      this.pos = end + 1;
      if (t[this.pos] === '"') {
        content += '"';
        this.pos++;
        continue;
      }
      break;
    }
    if (!content.includes('$') && !content.includes('#'))
      return { type: 'Literal', value: content };
    const inner = new Parser(content, this.line(start), this.macros, false);
    const parts = inner.block(new Set());
    const only = parts[0];
    if (parts.length === 1 && only?.type === 'Text') return { type: 'Literal', value: only.value };
    return { type: 'Interpolation', parts };
  }
}
