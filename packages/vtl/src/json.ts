import { BigDecimalValue, integralOf, JsonSmartArray } from './java-values.js';
import { ENGINE_LIMITS, jsonTooDeep } from './limits.js';

/**
 * JSON parsing into the Java value model. `jackson` is `$util.parseJson` (Jackson: strict,
 * decimals become Doubles, arrays ArrayLists); `json-smart` is `$input.path`/`$input.json`
 * (Jayway JsonPath on json-smart's permissive parser: arrays are JSONArrays that print as
 * JSON, decimals longer than 18 characters stay BigDecimals, text that is not JSON becomes
 * a string).
 */
export type JsonFlavour = 'jackson' | 'json-smart';

export class JsonSyntaxError extends Error {}

class Parser {
  pos = 0;
  depth = 0;
  constructor(
    readonly text: string,
    readonly flavour: JsonFlavour,
  ) {}

  fail(what: string): never {
    throw new JsonSyntaxError(`${what} at position ${this.pos}`);
  }

  ws(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.pos++;
      else break;
    }
  }

  /** One value, nested at most ENGINE_LIMITS.jsonDepth deep (limits.ts). */
  value(): unknown {
    if (++this.depth > ENGINE_LIMITS.jsonDepth) throw jsonTooDeep();
    try {
      return this.valueAt();
    } finally {
      this.depth--;
    }
  }

  private valueAt(): unknown {
    this.ws();
    const t = this.text;
    const c = t[this.pos];
    switch (c) {
      case '{': {
        this.pos++;
        const map = new Map<unknown, unknown>();
        this.ws();
        if (t[this.pos] === '}') {
          this.pos++;
          return map;
        }
        for (;;) {
          this.ws();
          if (t[this.pos] !== '"') this.fail('expected a field name');
          const key = this.string();
          this.ws();
          if (t[this.pos] !== ':') this.fail("expected ':'");
          this.pos++;
          const v = this.value();
          map.set(key, v);
          this.ws();
          if (t[this.pos] === ',') {
            this.pos++;
            continue;
          }
          if (t[this.pos] === '}') {
            this.pos++;
            return map;
          }
          this.fail("expected ',' or '}'");
        }
      }
      case '[': {
        this.pos++;
        const list: unknown[] = this.flavour === 'json-smart' ? new JsonSmartArray() : [];
        this.ws();
        if (t[this.pos] === ']') {
          this.pos++;
          return list;
        }
        for (;;) {
          list.push(this.value());
          this.ws();
          if (t[this.pos] === ',') {
            this.pos++;
            continue;
          }
          if (t[this.pos] === ']') {
            this.pos++;
            return list;
          }
          this.fail("expected ',' or ']'");
        }
      }
      case '"':
        return this.string();
      case 't':
        return this.word('true', true);
      case 'f':
        return this.word('false', false);
      case 'n':
        return this.word('null', null);
      default:
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
        return this.fail(
          c === undefined ? 'unexpected end of input' : `unexpected character '${c}'`,
        );
    }
  }

  word(word: string, value: unknown): unknown {
    if (!this.text.startsWith(word, this.pos)) this.fail('unrecognized token');
    this.pos += word.length;
    return value;
  }

  number(): unknown {
    const match = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
    match.lastIndex = this.pos;
    const m = match.exec(this.text);
    if (!m) this.fail('invalid number');
    this.pos += m[0].length;
    const next = this.text[this.pos];
    if (next !== undefined && /[0-9A-Za-z.]/.test(next)) this.fail('invalid number');
    // json-smart and Jackson alike: Integer, else Long, else BigInteger.
    if (m[2] === undefined && m[3] === undefined) return integralOf(BigInt(m[0]));
    if (this.flavour === 'json-smart' && m[0].length > 18) return BigDecimalValue.parse(m[0]);
    return Number(m[0]);
  }

  string(): string {
    const t = this.text;
    this.pos++;
    let out = '';
    let start = this.pos;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (Number.isNaN(c)) this.fail('unterminated string');
      if (c === 0x22) {
        out += t.slice(start, this.pos);
        this.pos++;
        return out;
      }
      if (c < 0x20 && this.flavour === 'jackson')
        this.fail('unescaped control character in string');
      if (c === 0x5c) {
        out += t.slice(start, this.pos);
        const e = t[this.pos + 1];
        this.pos += 2;
        switch (e) {
          case '"':
            out += '"';
            break;
          case '\\':
            out += '\\';
            break;
          case '/':
            out += '/';
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'n':
            out += '\n';
            break;
          case 'r':
            out += '\r';
            break;
          case 't':
            out += '\t';
            break;
          case 'u': {
            const hex = t.slice(this.pos, this.pos + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('invalid \\u escape');
            out += String.fromCharCode(parseInt(hex, 16));
            this.pos += 4;
            break;
          }
          default:
            this.fail('invalid escape');
        }
        start = this.pos;
        continue;
      }
      this.pos++;
    }
  }
}

/** Parses one JSON document; content after the first complete value is ignored, as both libraries do. */
export function parseJson(text: string, flavour: JsonFlavour): unknown {
  const parser = new Parser(text, flavour);
  try {
    const value = parser.value();
    if (flavour === 'json-smart' && (value === null || typeof value !== 'object')) {
      parser.ws();
      if (parser.pos < text.length) return text.trim();
    }
    return value;
  } catch (error) {
    if (flavour === 'json-smart' && error instanceof JsonSyntaxError) {
      const trimmed = text.trim();
      // json-smart's permissive mode reads text that does not start like JSON as one string.
      if (trimmed !== '' && !/^[[{"']/.test(trimmed)) return trimmed;
    }
    throw error;
  }
}
