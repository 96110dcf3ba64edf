import path from 'node:path';
import { z } from 'zod';
import { configSchema, type Config } from '../config/schema.js';
import { ConfigError } from '../errors.js';
import { describeIssue } from './format-issue.js';
import { parseSourceDocument, readTextFile, type SourceDocument } from './source-file.js';

export interface LoadedConfig {
  /** Absolute path of stepgate.yml. */
  readonly file: string;
  /** Folder that relative paths in the config are resolved against. */
  readonly dir: string;
  readonly source: SourceDocument;
  readonly config: Config;
}

/** Reads and schema-checks stepgate.yml. Throws ConfigError naming file, line and field. */
export function loadConfig(configFile: string): LoadedConfig {
  const file = path.resolve(configFile);
  const text = readTextFile(file, 'config file');
  const source = parseSourceDocument(file, text, 'config file');
  if (source.value === null || typeof source.value !== 'object' || Array.isArray(source.value)) {
    throw new ConfigError(
      { file: source.file },
      'config file must be a mapping with at least name, stateMachine and api',
    );
  }
  const parsed = configSchema.safeParse(source.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const {
      field,
      problem,
      path: at,
    } = describeIssue(issue, source.value, (p) => allowedKeysAt(configSchema, p));
    const line = source.lineOf(at);
    throw new ConfigError(
      { file: source.file, field, ...(line !== undefined ? { line } : {}) },
      problem,
    );
  }
  return { file, dir: path.dirname(file), source, config: parsed.data };
}

/** The keys an object of the schema accepts at `at`, to say what is allowed next to an unknown key. */
function allowedKeysAt(schema: z.ZodType, at: readonly (string | number)[]): string[] {
  let node: z.ZodType | undefined = unwrap(schema);
  for (const key of at) {
    node =
      node instanceof z.ZodObject
        ? unwrap((node.shape as Record<string, z.ZodType>)[String(key)])
        : undefined;
  }
  return node instanceof z.ZodObject ? Object.keys(node.shape).filter((k) => k !== '$schema') : [];
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let node = schema;
  while (node instanceof z.ZodDefault || node instanceof z.ZodOptional)
    node = node.unwrap() as z.ZodType;
  return node;
}
