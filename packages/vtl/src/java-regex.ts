/**
 * java.util.regex patterns translated to JavaScript RegExps (unicode mode), with Java's
 * meaning kept where the two differ (`.`, `$`, `\s`, `\Q…\E`, `\A`, `\z`, `\Z`, POSIX
 * classes, identity escapes). Constructs JavaScript cannot express throw JavaRegexError
 * naming the construct, never a silently different match.
 */
export class JavaRegexError extends Error {}

const LINE_TERMINATORS = '\\n\\r\\u0085\\u2028\\u2029';
const SPACE = '\\t\\n\\x0B\\f\\r ';
const POSIX: Record<string, string> = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\x00-\\x7F',
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~',
  Graph: '!-~',
  Print: ' -~',
  Blank: ' \\t',
  Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F',
  Space: SPACE,
};
const SYNTAX = new Set('^$\\.*+?()[]{}|/'.split(''));

interface Translated {
  readonly regex: RegExp;
  readonly groupCount: number;
  readonly groupNames: ReadonlySet<string>;
}

const cache = new Map<string, Translated>();

/** Translates a Java pattern; `g` makes a global RegExp (for replaceAll/split). */
export function javaRegex(pattern: string): Translated {
  let t = cache.get(pattern);
  if (!t) {
    t = translate(pattern);
    if (cache.size > 1000) cache.clear();
    cache.set(pattern, t);
  }
  return t;
}

function hexEscape(code: number): string {
  return `\\u{${code.toString(16)}}`;
}

function literal(ch: string, inClass: boolean): string {
  if (SYNTAX.has(ch) || (inClass && ch === '-')) return `\\${ch}`;
  return ch;
}

function translate(pattern: string): Translated {
  return new Translator(pattern).run();
}

const UNICODE_CATEGORY =
  /^(Is)?(L|Lu|Ll|Lt|Lm|Lo|M|Mn|Mc|Me|N|Nd|Nl|No|P|Pc|Pd|Ps|Pe|Pi|Pf|Po|S|Sm|Sc|Sk|So|Z|Zs|Zl|Zp|C|Cc|Cf|Co|Cs|Cn)$/;
const SCRIPT = /^Is(Latin|Greek|Cyrillic|Han|Arabic|Hebrew|Hiragana|Katakana|Thai|Common)$/;
const BINARY_PROPERTY = /^Is(Uppercase|Lowercase|White_?Space|Digit|Punctuation)$/i;
const BINARY_PROPERTY_NAMES: Record<string, string> = {
  uppercase: 'Uppercase',
  lowercase: 'Lowercase',
  whitespace: 'White_Space',
  digit: 'Nd',
  punctuation: 'P',
};

/** One pass over a Java pattern, construct by construct. */
class Translator {
  private i = 0;
  private out = '';
  private flags = 'u';
  private dotAll = false;
  private multiline = false;
  private inClass = false;
  private classStart = false;
  private groupCount = 0;
  private readonly groupNames = new Set<string>();

  constructor(private readonly pattern: string) {}

  run(): Translated {
    const { pattern } = this;
    this.leadingFlags();
    this.countGroups();
    while (this.i < pattern.length) {
      const ch = pattern[this.i]!;
      const atClassStart = this.classStart;
      this.classStart = false;
      if (ch === '\\') this.escape();
      else if (this.inClass) this.classCharacter(ch, atClassStart);
      else this.outsideClass(ch);
    }
    if (this.inClass) throw new JavaRegexError(`unclosed character class in /${pattern}/`);
    try {
      return {
        regex: new RegExp(this.out, this.flags),
        groupCount: this.groupCount,
        groupNames: this.groupNames,
      };
    } catch (error) {
      throw new JavaRegexError(
        `invalid regular expression /${pattern}/: ${(error as Error).message}`,
      );
    }
  }

  private unsupported(what: string): never {
    throw new JavaRegexError(
      `${what} (in /${this.pattern}/) is not supported: JavaScript has no equivalent`,
    );
  }

  /** `(?ism)` at the very start. */
  private leadingFlags(): void {
    const lead = /^\(\?([imsdux]+)\)/.exec(this.pattern);
    if (lead) {
      for (const f of lead[1]!) {
        if (f === 'i') this.flags += 'i';
        else if (f === 's') this.dotAll = true;
        else if (f === 'm') this.multiline = true;
        else throw new JavaRegexError(`the inline flag (?${f}) is not supported`);
      }
      this.i = lead[0].length;
    }
    if (this.multiline) this.flags += 'm';
  }

