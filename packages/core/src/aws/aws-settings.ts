/** How to reach AWS (or an emulator). Everything optional: the SDK's defaults apply. */
export interface AwsSettings {
  /** e.g. `us-east-1`; with an endpointUrl and no region anywhere, `us-east-1`. */
  readonly region?: string;
  /** An emulator such as `http://127.0.0.1:4566`; dummy credentials are used when none are set. */
  readonly endpointUrl?: string;
  /** Appends one JSON line per AWS call ({service, operation, mutating}); default $STEPGATE_CALL_LOG. */
  readonly callLogFile?: string;
  /** Attempts per call for throttling and transient errors (default 8). */
  readonly maxAttempts?: number;
}
