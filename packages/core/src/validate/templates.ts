import path from 'node:path';
import velocity from 'velocityjs';
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

/** API Gateway's limit on one mapping template. */
export const MAX_TEMPLATE_BYTES = 300 * 1024;

const BUILTIN: Record<string, Record<TemplateRole, string>> = {
  default: { request: DEFAULT_REQUEST_TEMPLATE, response: DEFAULT_RESPONSE_TEMPLATE },
  seed: { request: SEED_REQUEST_TEMPLATE, response: SEED_RESPONSE_TEMPLATE },
};

export function loadTemplates(loaded: LoadedConfig): Record<TemplateRole, MappingTemplate> {
  return { request: loadTemplate(loaded, 'request'), response: loadTemplate(loaded, 'response') };
}

function loadTemplate(loaded: LoadedConfig, role: TemplateRole): MappingTemplate {
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
  checkTemplate(text, displayPath(file));
  return { source: displayPath(file), text };
}

/** Parses a mapping template as API Gateway would accept it; throws ConfigError naming file and line. */
export function checkTemplate(text: string, file: string): void {
  const size = Buffer.byteLength(text, 'utf8');
  if (size > MAX_TEMPLATE_BYTES) {
    throw new ConfigError(
      { file },
      `mapping template is ${size} bytes; API Gateway allows at most ${MAX_TEMPLATE_BYTES} (300 KB)`,
    );
  }
  let ast: unknown;
  try {
    ast = velocity.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const line = Number(/on line (\d+)/.exec(message)?.[1]);
    const expected = /Expecting (.*), got (.*)$/m.exec(message);
    const problem = expected
      ? `template does not parse: expected ${expected[1]}, got ${expected[2]}`
      : 'template does not parse';
    throw new ConfigError(Number.isFinite(line) && line > 0 ? { file, line } : { file }, problem);
  }
  const forbidden = findDirective(ast, ['include', 'parse']);
  if (forbidden) {
    throw new ConfigError(
      { file, line: forbidden.line },
      `#${forbidden.id} is not supported in API Gateway mapping templates; inline the template instead`,
    );
  }
}

function findDirective(node: unknown, ids: string[]): { id: string; line: number } | undefined {
  if (Array.isArray(node)) {
    for (const child of node) {
      const found = findDirective(child, ids);
      if (found) return found;
    }
    return undefined;
  }
  if (node === null || typeof node !== 'object') return undefined;
  const n = node as { type?: string; id?: string; pos?: { first_line?: number } };
  if ((n.type === 'macro_call' || n.type === n.id) && n.id && ids.includes(n.id)) {
    return { id: n.id, line: n.pos?.first_line ?? 1 };
  }
  for (const value of Object.values(node)) {
    if (value && typeof value === 'object') {
      const found = findDirective(value, ids);
      if (found) return found;
    }
  }
  return undefined;
}
