/**
 * Velocity 1.7's parser, rebuilt from its grammar (Parser.jjt) with JavaCC's semantics: one
 * token of lookahead unless the grammar asks for more, syntactic lookahead that scans ahead
 * (fetching tokens, so the lexer's state at that moment decides them, as in Velocity), and the
 * parser's own nudges to the lexer (`#foo` switches it to DIRECTIVE, `#set(…)` clears inSet).
 * It builds stepgate's syntax tree directly, with what Velocity's nodes compute when they are
 * initialised: a text node's special tokens, a reference's escapes and prefixes, a directive's
 * literal text.
 */
import type {
  Expression,
  IfBranch,
  IfNode,
  Macro,
  Program,
  Reference,
  ReferencePart,
  TemplateNode,
} from './ast.js';
import { floatLiteralValue, integerLiteralValue } from './java-values.js';
import { Kind, LexicalError, State, TokenManager, type Token } from './velocity-lexer.js';

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

/** Velocity 1.7's directives (directive.properties) and whether each takes a body. */
const DIRECTIVES: ReadonlyMap<string, 'line' | 'block'> = new Map([
  ['foreach', 'block'],
  ['include', 'line'],
  ['parse', 'line'],
  ['macro', 'block'],
  ['literal', 'block'],
  ['evaluate', 'line'],
  ['break', 'line'],
  ['define', 'block'],
  ['stop', 'line'],
]);

export function parseTemplate(text: string, firstLine = 1): Program {
  const parser = new Parser(text, firstLine, new Map());
  try {
    const nodes = parser.process();
    const { initError } = parser;
    if (initError?.kind === 'parse')
      throw new TemplateSyntaxError(initError.line, initError.message);
    return {
      nodes,
      macros: parser.macros,
      ...(initError ? { initError: { line: initError.line, message: initError.message } } : {}),
    };
  } catch (error) {
    if (error instanceof LexicalError) throw new TemplateSyntaxError(error.line, error.message);
    throw error;
  }
}

interface InitError {
  readonly kind: 'parse' | 'render';
  readonly line: number;
  readonly message: string;
}

/** Thrown by a lookahead scan once it has matched as many tokens as it was asked for. */
class LookaheadSuccess {}
const LOOKAHEAD_SUCCESS = new LookaheadSuccess();

const STATEMENT_START = new Set<Kind>([
  Kind.LPAREN,
  Kind.RPAREN,
  Kind.ESCAPE_DIRECTIVE,
  Kind.SET_DIRECTIVE,
  Kind.SINGLE_LINE_COMMENT_START,
  Kind.DOUBLE_ESCAPE,
  Kind.ESCAPE,
  Kind.TEXT,
  Kind.FORMAL_COMMENT,
  Kind.MULTI_LINE_COMMENT,
  Kind.TEXTBLOCK,
  Kind.STRING_LITERAL,
  Kind.IF_DIRECTIVE,
  Kind.INTEGER_LITERAL,
  Kind.FLOATING_POINT_LITERAL,
  Kind.WORD,
  Kind.BRACKETED_WORD,
  Kind.IDENTIFIER,
  Kind.DOT,
  Kind.LCURLY,
  Kind.RCURLY,
  Kind.EMPTY_INDEX,
]);

const TEXT_TOKENS = new Set<Kind>([
  Kind.TEXT,
  Kind.DOT,
  Kind.RPAREN,
  Kind.LPAREN,
  Kind.INTEGER_LITERAL,
  Kind.FLOATING_POINT_LITERAL,
  Kind.STRING_LITERAL,
  Kind.ESCAPE,
  Kind.LCURLY,
  Kind.RCURLY,
  Kind.EMPTY_INDEX,
]);

const PARAMETER_START = new Set<Kind>([
  Kind.WHITESPACE,
  Kind.STRING_LITERAL,
  Kind.INTEGER_LITERAL,
  Kind.LBRACKET,
  Kind.LEFT_CURLEY,
  Kind.TRUE,
  Kind.FALSE,
  Kind.IDENTIFIER,
  Kind.LCURLY,
  Kind.FLOATING_POINT_LITERAL,
]);

const BINARY_OPERATORS: ReadonlyMap<Kind, string> = new Map([
  [Kind.LOGICAL_OR, '||'],
  [Kind.LOGICAL_AND, '&&'],
  [Kind.LOGICAL_EQUALS, '=='],
  [Kind.LOGICAL_NOT_EQUALS, '!='],
  [Kind.LOGICAL_LT, '<'],
  [Kind.LOGICAL_GT, '>'],
  [Kind.LOGICAL_LE, '<='],
  [Kind.LOGICAL_GE, '>='],
  [Kind.PLUS, '+'],
  [Kind.MINUS, '-'],
  [Kind.MULTIPLY, '*'],
  [Kind.DIVIDE, '/'],
  [Kind.MODULUS, '%'],
]);

/** How an error names the token the grammar wanted. */
const EXPECTED: Partial<Record<Kind, string>> = {
  [Kind.RPAREN]: "')'",
  [Kind.LPAREN]: "'('",
  [Kind.REFMOD2_RPAREN]: "')' after the arguments",
  [Kind.INDEX_RBRACKET]: "']' after the index",
  [Kind.RBRACKET]: "']'",
  [Kind.RCURLY]: "'}'",
  [Kind.RIGHT_CURLEY]: "'}'",
  [Kind.COLON]: "':' in a map",
  [Kind.EQUALS]: "'=' in #set",
  [Kind.IDENTIFIER]: 'a name after $',
  [Kind.DOUBLEDOT]: "'..' in a range",
  [Kind.INTEGER_LITERAL]: 'an integer',
  [Kind.EOF]: 'the end of the template',
};

