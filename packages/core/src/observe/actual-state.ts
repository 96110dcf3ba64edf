import type { DesiredStageSettings } from '../desired/stage-settings.js';
/** What exists in AWS for one app and environment, as stepgate found it (by tags). */
export interface ActualState {
  readonly stateMachine: ActualStateMachine | null;
  readonly logGroup: ActualLogGroup | null;
  readonly restApi: ActualRestApi | null;
  readonly apiKey: ActualApiKey | null;
  readonly usagePlan: ActualUsagePlan | null;
  /**
   * Everything else this environment owns (by its tags): second copies of a resource where one
   * is expected (a create whose response was lost, then retried), and resources the config no
   * longer has. The plan deletes them.
   */
  readonly others: ActualOthers;
}

export interface ActualOthers {
  readonly stateMachines: readonly { readonly name: string; readonly arn: string }[];
  readonly logGroups: readonly ActualLogGroup[];
  readonly restApis: readonly { readonly id: string; readonly name: string }[];
  readonly apiKeys: readonly ActualApiKey[];
  readonly usagePlans: readonly ActualUsagePlan[];
}

export const NO_OTHERS: ActualOthers = {
  stateMachines: [],
  logGroups: [],
  restApis: [],
  apiKeys: [],
  usagePlans: [],
};

export interface ActualStateMachine {
  readonly arn: string;
  readonly name: string;
  readonly type: string;
  readonly definition: string;
  readonly roleArn: string;
  readonly logging: {
    readonly level: string;
    readonly includeExecutionData: boolean;
    readonly logGroupArn?: string;
  };
  /** undefined when the service does not report it (LocalStack omits tracingConfiguration). */
  readonly tracing: boolean | undefined;
  readonly tags: Readonly<Record<string, string>>;
}

export interface ActualLogGroup {
  readonly name: string;
  readonly arn: string;
}

export interface ActualRestApi {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly endpointType: string;
  /** The stage stepgate deploys to, found through the tagged API (it carries no tags itself). */
  readonly stage: ActualStage | null;
}

export interface ActualStage {
  readonly name: string;
  /** Variables, `*​/*` throttling, access logs and tracing as the stage has them. */
  readonly settings?: DesiredStageSettings;
  readonly deploymentId: string;
  /** The description of the stage's deployment: stepgate writes `stepgate <document hash>` there. */
  readonly deploymentDescription: string;
}

export interface ActualApiKey {
  readonly id: string;
  readonly name: string;
  readonly enabled: boolean;
  /** Epoch milliseconds (0 when unknown): the oldest copy is kept. */
  readonly createdAt?: number;
  /** Only read when a value is imposed (api-key-value), to compare it. Never printed. */
  readonly value?: string;
}

export interface ActualUsagePlan {
  readonly id: string;
  readonly name: string;
  /** Epoch milliseconds (0 when unknown; GetUsagePlans does not report it). */
  readonly createdAt?: number;
  readonly throttle: { readonly rateLimit?: number; readonly burstLimit?: number };
  readonly quota: { readonly limit?: number; readonly period?: string };
  readonly apiStages: readonly { readonly apiId: string; readonly stage: string }[];
  readonly keyIds: readonly string[];
}
