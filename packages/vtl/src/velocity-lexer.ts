/**
 * Velocity 1.7's lexer (the token manager JavaCC generates from its Parser.jjt), rebuilt from
 * the grammar: lexical states, the tokens each state knows, JavaCC's longest match (a tie goes to
 * the token declared first), MORE tokens that grow the next token's image, SPECIAL tokens that
 * ride along with the next token, and the lexical actions that push and pop states. Velocity's
 * odd corners (`$!$.`, `$#set`, `$a{b}`, a `##` right after a reference) all come from this
 * machine, so stepgate reproduces them by running the same machine rather than by special cases.
 */

/** Token kinds, numbered as Velocity 1.7 declares them (the number breaks ties). */
export enum Kind {
  EOF = 0,
  INDEX_LBRACKET = 1,
  INDEX_RBRACKET = 2,
  LBRACKET = 3,
  RBRACKET = 4,
  COMMA = 5,
  DOUBLEDOT = 6,
  COLON = 7,
  LEFT_CURLEY = 8,
  RIGHT_CURLEY = 9,
  LPAREN = 10,
  RPAREN = 11,
  REFMOD2_RPAREN = 12,
  ESCAPE_DIRECTIVE = 13,
  SET_DIRECTIVE = 14,
  DOLLAR = 15,
  DOLLARBANG = 16,
  TEXTBLOCK_START = 17,
  FORMAL_COMMENT_START = 18,
  MULTI_LINE_COMMENT_START = 19,
  HASH = 20,
  SINGLE_LINE_COMMENT_START = 21,
  DOUBLE_ESCAPE = 22,
  ESCAPE = 23,
  TEXT = 24,
  SINGLE_LINE_COMMENT = 25,
  FORMAL_COMMENT = 26,
  MULTI_LINE_COMMENT = 27,
  TEXTBLOCK = 28,
  COMMENT_CHAR = 29,
  TEXTBLOCK_CHAR = 30,
  WHITESPACE = 31,
  STRING_LITERAL = 32,
  TRUE = 33,
  FALSE = 34,
  NEWLINE = 35,
  MINUS = 36,
  PLUS = 37,
  MULTIPLY = 38,
  DIVIDE = 39,
  MODULUS = 40,
  LOGICAL_AND = 41,
  LOGICAL_OR = 42,
  LOGICAL_LT = 43,
  LOGICAL_LE = 44,
  LOGICAL_GT = 45,
  LOGICAL_GE = 46,
  LOGICAL_EQUALS = 47,
  LOGICAL_NOT_EQUALS = 48,
  LOGICAL_NOT = 49,
  EQUALS = 50,
  END = 51,
  IF_DIRECTIVE = 52,
  ELSEIF_DIRECTIVE = 53,
  ELSE_DIRECTIVE = 54,
  INTEGER_LITERAL = 56,
  FLOATING_POINT_LITERAL = 57,
  WORD = 61,
  BRACKETED_WORD = 62,
  IDENTIFIER = 66,
  DOT = 67,
  LCURLY = 68,
  RCURLY = 69,
  REFERENCE_TERMINATOR = 70,
  DIRECTIVE_TERMINATOR = 71,
  EMPTY_INDEX = 72,
}

/** Lexical states. */
export enum State {
  REFERENCE,
  REFMODIFIER,
  REFINDEX,
  DIRECTIVE,
  REFMOD2,
  DEFAULT,
  REFMOD,
  IN_TEXTBLOCK,
  IN_MULTI_LINE_COMMENT,
  IN_FORMAL_COMMENT,
  IN_SINGLE_LINE_COMMENT,
  PRE_DIRECTIVE,
}

export interface Token {
  kind: Kind;
  image: string;
  /** Offset of the token's first character (MORE prefix included). */
  readonly begin: number;
  /** 1-based line of `begin`. */
  readonly line: number;
  next: Token | null;
  /** The last SPECIAL token before this one; each links to the one before it. */
  special: Token | null;
}