/** The precedence levels of binary operators, loosest first. */
const LEVELS: readonly (readonly Kind[])[] = [
  [Kind.LOGICAL_OR],
  [Kind.LOGICAL_AND],
  [Kind.LOGICAL_EQUALS, Kind.LOGICAL_NOT_EQUALS],
  [Kind.LOGICAL_LT, Kind.LOGICAL_GT, Kind.LOGICAL_LE, Kind.LOGICAL_GE],
  [Kind.PLUS, Kind.MINUS],
  [Kind.MULTIPLY, Kind.DIVIDE, Kind.MODULUS],
];

/** NodeUtils.getSpecialText: of the special tokens before `t`, only `$`, `#` and `\…$` count. */
function specialText(t: Token): string {
  if (t.special === null || t.special.image.startsWith('##')) return '';
  let first = t.special;
  while (first.special !== null) first = first.special;
  let out = '';
  for (let s: Token | null = first; s !== null; s = s.next) {
    const st = s.image;
    for (let i = 0; i < st.length; i++) {
      const c = st[i]!;
      if (c === '#' || c === '$') out += c;
      if (c === '\\') {
        let j = i;
        while (j < st.length && st[j] === '\\') j++;
        if (st[j] === '$') {
          out += st.slice(i, j + 1);
          i = j + 1;
        }
      }
    }
  }
  return out;
}

/** NodeUtils.tokenLiteral: the special text and the image (a `#*…*#` comment gives nothing). */
function tokenLiteral(t: Token): string {
  if (t.kind === Kind.MULTI_LINE_COMMENT) return '';
  return specialText(t) + t.image;
}

/** SimpleNode.literal over the tokens `first`…`last`. */
/** JavaCC's 1-based column of `offset`: a tab moves to the next multiple of 8. */
function columnOf(text: string, offset: number): number {
  let column = 0;
  for (
    let i = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
    i <= offset;
    i++
  )
    column = text[i] === '\t' && i < offset ? column + 8 - (column % 8) : column + 1;
  return column;
}

/** A directive's argument: an expression or a word, and its first and last tokens. */
interface DirectiveArgument {
  readonly expression: Expression | null;
  readonly word: string | null;
  readonly first: Token;
  readonly last: Token;
}

function spanLiteral(first: Token, last: Token, of = tokenLiteral): string {
  let out = of(first);
  for (let t = first; t !== last && t.next !== null;) {
    t = t.next;
    out += of(t);
  }
  return out;
}

/** ASTStringLiteral's `\uXXXX` unescaping (double-quoted strings only). */
function unescapeUnicode(text: string, line: number): string {
  return text.replace(/\\u(.{0,4})/gs, (_, hex: string) => {
    if (!/^[0-9a-fA-F]{4}$/.test(hex))
      throw new TemplateSyntaxError(line, `bad \\u escape in a string literal: \\u${hex}`);
    return String.fromCharCode(parseInt(hex, 16));
  });
}

class Parser {
  readonly lexer: TokenManager;
  /** The last consumed token (JavaCC's `token`); its `next` chain holds the lookahead. */
  private token: Token;
  private scanPos: Token | null = null;
  private lastPos: Token | null = null;
  private la = 0;
  /**
   * The first error Velocity throws when it initialises the parsed template (each directive's
   * init, in document order, macro bodies and string literals included): a parse error, or an
   * error that fails the render before anything is written.
   */
  initError: InitError | undefined = undefined;

  constructor(
    readonly text: string,
    readonly firstLine: number,
    readonly macros: Map<string, Macro>,
  ) {
    this.lexer = new TokenManager(text, firstLine);
    this.token = {
      kind: Kind.EOF,
      image: '',
      begin: 0,
      line: firstLine,
      next: null,
      special: null,
    };
  }

  // ---- JavaCC's token machinery ----------------------------------------------------------

  private fetchAfter(t: Token): Token {
    if (t.next === null) t.next = this.lexer.getNextToken();
    return t.next;
  }

  /** The kind of the next token (fetching it). */
  private ntk(): Kind {
    return this.fetchAfter(this.token).kind;
  }

  private fail(message: string, at: Token = this.fetchAfter(this.token)): never {
    throw new TemplateSyntaxError(at.line, message);
  }

  private consume(kind: Kind): Token {
    const next = this.fetchAfter(this.token);
    if (next.kind !== kind) this.unexpected(next, kind);
    this.token = next;
    return next;
  }

  private unexpected(t: Token, expected?: Kind): never {
    if (expected === Kind.END && t.kind === Kind.EOF) this.fail('missing #end', t);
    if (
      expected === Kind.EOF &&
      (t.kind === Kind.END || t.kind === Kind.ELSE_DIRECTIVE || t.kind === Kind.ELSEIF_DIRECTIVE)
    )
      this.fail(
        `${t.image.trim()} without a matching #if${t.kind === Kind.END ? ' or #foreach' : ''}`,
        t,
      );
    const found = t.kind === Kind.EOF ? 'end of the template' : `'${t.image.trimEnd() || t.image}'`;
    const wanted = expected === undefined ? '' : EXPECTED[expected];
    this.fail(`unexpected ${found}${wanted ? `, expected ${wanted}` : ''}`, t);
  }

