import type { AwsSettings } from '../aws/aws-settings.js';
import type { Plan } from '../plan/plan-types.js';

export interface DeployOptions {
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
}

/** Exactly the deploy action's outputs (CONTRACT.md), camel-cased. */
export interface DeployOutputs {
  readonly invokeUrl: string;
  readonly apiId: string;
  readonly stage: string;
  readonly stateMachineArn: string;
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
  /** What changed, e.g. `definition`, `throttle.rateLimit 10 → 50`. */
  readonly details: readonly string[];
}

export interface DeployResult {
  /** The config's `name`. */
  readonly app: string;
  readonly environment: string;
  readonly dryRun: boolean;
  readonly plan: Plan;
  /** Empty on a dry run (nothing was applied); then outputs hold what is known so far. */
  readonly outcomes: readonly ResourceOutcome[];
  readonly outputs: DeployOutputs;
}
