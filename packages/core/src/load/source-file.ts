import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { ConfigError, type InputLocation } from '../errors.js';

/**
 * The one way stepgate reads and parses the user's files: every package reads through
 * readTextFile (one "missing file" wording), parses JSON/YAML through parseSourceDocument and
 * finds lines through lineFinder.
 */

/** A parsed JSON or YAML file that can say on which line any value stands. */
export interface SourceDocument {
  readonly file: string;
  readonly value: unknown;
  /** 1-based line of the value at `fieldPath`, or of its nearest existing parent. */
  lineOf(fieldPath: readonly (string | number)[]): number | undefined;
}

/** Aliases a YAML file may expand (a "billion laughs" file expands far more). */
export const MAX_YAML_ALIASES = 100;

/** The path users see in messages: relative to the working directory when it is inside it. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a UTF-8 text file. A missing or unreadable file, or one that is not UTF-8, is a
 * ConfigError naming it (`what` says what it is, e.g. "config file"); with `referencedFrom`,
 * a missing file is reported where it is named (e.g. the config's field and line).
 */
export function readTextFile(
  file: string,
  what: string,
  field?: string,
  referencedFrom?: InputLocation,
): string {
  const shown = displayPath(file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && referencedFrom)
      throw new ConfigError(referencedFrom, `${shown} does not exist`);
    const reason =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EISDIR'
          ? 'is a folder, not a file'
          : `cannot be read (${code ?? (error as Error).message})`;
    throw new ConfigError(field ? { file: shown, field } : { file: shown }, `${what} ${reason}`);
  }
  try {
    return utf8.decode(bytes);
  } catch {
    const line = bytes.subarray(0, firstInvalidUtf8(bytes)).toString('latin1').split('\n').length;
    throw new ConfigError({ file: shown, line }, `${what} is not valid UTF-8 text`);
  }
}

function firstInvalidUtf8(bytes: Buffer): number {
  let low = 0;
  let high = bytes.length;
  // The longest valid prefix, by bisection (a prefix cut inside a character is invalid too,
  // which at most moves the answer back by 3 bytes: the line stays right).
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    try {
      utf8.decode(bytes.subarray(0, mid));
      low = mid;
    } catch {
      high = mid - 1;
    }
  }
  return low;
}

/** The line of the value at a field path in a parsed YAML/JSON document. */
function lineLookup(
  contents: unknown,
  lineCounter: LineCounter,
): (fieldPath: readonly (string | number)[]) => number | undefined {
  const lineAt = (node: unknown): number | undefined => {
    const range = (node as Node | null | undefined)?.range;
    return range ? lineCounter.linePos(range[0]).line : undefined;
  };
  return (fieldPath) => {
    let node: unknown = contents;
    let line = lineAt(node);
    for (const key of fieldPath) {
      if (isMap(node)) {
        const pair = node.items.find(
          (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(key),
        );
        if (!pair) break;
        line = lineAt(pair.key) ?? line;
        node = pair.value;
      } else if (isSeq(node) && typeof key === 'number') {
        node = node.items[key];
        line = lineAt(node) ?? line;
      } else break;
    }
    return line;
  };
}

/** Line finder for JSON/YAML text as written; never throws (a broken file finds no lines). */
export function lineFinder(text: string): (at: readonly (string | number)[]) => number | undefined {
  const lineCounter = new LineCounter();
  return lineLookup(parseDocument(text, { lineCounter }).contents, lineCounter);
}

/** Parses YAML (and so JSON, a subset of it), keeping positions for error messages. */
export function parseSourceDocument(file: string, text: string, what: string): SourceDocument {
  if (/\.json$/i.test(file)) parseJson(file, text, what);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const display = displayPath(file);
  const firstError = doc.errors[0];
  if (firstError) {
    const line = firstError.linePos?.[0]?.line;
    const message = (firstError.message.split('\n')[0] ?? 'syntax error').replace(
      / at line \d+, column \d+:?$/,
      '',
    );
    throw new ConfigError(
      line !== undefined ? { file: display, line } : { file: display },
      `${what} is not valid JSON or YAML: ${message}`,
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    // The yaml library refuses an alias bomb ("Excessive alias count …") while expanding.
    throw new ConfigError(
      { file: display },
      `${what} expands YAML aliases too often (at most ${MAX_YAML_ALIASES} alias expansions; ${(error as Error).message.split('\n')[0]})`,
    );
  }
  return { file: display, value, lineOf: lineLookup(doc.contents, lineCounter) };
}

/** JSON.parse with its syntax error in JSON wording, at its line: a ConfigError naming the file. */
export function parseJson(file: string, text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const line = Number(/line (\d+)/.exec(message)?.[1]);
    const position = Number(/position (\d+)/.exec(message)?.[1]);
    const where =
      line > 0
        ? line
        : Number.isFinite(position)
          ? text.slice(0, position).split('\n').length
          : undefined;
    const shown = displayPath(file);
    throw new ConfigError(
      where !== undefined ? { file: shown, line: where } : { file: shown },
      `${what} is not valid JSON: ${message.replace(/\s*\(line \d+ column \d+\)|,? ?(at|in JSON at) position \d+.*$/, '')}`,
    );
  }
}