/** A template Velocity's lexer cannot read (JavaCC's TokenMgrError). */
export class LexicalError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

enum Category {
  TOKEN,
  SPECIAL,
  SKIP,
  MORE,
}

interface Rule {
  readonly kind: Kind;
  readonly category: Category;
  /** Sticky patterns; the rule's match is the longest of them. */
  readonly patterns: readonly RegExp[];
  readonly action?: (lexer: TokenManager, token: Token | null) => void;
}

const ALL_STATES = [
  State.REFERENCE,
  State.REFMODIFIER,
  State.REFINDEX,
  State.DIRECTIVE,
  State.REFMOD2,
  State.DEFAULT,
  State.REFMOD,
  State.IN_TEXTBLOCK,
  State.IN_MULTI_LINE_COMMENT,
  State.IN_FORMAL_COMMENT,
  State.IN_SINGLE_LINE_COMMENT,
  State.PRE_DIRECTIVE,
];

const p = (...sources: string[]): RegExp[] => sources.map((s) => new RegExp(s, 'y'));
const NL = '(?:\\r\\n|\\n|\\r)';
const EXPONENT = '[eE][+-]?[0-9]+';

/** Opens a reference: `$`, `$!` (all states). */
function dollar(lexer: TokenManager): void {
  if (lexer.inComment) return;
  if (lexer.state === State.REFERENCE) lexer.pop();
  lexer.push();
  lexer.state = State.REFERENCE;
}

/** Closes a comment or a text block. */
function commentEnd(lexer: TokenManager): void {
  lexer.inComment = false;
  lexer.pop();
}

/** Literals end a directive's argument list when no parenthesis is open (`#set $a = 1`). */
function literalEnds(lexer: TokenManager, exempt: readonly State[]): void {
  if (lexer.lparen === 0 && !lexer.inSet && !exempt.includes(lexer.state)) lexer.pop();
}

type RuleSpec = readonly [readonly State[], Kind, Category, RegExp[], Rule['action']?];

const { REFERENCE, REFMODIFIER, REFINDEX, DIRECTIVE, REFMOD2, DEFAULT, REFMOD, PRE_DIRECTIVE } = {
  REFERENCE: State.REFERENCE,
  REFMODIFIER: State.REFMODIFIER,
  REFINDEX: State.REFINDEX,
  DIRECTIVE: State.DIRECTIVE,
  REFMOD2: State.REFMOD2,
  DEFAULT: State.DEFAULT,
  REFMOD: State.REFMOD,
  PRE_DIRECTIVE: State.PRE_DIRECTIVE,
} as const;

