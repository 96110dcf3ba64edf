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