  /** Capturing groups, counted first for Java's back-reference rule (\11 is group 11 only if it exists). */
  private countGroups(): void {
    const { pattern } = this;
    for (let j = 0; j < pattern.length; j++) {
      if (pattern[j] === '\\') j++;
      else if (pattern[j] === '(' && pattern[j + 1] !== '?') this.groupCount++;
      else if (pattern.startsWith('(?<', j) && /^\(\?<[a-zA-Z]/.test(pattern.slice(j))) {
        this.groupCount++;
        this.groupNames.add(/^\(\?<([a-zA-Z][a-zA-Z0-9]*)>/.exec(pattern.slice(j))?.[1] ?? '');
      }
    }
  }

  /** A backslash escape, in or out of a character class. */
  private escape(): void {
    const { pattern } = this;
    const e = pattern[this.i + 1];
    if (e === undefined) throw new JavaRegexError(`unexpected trailing backslash in /${pattern}/`);
    this.i += 2;
    switch (e) {
      case 'Q': {
        const end = pattern.indexOf('\\E', this.i);
        const quoted = end < 0 ? pattern.slice(this.i) : pattern.slice(this.i, end);
        for (const c of quoted) this.out += literal(c, this.inClass);
        this.i = end < 0 ? pattern.length : end + 2;
        return;
      }
      case 'E':
        return;
      case 'd':
      case 'D':
      case 'w':
      case 'W':
      case 't':
      case 'n':
      case 'r':
      case 'f':
        this.out += `\\${e}`;
        return;
      case 's':
        this.out += this.inClass ? SPACE : `[${SPACE}]`;
        return;
      case 'S':
        if (this.inClass) this.unsupported('\\S inside a character class');
        this.out += `[^${SPACE}]`;
        return;
      case 'b':
      case 'B':
        if (this.inClass) this.unsupported('\\b inside a character class');
        this.out += `\\${e}`;
        return;
      case 'a':
        this.out += '\\x07';
        return;
      case 'e':
        this.out += '\\x1B';
        return;
      case 'A':
        this.out += '(?<![\\s\\S])';
        return;
      case 'z':
        this.out += '(?![\\s\\S])';
        return;
      case 'Z':
        this.out += `(?=(?:\\r\\n|[${LINE_TERMINATORS}])?(?![\\s\\S]))`;
        return;
      case 'R':
        this.out += `(?:\\r\\n|[${LINE_TERMINATORS}\\x0B\\f])`;
        return;
      case 'G':
      case 'h':
      case 'H':
      case 'v':
      case 'V':
      case 'X':
        this.unsupported(`\\${e}`);
        return;
      case 'x':
      case 'u':
      case '0':
      case 'c':
        this.numericEscape(e);
        return;
      case 'k': {
        const m = /^<([a-zA-Z][a-zA-Z0-9]*)>/.exec(pattern.slice(this.i));
        if (!m || !this.groupNames.has(m[1]!))
          throw new JavaRegexError(`unknown named group in /${pattern}/`);
        this.out += `\\k<${m[1]}>`;
        this.i += m[0].length;
        return;
      }
      case 'p':
      case 'P':
        this.property(e === 'P');
        return;
      default:
        if (/[1-9]/.test(e)) this.backReference(e);
        else if (/[a-zA-Z]/.test(e))
          throw new JavaRegexError(`illegal escape sequence \\${e} in /${pattern}/`);
        else this.out += literal(e, this.inClass);
    }
  }

  /** `\xhh`, `\x{h…}`, `\uhhhh`, `\0ooo`, `\cX`. */
  private numericEscape(e: 'x' | 'u' | '0' | 'c'): void {
    const { pattern } = this;
    const rest = pattern.slice(this.i);
    let m: RegExpExecArray | null;
    let code: number;
    switch (e) {
      case 'x':
        m = /^\{([0-9a-fA-F]+)\}|^([0-9a-fA-F]{2})/.exec(rest);
        if (!m) throw new JavaRegexError(`illegal hexadecimal escape in /${pattern}/`);
        code = parseInt(m[1] ?? m[2]!, 16);
        break;
      case 'u':
        m = /^[0-9a-fA-F]{4}/.exec(rest);
        if (!m) throw new JavaRegexError(`illegal Unicode escape in /${pattern}/`);
        code = parseInt(m[0], 16);
        break;
      case '0':
        m = /^[0-3]?[0-7]{1,2}/.exec(rest) ?? /^[0-7]/.exec(rest);
        if (!m) throw new JavaRegexError(`illegal octal escape in /${pattern}/`);
        code = parseInt(m[0], 8);
        break;
      case 'c': {
        const c = pattern[this.i];
        if (c === undefined) throw new JavaRegexError(`illegal control escape in /${pattern}/`);
        this.out += hexEscape(c.charCodeAt(0) ^ 64);
        this.i++;
        return;
      }
    }
    this.out += hexEscape(code);
    this.i += m[0].length;
  }

  /** `\p{…}` / `\P{…}`: POSIX classes, Unicode categories, scripts and binary properties. */
  private property(negate: boolean): void {
    const { pattern } = this;
    const e = negate ? 'P' : 'p';
    const m = /^\{([^}]*)\}|^([A-Za-z])/.exec(pattern.slice(this.i));
    if (!m) throw new JavaRegexError(`illegal character property in /${pattern}/`);
    this.i += m[0].length;
    const name = m[1] ?? m[2]!;
    const posix = POSIX[name];
    if (posix !== undefined) {
      if (this.inClass) {
        if (negate) this.unsupported(`\\P{${name}} inside a character class`);
        this.out += posix;
      } else this.out += `[${negate ? '^' : ''}${posix}]`;
      return;
    }
    let prop: string | undefined;
    if (UNICODE_CATEGORY.test(name)) prop = name.replace(/^Is/, '');
    else if (/^(Is)?(Alphabetic|Letter)$/i.test(name))
      prop = /Alphabetic/i.test(name) ? 'Alphabetic' : 'L';
    else if (SCRIPT.test(name)) prop = `Script=${name.slice(2)}`;
    else if (BINARY_PROPERTY.test(name))
      prop = BINARY_PROPERTY_NAMES[name.slice(2).toLowerCase().replace('_', '')];
    if (prop === undefined) this.unsupported(`\\${e}{${name}}`);
    this.out += `\\${e}{${prop}}`;
  }

  /** `\n…`: Java takes as many digits as name an existing group. */
  private backReference(first: string): void {
    const { pattern } = this;
    if (this.inClass) this.unsupported('a back-reference inside a character class');
    let num = first;
    while (/[0-9]/.test(pattern[this.i] ?? '') && Number(num + pattern[this.i]) <= this.groupCount)
      num += pattern[this.i++];
    // Java: a reference to a group that does not exist never matches.
    this.out += Number(num) > this.groupCount ? '(?!)' : `(?:\\${num})`;
  }

  private classCharacter(ch: string, atClassStart: boolean): void {
    const { pattern } = this;
    if (ch === ']' && !atClassStart) {
      this.inClass = false;
      this.out += ']';
    } else if (ch === '[') {
      this.unsupported('a nested character class (union)');
    } else if (ch === '&' && pattern[this.i + 1] === '&') {
      this.unsupported('a character class intersection (&&)');
    } else if (ch === ']') {
      this.out += '\\]';
    } else if (ch === '^' && atClassStart) {
      this.out += '^';
      this.classStart = true;
    } else {
      this.out += SYNTAX.has(ch) && ch !== '-' && ch !== '^' ? `\\${ch}` : ch;
    }
    this.i++;
  }

  private outsideClass(ch: string): void {
    switch (ch) {
      case '[':
        this.inClass = true;
        this.classStart = true;
        this.out += '[';
        this.i++;
        return;
      case '.':
        this.out += this.dotAll ? '[\\s\\S]' : `[^${LINE_TERMINATORS}]`;
        this.i++;
        return;
      case '$':
        this.out += this.multiline
          ? `(?=(?:\\r\\n|[${LINE_TERMINATORS}])|(?![\\s\\S]))`
          : `(?=(?:\\r\\n|(?<!\\r)\\n|[\\r\\u0085\\u2028\\u2029])?(?![\\s\\S]))`;
        this.i++;
        return;
      case '(':
        this.group();
        return;
      case '*':
      case '+':
      case '?':
      case '}':
        this.out += ch;
        this.i++;
        if (this.pattern[this.i] === '+') this.unsupported(`the possessive quantifier ${ch}+`);
        return;
      case '{':
        this.repetition();
        return;
      default:
        this.out += ch === '/' ? '\\/' : ch;
        this.i++;
    }
  }

  private group(): void {
    const { pattern } = this;
    if (pattern[this.i + 1] !== '?') {
      this.out += '(';
      this.i++;
      return;
    }
    const rest = pattern.slice(this.i + 2);
    if (/^(?::|=|!|<=|<!|<[a-zA-Z])/.test(rest)) {
      this.out += '(?';
      this.i += 2;
      return;
    }
    if (rest.startsWith('>')) this.unsupported('an atomic group (?>…)');
    const flagGroup = /^([imsdux]*)(?:-([imsdux]*))?([:)])/.exec(rest);
    if (flagGroup) this.unsupported(`the inline flag group (?${flagGroup[0]}`);
    throw new JavaRegexError(`unknown group type in /${pattern}/`);
  }