  private optional(kind: Kind): boolean {
    if (this.ntk() !== kind) return false;
    this.consume(kind);
    return true;
  }

  /** Syntactic lookahead: whether `scan` matches the next `amount` tokens (or completes). */
  private lookahead(amount: number, scan: () => boolean): boolean {
    this.la = amount;
    this.scanPos = this.lastPos = this.token;
    try {
      return !scan();
    } catch (error) {
      if (error === LOOKAHEAD_SUCCESS) return true;
      throw error;
    }
  }

  /** jj_scan_token: true when the next scanned token is NOT `kind`. */
  private scanToken(kind: Kind): boolean {
    if (this.scanPos === this.lastPos) {
      this.la--;
      this.scanPos = this.lastPos = this.fetchAfter(this.scanPos!);
    } else this.scanPos = this.scanPos!.next!;
    if (this.scanPos.kind !== kind) return true;
    if (this.la === 0 && this.scanPos === this.lastPos) throw LOOKAHEAD_SUCCESS;
    return false;
  }

  /** An ordered choice while scanning: true (failure) only when every alternative fails. */
  private scanChoice(...alternatives: (() => boolean)[]): boolean {
    const saved = this.scanPos;
    for (const alternative of alternatives) {
      if (!alternative()) return false;
      this.scanPos = saved;
    }
    return true;
  }

  private scanOptional(scan: () => boolean): void {
    const saved = this.scanPos;
    if (scan()) this.scanPos = saved;
  }

  private scanMany(scan: () => boolean): void {
    for (;;) {
      const saved = this.scanPos;
      if (scan()) {
        this.scanPos = saved;
        return;
      }
    }
  }

  // ---- lookahead scans (the grammar's productions, matched without building) -------------

  private scanReference = (): boolean =>
    this.scanChoice(
      () => {
        if (this.scanToken(Kind.IDENTIFIER)) return true;
        this.scanMany(this.scanIndex);
        this.scanMany(this.scanModifier);
        return false;
      },
      () => {
        if (this.scanToken(Kind.LCURLY) || this.scanToken(Kind.IDENTIFIER)) return true;
        this.scanMany(this.scanIndex);
        this.scanMany(this.scanModifier);
        return this.scanToken(Kind.RCURLY);
      },
    );

  /** `.name` or `.name(…)`, then indexes. */
  private scanModifier = (): boolean => {
    if (this.scanToken(Kind.DOT)) return true;
    if (this.scanChoice(this.scanMethod, () => this.scanToken(Kind.IDENTIFIER))) return true;
    this.scanMany(this.scanIndex);
    return false;
  };

  private scanMethod = (): boolean => {
    if (this.scanToken(Kind.IDENTIFIER) || this.scanToken(Kind.LPAREN)) return true;
    this.scanOptional(() => {
      if (this.scanParameter()) return true;
      this.scanMany(() => this.scanToken(Kind.COMMA) || this.scanParameter());
      return false;
    });
    return this.scanToken(Kind.REFMOD2_RPAREN);
  };

  private scanIndex = (): boolean => {
    if (this.scanToken(Kind.INDEX_LBRACKET)) return true;
    this.scanOptional(() => this.scanToken(Kind.WHITESPACE));
    if (
      this.scanChoice(
        () => this.scanToken(Kind.STRING_LITERAL),
        () => this.scanToken(Kind.INTEGER_LITERAL),
        () => this.scanToken(Kind.TRUE),
        () => this.scanToken(Kind.FALSE),
        this.scanReference,
      )
    )
      return true;
    this.scanOptional(() => this.scanToken(Kind.WHITESPACE));
    return this.scanToken(Kind.INDEX_RBRACKET);
  };

  private scanParameter = (): boolean => {
    this.scanOptional(() => this.scanToken(Kind.WHITESPACE));
    if (
      this.scanChoice(
        () => this.scanToken(Kind.STRING_LITERAL),
        () => this.scanToken(Kind.INTEGER_LITERAL),
        this.scanRange,
        this.scanMap,
        this.scanList,
        () => this.scanToken(Kind.TRUE),
        () => this.scanToken(Kind.FALSE),
        this.scanReference,
        () => this.scanToken(Kind.FLOATING_POINT_LITERAL),
      )
    )
      return true;
    this.scanOptional(() => this.scanToken(Kind.WHITESPACE));
    return false;
  };

  private scanRangeEnd = (): boolean =>
    this.scanChoice(this.scanReference, () => this.scanToken(Kind.INTEGER_LITERAL));

  /** The grammar's lookahead for a range: `[`, an end, `..`. */
  private scanRangeStart = (): boolean => {
    if (this.scanToken(Kind.LBRACKET)) return true;
    this.scanOptional(() => this.scanToken(Kind.WHITESPACE));
    if (this.scanRangeEnd()) return true;
    this.scanOptional(() => this.scanToken(Kind.WHITESPACE));
    return this.scanToken(Kind.DOUBLEDOT);
  };

  private scanRange = (): boolean => {
    if (this.scanRangeStart()) return true;
    this.scanOptional(() => this.scanToken(Kind.WHITESPACE));
    if (this.scanRangeEnd()) return true;
    this.scanOptional(() => this.scanToken(Kind.WHITESPACE));
    return this.scanToken(Kind.RBRACKET);
  };

