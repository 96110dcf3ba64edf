import { ConfigError, type InputLocation } from '@stepgate/errors';
import type { Program } from './ast.js';
import { forEachReference } from './ast-walk.js';
import { Interpreter } from './interpreter.js';
import { RenderError, UnsupportedMethodError } from './render-errors.js';
import {
  ENGINE_LIMITS,
  LimitExceededError,
  templateNestingDepth,
  type EngineLimit,
} from './limits.js';
import { toJackson } from './java-values.js';
import { parseTemplate, TemplateSyntaxError, UnsupportedDirectiveError } from './parser.js';
import { checkRefNames, type TemplateWarning } from './name-check.js';
import { prepareRequest, toJava as toJavaValue, toPlain, type RenderRequest } from './request.js';

export * from './builtin-templates.js';
export * from './default-templates.js';
export { pathParametersRead } from './path-parameters.js';
export { ENGINE_LIMITS, type EngineLimit } from './limits.js';
export type { RenderRequest } from './request.js';
import { javaUtf8Text } from './util-functions.js';
export {
  escapeJavaScript,
  urlEncode,
  urlDecode,
  base64Encode,
  base64Decode,
} from './util-functions.js';
export {
  javaRegex,
  javaReplaceAll,
  javaReplaceFirst,
  javaMatches,
  javaSplit,
  JavaRegexError,
} from './java-regex.js';

/** What a mapping template produced: the body, and `$context.responseOverride`. */
export interface RenderResult {
  body: string;
  /** `$context.responseOverride.status`, or null when the template does not set it. */
  status: number | null;
  /** `$context.responseOverride.header`. */
  headers: Record<string, unknown>;
}

/**
 * Why a template failed, by class, as Velocity's exceptions are classed: `parse` (the template
 * does not parse: ParseErrorException), `invocation` (a Java method threw while rendering:
 * MethodInvocationException), `limit` (a size, depth or budget API Gateway enforces), and
 * `unsupported` (something API Gateway lacks or stepgate refuses: `#include`, an unknown `$util`
 * function).
 */
export type TemplateErrorKind = 'parse' | 'invocation' | 'limit' | 'unsupported';

/** A template that cannot be compiled or rendered: a ConfigError (exit 2) with its class. */
export class TemplateError extends ConfigError {
  constructor(
    readonly kind: TemplateErrorKind,
    location: InputLocation,
    problem: string,
  ) {
    super(location, problem);
  }
}

/** A parsed template, ready to render any number of times. */
export interface CompiledTemplate {
  readonly file: string;
  readonly text: string;
  readonly program: Program;
  /** `file:line: warning: …` for names that render as empty text, e.g. an unknown `$context` variable. */
  readonly warnings: readonly string[];
}

/** API Gateway's limit on one mapping template. */
export const MAX_TEMPLATE_BYTES = ENGINE_LIMITS.templateBytes;

/**
 * A render stopped by one of ENGINE_LIMITS (limits.ts). Exit 2 from `render`; the local stage
 * answers 500 `{"message": "Internal server error"}` and keeps serving.
 */
export class TemplateLimitError extends TemplateError {
  override readonly code = 'TEMPLATE_LIMIT';

  constructor(
    location: InputLocation,
    problem: string,
    readonly limit: EngineLimit,
  ) {
    super('limit', location, problem);
  }
}

const programs = new Map<string, { program: Program; warnings: TemplateWarning[] }>();
const MAX_CACHED = 500;

/**
 * Parses a mapping template as API Gateway accepts it (≤ 300 KB, no #include/#parse, only
 * $util functions API Gateway has). Parsed templates are cached by text.
 * Throws ConfigError naming `file` and the line.
 */
