import type { Expr, Macro, Node, Part, Program, Ref } from './ast.js';

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

class Parser {
  pos = 0;
  lastTerminator = '';
  private readonly lineStarts: number[] = [0];

  constructor(
    readonly text: string,
    readonly firstLine: number,
    readonly macros: Map<string, Macro>,
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
  block(terminators: ReadonlySet<string>): Node[] {
    const nodes: Node[] = [];
    const t = this.text;
    let textStart = this.pos;
    const flush = (end: number) => {
      if (end > textStart) {
        const last = nodes[nodes.length - 1];
        if (last?.t === 'text') last.s += t.slice(textStart, end);
        else nodes.push({ t: 'text', s: t.slice(textStart, end) });
      }
    };
    const emit = (s: string) => {
      const last = nodes[nodes.length - 1];
      if (last?.t === 'text') last.s += s;
      else nodes.push({ t: 'text', s });
    };
    const special = /[$#\\]/g;
    for (;;) {
      special.lastIndex = this.pos;
      const m = special.exec(t);
      if (!m) {
        this.pos = t.length;
        flush(t.length);
        if (terminators.size > 0) this.fail('missing #end', t.length);
        return nodes;
      }
      const at = m.index;
      const c = m[0];
      if (c === '\\') {
        let end = at;
        while (t[end] === '\\') end++;
        const n = end - at;
        if (t[end] === '$') {
          this.pos = end;
          const ref = this.tryRef();
          if (ref) {
            flush(at);
            nodes.push({ t: 'ref', ref, escapes: n });
            textStart = this.pos;
            continue;
          }
        } else if (t[end] === '#') {
          DIRECTIVE.lastIndex = end;
          const d = DIRECTIVE.exec(t);
          if (d && KNOWN.has(d[1] ?? d[2]!)) {
            flush(at);
            emit('\\'.repeat(n >> 1));
            if (n % 2 === 1) {
              emit('#');
              this.pos = end + 1;
              textStart = this.pos;
            } else {
              this.pos = end;
              textStart = end;
            }
            continue;
          }
        }
        this.pos = end;
        continue;
      }
      if (c === '$') {
        this.pos = at;
        const ref = this.tryRef();
        if (ref) {
          flush(at);
          nodes.push({ t: 'ref', ref, escapes: 0 });
          textStart = this.pos;
        } else this.pos = at + 1;
        continue;
      }
      // '#'
      const next = t[at + 1];
      if (next === '#') {
        flush(at);
        const nl = t.indexOf('\n', at);
        this.pos = nl < 0 ? t.length : nl + 1;
        textStart = this.pos;
        continue;
      }
      if (next === '*') {
        flush(at);
        const end = t.indexOf('*#', at + 2);
        if (end < 0) this.fail('unterminated #* comment', at);
        this.pos = end + 2;
        textStart = this.pos;
        continue;
      }
      if (next === '[' && t[at + 2] === '[') {
        flush(at);
        const end = t.indexOf(']]#', at + 3);
        if (end < 0) this.fail('unterminated #[[ block', at);
        emit(t.slice(at + 3, end));
        this.pos = end + 3;
        textStart = this.pos;
        continue;
      }
      DIRECTIVE.lastIndex = at;
      const d = DIRECTIVE.exec(t);
      if (!d) {
        this.pos = at + 1;
        continue;
      }
      const name = d[1] ?? d[2]!;
      const afterName = at + d[0].length;
      if (terminators.has(name)) {
        flush(at);
        this.pos = afterName;
        this.lastTerminator = name;
        if (name !== 'elseif') this.gobbleNewline();
        return nodes;
      }
      if (name === 'end' || name === 'else' || name === 'elseif') {
        this.pos = afterName;
        this.fail(`#${name} without a matching #if${name === 'end' ? ' or #foreach' : ''}`, at);
      }
      const line = this.line(at);
      switch (name) {
        case 'set': {
          // Velocity's #set token takes the spaces before it when they start a token (after a
          // reference, a directive, a comment or a directive's line break), not after text.
          let wsStart = at;
          while (wsStart > textStart && (t[wsStart - 1] === ' ' || t[wsStart - 1] === '\t'))
            wsStart--;
          flush(wsStart === textStart ? textStart : at);
          this.pos = afterName;
          this.open(name);
          this.skipWs();
          if (t[this.pos] !== '$') this.fail('#set needs a reference on the left of =');
          const target = this.tryRef();
          if (!target) this.fail('#set needs a reference on the left of =');
          this.skipWs();
          if (t[this.pos] !== '=') this.fail("#set: expected '='");
          this.pos++;
          const value = this.expr();
          this.close(name);
          this.gobbleNewline();
          nodes.push({ t: 'set', target, value, line });
          break;
        }
        case 'if': {
          flush(at);
          this.pos = afterName;
          const branches: { cond: Expr; body: Node[] }[] = [];
          let otherwise: Node[] | null = null;
          let cond = this.condition(name);
          for (;;) {
            const body = this.block(new Set(['elseif', 'else', 'end']));
            branches.push({ cond, body });
            if (this.lastTerminator === 'elseif') {
              cond = this.condition('elseif');
              continue;
            }
            if (this.lastTerminator === 'else') {
              otherwise = this.block(new Set(['end']));
            }
            break;
          }
          nodes.push({ t: 'if', branches, otherwise });
          break;
        }
        case 'foreach': {
          flush(at);
          this.pos = afterName;
          this.open(name);
          this.skipWs();
          if (t[this.pos] !== '$') this.fail('#foreach: expected $variable');
          const v = this.tryRef();
          if (!v || v.parts.length > 0) this.fail('#foreach: expected $variable');
          this.skipWs();
          if (!t.startsWith('in', this.pos)) this.fail("#foreach: expected 'in'");
          this.pos += 2;
          const iter = this.expr();
          this.close(name);
          this.gobbleNewline();
          const body = this.block(new Set(['end']));
          nodes.push({ t: 'foreach', name: v.root, iter, body, line });
          break;
        }
        case 'break':
        case 'stop':
          flush(at);
          this.pos = afterName;
          this.gobbleNewline();
          nodes.push({ t: name });
          break;
        case 'include':
        case 'parse':
          throw new UnsupportedDirectiveError(
            this.line(at),
            `#${name} is not supported in API Gateway mapping templates; inline the template instead`,
          );
        case 'define':
        case 'evaluate':
          throw new UnsupportedDirectiveError(
            this.line(at),
            `#${name} is not supported by stepgate's template engine`,
          );
        case 'macro': {
          flush(at);
          this.pos = afterName;
          this.open(name);
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
            const p = this.tryRef();
            if (!p || p.parts.length > 0) this.fail('#macro: expected $parameter');
            params.push(p.root);
          }
          this.close(name);
          this.gobbleNewline();
          const body = this.block(new Set(['end']));
          this.macros.set(macroName, { params, body });
          break;
        }
        default: {
          // A macro call, or text that only looks like a directive.
          let p = afterName;
          while (t[p] === ' ' || t[p] === '\t') p++;
          if (t[p] !== '(' || BLOCK_DIRECTIVES.has(name)) {
            this.pos = afterName;
            continue;
          }
          flush(at);
          this.pos = p + 1;
          const args: Expr[] = [];
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
            args.push(this.primary());
          }
          const literal = t.slice(at, this.pos);
          this.gobbleNewline();
          nodes.push({ t: 'call', name, args, literal, line });
        }
      }
      textStart = this.pos;
    }
  }