  /** `{n}`, `{n,}`, `{n,m}`. */
  private repetition(): void {
    const { pattern } = this;
    const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(this.i));
    if (!m) throw new JavaRegexError(`illegal repetition near index ${this.i} in /${pattern}/`);
    this.out += m[0];
    this.i += m[0].length;
    if (pattern[this.i] === '+') this.unsupported(`the possessive quantifier ${m[0]}+`);
  }
}

function globalOf(t: Translated): RegExp {
  return new RegExp(t.regex.source, `${t.regex.flags}g`);
}

/** Builds the replacement text of Matcher.appendReplacement (`$1`, `${name}`, `\$`). */
function javaReplacement(
  replacement: string,
  t: Translated,
  groups: (string | undefined)[],
  named: Record<string, string | undefined> | undefined,
): string {
  if (!replacement.includes('$') && !replacement.includes('\\')) return replacement;
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i]!;
    if (c === '\\') {
      i++;
      if (i >= replacement.length) throw new JavaRegexError('character to be escaped is missing');
      out += replacement[i];
    } else if (c === '$') {
      i++;
      if (i >= replacement.length)
        throw new JavaRegexError('Illegal group reference: group index is missing');
      if (replacement[i] === '{') {
        const end = replacement.indexOf('}', i);
        const name = end < 0 ? '' : replacement.slice(i + 1, end);
        if (end < 0 || !/^[a-zA-Z][a-zA-Z0-9]*$/.test(name))
          throw new JavaRegexError("named capturing group is missing trailing '}'");
        if (!t.groupNames.has(name)) throw new JavaRegexError(`No group with name {${name}}`);
        out += named?.[name] ?? '';
        i = end;
      } else {
        if (!/[0-9]/.test(replacement[i]!)) throw new JavaRegexError('Illegal group reference');
        let num = Number(replacement[i]);
        while (
          i + 1 < replacement.length &&
          /[0-9]/.test(replacement[i + 1]!) &&
          num * 10 + Number(replacement[i + 1]) <= t.groupCount
        ) {
          num = num * 10 + Number(replacement[++i]);
        }
        if (num > t.groupCount) throw new JavaRegexError(`No group ${num}`);
        out += groups[num] ?? '';
      }
    } else out += c;
  }
  return out;
}

