import { ConfigError, displayPath, parseJson, readTextFile } from '@stepgate/core';
import {
  compileMappingTemplate,
  formatRenderResult,
  renderMappingTemplate,
  type RenderRequest,
} from '@stepgate/vtl';
import type { CliIo } from '../io.js';

export interface RenderOptions {
  readonly template: string;
  readonly request: string;
}

const STRING_MAPS = [
  'pathParameters',
  'queryStringParameters',
  'headers',
  'stageVariables',
] as const;

/** Reads and checks a request file (CONTRACT.md, `stepgate render`); ConfigError names the file and line or field. */
export function readRequestFile(requestFile: string): RenderRequest {
  const parsed = parseJson(requestFile, readTextFile(requestFile, 'request file'), 'request file');
  const file = displayPath(requestFile);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError({ file }, 'request file must hold a JSON object');
  }
  const request = parsed as Record<string, unknown>;
  const allowed = new Set(['method', 'resourcePath', 'body', 'context', ...STRING_MAPS]);
  for (const key of Object.keys(request)) {
    if (!allowed.has(key))
      throw new ConfigError(
        { file, field: key },
        `unknown field; allowed: ${[...allowed].join(', ')}`,
      );
  }
  for (const key of ['method', 'resourcePath', 'body'] as const) {
    if (request[key] !== undefined && typeof request[key] !== 'string')
      throw new ConfigError({ file, field: key }, 'must be a string');
  }
  for (const key of STRING_MAPS) {
    const value = request[key];
    if (value === undefined) continue;
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw new ConfigError({ file, field: key }, 'must be an object of strings');
    for (const [name, v] of Object.entries(value)) {
      if (typeof v !== 'string')
        throw new ConfigError({ file, field: `${key}.${name}` }, 'must be a string');
    }
  }
  const context = request.context;
  if (
    context !== undefined &&
    (context === null || typeof context !== 'object' || Array.isArray(context))
  ) {
    throw new ConfigError({ file, field: 'context' }, 'must be an object');
  }
  return request as RenderRequest;
}

/** `stepgate render --template FILE --request FILE.json`: one JSON line `{"body", "status", "headers"}`. */
export function renderCommand(options: RenderOptions, io: CliIo): number {
  const text = readTextFile(options.template, 'template');
  const compiled = compileMappingTemplate(text, { file: displayPath(options.template) });
  const request = readRequestFile(options.request);
  io.stdout(`${formatRenderResult(renderMappingTemplate(compiled, request))}\n`);
  return 0;
}
