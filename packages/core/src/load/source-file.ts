import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { ConfigError } from '../errors.js';

/** A parsed JSON or YAML file that can say on which line any value stands. */
export interface SourceDocument {
  readonly file: string;
  readonly value: unknown;
  /** 1-based line of the value at `fieldPath`, or of its nearest existing parent. */
  lineOf(fieldPath: readonly (string | number)[]): number | undefined;
}

/** The path users see in messages: relative to the working directory when it is inside it. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

export function readTextFile(file: string, what: string, field?: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'does not exist'
        : `cannot be read (${(error as Error).message})`;
    throw new ConfigError(
      field ? { file: displayPath(file), field } : { file: displayPath(file) },
      `${what} ${reason}`,
    );
  }
}

/** Parses YAML (and so JSON, a subset of it), keeping positions for error messages. */
export function parseSourceDocument(file: string, text: string, what: string): SourceDocument {
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
  const lineAt = (node: Node | null | undefined): number | undefined =>
    node?.range ? lineCounter.linePos(node.range[0]).line : undefined;

  return {
    file: display,
    value: doc.toJS({ maxAliasCount: 100 }),
    lineOf(fieldPath) {
      let node: unknown = doc.contents;
      let line = lineAt(doc.contents as Node | null);
      for (const key of fieldPath) {
        if (isMap(node)) {
          const pair = node.items.find(
            (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(key),
          );
          if (!pair) break;
          line = lineAt(pair.key as Node) ?? line;
          node = pair.value;
        } else if (isSeq(node) && typeof key === 'number') {
          node = node.items[key];
          line = lineAt(node as Node) ?? line;
        } else break;
      }
      return line;
    },
  };
}
