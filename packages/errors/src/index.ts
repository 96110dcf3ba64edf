/**
 * Every failure a user can meet carries a stable `code` and maps to one exit code
 * (CONTRACT.md): 1 smoke failed, 2 invalid input (nothing changed), 3 AWS refused or failed.
 */
export type ExitCode = 1 | 2 | 3;

export abstract class StepgateError extends Error {
  abstract readonly code: string;
  abstract readonly exitCode: ExitCode;
  override name = this.constructor.name;
}

/** Where in the user's files a problem is. `field` is a dotted path such as `api.usagePlan.quota.period`. */
export interface InputLocation {
  readonly file: string;
  readonly field?: string;
  readonly line?: number;
}

/** Invalid input: config, definition, template, request file, flags. Exit 2; nothing in AWS was touched. */
export class ConfigError extends StepgateError {
  readonly code: string = 'INVALID_INPUT';
  readonly exitCode = 2 as const;
  readonly location: InputLocation;
  readonly problem: string;

  constructor(location: InputLocation, problem: string) {
    super(formatLocated(location, problem));
    this.location = location;
    this.problem = problem;
  }
}

/** At most this many problems are listed, then `… and N more`. */
export const MAX_LISTED_ERRORS = 20;

/**
 * Several input problems found at once (e.g. every schema error of a config file): one line
 * each, at most MAX_LISTED_ERRORS of them. It is a ConfigError (exit 2) whose location and
 * problem are those of the first.
 */
export class ConfigErrors extends ConfigError {
  readonly errors: readonly ConfigError[];

  constructor(errors: readonly ConfigError[]) {
    const first = errors[0]!;
    super(first.location, first.problem);
    this.errors = errors;
    const listed = errors.slice(0, MAX_LISTED_ERRORS).map((e) => e.message);
    if (errors.length > MAX_LISTED_ERRORS)
      listed.push(`… and ${errors.length - MAX_LISTED_ERRORS} more`);
    this.message = listed.join('\n');
  }

  /** One error as itself, several as ConfigErrors. */
  static of(errors: readonly ConfigError[]): ConfigError {
    return errors.length === 1 ? errors[0]! : new ConfigErrors(errors);
  }
}

/** AWS (or the emulator) refused or failed. Exit 3. */
export class AwsError extends StepgateError {
  readonly code: string;
  readonly exitCode = 3 as const;
  readonly operation: string;
  readonly requestId: string | undefined;

  constructor(
    operation: string,
    message: string,
    options: { code?: string; requestId?: string; cause?: unknown } = {},
  ) {
    super(
      `${operation}: ${message}${options.requestId ? ` (request id ${options.requestId})` : ''}`,
      { cause: options.cause },
    );
    this.operation = operation;
    this.code = options.code ?? 'AWS_ERROR';
    this.requestId = options.requestId;
  }
}

/** A resource with stepgate's name exists but does not carry this environment's ownership tags. Exit 3. */
export class OwnershipConflict extends StepgateError {
  readonly code = 'OWNERSHIP_CONFLICT';
  readonly exitCode = 3 as const;
}

/** The stage to smoke-test answered no request at all (connection refused, unknown host). Exit 3. */
export class StageUnreachable extends StepgateError {
  readonly code = 'STAGE_UNREACHABLE';
  readonly exitCode = 3 as const;
}

/** Smoke cases ran and at least one failed. Exit 1. */
export class SmokeFailure extends StepgateError {
  readonly code = 'SMOKE_FAILED';
  readonly exitCode = 1 as const;
}

export function formatLocated(location: InputLocation, problem: string): string {
  const where = location.line !== undefined ? `${location.file}:${location.line}` : location.file;
  return location.field ? `${where}: ${location.field}: ${problem}` : `${where}: ${problem}`;
}

/** The exit code for anything thrown: unknown errors are treated as failures of the environment (3). */
export function exitCodeOf(error: unknown): ExitCode {
  return error instanceof StepgateError ? error.exitCode : 3;
}

/**
 * The candidate closest to `word` (case-insensitive edit distance at most a third of its
 * length, at least 1, at most 3), for "did you mean" hints; undefined when none is close.
 */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance && candidate !== word) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** `; did you mean "x"?` or nothing. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const match = closestMatch(word, candidates);
  return match === undefined ? '' : `; did you mean "${match}"?`;
}

/** Damerau-Levenshtein distance (optimal string alignment: a swap of neighbours costs 1). */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length)]);
  for (let j = 0; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}
