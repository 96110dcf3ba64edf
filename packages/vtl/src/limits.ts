/**
 * Every limit of the template engine, in one place. The first three are API Gateway's
 * (documented quotas); the others are stepgate's own, where AWS documents none. All are
 * counts, never wall-clock time, so a template hits them at the same point on every machine.
 */
export const ENGINE_LIMITS = {
  /** API Gateway: a mapping template is at most 300 KB. */
  templateBytes: 300 * 1024,
  /** API Gateway: at most 1,000 iterations in one `#foreach … #end` loop. */
  foreachIterations: 1000,
  /** stepgate: directives and brackets nested in a template's text, at most this deep. */
  templateNesting: 500,
  /** Velocity 1.7's `velocimacro.max.depth` default: macros calling macros, at most 20 deep. */
  macroDepth: 20,
  /** stepgate: nesting of JSON read by `$input.json`, `$input.path` and `$util.parseJson`. */
  jsonDepth: 1000,
  /** stepgate: evaluation steps (directives, references, expressions, range items) per render. */
  steps: 1_000_000,
  /**
   * stepgate: characters in the output or in one string the template builds: room for a
   * 10 MB body (API Gateway's payload limit) escaped twice over.
   */
  stringChars: 32 * 1024 * 1024,
  /** stepgate: characters written in all, output and built strings together, per render. */
  writtenChars: 128 * 1024 * 1024,
} as const;

export type EngineLimit = keyof typeof ENGINE_LIMITS;

/** A render went over one of ENGINE_LIMITS. The local stage answers it with 500. */
export class LimitExceededError extends Error {
  constructor(
    readonly limit: EngineLimit,
    readonly line: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** Counts one render's use of the limits; the interpreter calls these hooks. */
export class RenderBudget {
  private steps = 0;
  private macroDepth = 0;
  private written = 0;

  /** One evaluation step (or `n`, e.g. the items of a range about to be built). */
  step(line: number | undefined, n = 1): void {
    this.steps += n;
    if (this.steps > ENGINE_LIMITS.steps)
      throw new LimitExceededError(
        'steps',
        line,
        `template evaluation exceeded ${ENGINE_LIMITS.steps} steps (stepgate's limit; a runaway loop or range?)`,
      );
  }

  /** Before iteration `index` (0-based) of a #foreach. */
  iteration(index: number, line: number): void {
    if (index >= ENGINE_LIMITS.foreachIterations)
      throw new LimitExceededError(
        'foreachIterations',
        line,
        `#foreach ran more than ${ENGINE_LIMITS.foreachIterations} iterations (API Gateway's limit)`,
      );
  }

  /** Around a macro call. */
  enterMacro(line: number | undefined): void {
    if (++this.macroDepth > ENGINE_LIMITS.macroDepth)
      throw new LimitExceededError(
        'macroDepth',
        line,
        `macros nested more than ${ENGINE_LIMITS.macroDepth} deep (Velocity's velocimacro.max.depth)`,
      );
  }

  leaveMacro(): void {
    this.macroDepth--;
  }

  /** `length` characters written (to the output or to a string being built). */
  write(length: number, line: number | undefined): void {
    this.written += length;
    if (this.written > ENGINE_LIMITS.writtenChars)
      throw new LimitExceededError(
        'writtenChars',
        line,
        `template wrote more than ${ENGINE_LIMITS.writtenChars} characters in all (stepgate's limit)`,
      );
  }

  /** A string (output or built value) of `length` characters. */
  text(length: number, line: number | undefined): void {
    if (length > ENGINE_LIMITS.stringChars)
      throw new LimitExceededError(
        'stringChars',
        line,
        `template built a text of more than ${ENGINE_LIMITS.stringChars} characters (stepgate's limit)`,
      );
  }
}

/** Thrown by the JSON reader past ENGINE_LIMITS.jsonDepth. */
export function jsonTooDeep(): LimitExceededError {
  return new LimitExceededError(
    'jsonDepth',
    undefined,
    `JSON nested more than ${ENGINE_LIMITS.jsonDepth} levels deep (stepgate's limit)`,
  );
}

/**
 * The deepest nesting in a template's text: block directives (#if, #foreach, #macro, #define
 * up to #end) and brackets ( [ { counted together, conservatively (brackets in plain text
 * count too). Checked before parsing so neither the parser nor the interpreter recurses
 * without bound.
 */
export function templateNestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  const tokens =
    /#(?:\{(?:if|foreach|macro|define|end)\}|(?:if|foreach|macro|define|end)\b)|[([{]|[)\]}]/g;
  for (const [token] of text.matchAll(tokens)) {
    if (token === ')' || token === ']' || token === '}' || /^#\{?end/.test(token)) {
      depth = Math.max(0, depth - 1);
    } else {
      depth++;
      if (depth > deepest) deepest = depth;
    }
  }
  return deepest;
}