function replace(text: string, pattern: string, replacement: string, all: boolean): string {
  const t = javaRegex(pattern);
  const re = all ? globalOf(t) : t.regex;
  return text.replace(re, (...args: unknown[]) => {
    const hasNamed = typeof args[args.length - 1] === 'object';
    const named = hasNamed
      ? (args[args.length - 1] as Record<string, string | undefined>)
      : undefined;
    const groups = args.slice(0, args.length - (hasNamed ? 3 : 2)) as (string | undefined)[];
    return javaReplacement(replacement, t, groups, named);
  });
}

export function javaReplaceAll(text: string, pattern: string, replacement: string): string {
  return replace(text, pattern, replacement, true);
}

export function javaReplaceFirst(text: string, pattern: string, replacement: string): string {
  return replace(text, pattern, replacement, false);
}

export function javaMatches(text: string, pattern: string): boolean {
  const t = javaRegex(pattern);
  const whole = new RegExp(`^(?:${t.regex.source})$`, t.regex.flags.replace('m', ''));
  return whole.test(text);
}

/** String.split(regex, limit) with Java's rules (trailing empty strings removed when limit is 0). */
export function javaSplit(text: string, pattern: string, limit = 0): string[] {
  if (text === '') return [''];
  const re = globalOf(javaRegex(pattern));
  const parts: string[] = [];
  let index = 0;
  for (const m of text.matchAll(re)) {
    if (limit > 0 && parts.length >= limit - 1) break;
    const start = m.index;
    const end = start + m[0].length;
    if (end === 0) continue; // a zero-width match at the beginning never gives a leading empty string
    parts.push(text.slice(index, start));
    index = end;
  }
  if (index === 0 && parts.length === 0) return [text];
  parts.push(text.slice(index));
  if (limit === 0) while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}