  private scanMap = (): boolean => {
    if (this.scanToken(Kind.LEFT_CURLEY)) return true;
    const entries = (): boolean => {
      if (this.scanParameter() || this.scanToken(Kind.COLON) || this.scanParameter()) return true;
      this.scanMany(
        () =>
          this.scanToken(Kind.COMMA) ||
          this.scanParameter() ||
          this.scanToken(Kind.COLON) ||
          this.scanParameter(),
      );
      return false;
    };
    if (
      this.scanChoice(entries, () => {
        this.scanOptional(() => this.scanToken(Kind.WHITESPACE));
        return false;
      })
    )
      return true;
    return this.scanChoice(
      () => this.scanToken(Kind.RIGHT_CURLEY),
      () => this.scanToken(Kind.RCURLY),
    );
  };

  private scanList = (): boolean => {
    if (this.scanToken(Kind.LBRACKET)) return true;
    this.scanOptional(() => {
      if (this.scanParameter()) return true;
      this.scanMany(() => this.scanToken(Kind.COMMA) || this.scanParameter());
      return false;
    });
    return this.scanToken(Kind.RBRACKET);
  };

  private scanDirectiveArg = (): boolean =>
    this.scanChoice(
      this.scanReference,
      () => this.scanToken(Kind.WORD),
      () => this.scanToken(Kind.STRING_LITERAL),
      () => this.scanToken(Kind.INTEGER_LITERAL),
      this.scanRange,
      () => this.scanToken(Kind.FLOATING_POINT_LITERAL),
      this.scanMap,
      this.scanList,
      () => this.scanToken(Kind.TRUE),
      () => this.scanToken(Kind.FALSE),
    );

  private scanUnaryNot = (): boolean => {
    this.scanOptional(() => this.scanToken(Kind.WHITESPACE));
    return this.scanToken(Kind.LOGICAL_NOT);
  };

  // ---- productions -------------------------------------------------------------------------

  process(): TemplateNode[] {
    const nodes = this.statements();
    this.consume(Kind.EOF);
    return nodes;
  }

  private statements(): TemplateNode[] {
    const nodes: TemplateNode[] = [];
    while (STATEMENT_START.has(this.ntk())) this.statement(nodes);
    return nodes;
  }

  private statement(out: TemplateNode[]): void {
    const kind = this.ntk();
    if (kind === Kind.IF_DIRECTIVE) return void out.push(this.ifStatement());
    if (this.lookahead(2, this.scanReference)) return this.referenceStatement(out);
    switch (this.ntk()) {
      case Kind.SINGLE_LINE_COMMENT_START:
      case Kind.FORMAL_COMMENT:
      case Kind.MULTI_LINE_COMMENT:
        return this.comment(out);
      case Kind.TEXTBLOCK: {
        const t = this.consume(Kind.TEXTBLOCK);
        return text(out, t.image.slice(3, t.image.length - 3));
      }
      case Kind.SET_DIRECTIVE:
        return void out.push(this.setDirective());
      case Kind.ESCAPE_DIRECTIVE:
        return text(out, this.escapedDirective(this.consume(Kind.ESCAPE_DIRECTIVE).image));
      case Kind.DOUBLE_ESCAPE:
        return text(out, this.escape());
      case Kind.WORD:
      case Kind.BRACKETED_WORD:
        return this.directive(out);
      default:
        if (TEXT_TOKENS.has(this.ntk())) return text(out, tokenLiteral(this.consume(this.ntk())));
        this.unexpected(this.fetchAfter(this.token));
    }
  }

  /** ASTComment: the text before `##` or `#*` in the comment's first token (a MORE prefix). */
  private comment(out: TemplateNode[]): void {
    const t = this.consume(this.ntk());
    if (t.kind === Kind.SINGLE_LINE_COMMENT_START) this.optional(Kind.SINGLE_LINE_COMMENT);
    const a = t.image.indexOf('##');
    const b = t.image.indexOf('#*');
    if (a >= 0 || b >= 0) text(out, t.image.slice(0, a < 0 ? b : a));
  }

  /** Parser.escapedDirective: `\#if` prints `#if`, `\\\#if` prints `\#if`; unknown names stay. */
  private escapedDirective(image: string): string {
    const last = image.lastIndexOf('\\');
    const directive = image.slice(last + 1);
    let name = directive.slice(1);
    if (name.startsWith('{')) name = name.slice(1, -1);
    const recognized =
      DIRECTIVES.has(name) ||
      this.macros.has(name) ||
      ['if', 'end', 'set', 'else', 'elseif'].includes(name);
    return recognized ? image.slice(0, last >> 1) + directive : image;
  }

  /** `\\` pairs: halved before a directive or a macro's name, kept otherwise. */
  private escape(): string {
    let count = 0;
    let t: Token;
    do {
      t = this.consume(Kind.DOUBLE_ESCAPE);
      count++;
    } while (this.lookahead(2, () => this.scanToken(Kind.DOUBLE_ESCAPE)));
    const next = t.next!;
    const tag = next.image.slice(1);
    const control =
      [Kind.IF_DIRECTIVE, Kind.ELSE_DIRECTIVE, Kind.ELSEIF_DIRECTIVE, Kind.END].includes(
        next.kind,
      ) ||
      DIRECTIVES.has(tag) ||
      this.macros.has(tag);
    return (control ? '\\' : '\\\\').repeat(count);
  }

