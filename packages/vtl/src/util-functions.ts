/** `$util` functions with Java's exact behaviour (Commons Lang 2.6, java.net.URLEncoder, java.util.Base64). */

export class UtilFunctionError extends Error {}

/** StringEscapeUtils.escapeJavaScript (Commons Lang 2.6): per UTF-16 unit, uppercase hex, DEL kept raw. */
export function escapeJavaScript(text: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    let rep: string;
    if (ch > 0x7f) rep = `\\u${ch.toString(16).toUpperCase().padStart(4, '0')}`;
    else if (ch < 0x20) {
      switch (ch) {
        case 0x08:
          rep = '\\b';
          break;
        case 0x0a:
          rep = '\\n';
          break;
        case 0x09:
          rep = '\\t';
          break;
        case 0x0c:
          rep = '\\f';
          break;
        case 0x0d:
          rep = '\\r';
          break;
        default:
          rep = `\\u${ch.toString(16).toUpperCase().padStart(4, '0')}`;
      }
    } else if (ch === 0x27) rep = "\\'";
    else if (ch === 0x22) rep = '\\"';
    else if (ch === 0x5c) rep = '\\\\';
    else if (ch === 0x2f) rep = '\\/';
    else continue;
    out += text.slice(start, i) + rep;
    start = i + 1;
  }
  return start === 0 ? text : out + text.slice(start);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text as Java encodes it to UTF-8: a lone surrogate becomes `?` (Node would write U+FFFD). */
export function javaUtf8Text(text: string): string {
  return text.replace(LONE_SURROGATE, '?');
}

/** String.getBytes(UTF_8). */
export function javaUtf8Bytes(text: string): Uint8Array {
  return encoder.encode(javaUtf8Text(text));
}

/**
 * Java's UTF-8 decoder: like the WHATWG one, except that an encoded surrogate (`ED A0..BF xx`)
 * is one malformed sequence (one U+FFFD), not three.
 */
export function javaUtf8Decode(bytes: Uint8Array): string {
  let out = '';
  let start = 0;
  for (let i = 0; i + 2 < bytes.length; i++) {
    if (
      bytes[i] === 0xed &&
      bytes[i + 1]! >= 0xa0 &&
      bytes[i + 1]! <= 0xbf &&
      (bytes[i + 2]! & 0xc0) === 0x80
    ) {
      out += decoder.decode(bytes.subarray(start, i)) + '\uFFFD';
      start = i + 3;
      i += 2;
    }
  }
  return out + decoder.decode(bytes.subarray(start));
}

/** java.net.URLEncoder.encode(s, "UTF-8"): letters, digits and `.-*_` kept, space → `+`. */
export function urlEncode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (/[a-zA-Z0-9.\-*_]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else {
      let chunk = c;
      const code = c.charCodeAt(0);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) chunk += text[++i];
      }
      const bytes =
        chunk.length === 1 && code >= 0xd800 && code <= 0xdfff ? [0x3f] : encoder.encode(chunk);
      for (const b of bytes) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return out;
}

/** java.net.URLDecoder.decode(s, "UTF-8"): `+` → space, `%XX` sequences decoded as UTF-8. */
export function urlDecode(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '+') {
      out += ' ';
      i++;
    } else if (c === '%') {
      const bytes: number[] = [];
      while (i + 2 < text.length && text[i] === '%') {
        const hex = text.slice(i + 1, i + 3);
        if (hex.length < 2)
          throw new UtilFunctionError('URLDecoder: Incomplete trailing escape (%) pattern');
        if (!/^[0-9a-fA-F]{2}$/.test(hex))
          throw new UtilFunctionError(`URLDecoder: Illegal hex characters in escape (%) pattern`);
        bytes.push(parseInt(hex, 16));
        i += 3;
      }
      if (i < text.length && text[i] === '%')
        throw new UtilFunctionError('URLDecoder: Incomplete trailing escape (%) pattern');
      out += javaUtf8Decode(new Uint8Array(bytes));
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** java.util.Base64.getEncoder() of the UTF-8 bytes. */
export function base64Encode(text: string): string {
  return Buffer.from(javaUtf8Bytes(text)).toString('base64');
}

/** java.util.Base64.getDecoder() (strict alphabet and padding), then UTF-8. */
export function base64Decode(text: string): string {
  const stripped = text.replace(/=+$/, '');
  const padding = text.length - stripped.length;
  if (!/^[A-Za-z0-9+/]*$/.test(stripped)) {
    const bad = /[^A-Za-z0-9+/]/.exec(stripped)![0];
    throw new UtilFunctionError(`Illegal base64 character ${bad.charCodeAt(0).toString(16)}`);
  }
  const rest = stripped.length % 4;
  if (rest === 1) throw new UtilFunctionError('Last unit does not have enough valid bits');
  if (padding > 0 && (padding > 2 || (stripped.length + padding) % 4 !== 0)) {
    throw new UtilFunctionError('Input byte array has wrong 4-byte ending unit');
  }
  return javaUtf8Decode(Buffer.from(stripped, 'base64'));
}
