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
  let flags = 'u';
  let i = 0;
  let dotAll = false;
  let multiline = false;
  const lead = /^\(\?([imsdux]+)\)/.exec(pattern);
  if (lead) {
    for (const f of lead[1]!) {
      if (f === 'i') flags += 'i';
      else if (f === 's') dotAll = true;
      else if (f === 'm') multiline = true;
      else throw new JavaRegexError(`the inline flag (?${f}) is not supported`);
    }
    i = lead[0].length;
  }
  if (multiline) flags += 'm';
  let out = '';
  let groupCount = 0;
  const groupNames = new Set<string>();
  // Count capturing groups first, for Java's back-reference rule (\11 is group 11 only if it exists).
  for (let j = 0; j < pattern.length; j++) {
    if (pattern[j] === '\\') j++;
    else if (pattern[j] === '(' && pattern[j + 1] !== '?') groupCount++;
    else if (pattern.startsWith('(?<', j) && /^\(\?<[a-zA-Z]/.test(pattern.slice(j))) {
      groupCount++;
      groupNames.add(/^\(\?<([a-zA-Z][a-zA-Z0-9]*)>/.exec(pattern.slice(j))?.[1] ?? '');
    }
  }
  let inClass = false;
  let classStart = false;
  const unsupported = (what: string): never => {
    throw new JavaRegexError(
      `${what} (in /${pattern}/) is not supported: JavaScript has no equivalent`,
    );
  };
  while (i < pattern.length) {
    const ch = pattern[i]!;
    const atClassStart = classStart;
    classStart = false;
    if (ch === '\\') {
      const e = pattern[i + 1];
      if (e === undefined)
        throw new JavaRegexError(`unexpected trailing backslash in /${pattern}/`);
      i += 2;
      switch (e) {
        case 'Q': {
          const end = pattern.indexOf('\\E', i);
          const quoted = end < 0 ? pattern.slice(i) : pattern.slice(i, end);
          for (const c of quoted) out += literal(c, inClass);
          i = end < 0 ? pattern.length : end + 2;
          break;
        }
        case 'E':
          break;
        case 'd':
        case 'D':
        case 'w':
        case 'W':
        case 't':
        case 'n':
        case 'r':
        case 'f':
          out += `\\${e}`;
          break;
        case 's':
          out += inClass ? SPACE : `[${SPACE}]`;
          break;
        case 'S':
          if (inClass) unsupported('\\S inside a character class');
          out += `[^${SPACE}]`;
          break;
        case 'b':
        case 'B':
          if (inClass) unsupported('\\b inside a character class');
          out += `\\${e}`;
          break;
        case 'a':
          out += '\\x07';
          break;
        case 'e':
          out += '\\x1B';
          break;
        case 'A':
          out += '(?<![\\s\\S])';
          break;
        case 'z':
          out += '(?![\\s\\S])';
          break;
        case 'Z':
          out += `(?=(?:\\r\\n|[${LINE_TERMINATORS}])?(?![\\s\\S]))`;
          break;
        case 'G':
          unsupported('\\G');
          break;
        case 'R':
          out += `(?:\\r\\n|[${LINE_TERMINATORS}\\x0B\\f])`;
          break;
        case 'h':
        case 'H':
        case 'v':
        case 'V':
        case 'X':
          unsupported(`\\${e}`);
          break;
        case 'x': {
          const m = /^\{([0-9a-fA-F]+)\}|^([0-9a-fA-F]{2})/.exec(pattern.slice(i));
          if (!m) throw new JavaRegexError(`illegal hexadecimal escape in /${pattern}/`);
          out += hexEscape(parseInt(m[1] ?? m[2]!, 16));
          i += m[0].length;
          break;
        }
        case 'u': {
          const m = /^[0-9a-fA-F]{4}/.exec(pattern.slice(i));
          if (!m) throw new JavaRegexError(`illegal Unicode escape in /${pattern}/`);
          out += hexEscape(parseInt(m[0], 16));
          i += 4;
          break;
        }
        case '0': {
          const m = /^[0-3]?[0-7]{1,2}/.exec(pattern.slice(i)) ?? /^[0-7]/.exec(pattern.slice(i));
          if (!m) throw new JavaRegexError(`illegal octal escape in /${pattern}/`);
          out += hexEscape(parseInt(m[0], 8));
          i += m[0].length;
          break;
        }
        case 'c': {
          const c = pattern[i];
          if (c === undefined) throw new JavaRegexError(`illegal control escape in /${pattern}/`);
          out += hexEscape(c.charCodeAt(0) ^ 64);
          i++;
          break;
        }
        case 'k': {
          const m = /^<([a-zA-Z][a-zA-Z0-9]*)>/.exec(pattern.slice(i));
          if (!m || !groupNames.has(m[1]!))
            throw new JavaRegexError(`unknown named group in /${pattern}/`);
          out += `\\k<${m[1]}>`;
          i += m[0].length;
          break;
        }
        case 'p':
        case 'P': {
          const m = /^\{([^}]*)\}|^([A-Za-z])/.exec(pattern.slice(i));
          if (!m) throw new JavaRegexError(`illegal character property in /${pattern}/`);
          i += m[0].length;
          const name = m[1] ?? m[2]!;
          const negate = e === 'P';
          const posix = POSIX[name];
          if (posix !== undefined) {
            if (inClass) {
              if (negate) unsupported(`\\P{${name}} inside a character class`);
              out += posix;
            } else out += `[${negate ? '^' : ''}${posix}]`;
            break;
          }
          let prop: string | undefined;
          if (
            /^(Is)?(L|Lu|Ll|Lt|Lm|Lo|M|Mn|Mc|Me|N|Nd|Nl|No|P|Pc|Pd|Ps|Pe|Pi|Pf|Po|S|Sm|Sc|Sk|So|Z|Zs|Zl|Zp|C|Cc|Cf|Co|Cs|Cn)$/.test(
              name,
            )
          ) {
            prop = name.replace(/^Is/, '');
          } else if (/^(Is)?(Alphabetic|Letter)$/i.test(name))
            prop = /Alphabetic/i.test(name) ? 'Alphabetic' : 'L';
          else if (
            /^Is(Latin|Greek|Cyrillic|Han|Arabic|Hebrew|Hiragana|Katakana|Thai|Common)$/.test(name)
          )
            prop = `Script=${name.slice(2)}`;
          else if (/^Is(Uppercase|Lowercase|White_?Space|Digit|Punctuation)$/i.test(name)) {
            const key = name.slice(2).toLowerCase().replace('_', '');
            prop = {
              uppercase: 'Uppercase',
              lowercase: 'Lowercase',
              whitespace: 'White_Space',
              digit: 'Nd',
              punctuation: 'P',
            }[key];
          }
          if (prop === undefined) unsupported(`\\${e}{${name}}`);
          out += `\\${e}{${prop}}`;
          break;
        }
        default:
          if (/[1-9]/.test(e)) {
            if (inClass) unsupported('a back-reference inside a character class');
            let num = e;
            while (/[0-9]/.test(pattern[i] ?? '') && Number(num + pattern[i]) <= groupCount)
              num += pattern[i++];
            if (Number(num) > groupCount) {
              // Java: a reference to a group that does not exist never matches.
              out += '(?!)';
            } else out += `(?:\\${num})`;
          } else if (/[a-zA-Z]/.test(e)) {
            throw new JavaRegexError(`illegal escape sequence \\${e} in /${pattern}/`);
          } else {
            out += literal(e, inClass);
          }
      }
      continue;
    }
    if (inClass) {
      if (ch === ']' && !atClassStart) {
        inClass = false;
        out += ']';
      } else if (ch === '[') {
        unsupported('a nested character class (union)');
      } else if (ch === '&' && pattern[i + 1] === '&') {
        unsupported('a character class intersection (&&)');
      } else if (ch === ']') {
        out += '\\]';
      } else if (ch === '^' && atClassStart) {
        out += '^';
        classStart = true;
      } else {
        out += SYNTAX.has(ch) && ch !== '-' && ch !== '^' ? `\\${ch}` : ch;
      }
      i++;
      continue;
    }
    switch (ch) {
      case '[':
        inClass = true;
        classStart = true;
        out += '[';
        i++;
        continue;
      case '.':
        out += dotAll ? '[\\s\\S]' : `[^${LINE_TERMINATORS}]`;
        i++;
        continue;
      case '$':
        out += multiline
          ? `(?=(?:\\r\\n|[${LINE_TERMINATORS}])|(?![\\s\\S]))`
          : `(?=(?:\\r\\n|(?<!\\r)\\n|[\\r\\u0085\\u2028\\u2029])?(?![\\s\\S]))`;
        i++;
        continue;
      case '(': {
        if (pattern[i + 1] === '?') {
          const rest = pattern.slice(i + 2);
          if (
            rest.startsWith(':') ||
            rest.startsWith('=') ||
            rest.startsWith('!') ||
            rest.startsWith('<=') ||
            rest.startsWith('<!')
          ) {
            out += '(?';
            i += 2;
            continue;
          }
          if (/^<[a-zA-Z]/.test(rest)) {
            out += '(?';
            i += 2;
            continue;
          }
          if (rest.startsWith('>')) unsupported('an atomic group (?>…)');
          const flagGroup = /^([imsdux]*)(?:-([imsdux]*))?([:)])/.exec(rest);
          if (flagGroup) unsupported(`the inline flag group (?${flagGroup[0]}`);
          throw new JavaRegexError(`unknown group type in /${pattern}/`);
        }
        out += '(';
        i++;
        continue;
      }
      case '*':
      case '+':
      case '?':
      case '}': {
        out += ch;
        i++;
        if (pattern[i] === '+') unsupported(`the possessive quantifier ${ch}+`);
        continue;
      }
      case '{': {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
        if (!m) throw new JavaRegexError(`illegal repetition near index ${i} in /${pattern}/`);
        out += m[0];
        i += m[0].length;
        if (pattern[i] === '+') unsupported(`the possessive quantifier ${m[0]}+`);
        continue;
      }
      default:
        out += ch === '/' ? '\\/' : ch;
        i++;
    }
  }
  if (inClass) throw new JavaRegexError(`unclosed character class in /${pattern}/`);
  try {
    return { regex: new RegExp(out, flags), groupCount, groupNames };
  } catch (error) {
    throw new JavaRegexError(
      `invalid regular expression /${pattern}/: ${(error as Error).message}`,
    );
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
