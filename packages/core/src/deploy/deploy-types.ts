import type { AwsSettings } from '../aws/aws-settings.js';
import type { Change, FieldChange, Plan } from '../plan/plan-types.js';

/** Where a deployed stage answers, for a verifier such as the smoke tests. */
export interface VerifyTarget {
  readonly invokeUrl: string;
  /** The stage's base URL, to which a route's path is appended (smoke paths starting with `/`). */
  readonly stageUrl?: string;
  /** The API key value, when the API requires one. Already passed to `onSecret`. */
  readonly apiKey?: string;
}

/** What a verifier found. `failed > 0` means the deploy did not work. */
export interface VerifyOutcome {
  readonly passed: number;
  readonly failed: number;
}

/** What a rollback after a failed verification did (`report/` words it). */
export interface RollbackResult {
  /** Each change put back: an update whose fields go back to their values before the deploy. */
  readonly steps: readonly Change[];
  /** What the deploy created or deleted: there is nothing to go back to. */
  readonly notes: readonly Change[];
}

export interface DeployOptions<V extends VerifyOutcome = VerifyOutcome> {
  /** Path of stepgate.yml (default `stepgate.yml`). */
  readonly configFile?: string;
  /** Default `prod`. */
  readonly environment?: string;
  readonly aws?: AwsSettings;
  /** Use this API key value instead of a generated one. Never printed or returned. */
  readonly apiKeyValue?: string;
  /** Plan only: read AWS, change nothing. */
  readonly dryRun?: boolean;
  /** Progress lines for people (stderr in the CLI, the log in the Action). */
  readonly log?: (line: string) => void;
  /** Runs after a successful apply (never on a dry run): the smoke tests. */
  readonly verify?: (target: VerifyTarget) => Promise<V>;
  /**
   * When verify reports failures, put the stage back on its previous deployment and the state
   * machine back on its previous definition.
   */
  readonly rollbackOnVerifyFailure?: boolean;
  /** Receives every secret deploy reads (the generated API key's value) before any use, e.g. to mask it. */
  readonly onSecret?: (value: string) => void;
}

/** Exactly the deploy action's outputs (CONTRACT.md), camel-cased. */
export interface DeployOutputs {
  readonly invokeUrl: string;
  readonly apiId: string;
  readonly stage: string;
  readonly stateMachineArn: string;
  /** The stage's base URL, to which a route's path is appended. */
  readonly stageUrl: string;
  /** Every state machine's ARN by key (`default` for the `stateMachine` form). */
  readonly stateMachineArns: Readonly<Record<string, string>>;
  /** '' when the API requires no key. */
  readonly apiKeyId: string;
  readonly usagePlanId: string;
  readonly deploymentId: string;
  /** true when anything was created or updated. */
  readonly changed: boolean;
}

export type Outcome = 'created' | 'updated' | 'unchanged' | 'deleted';

/** What happened to one resource, for the job summary and the CLI. */
export interface ResourceOutcome {
  readonly kind: string;
  readonly name: string;
  readonly outcome: Outcome;
  /** What changed, e.g. `throttle.rateLimit` from 10 to 50 (`report/` words it). */
  readonly fields: readonly FieldChange[];
}

export interface DeployResult<V extends VerifyOutcome = VerifyOutcome> {
  /** The config's `name`. */
  readonly app: string;
  readonly environment: string;
  readonly dryRun: boolean;
  readonly plan: Plan;
  /** Empty on a dry run (nothing was applied); then outputs hold what is known so far. */
  readonly outcomes: readonly ResourceOutcome[];
  readonly outputs: DeployOutputs;
  /** What verify returned, when it ran. */
  readonly verification?: V;
  /** Present when a failed verification was rolled back. */
  readonly rollback?: RollbackResult;
}