export function compileMappingTemplate(
  text: string,
  options: { file?: string } = {},
): CompiledTemplate {
  const file = options.file ?? 'template';
  const size = Buffer.byteLength(text, 'utf8');
  if (size > MAX_TEMPLATE_BYTES) {
    throw new TemplateLimitError(
      { file },
      `mapping template is ${size} bytes; API Gateway allows at most ${MAX_TEMPLATE_BYTES} (300 KB)`,
      'templateBytes',
    );
  }
  let cached = programs.get(text);
  if (!cached) {
    let program: Program;
    if (templateNestingDepth(text) > ENGINE_LIMITS.templateNesting)
      throw new TemplateLimitError(
        { file },
        `mapping template nests directives and brackets more than ${ENGINE_LIMITS.templateNesting} deep (stepgate's limit)`,
        'templateNesting',
      );
    try {
      program = parseTemplate(text);
    } catch (error) {
      if (error instanceof UnsupportedDirectiveError)
        throw new TemplateError('unsupported', { file, line: error.line }, error.message);
      if (error instanceof TemplateSyntaxError)
        throw new TemplateError(
          'parse',
          { file, line: error.line },
          `template does not parse: ${error.message}`,
        );
      throw error;
    }
    const warnings: TemplateWarning[] = [];
    checkNames(program, file, warnings);
    cached = { program, warnings };
    if (programs.size >= MAX_CACHED) programs.delete(programs.keys().next().value!);
    programs.set(text, cached);
  }
  return {
    file,
    text,
    program: cached.program,
    warnings: cached.warnings.map((w) => `${file}:${w.line}: warning: ${w.message}`),
  };
}

/** Renders a template (compiled, or its text) for one request; throws ConfigError when rendering fails. */
export function renderMappingTemplate(
  template: CompiledTemplate | string,
  request: RenderRequest = {},
): RenderResult {
  const compiled = typeof template === 'string' ? compileMappingTemplate(template) : template;
  const { vars, responseOverride } = prepareRequest(request);
  let body: string;
  try {
    body = new Interpreter(compiled.program, vars).run();
  } catch (error) {
    if (error instanceof UnsupportedMethodError)
      throw new TemplateError(
        'unsupported',
        { file: compiled.file, line: error.line },
        error.message,
      );
    // #evaluate parses its text while rendering.
    if (error instanceof UnsupportedDirectiveError)
      throw new TemplateError(
        'unsupported',
        { file: compiled.file, line: error.line },
        error.message,
      );
    if (error instanceof TemplateSyntaxError)
      throw new TemplateError(
        'parse',
        { file: compiled.file, line: error.line },
        `#evaluate: text does not parse: ${error.message}`,
      );
    if (error instanceof RenderError)
      throw new TemplateError(
        'invocation',
        { file: compiled.file, line: error.line },
        error.message,
      );
    if (error instanceof LimitExceededError)
      throw new TemplateLimitError(
        error.line !== undefined
          ? { file: compiled.file, line: error.line }
          : { file: compiled.file },
        error.message,
        error.limit,
      );
    throw error;
  }
  const status = responseOverride.get('status');
  let statusCode: number | null = null;
  if (status !== null && status !== undefined) {
    const text =
      typeof status === 'string'
        ? status
        : typeof status === 'bigint'
          ? status.toString()
          : String(status);
    if (!/^[+-]?\d+$/.test(text) || typeof status === 'number') {
      throw new TemplateError(
        'invocation',
        { file: compiled.file },
        `$context.responseOverride.status must be an integer, got "${text}"`,
      );
    }
    statusCode = Number(text);
  }
  const headers = responseOverride.get('header');
  return {
    // API Gateway sends the body as UTF-8 bytes, where Java writes a lone surrogate as `?`.
    body: javaUtf8Text(body),
    status: statusCode,
    headers: (toPlain(headers ?? {}) ?? {}) as Record<string, unknown>,
  };
}

/** `$util.nope(...)` and `$input.nope(...)` are errors at compile time, with their line; `$context.nope` a warning. */
function checkNames(program: Program, file: string, warnings: TemplateWarning[]): void {
  forEachReference(program, (ref) => {
    const problem = checkRefNames(ref, warnings);
    if (problem !== undefined)
      throw new TemplateError('unsupported', { file, line: ref.line }, problem);
  });
}

/**
 * The result as one JSON line, written exactly as ../shared/tools/vtl-oracle writes it (Jackson:
 * `{"body":…,"status":…,"headers":{…}}`), so the two outputs compare byte for byte.
 */
export function formatRenderResult(result: RenderResult): string {
  return toJackson(
    new Map<string, unknown>([
      ['body', result.body],
      ['status', result.status === null ? null : BigInt(result.status)],
      ['headers', toJavaValue(result.headers)],
    ]),
  );
}
