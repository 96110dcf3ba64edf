import type { BuiltinCaseId, SmokeMethod, STATUS_CLASSES } from './smoke-schema.js';

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A status code such as 200, or a class such as `2xx`. */
export type StatusExpectation = number | (typeof STATUS_CLASSES)[number];

/** One request, with the file's defaults applied; `path` is relative to the invoke URL. */
export interface SmokeRequest {
  readonly method: SmokeMethod;
  /** Relative to the invoke URL; `''` is the invoke URL itself. */
  readonly path: string;
  /** Header name (lowercase once loaded) → value. */
  readonly headers: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string | readonly string[]>>;
  /** A JSON document, or text sent as it is (a `bodyFile`'s content is text). */
  readonly body: { readonly json: JsonValue } | { readonly text: string };
}

/** What a response must be. Every field is optional except `status`. */
export interface SmokeExpectation {
  readonly status: readonly StatusExpectation[];
  readonly body?: JsonValue;
  readonly bodyContains?: JsonValue;
  /** Checked RFC 9535 JSONPath → expected value. */
  readonly jsonPath?: Readonly<Record<string, JsonValue>>;
  readonly bodyMatches?: string;
  /** Header name (lowercase) → exact value or `/regex/flags`. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly maxLatencyMs?: number;
}

/**
 * One smoke case. `apiKey`: `true` sends the run's key as `x-api-key` (unless the request sets
 * that header), `false` sends none, a string sends that value.
 */
export interface SmokeCase {
  readonly name: string;
  readonly request: SmokeRequest;
  readonly apiKey: boolean | string;
  readonly expect: SmokeExpectation;
  /** 1-based line of the case in the smoke file, when it came from one. */
  readonly line?: number;
}

/** A loaded, checked smoke file: what `runSmoke` runs. */
export interface SmokeSpec {
  /** The smoke file as users see it (relative to the working directory), when loaded from one. */
  readonly file?: string;
  /** The built-in cases to run before `cases`. */
  readonly builtins: readonly BuiltinCaseId[];
  readonly cases: readonly SmokeCase[];
  /** `contract: true`: the project adds generated cases for each route's requestSchema. */
  readonly contract?: boolean;
  /** Attempts per failing case, when the smoke file sets them. */
  readonly retryAttempts?: number;
}
