import type { Command } from 'commander';
import { ConfigError, displayPath, parseJson, readTextFile } from '@stepgate/core';
import {
  compileMappingTemplate,
  DEFAULT_REQUEST_TEMPLATE,
  DEFAULT_RESPONSE_TEMPLATE,
  formatRenderResult,
  renderMappingTemplate,
  SEED_REQUEST_TEMPLATE,
  SEED_RESPONSE_TEMPLATE,
  type RenderRequest,
} from '@stepgate/vtl';
import { commandIo, type CliContext } from '../context.js';
import type { CliIo } from '../io.js';
import { withOutputOptions, type OutputOptions } from '../options.js';

export interface RenderOptions extends Partial<OutputOptions> {
  /** A .vtl file, or `default` / `seed`: the built-in templates. */
  readonly template: string;
  /** The request file; absent: an empty request (every field takes its default). */
  readonly request?: string;
  /** With a built-in template: render its response template instead of its request template. */
  readonly response?: boolean;
}

/** The templates `--template default|seed` names, by role. */
export const BUILTIN_TEMPLATES: Record<string, { request: string; response: string }> = {
  default: { request: DEFAULT_REQUEST_TEMPLATE, response: DEFAULT_RESPONSE_TEMPLATE },
  seed: { request: SEED_REQUEST_TEMPLATE, response: SEED_RESPONSE_TEMPLATE },
};

export function registerRender(program: Command, ctx: CliContext): Command {
  return withOutputOptions(program.command('render'))
    .description('render one mapping template for one request, as API Gateway would (no network)')
    .requiredOption(
      '--template <file>',
      'the mapping template: a .vtl file, or default|seed (the built-in templates)',
    )
    .option(
      '--request <file>',
      'the request as JSON: method, resourcePath, headers, body, context, … (default: {})',
    )
    .option(
      '--response',
      'with --template default|seed: render the response template (default: the request template)',
      false,
    )
    .action((options: RenderOptions) => {
      ctx.setExitCode(renderCommand(options, commandIo(ctx.io, options)));
    });
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

/**
 * `stepgate render --template FILE|default|seed [--response] [--request FILE.json]`: one JSON
 * line `{"body", "status", "headers"}` (with or without `--json`: the output is JSON either way).
 */
export function renderCommand(options: RenderOptions, io: CliIo): number {
  const builtin = Object.hasOwn(BUILTIN_TEMPLATES, options.template)
    ? BUILTIN_TEMPLATES[options.template]
    : undefined;
  if (options.response && !builtin) {
    throw new ConfigError(
      { file: '--response' },
      `only with a built-in template (--template ${Object.keys(BUILTIN_TEMPLATES).join('|')}); a file is rendered as it is`,
    );
  }
  const text = builtin
    ? builtin[options.response ? 'response' : 'request']
    : readTextFile(options.template, 'template');
  const compiled = compileMappingTemplate(text, {
    file: builtin
      ? `${options.template} ${options.response ? 'response' : 'request'} template`
      : displayPath(options.template),
  });
  const request = options.request !== undefined ? readRequestFile(options.request) : {};
  io.stdout(`${formatRenderResult(renderMappingTemplate(compiled, request))}\n`);
  return 0;
}