  private ifStatement(): IfNode {
    const branches: IfBranch[] = [];
    this.consume(Kind.IF_DIRECTIVE);
    branches.push(this.conditionalBlock());
    let alternate: TemplateNode[] | null = null;
    while (this.ntk() === Kind.ELSEIF_DIRECTIVE) {
      this.consume(Kind.ELSEIF_DIRECTIVE);
      branches.push(this.conditionalBlock());
    }
    if (this.ntk() === Kind.ELSE_DIRECTIVE) {
      this.consume(Kind.ELSE_DIRECTIVE);
      alternate = this.statements();
    }
    this.consume(Kind.END);
    return { type: 'If', branches, alternate };
  }

  private conditionalBlock(): IfBranch {
    this.optional(Kind.WHITESPACE);
    this.consume(Kind.LPAREN);
    const condition = this.expression();
    this.consume(Kind.RPAREN);
    return { condition, body: this.statements() };
  }

  private setDirective(): TemplateNode {
    const start = this.consume(Kind.SET_DIRECTIVE);
    this.optional(Kind.WHITESPACE);
    const view = interpretReference(this.reference());
    this.optional(Kind.WHITESPACE);
    this.consume(Kind.EQUALS);
    const value = this.expression();
    this.consume(Kind.RPAREN);
    this.lexer.inSet = false;
    this.optional(Kind.NEWLINE);
    if (view.kind === 'runt') this.fail('#set needs a reference on the left of =', start);
    // ASTSetDirective names a plain variable after the first token's text without its `$`
    // (`#set($!a = 1)` sets `!a`, which no reference reads); a longer target is set through
    // its root.
    const { reference } = view;
    const target =
      reference.parts.length === 0 ? { ...reference, root: view.image.slice(1) } : reference;
    return { type: 'Set', target, value, line: start.line };
  }

  /** `#name`, `#name(args)`, `#name(args)…#end`: a directive, a macro call or text. */
  private directive(out: TemplateNode[]): void {
    const start = this.consume(this.ntk());
    const name =
      start.kind === Kind.BRACKETED_WORD ? start.image.slice(2, -1) : start.image.slice(1);
    const kind = DIRECTIVES.get(name);
    const blockMacro = kind === undefined && name.startsWith('@');
    const isBlock = kind === 'block' || blockMacro;
    this.lexer.state = State.DIRECTIVE;
    const args: DirectiveArgument[] = [];
    let hasParens = false;
    if (this.isLeftParenthesis()) {
      hasParens = true;
      this.optional(Kind.WHITESPACE);
      this.consume(Kind.LPAREN);
      while (
        this.lookahead(2, () => {
          this.scanOptional(() => this.scanToken(Kind.WHITESPACE));
          this.scanOptional(() => {
            if (this.scanToken(Kind.COMMA)) return true;
            this.scanOptional(() => this.scanToken(Kind.WHITESPACE));
            return false;
          });
          return this.scanDirectiveArg();
        })
      ) {
        this.optional(Kind.WHITESPACE);
        if (this.optional(Kind.COMMA)) this.optional(Kind.WHITESPACE);
        const first = this.fetchAfter(this.token);
        const arg = this.directiveArg();
        const position = args.length;
        if (arg.word !== null) {
          if (name === 'macro' && position === 0) {
            // the macro's name
          } else if (kind !== undefined && (name !== 'foreach' || position !== 1))
            this.fail(`Invalid arg #${position} in directive #${name}`, first);
        } else if (name === 'macro' && position === 0)
          this.fail(
            'Invalid first arg in #macro() directive - must be a word token (no \' or " surrounding)',
            first,
          );
        args.push({ ...arg, first, last: this.token });
      }
      this.optional(Kind.WHITESPACE);
      this.consume(Kind.RPAREN);
    } else {
      if (name === 'macro')
        this.fail('A macro declaration requires at least a name argument', start);
      this.lexer.pop();
      this.lexer.inDirective = false;
    }
    // Without parentheses a directive ends at its name: no arguments and no body, even for a
    // block directive (Velocity's #foreach then fails; `#@name` prints itself).
    let body: TemplateNode[] | null = null;
    if (isBlock && hasParens) {
      body = this.statements();
      this.consume(Kind.END);
    }
    this.buildDirective(out, { name, start, args, body, hasParens, blockMacro });
  }

  /** Records the first initialisation error (see `initError`). */
  private initFailure(kind: InitError['kind'], line: number, message: string): void {
    this.initError ??= { kind, line, message };
  }

  /** Velocity's isLeftParenthesis: peeks at the characters after the directive's name. */
  private isLeftParenthesis(): boolean {
    const text = this.lexer.text;
    for (let i = this.lexer.pos; i < text.length; i++) {
      const c = text[i];
      if (c === '(') return true;
      if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') return false;
    }
    return false;
  }

