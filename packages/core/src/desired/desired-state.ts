import type { Config } from '../config/schema.js';
import type { StateMachineDefinition } from '../validate/definition.js';
import type { MappingTemplate, TemplateRole } from '../validate/templates.js';
import { ownershipTags, resourceName } from './naming.js';

/**
 * Everything stepgate will make exist for one app in one environment, independent of any AWS
 * call. Region- and account-specific values (ARNs, the integration URI) are derived at apply
 * time; the request template keeps the state machine ARN placeholder until then.
 */
export interface DesiredState {
  readonly app: string;
  readonly environment: string;
  readonly ownershipTags: Readonly<Record<string, string>>;
  readonly stateMachine: DesiredStateMachine;
  /** The log group stepgate creates for the state machine, when logging is on and no ARN is given. */
  readonly logGroup: DesiredLogGroup | null;
  readonly restApi: DesiredRestApi;
  readonly method: DesiredMethod;
  readonly integration: DesiredIntegration;
  readonly stage: DesiredStage;
  /** Absent when `api.apiKey.required` is false: no key, no usage plan. */
  readonly apiKey: DesiredApiKey | null;
  readonly usagePlan: DesiredUsagePlan | null;
}

export interface DesiredStateMachine {
  readonly name: string;
  readonly type: 'EXPRESS';
  readonly definition: string;
  readonly roleArn: string;
  readonly logging: {
    readonly level: 'OFF' | 'ALL' | 'ERROR' | 'FATAL';
    readonly includeExecutionData: boolean;
    readonly logGroupArn?: string;
  };
  readonly tracing: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

export interface DesiredLogGroup {
  readonly name: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface DesiredRestApi {
  readonly name: string;
  readonly description: string;
  readonly endpointType: 'REGIONAL' | 'EDGE' | 'PRIVATE';
  readonly tags: Readonly<Record<string, string>>;
}

export interface DesiredMethod {
  readonly path: string;
  readonly httpMethod: string;
  readonly apiKeyRequired: boolean;
  /** Every status the response template can produce; each gets a method response. */
  readonly responseStatuses: readonly string[];
}

export interface DesiredIntegration {
  readonly type: 'AWS';
  readonly httpMethod: 'POST';
  readonly action: 'StartSyncExecution';
  readonly credentialsRoleArn: string;
  readonly timeoutMs: number;
  readonly passthroughBehavior: 'NEVER';
  readonly contentType: 'application/json';
  readonly templates: Readonly<Record<TemplateRole, MappingTemplate>>;
}

export interface DesiredStage {
  readonly name: string;
}

export interface DesiredApiKey {
  readonly name: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface DesiredUsagePlan {
  readonly name: string;
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly quota: { readonly limit: number; readonly period: 'DAY' | 'WEEK' | 'MONTH' };
  readonly tags: Readonly<Record<string, string>>;
}

export interface DesiredStateInput {
  readonly config: Config;
  readonly environment: string;
  readonly definition: StateMachineDefinition;
  readonly templates: Readonly<Record<TemplateRole, MappingTemplate>>;
}

export function desiredState({
  config,
  environment,
  definition,
  templates,
}: DesiredStateInput): DesiredState {
  const name = resourceName(config.name, environment);
  const owned = ownershipTags(config.name, environment);
  const { logging } = config.stateMachine;
  const createsLogGroup = logging.level !== 'OFF' && !logging.logGroupArn;
  const method: DesiredMethod = {
    path: config.api.path,
    httpMethod: config.api.method,
    apiKeyRequired: config.api.apiKey.required,
    responseStatuses: responseStatuses(templates.response.text),
  };
  const integration: DesiredIntegration = {
    type: 'AWS',
    httpMethod: 'POST',
    action: 'StartSyncExecution',
    credentialsRoleArn: config.api.credentialsRoleArn,
    timeoutMs: config.api.timeoutMs,
    passthroughBehavior: 'NEVER',
    contentType: 'application/json',
    templates,
  };
  return {
    app: config.name,
    environment,
    ownershipTags: owned,
    stateMachine: {
      name,
      type: 'EXPRESS',
      definition: definition.text,
      roleArn: config.stateMachine.roleArn,
      logging: {
        level: logging.level,
        includeExecutionData: logging.includeExecutionData,
        ...(logging.logGroupArn ? { logGroupArn: logging.logGroupArn } : {}),
      },
      tracing: config.stateMachine.tracing,
      tags: { ...config.stateMachine.tags, ...owned },
    },
    logGroup: createsLogGroup ? { name: `/aws/vendedlogs/states/${name}`, tags: owned } : null,
    restApi: {
      name,
      description: `stepgate: ${config.name} (${environment}) → Step Functions StartSyncExecution`,
      endpointType: config.api.endpointType,
      tags: owned,
    },
    method,
    integration,
    stage: { name: config.api.stage ?? environment },
    apiKey: config.api.apiKey.required ? { name, tags: owned } : null,
    usagePlan: config.api.apiKey.required
      ? {
          name,
          throttle: config.api.usagePlan.throttle,
          quota: config.api.usagePlan.quota,
          tags: owned,
        }
      : null,
  };
}

/** 200 plus every literal status the response template sets through responseOverride. */
export function responseStatuses(responseTemplate: string): string[] {
  const statuses = new Set(['200']);
  for (const match of responseTemplate.matchAll(/responseOverride\.status\s*=\s*["']?(\d{3})/g))
    statuses.add(match[1]!);
  return [...statuses].sort();
}