/** The grammar's token definitions, in declaration order. */
const SPECS: readonly RuleSpec[] = [
  [
    [REFERENCE, REFMODIFIER],
    Kind.INDEX_LBRACKET,
    Category.TOKEN,
    p('\\['),
    (l) => {
      l.push();
      l.state = State.REFINDEX;
    },
  ],
  [[REFINDEX], Kind.INDEX_RBRACKET, Category.TOKEN, p('\\]'), (l) => l.pop()],
  [[DIRECTIVE, REFMOD2], Kind.LBRACKET, Category.TOKEN, p('\\[')],
  [[DIRECTIVE, REFMOD2], Kind.RBRACKET, Category.TOKEN, p('\\]')],
  [[DIRECTIVE, REFMOD2], Kind.COMMA, Category.TOKEN, p(',')],
  [[DIRECTIVE, REFMOD2], Kind.DOUBLEDOT, Category.TOKEN, p('\\.\\.')],
  [[DIRECTIVE, REFMOD2], Kind.COLON, Category.TOKEN, p(':')],
  [[DIRECTIVE, REFMOD2], Kind.LEFT_CURLEY, Category.TOKEN, p('\\{')],
  [[DIRECTIVE, REFMOD2], Kind.RIGHT_CURLEY, Category.TOKEN, p('\\}')],
  [
    [DIRECTIVE, REFMODIFIER],
    Kind.LPAREN,
    Category.TOKEN,
    p('\\('),
    (l) => {
      if (!l.inComment) l.lparen++;
      if (l.state === State.REFMODIFIER) l.state = State.REFMOD2;
    },
  ],
  [[DIRECTIVE], Kind.RPAREN, Category.TOKEN, p(`\\)(?:[ \\t]*${NL})?`), (l) => l.rparenHandler()],
  [
    [REFMOD2],
    Kind.REFMOD2_RPAREN,
    Category.TOKEN,
    p('\\)'),
    (l) => {
      l.state = State.REFERENCE;
    },
  ],
  [
    [DEFAULT],
    Kind.ESCAPE_DIRECTIVE,
    Category.TOKEN,
    p('(?:\\\\\\\\)*\\\\#(?:[a-zA-Z_@][a-zA-Z0-9_@]*|\\{[a-zA-Z_][a-zA-Z0-9_@]*\\})'),
  ],
  [
    [DEFAULT, REFERENCE, REFMODIFIER, REFMOD2],
    Kind.SET_DIRECTIVE,
    Category.TOKEN,
    p('[ \\t]*(?:#set|#\\{set\\}) *\\('),
    (l) => {
      if (l.inComment) return;
      l.inDirective = true;
      l.push();
      l.inSet = true;
      l.state = State.DIRECTIVE;
      l.lparen++;
    },
  ],
  [ALL_STATES, Kind.DOLLAR, Category.MORE, p('\\\\*\\$'), dollar],
  [ALL_STATES, Kind.DOLLARBANG, Category.MORE, p('\\\\*\\$\\\\*!'), dollar],
  [
    ALL_STATES,
    Kind.TEXTBLOCK_START,
    Category.MORE,
    p('#\\[\\['),
    (l) => {
      if (l.inComment) return;
      l.inComment = true;
      l.push();
      l.state = State.IN_TEXTBLOCK;
    },
  ],
  [
    ALL_STATES,
    Kind.FORMAL_COMMENT_START,
    Category.MORE,
    p('#\\*\\*[^#]'),
    (l) => {
      if (l.inComment) return;
      l.backup(1);
      l.inComment = true;
      l.push();
      l.state = State.IN_FORMAL_COMMENT;
    },
  ],
  [
    ALL_STATES,
    Kind.MULTI_LINE_COMMENT_START,
    Category.MORE,
    p('#\\*'),
    (l) => {
      if (l.inComment) return;
      l.inComment = true;
      l.push();
      l.state = State.IN_MULTI_LINE_COMMENT;
    },
  ],
  [
    ALL_STATES,
    Kind.HASH,
    Category.MORE,
    p('#'),
    (l) => {
      if (l.inComment) return;
      if (l.state === State.REFERENCE || l.state === State.REFMODIFIER) l.pop();
      l.inDirective = true;
      l.push();
      l.state = State.PRE_DIRECTIVE;
    },
  ],
  [
    [DEFAULT, PRE_DIRECTIVE, DIRECTIVE, REFERENCE],
    Kind.SINGLE_LINE_COMMENT_START,
    Category.TOKEN,
    p('##'),
    (l) => {
      if (l.inComment) return;
      if (l.state === State.REFERENCE) l.pop();
      l.inComment = true;
      l.push();
      l.state = State.IN_SINGLE_LINE_COMMENT;
    },
  ],
  [[DEFAULT], Kind.DOUBLE_ESCAPE, Category.TOKEN, p('\\\\\\\\')],
  [[DEFAULT], Kind.ESCAPE, Category.TOKEN, p('\\\\')],
  [[DEFAULT], Kind.TEXT, Category.TOKEN, p('[^$#\\\\]+')],
  [[State.IN_SINGLE_LINE_COMMENT], Kind.SINGLE_LINE_COMMENT, Category.TOKEN, p(NL), commentEnd],
  [[State.IN_FORMAL_COMMENT], Kind.FORMAL_COMMENT, Category.TOKEN, p('\\*#'), commentEnd],
  [[State.IN_MULTI_LINE_COMMENT], Kind.MULTI_LINE_COMMENT, Category.TOKEN, p('\\*#'), commentEnd],
  [[State.IN_TEXTBLOCK], Kind.TEXTBLOCK, Category.TOKEN, p('\\]\\]#'), commentEnd],
  [
    [State.IN_SINGLE_LINE_COMMENT, State.IN_FORMAL_COMMENT, State.IN_MULTI_LINE_COMMENT],
    Kind.COMMENT_CHAR,
    Category.SKIP,
    p('[^]'),
  ],
  [[State.IN_TEXTBLOCK], Kind.TEXTBLOCK_CHAR, Category.MORE, p('[^]')],
  [[DIRECTIVE, REFMOD2, REFINDEX], Kind.WHITESPACE, Category.TOKEN, p('[ \\t\\n\\r]+')],
  [
    [DIRECTIVE, REFMOD2, REFINDEX],
    Kind.STRING_LITERAL,
    Category.TOKEN,
    p('"(?:[^"]|"")*"', "'(?:[^']|'')*'"),
    (l) => {
      if (l.state === State.DIRECTIVE && !l.inSet && l.lparen === 0) l.pop();
    },
  ],
  [[REFERENCE, DIRECTIVE, REFMODIFIER, REFMOD2, REFINDEX], Kind.TRUE, Category.TOKEN, p('true')],
  [[REFERENCE, DIRECTIVE, REFMODIFIER, REFMOD2, REFINDEX], Kind.FALSE, Category.TOKEN, p('false')],
  [
    [DIRECTIVE],
    Kind.NEWLINE,
    Category.TOKEN,
    p(NL),
    (l) => {
      l.pop();
      l.inSet = false;
      l.inDirective = false;
    },
  ],
  [[DIRECTIVE], Kind.MINUS, Category.TOKEN, p('-')],
  [[DIRECTIVE], Kind.PLUS, Category.TOKEN, p('\\+')],
  [[DIRECTIVE], Kind.MULTIPLY, Category.TOKEN, p('\\*')],
  [[DIRECTIVE], Kind.DIVIDE, Category.TOKEN, p('/')],
  [[DIRECTIVE], Kind.MODULUS, Category.TOKEN, p('%')],
  [[DIRECTIVE], Kind.LOGICAL_AND, Category.TOKEN, p('&&', 'and')],
  [[DIRECTIVE], Kind.LOGICAL_OR, Category.TOKEN, p('\\|\\|', 'or')],
  [[DIRECTIVE], Kind.LOGICAL_LT, Category.TOKEN, p('<', 'lt')],
  [[DIRECTIVE], Kind.LOGICAL_LE, Category.TOKEN, p('<=', 'le')],
  [[DIRECTIVE], Kind.LOGICAL_GT, Category.TOKEN, p('>', 'gt')],
  [[DIRECTIVE], Kind.LOGICAL_GE, Category.TOKEN, p('>=', 'ge')],
  [[DIRECTIVE], Kind.LOGICAL_EQUALS, Category.TOKEN, p('==', 'eq')],
  [[DIRECTIVE], Kind.LOGICAL_NOT_EQUALS, Category.TOKEN, p('!=', 'ne')],
  [[DIRECTIVE], Kind.LOGICAL_NOT, Category.TOKEN, p('!', 'not')],
  [[DIRECTIVE], Kind.EQUALS, Category.TOKEN, p('=')],
  [
    [PRE_DIRECTIVE],
    Kind.END,
    Category.TOKEN,
    p(`end(?:[ \\t]*${NL})?`, `\\{end\\}(?:[ \\t]*${NL})?`),
    (l) => {
      l.inDirective = false;
      l.pop();
    },
  ],
  [
    [PRE_DIRECTIVE],
    Kind.IF_DIRECTIVE,
    Category.TOKEN,
    p('if', '\\{if\\}'),
    (l) => {
      l.state = State.DIRECTIVE;
    },
  ],
  [
    [PRE_DIRECTIVE],
    Kind.ELSEIF_DIRECTIVE,
    Category.TOKEN,
    p('elseif', '\\{elseif\\}'),
    (l) => {
      l.state = State.DIRECTIVE;
    },
  ],
  [
    [PRE_DIRECTIVE],
    Kind.ELSE_DIRECTIVE,
    Category.TOKEN,
    p(`else(?:[ \\t]*${NL})?`, `\\{else\\}(?:[ \\t]*${NL})?`),
    (l) => {
      l.inDirective = false;
      l.pop();
    },
  ],
  [
    [PRE_DIRECTIVE, DIRECTIVE, REFMOD2, REFINDEX],
    Kind.INTEGER_LITERAL,
    Category.TOKEN,
    p('-?[0-9]+(?:\\.\\.)?'),
    (l, token) => {
      if (token!.image.endsWith('..')) {
        l.backup(2);
        token!.image = token!.image.slice(0, -2);
      }
      literalEnds(l, [State.REFMOD2, State.REFINDEX]);
    },
  ],
  [
    [PRE_DIRECTIVE, DIRECTIVE, REFMOD2, REFINDEX],
    Kind.FLOATING_POINT_LITERAL,
    Category.TOKEN,
    p(`-?[0-9]+\\.[0-9]*(?:${EXPONENT})?`, `-?\\.[0-9]+(?:${EXPONENT})?`, `-?[0-9]+${EXPONENT}`),
    (l) => literalEnds(l, [State.REFMOD2]),
  ],
  [[PRE_DIRECTIVE, DIRECTIVE], Kind.WORD, Category.TOKEN, p('[a-zA-Z_@][a-zA-Z0-9_@]*')],
  [
    [PRE_DIRECTIVE, DIRECTIVE],
    Kind.BRACKETED_WORD,
    Category.TOKEN,
    p('\\{[a-zA-Z_][a-zA-Z0-9_@]*\\}'),
  ],
  [
    [REFERENCE, REFMODIFIER, REFMOD2],
    Kind.IDENTIFIER,
    Category.TOKEN,
    p('[a-zA-Z_][a-zA-Z0-9_-]*'),
  ],
  [
    [REFERENCE, REFMODIFIER, REFMOD2],
    Kind.DOT,
    Category.TOKEN,
    p('\\.[a-zA-Z]'),
    (l, token) => {
      l.backup(1);
      token!.image = '.';
      l.state = State.REFMODIFIER;
    },
  ],
  [[REFERENCE, REFMODIFIER], Kind.LCURLY, Category.TOKEN, p('\\{')],
  [[REFERENCE, REFMODIFIER], Kind.RCURLY, Category.TOKEN, p('\\}'), (l) => l.pop()],
  [
    [REFERENCE, REFMODIFIER, REFMOD],
    Kind.REFERENCE_TERMINATOR,
    Category.SPECIAL,
    p('[^]'),
    (l) => {
      l.backup(1);
      l.inReference = false;
      l.pop();
    },
  ],
  [
    [PRE_DIRECTIVE],
    Kind.DIRECTIVE_TERMINATOR,
    Category.SPECIAL,
    p('[^]'),
    (l) => {
      l.backup(1);
      l.inDirective = false;
      l.pop();
    },
  ],
  [
    [DEFAULT, REFERENCE],
    Kind.EMPTY_INDEX,
    Category.TOKEN,
    p('\\$\\[', '\\$!\\[', '\\$\\\\!\\[', '\\$\\.'),
  ],
];

