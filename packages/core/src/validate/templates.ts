import path from 'node:path';
import {
  compileMappingTemplate,
  defaultRequestTemplate,
  defaultResponseTemplate,
  pathParametersRead,
} from '@stepgate/vtl';
import type { AppRoute } from '../config/app-model.js';
import { ConfigError } from '../errors.js';
import type { LoadedConfig } from '../load/load-config.js';
import { displayPath, readTextFile } from '../load/source-file.js';
import { SEED_REQUEST_TEMPLATE, SEED_RESPONSE_TEMPLATE } from '../templates/builtin-templates.js';

export type TemplateRole = 'request' | 'response';

export interface MappingTemplate {
  /** `default`, `seed`, or the display path of a .vtl file. */
  readonly source: string;
  readonly text: string;
}

const SEED: Record<TemplateRole, string> = {
  request: SEED_REQUEST_TEMPLATE,
  response: SEED_RESPONSE_TEMPLATE,
};

/** A route's two templates: `default` is generated for the route, `seed` is the guide's, else a .vtl file. */
export function loadTemplates(
  loaded: LoadedConfig,
  route: AppRoute,
  warnings: string[] = [],
): Record<TemplateRole, MappingTemplate> {
  return {
    request: loadTemplate(loaded, route, 'request', warnings),
    response: loadTemplate(loaded, route, 'response', warnings),
  };
}

/** `warnings` receives `file:line: warning: …` lines (unknown $context names). */
function loadTemplate(
  loaded: LoadedConfig,
  route: AppRoute,
  role: TemplateRole,
  warnings: string[],
): MappingTemplate {
  const setting = route.templates[role];
  const at = [...route.at, 'templates', role];
  const field = at.join('.');
  if (setting === 'default') {
    const text =
      role === 'request'
        ? defaultRequestTemplate(route.input)
        : defaultResponseTemplate({
            status: route.status,
            errors: route.errors,
            ...(loaded.config.api.cors ? { corsOrigins: loaded.config.api.cors.allowOrigins } : {}),
          });
    return { source: 'default', text };
  }
  if (setting === 'seed') return { source: 'seed', text: SEED[role] };
  if (!/\.vtl$/i.test(setting)) {
    const line = loaded.source.lineOf(at);
    throw new ConfigError(
      { file: loaded.source.file, field, ...(line !== undefined ? { line } : {}) },
      `"${setting}" is not allowed; allowed: default | seed | a path to a .vtl file`,
    );
  }
  const file = path.resolve(loaded.dir, setting);
  const fieldLine = loaded.source.lineOf(at);
  const text = readTextFile(file, `${role} template (${field})`, field, {
    file: loaded.source.file,
    field,
    ...(fieldLine !== undefined ? { line: fieldLine } : {}),
  });
  const compiled = compileMappingTemplate(text, { file: displayPath(file) });
  warnings.push(...compiled.warnings);
  const unknown = pathParametersRead(compiled).find((p) => !route.pathParameters.includes(p.name));
  if (unknown) {
    throw new ConfigError(
      { file: displayPath(file), line: unknown.line },
      `reads path parameter "${unknown.name}", which ${route.method} ${route.path} (${route.at.join('.')}) does not have${route.pathParameters.length ? ` (it has ${route.pathParameters.join(', ')})` : ''}`,
    );
  }
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