  condition(name: string): Expr {
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
  tryRef(): Ref | null {
    const t = this.text;
    const start = this.pos;
    let p = start + 1;
    if (t[p] === '!') p++;
    const braced = t[p] === '{';
    if (braced) p++;
    IDENT.lastIndex = p;
    const root = IDENT.exec(t)?.[0];
    if (!root) return null;
    p += root.length;
    const parts: Part[] = [];
    const line = this.line(start);
    for (;;) {
      if (t[p] === '.' && /[a-zA-Z_]/.test(t[p + 1] ?? '')) {
        IDENT.lastIndex = p + 1;
        const name = IDENT.exec(t)![0];
        p += 1 + name.length;
        if (t[p] === '(') {
          this.pos = p + 1;
          const args: Expr[] = [];
          this.skipWs();
          if (t[this.pos] !== ')') {
            for (;;) {
              args.push(this.expr());
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
          parts.push({ k: 'call', name, args });
        } else parts.push({ k: 'prop', name });
        continue;
      }
      if (t[p] === '[') {
        this.pos = p + 1;
        const save = p;
        try {
          const expr = this.expr();
          this.skipWs();
          if (t[this.pos] !== ']') throw new TemplateSyntaxError(line, 'expected ]');
          p = this.pos + 1;
          parts.push({ k: 'index', expr });
          continue;
        } catch (error) {
          if (!(error instanceof TemplateSyntaxError)) throw error;
          p = save;
          break;
        }
      }
      break;
    }
    if (braced) {
      if (t[p] !== '}') return null;
      p++;
    }
    this.pos = p;
    return { root, parts, literal: t.slice(start, p), line };
  }

  expr(): Expr {
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

  binary(level: number): Expr {
    if (level === Parser.LEVELS.length) return this.unary();
    let l = this.binary(level + 1);
    for (;;) {
      this.skipWs();
      const op = this.operator(Parser.LEVELS[level]!);
      if (!op) return l;
      const line = this.line();
      l = { e: 'bin', op, l, r: this.binary(level + 1), line };
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
        if (op === '<' && t[this.pos + 1] === '=') continue;
        if (op === '>' && t[this.pos + 1] === '=') continue;
        this.pos += op.length;
        return op;
      }
    }
    return null;
  }

  unary(): Expr {
    this.skipWs();
    const t = this.text;
    if (t[this.pos] === '!' && t[this.pos + 1] !== '=') {
      this.pos++;
      return { e: 'not', x: this.unary() };
    }
    if (t.startsWith('not', this.pos) && !/[a-zA-Z0-9_]/.test(t[this.pos + 3] ?? '')) {
      this.pos += 3;
      return { e: 'not', x: this.unary() };
    }
    return this.primary();
  }

  primary(): Expr {
    this.skipWs();
    const t = this.text;
    const c = t[this.pos];
    const start = this.pos;
    switch (c) {
      case '(': {
        this.pos++;
        const inner = this.expr();
        this.skipWs();
        if (t[this.pos] !== ')') this.fail("expected ')'");
        this.pos++;
        return inner;
      }
      case '$': {
        const ref = this.tryRef();
        if (!ref) this.fail('invalid reference');
        return { e: 'ref', ref };
      }
      case '"':
        return this.doubleQuoted();
      case "'": {
        let out = '';
        this.pos++;
        for (;;) {
          const end = t.indexOf("'", this.pos);
          if (end < 0) this.fail('unterminated string', start);
          out += t.slice(this.pos, end);
          this.pos = end + 1;
          if (t[this.pos] === "'") {
            out += "'";
            this.pos++;
            continue;
          }
          return { e: 'lit', v: out };
        }
      }
      case '[': {
        this.pos++;
        this.skipWs();
        if (t[this.pos] === ']') {
          this.pos++;
          return { e: 'list', items: [] };
        }
        const first = this.expr();
        this.skipWs();
        if (t.startsWith('..', this.pos)) {
          this.pos += 2;
          const to = this.expr();
          this.skipWs();
          if (t[this.pos] !== ']') this.fail("expected ']'");
          this.pos++;
          return { e: 'range', from: first, to, line: this.line(start) };
        }
        const items = [first];
        for (;;) {
          this.skipWs();
          if (t[this.pos] === ']') {
            this.pos++;
            return { e: 'list', items };
          }
          if (t[this.pos] !== ',') this.fail("expected ',' or ']' in a list");
          this.pos++;
          items.push(this.expr());
        }
      }
      case '{': {
        this.pos++;
        const entries: [Expr, Expr][] = [];
        for (;;) {
          this.skipWs();
          if (t[this.pos] === '}') {
            this.pos++;
            return { e: 'map', entries };
          }
          if (entries.length > 0) {
            if (t[this.pos] !== ',') this.fail("expected ',' or '}' in a map");
            this.pos++;
          }
          const key = this.expr();
          this.skipWs();
          if (t[this.pos] !== ':') this.fail("expected ':' in a map");
          this.pos++;
          entries.push([key, this.expr()]);
        }
      }
    }
    const num = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;
    num.lastIndex = this.pos;
    const n = num.exec(t);
    if (n) {
      this.pos += n[0].length;
      return {
        e: 'lit',
        v: n[1] === undefined && n[2] === undefined ? BigInt(n[0]) : Number(n[0]),
      };
    }
    for (const [word, v] of [
      ['true', true],
      ['false', false],
    ] as const) {
      if (t.startsWith(word, this.pos) && !/[a-zA-Z0-9_]/.test(t[this.pos + word.length] ?? '')) {
        this.pos += word.length;
        return { e: 'lit', v };
      }
    }
    if (this.pos >= t.length) this.fail('unexpected end of template');
    return this.fail(`unexpected '${t[this.pos]}'`);
  }

  doubleQuoted(): Expr {
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
    if (!content.includes('$') && !content.includes('#')) return { e: 'lit', v: content };
    const inner = new Parser(content, this.line(start), this.macros);
    const parts = inner.block(new Set());
    if (parts.length === 1 && parts[0]!.t === 'text') return { e: 'lit', v: parts[0]!.s };
    return { e: 'str', parts };
  }
}