  private buildDirective(
    out: TemplateNode[],
    d: {
      name: string;
      start: Token;
      args: DirectiveArgument[];
      body: TemplateNode[] | null;
      hasParens: boolean;
      blockMacro: boolean;
    },
  ): void {
    const { name, start, args, body } = d;
    const line = start.line;
    const end = this.token;
    switch (name) {
      case 'foreach': {
        const variable = args[0]?.expression;
        // With two arguments Velocity 1.7 takes the body as the source, which gives null: the
        // loop renders nothing.
        const iterable =
          args.length === 2 ? { type: 'Literal' as const, value: null } : args[2]?.expression;
        // Velocity crashes initialising a #foreach without them (counted as a parse error).
        if (args.length < 2 || !iterable)
          return this.initFailure('parse', line, '#foreach needs ($variable in $collection)');
        // Foreach.init: the loop variable is the first argument's root.
        if (variable?.type !== 'Reference')
          return this.initFailure('parse', line, '#foreach needs a $variable');
        out.push({
          type: 'Foreach',
          variable: variable.reference.root,
          iterable,
          // Foreach.render renders its fourth child as the body: the block, or a fourth argument.
          body: args.length > 3 ? argumentRendered(args[3]!.expression) : body!,
          line,
          column: columnOf(this.lexer.text, start.begin),
        });
        return;
      }
      case 'break':
        out.push(
          args[0]?.expression
            ? { type: 'Break', scope: args[0].expression, line }
            : { type: 'Break', line },
        );
        return;
      case 'stop':
        out.push({ type: 'Stop' });
        return;
      case 'literal':
        // Velocity crashes on a #literal without its parentheses.
        if (body === null) return this.initFailure('parse', line, '#literal needs () and an #end');
        text(out, this.blockLiteral(start, end));
        return;
      case 'macro': {
        const macroName = args[0]?.word;
        if (!macroName) this.fail('First argument to #macro() must be  macro name', start);
        const params = args
          .slice(1)
          .map(({ first }) => (first.image.startsWith('$') ? first.image.slice(1) : first.image));
        if (!this.macros.has(macroName)) this.macros.set(macroName, { params, body: body! });
        return;
      }
      case 'include':
      case 'parse':
        throw new UnsupportedDirectiveError(
          line,
          `#${name} is not supported in API Gateway mapping templates; inline the template instead`,
        );
      case 'define':
        // Velocity crashes on a #define without parentheses; Define.init's VelocityException
        // for a wrong number of arguments fails the render before anything is written.
        if (body === null)
          return this.initFailure('parse', line, '#define needs ($name) and an #end');
        if (args.length !== 1)
          this.initFailure('render', line, '#define: parameter missing: block name');
        out.push({
          type: 'Define',
          name: args.length === 1 ? args[0]!.first.image.slice(1) : null,
          body,
          line,
        });
        return;
      case 'evaluate': {
        const argument = args[0]?.expression;
        if (args.length !== 1 || !argument)
          return this.initFailure('parse', line, '#evaluate() requires exactly one argument');
        if (argument.type !== 'Reference' && !isStringLiteral(argument))
          return this.initFailure(
            'parse',
            line,
            '#evaluate() argument must be a string literal or reference',
          );
        out.push({ type: 'Evaluate', argument, line });
        return;
      }
    }
    if (d.blockMacro && !d.hasParens) {
      text(out, `#${name}`);
      return;
    }
    // A macro call; printed as its source text (the tokens' images) when no macro has the name.
    out.push({
      type: 'MacroCall',
      name: d.blockMacro ? name.slice(1) : name,
      arguments: args.map((a) => a.expression ?? { type: 'Literal', value: null }),
      argumentLiterals: args.map((a) => spanLiteral(a.first, a.last, (t) => t.image)),
      literal: spanLiteral(start, end, (t) => t.image),
      line,
      ...(body !== null ? { body } : {}),
    });
  }

  /** The source text of a #literal block: every token from after `#literal(…)` to `#end`. */
  private blockLiteral(start: Token, end: Token): string {
    let t = start;
    while (t.next !== null && t.kind !== Kind.RPAREN) t = t.next;
    if (t.next === null || t.next === end) return '';
    let out = '';
    for (let u = t.next; u !== end && u !== null; u = u.next!) out += tokenLiteral(u);
    return out;
  }

  private directiveArg(): { expression: Expression | null; word: string | null } {
    if (this.ntk() === Kind.WORD) return { expression: null, word: this.consume(Kind.WORD).image };
    return { expression: this.value(), word: null };
  }

  /** A string or integer literal or a reference; null when the next token starts none. */
  private simpleValue(): Expression | null {
    switch (this.ntk()) {
      case Kind.STRING_LITERAL:
        return this.stringLiteral();
      case Kind.INTEGER_LITERAL:
        return this.integerLiteral();
      case Kind.IDENTIFIER:
      case Kind.LCURLY:
        return this.referenceExpression();
      default:
        return null;
    }
  }

  /** Any value an argument can be: a simple value, a range, a float, a map, a list, a boolean. */
  private value(): Expression {
    const simple = this.simpleValue();
    if (simple) return simple;
    return this.lookahead(Number.MAX_SAFE_INTEGER, this.scanRangeStart)
      ? this.range()
      : this.constantOrCollection();
  }

  /** `[WHITESPACE] value [WHITESPACE]`, as Parameter, IndexParameter and PrimaryExpression read. */
  private padded(read: () => Expression): Expression {
    this.optional(Kind.WHITESPACE);
    const value = read();
    this.optional(Kind.WHITESPACE);
    return value;
  }

  /** Float, map, list, true, false. */
  private constantOrCollection(): Expression {
    switch (this.ntk()) {
      case Kind.FLOATING_POINT_LITERAL:
        return {
          type: 'Literal',
          value: floatLiteralValue(this.consume(Kind.FLOATING_POINT_LITERAL).image),
        };
      case Kind.LEFT_CURLEY:
        return this.map();
      case Kind.LBRACKET:
        return this.list();
      case Kind.TRUE:
        this.consume(Kind.TRUE);
        return { type: 'Literal', value: true };
      case Kind.FALSE:
        this.consume(Kind.FALSE);
        return { type: 'Literal', value: false };
      default:
        this.unexpected(this.fetchAfter(this.token));
    }
  }

