import path from 'node:path';
import { configSchema, type Config } from '../config/schema.js';
import { ConfigError } from '../errors.js';
import { schemaError } from './format-issue.js';
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
  if (!parsed.success) throw schemaError(configSchema, parsed.error, source);
  const api = (source.value as { api?: Record<string, unknown> }).api;
  if (parsed.data.api.apiKey.required === false && api?.['usagePlan'] !== undefined) {
    // Without a key there is nothing to meter: the usage plan would be dropped silently.
    const line = source.lineOf(['api', 'usagePlan']);
    throw new ConfigError(
      { file: source.file, field: 'api.usagePlan', ...(line !== undefined ? { line } : {}) },
      'a usage plan needs an API key: remove usagePlan or set api.apiKey.required: true',
    );
  }
  return { file, dir: path.dirname(file), source, config: parsed.data };
}
