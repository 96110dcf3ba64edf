import type { SmokeMethod } from '../spec/smoke-schema.js';

/** One expectation that did not hold. */
export interface SmokeAssertionFailure {
  /** `status`, `body`, `bodyContains`, `jsonPath $.x`, `bodyMatches`, `headers.<name>`, `maxLatencyMs`, `response` (none in time), `connection` (none at all) or `deadline`. */
  readonly assertion: string;
  readonly expected: unknown;
  /** Absent when there is nothing to show (no response, no node matched): `message` says why. */
  readonly actual?: unknown;
  readonly message?: string;
}

/** The outcome of one case, from its last attempt. */
export interface SmokeCaseResult {
  readonly name: string;
  readonly passed: boolean;
  readonly method: SmokeMethod;
  /** The URL requested (it never holds the API key: that goes in a header). */
  readonly url: string;
  /** The response status, or null when no response came. */
  readonly status: number | null;
  readonly latencyMs: number;
  /** How many times the case was sent (failing cases are retried while changes propagate). */
  readonly attempts: number;
  readonly failures: readonly SmokeAssertionFailure[];
  /** The start of the response body, for reports. */
  readonly bodyExcerpt: string;
}

/** What `runSmoke` returns; `passed` and `failed` are the deploy action's `smoke-passed` / `smoke-failed`. */
export interface SmokeReport {
  readonly invokeUrl: string;
  readonly passed: number;
  readonly failed: number;
  readonly durationMs: number;
  readonly cases: readonly SmokeCaseResult[];
}
