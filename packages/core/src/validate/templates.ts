import path from 'node:path';
import { compileMappingTemplate } from '@stepgate/vtl';
import { ConfigError } from '../errors.js';
import type { LoadedConfig } from '../load/load-config.js';
import { displayPath, readTextFile } from '../load/source-file.js';
import {
  DEFAULT_REQUEST_TEMPLATE,
  DEFAULT_RESPONSE_TEMPLATE,
  SEED_REQUEST_TEMPLATE,
  SEED_RESPONSE_TEMPLATE,
} from '../templates/builtin-templates.js';

export type TemplateRole = 'request' | 'response';

export interface MappingTemplate {
  /** `default`, `seed`, or the display path of a .vtl file. */
  readonly source: string;
  readonly text: string;
}

const BUILTIN: Record<string, Record<TemplateRole, string>> = {
  default: { request: DEFAULT_REQUEST_TEMPLATE, response: DEFAULT_RESPONSE_TEMPLATE },
  seed: { request: SEED_REQUEST_TEMPLATE, response: SEED_RESPONSE_TEMPLATE },
};

/** Reads both templates; `warnings` receives `file:line: warning: …` lines (unknown $context names). */
export function loadTemplates(
  loaded: LoadedConfig,
  warnings: string[] = [],
): Record<TemplateRole, MappingTemplate> {
  return {
    request: loadTemplate(loaded, 'request', warnings),
    response: loadTemplate(loaded, 'response', warnings),
  };
}

function loadTemplate(
  loaded: LoadedConfig,
  role: TemplateRole,
  warnings: string[],
): MappingTemplate {
  const setting = loaded.config.api.templates[role];
  const field = `api.templates.${role}`;
  const builtin = BUILTIN[setting];
  if (builtin) return { source: setting, text: builtin[role] };
  if (!/\.vtl$/i.test(setting)) {
    const line = loaded.source.lineOf(['api', 'templates', role]);
    throw new ConfigError(
      { file: loaded.source.file, field, ...(line !== undefined ? { line } : {}) },
      `"${setting}" is not allowed; allowed: default | seed | a path to a .vtl file`,
    );
  }
  const file = path.resolve(loaded.dir, setting);
  const text = readTextFile(file, `${role} template (${field})`, field);
  warnings.push(...checkTemplate(text, displayPath(file)));
  return { source: displayPath(file), text };
}

/**
 * Parses a mapping template with the engine that renders it (`@stepgate/vtl`), so validation
 * rejects exactly what rendering would: syntax errors, #include/#parse, unknown $util and $input
 * functions, templates over API Gateway's 300 KB. Throws ConfigError naming file and line;
 * returns warnings (unknown $context variables, which render as empty text).
 */
export function checkTemplate(text: string, file: string): readonly string[] {
  return compileMappingTemplate(text, { file }).warnings;
}