/** The rules of each state, in declaration order. */
const RULES: readonly (readonly Rule[])[] = ALL_STATES.map((state) =>
  SPECS.filter(([states]) => states.includes(state)).map(
    ([, kind, category, patterns, action]) => ({
      kind,
      category,
      patterns,
      action,
    }),
  ),
);

interface SavedState {
  readonly lparen: number;
  readonly rparen: number;
  readonly state: State;
}

/** Velocity 1.7's token manager over one template text. */
export class TokenManager {
  state: State = State.DEFAULT;
  lparen = 0;
  rparen = 0;
  inReference = false;
  inDirective = false;
  inComment = false;
  inSet = false;
  private readonly stack: SavedState[] = [];
  /** The read position; actions back it up, the parser peeks at it (`isLeftParenthesis`). */
  pos = 0;
  private readonly lineStarts: number[] = [0];

  constructor(
    readonly text: string,
    private readonly firstLine = 1,
  ) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.lineStarts.push(i + 1);
    }
  }

  line(pos: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return this.firstLine + lo;
  }

  backup(n: number): void {
    this.pos -= n;
  }

  push(): void {
    this.stack.push({ lparen: this.lparen, rparen: this.rparen, state: this.state });
    this.lparen = 0;
  }

  pop(): boolean {
    const saved = this.stack.pop();
    if (!saved) {
      this.lparen = 0;
      this.state = State.DEFAULT;
      return false;
    }
    this.lparen = saved.lparen;
    this.rparen = saved.rparen;
    this.state = saved.state;
    return true;
  }

  /** A `)` closes the state that opened the matching `(`, dropping states without one. */
  rparenHandler(): void {
    if (this.inComment) return;
    for (;;) {
      if (this.lparen > 0) {
        if (this.lparen === this.rparen + 1) this.pop();
        else this.rparen++;
        return;
      }
      if (!this.pop()) return;
    }
  }

  /** The longest match among the current state's rules at `pos` (a tie: the first rule). */
  private match(pos: number): { rule: Rule; length: number } | null {
    let best: Rule | null = null;
    let bestLength = 0;
    for (const rule of RULES[this.state]!) {
      for (const pattern of rule.patterns) {
        pattern.lastIndex = pos;
        const m = pattern.exec(this.text);
        if (m && m[0].length > bestLength) {
          best = rule;
          bestLength = m[0].length;
        }
      }
    }
    return best ? { rule: best, length: bestLength } : null;
  }

  private fail(pos: number, detail: string): never {
    throw new LexicalError(this.line(pos), `Lexical error: ${detail}`);
  }

  getNextToken(): Token {
    const text = this.text;
    let special: Token | null = null;
    for (;;) {
      if (this.pos >= text.length) return this.token(Kind.EOF, this.pos, this.pos, special);
      const begin = this.pos;
      for (;;) {
        const found = this.match(this.pos);
        if (!found) this.fail(this.pos, `unexpected ${JSON.stringify(text[this.pos])}`);
        this.pos += found.length;
        const { rule } = found;
        if (rule.category === Category.TOKEN) {
          const token = this.token(rule.kind, begin, this.pos, special);
          rule.action?.(this, token);
          return token;
        }
        if (rule.category === Category.SPECIAL) {
          const token = this.token(rule.kind, begin, this.pos, special);
          if (special) special.next = token;
          special = token;
          rule.action?.(this, token);
          break;
        }
        rule.action?.(this, null);
        if (rule.category === Category.SKIP) break;
        // MORE: the next match continues this token; the end of the text here is an error.
        if (this.pos >= text.length) this.fail(this.pos, 'unexpected end of the template');
      }
    }
  }

  private token(kind: Kind, begin: number, end: number, special: Token | null): Token {
    return {
      kind,
      image: this.text.slice(begin, end),
      begin,
      line: this.line(begin),
      next: null,
      special,
    };
  }
}