  private integerLiteral(): Expression {
    return {
      type: 'Literal',
      value: integerLiteralValue(this.consume(Kind.INTEGER_LITERAL).image),
    };
  }

  private stringLiteral(): Expression {
    const t = this.consume(Kind.STRING_LITERAL);
    const quote = t.image[0]!;
    let image = t.image.slice(1, -1);
    if (quote === '"') image = unescapeUnicode(image, t.line);
    image = image.replaceAll(quote + quote, quote);
    const interpolate = quote === '"' && (t.image.includes('$') || t.image.includes('#'));
    if (!interpolate) return { type: 'Literal', value: image };
    // ASTStringLiteral parses the text (plus a space, unless it holds `##`) as a template.
    const lineComment = image.includes('##');
    const inner = new Parser(lineComment ? image : `${image} `, t.line, this.macros);
    let parts: TemplateNode[];
    try {
      parts = inner.process();
      this.initError ??= inner.initError;
    } catch (error) {
      if (error instanceof LexicalError) throw new TemplateSyntaxError(error.line, error.message);
      throw error;
    }
    const only = parts[0];
    if (parts.length === 1 && only?.type === 'Text')
      return { type: 'Literal', value: lineComment ? only.value : only.value.slice(0, -1) };
    return { type: 'Interpolation', parts, dropLast: !lineComment };
  }

  private map(): Expression {
    this.consume(Kind.LEFT_CURLEY);
    const entries: { key: Expression; value: Expression }[] = [];
    const entryStart = (): boolean =>
      this.scanParameter() || this.scanToken(Kind.COLON) || this.scanParameter();
    if (this.lookahead(2, entryStart)) {
      for (;;) {
        const key = this.parameter();
        this.consume(Kind.COLON);
        entries.push({ key, value: this.parameter() });
        if (this.ntk() !== Kind.COMMA) break;
        this.consume(Kind.COMMA);
      }
    } else this.optional(Kind.WHITESPACE);
    if (this.ntk() === Kind.RCURLY) this.consume(Kind.RCURLY);
    else this.consume(Kind.RIGHT_CURLEY);
    return { type: 'Map', entries };
  }

  private list(): Expression {
    this.consume(Kind.LBRACKET);
    const elements: Expression[] = [];
    if (PARAMETER_START.has(this.ntk())) {
      elements.push(this.parameter());
      while (this.ntk() === Kind.COMMA) {
        this.consume(Kind.COMMA);
        elements.push(this.parameter());
      }
    }
    this.consume(Kind.RBRACKET);
    return { type: 'List', elements };
  }

  private range(): Expression {
    const start = this.consume(Kind.LBRACKET);
    this.optional(Kind.WHITESPACE);
    const from = this.rangeEnd();
    this.optional(Kind.WHITESPACE);
    this.consume(Kind.DOUBLEDOT);
    this.optional(Kind.WHITESPACE);
    const to = this.rangeEnd();
    this.optional(Kind.WHITESPACE);
    this.consume(Kind.RBRACKET);
    return { type: 'Range', start: from, end: to, line: start.line };
  }

  private rangeEnd(): Expression {
    const kind = this.ntk();
    if (kind === Kind.IDENTIFIER || kind === Kind.LCURLY) return this.referenceExpression();
    return this.integerLiteral();
  }

  /** A method argument, list element or map entry. */
  private parameter(): Expression {
    return this.padded(() => this.value());
  }

  /** An index: a string or integer literal, a boolean or a reference. */
  private indexParameter(): Expression {
    return this.padded(() => {
      const simple = this.simpleValue();
      if (simple) return simple;
      const kind = this.ntk();
      if (kind === Kind.TRUE || kind === Kind.FALSE) return this.constantOrCollection();
      this.unexpected(this.fetchAfter(this.token));
    });
  }

  // ---- references ------------------------------------------------------------------------

  /** The Reference production: its tokens and parts, before ASTReference's interpretation. */
  private reference(): RawReference {
    const first = this.fetchAfter(this.token);
    const braced = first.kind === Kind.LCURLY;
    if (braced) this.consume(Kind.LCURLY);
    const rootToken = this.consume(Kind.IDENTIFIER);
    const parts: ReferencePart[] = [];
    while (this.ntk() === Kind.INDEX_LBRACKET) parts.push(this.index());
    while (this.lookahead(2, this.scanModifier)) {
      this.consume(Kind.DOT);
      if (this.lookahead(3, this.scanMethod)) parts.push(this.method());
      else parts.push({ type: 'Property', name: this.consume(Kind.IDENTIFIER).image });
      while (this.ntk() === Kind.INDEX_LBRACKET) parts.push(this.index());
    }
    if (braced) this.consume(Kind.RCURLY);
    return { first, rootToken, parts, literal: spanLiteral(first, this.token) };
  }

  private index(): ReferencePart {
    this.consume(Kind.INDEX_LBRACKET);
    const index = this.indexParameter();
    this.consume(Kind.INDEX_RBRACKET);
    return { type: 'Index', index };
  }

  private method(): ReferencePart {
    const name = this.consume(Kind.IDENTIFIER).image;
    this.consume(Kind.LPAREN);
    const args: Expression[] = [];
    if (PARAMETER_START.has(this.ntk())) {
      args.push(this.parameter());
      while (this.ntk() === Kind.COMMA) {
        this.consume(Kind.COMMA);
        args.push(this.parameter());
      }
    }
    this.consume(Kind.REFMOD2_RPAREN);
    return { type: 'MethodCall', name, arguments: args };
  }

  /** A reference used as a value: ASTReference's root, after escapes and prefixes. */
  private referenceExpression(): Expression {
    const view = interpretReference(this.reference());
    return view.kind === 'runt'
      ? { type: 'Literal', value: null }
      : { type: 'Reference', reference: view.reference };
  }

  private referenceStatement(out: TemplateNode[]): void {
    const view = interpretReference(this.reference());
    if (view.kind === 'runt') return text(out, view.root);
    out.push({
      type: 'Reference',
      reference: view.reference,
      escaped: view.escaped,
      escapePrefix: view.escapePrefix,
      morePrefix: view.morePrefix,
    });
  }

  // ---- expressions -----------------------------------------------------------------------

  private expression(level = 0): Expression {
    if (level === LEVELS.length) return this.unary();
    let left = this.expression(level + 1);
    const operators = LEVELS[level]!;
    while (operators.includes(this.ntk())) {
      const op = this.consume(this.ntk());
      const right = this.expression(level + 1);
      left = {
        type: 'Binary',
        operator: BINARY_OPERATORS.get(op.kind)!,
        left,
        right,
        line: op.line,
      };
    }
    return left;
  }

  private unary(): Expression {
    if (this.lookahead(2, this.scanUnaryNot)) {
      this.optional(Kind.WHITESPACE);
      this.consume(Kind.LOGICAL_NOT);
      return { type: 'Not', argument: this.unary() };
    }
    return this.primary();
  }

  private primary(): Expression {
    return this.padded(() => {
      if (this.ntk() !== Kind.LPAREN) return this.value();
      this.consume(Kind.LPAREN);
      const value = this.expression();
      this.consume(Kind.RPAREN);
      return value;
    });
  }
}

/** What the Reference production read. */
interface RawReference {
  readonly first: Token;
  readonly rootToken: Token;
  readonly parts: ReferencePart[];
  /** SimpleNode.literal of the tokens, as read. */
  readonly literal: string;
}

/** What ASTReference.init makes of a reference's first token (its getRoot). */
type ReferenceView =
  | { kind: 'runt'; root: string }
  | {
      kind: 'value';
      reference: Reference;
      escaped: boolean;
      escapePrefix: string;
      morePrefix: string;
      /** The first token's image after the escapes and prefixes are taken off. */
      image: string;
    };

function interpretReference(raw: RawReference): ReferenceView {
  const { first } = raw;
  const line = first.line;
  let image = first.image;
  const slashBang = image.indexOf('\\!');
  if (slashBang >= 0) {
    // `$\!a`: a name no variable can have (the backslashes less one), so it is always null.
    const dollar = image.indexOf('$');
    let start = dollar;
    while (start < image.length && image[start] !== '\\') start++;
    let count = 0;
    while (image[start + count] === '\\') count++;
    const root =
      image.slice(0, start) + image.slice(start, start + count - 1) + image.slice(start + count);
    return {
      kind: 'value',
      reference: { root: `\u0000${root}`, parts: raw.parts, literal: raw.literal, line },
      escaped: false,
      escapePrefix: '',
      morePrefix: '',
      image,
    };
  }
  let escaped = false;
  let escapePrefix = '';
  let morePrefix = '';
  if (image.startsWith('\\')) {
    let i = 0;
    while (image[i] === '\\') i++;
    escaped = i % 2 !== 0;
    escapePrefix = image.slice(0, i >> 1);
    image = image.slice(i);
  }
  const dollar = image.lastIndexOf('$');
  if (dollar > 0) {
    morePrefix = image.slice(0, dollar);
    image = image.slice(dollar);
  }
  let root: string;
  if (image.startsWith('$!')) root = image.startsWith('$!{') ? raw.rootToken.image : image.slice(2);
  else if (image === '${') root = raw.rootToken.image;
  else if (image.startsWith('$')) root = image.slice(1);
  else return { kind: 'runt', root: image };
  // The text Velocity prints for an escaped reference: its tokens, the first one trimmed.
  const literal = image + raw.literal.slice(specialText(first).length + first.image.length);
  return {
    kind: 'value',
    reference: { root, parts: raw.parts, literal, line },
    escaped,
    escapePrefix,
    morePrefix,
    image,
  };
}

/**
 * What a directive argument renders as a node (SimpleNode.render): a reference its value, a
 * list, map or range its children in turn, a literal or word nothing.
 */
function argumentRendered(argument: Expression | null): TemplateNode[] {
  switch (argument?.type) {
    case 'Reference':
      return [
        {
          type: 'Reference',
          reference: argument.reference,
          escaped: false,
          escapePrefix: '',
          morePrefix: '',
        },
      ];
    case 'List':
      return argument.elements.flatMap(argumentRendered);
    case 'Map':
      return argument.entries.flatMap(({ key, value }) => [
        ...argumentRendered(key),
        ...argumentRendered(value),
      ]);
    case 'Range':
      return [...argumentRendered(argument.start), ...argumentRendered(argument.end)];
    default:
      return [];
  }
}

function isStringLiteral(expression: Expression): boolean {
  return (
    expression.type === 'Interpolation' ||
    (expression.type === 'Literal' && typeof expression.value === 'string')
  );
}

function text(out: TemplateNode[], value: string): void {
  if (value === '') return;
  const last = out[out.length - 1];
  if (last?.type === 'Text') last.value += value;
  else out.push({ type: 'Text', value });
}
