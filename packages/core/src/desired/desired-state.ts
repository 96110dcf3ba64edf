import type { RequestSchema } from '../validate/request-schema.js';
import type { AppModel } from '../config/app-model.js';
import type { Config } from '../config/schema.js';
import type { StateMachineDefinition } from '../validate/definition.js';
import type { MappingTemplate, TemplateRole } from '../validate/templates.js';
import { ownershipTags, resourceName } from './naming.js';
import { desiredStageSettings, stageName, type DesiredStageSettings } from './stage-settings.js';

/**
 * Everything stepgate will make exist for one app in one environment, independent of any AWS
 * call. Region- and account-specific values (ARNs, the integration URI) are derived at apply
 * time; the request template keeps the state machine ARN placeholder until then.
 */
export interface DesiredState {
  readonly app: string;
  readonly environment: string;
  readonly ownershipTags: Readonly<Record<string, string>>;
  /** Every state machine, in file order. */
  readonly stateMachines: readonly DesiredStateMachine[];
  /** The log groups stepgate creates, one per state machine with logging on and no ARN given. */
  readonly logGroups: readonly DesiredLogGroup[];
  /** Every route, in file order. */
  readonly routes: readonly DesiredRoute[];
  /** The first state machine (the only one in the `stateMachine` form). */
  readonly stateMachine: DesiredStateMachine;
  /** The first state machine's log group. */
  readonly logGroup: DesiredLogGroup | null;
  readonly restApi: DesiredRestApi;
  /** The first route's method (the only one in the one-route form). */
  readonly method: DesiredMethod;
  /** The first route's integration. */
  readonly integration: DesiredIntegration;
  readonly stage: DesiredStage;
  /** `api.cors`; null when absent (no preflights, no CORS headers). */
  readonly cors: DesiredCors | null;
  /** Absent when `api.apiKey.required` is false: no key, no usage plan. */
  readonly apiKey: DesiredApiKey | null;
  readonly usagePlan: DesiredUsagePlan | null;
}

export interface DesiredStateMachine {
  /** A key of `stateMachines`, or `default` for the `stateMachine` form. */
  readonly key: string;
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
  /** The state machine that logs to it. */
  readonly stateMachine: string;
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

export interface DesiredRoute extends DesiredMethod {
  /** The route's `requestSchema` as an API Gateway model (draft 4); absent: no body validation. */
  readonly requestModel?: {
    readonly name: string;
    readonly schema: Readonly<Record<string, unknown>>;
  };
  /** The key of the state machine the route starts. */
  readonly stateMachine: string;
  readonly pathParameters: readonly string[];
  /** Status of a SUCCEEDED execution. */
  readonly successStatus: number;
  readonly integration: DesiredIntegration;
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
  /** Options applied to the stage with UpdateStage (`api.stage` as an object). */
  readonly settings: DesiredStageSettings;
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

/** `api.cors` with its defaults applied. */
export interface DesiredCors {
  readonly allowOrigins: readonly string[];
  readonly allowHeaders: readonly string[];
  readonly allowCredentials: boolean;
  readonly maxAge: number;
}

export interface DesiredStateInput {
  readonly config: Config;
  readonly model: AppModel;
  readonly environment: string;
  readonly definitions: Readonly<Record<string, StateMachineDefinition>>;
  readonly routeTemplates: readonly Readonly<Record<TemplateRole, MappingTemplate>>[];
  /** Each route's checked requestSchema, in route order. */
  readonly requestSchemas?: readonly (RequestSchema | null)[];
}

export function desiredState({
  config,
  model,
  environment,
  definitions,
  routeTemplates,
  requestSchemas,
}: DesiredStateInput): DesiredState {
  const name = resourceName(config.name, environment);
  const owned = ownershipTags(config.name, environment);
  const stateMachines = model.stateMachines.map((machine): DesiredStateMachine => {
    const { logging } = machine.config;
    return {
      key: machine.key,
      name: machine.single ? name : resourceName(`${config.name}-${machine.key}`, environment),
      type: 'EXPRESS',
      definition: definitions[machine.key]!.text,
      roleArn: machine.config.roleArn,
      logging: {
        level: logging.level,
        includeExecutionData: logging.includeExecutionData,
        ...(logging.logGroupArn ? { logGroupArn: logging.logGroupArn } : {}),
      },
      tracing: machine.config.tracing,
      tags: { ...machine.config.tags, ...owned },
    };
  });
  const logGroups = stateMachines
    .filter((m) => m.logging.level !== 'OFF' && !m.logging.logGroupArn)
    .map((m) => ({ stateMachine: m.key, name: `/aws/vendedlogs/states/${m.name}`, tags: owned }));
  const apiKeyRequired = config.api.apiKey.required;
  const routes = model.routes.map((route, i): DesiredRoute => {
    const templates = routeTemplates[i]!;
    return {
      path: route.path,
      httpMethod: route.method,
      apiKeyRequired,
      responseStatuses: responseStatuses(templates.response.text),
      stateMachine: route.stateMachine,
      pathParameters: route.pathParameters,
      successStatus: route.status,
      ...(requestSchemas?.[i]
        ? { requestModel: { name: `Route${i}Body`, schema: requestSchemas[i]!.schema } }
        : {}),
      integration: {
        type: 'AWS',
        httpMethod: 'POST',
        action: 'StartSyncExecution',
        credentialsRoleArn: config.api.credentialsRoleArn,
        timeoutMs: config.api.timeoutMs,
        passthroughBehavior: 'NEVER',
        contentType: 'application/json',
        templates,
      },
    };
  });
  const first = routes[0]!;
  const method: DesiredMethod = {
    path: first.path,
    httpMethod: first.httpMethod,
    apiKeyRequired,
    responseStatuses: first.responseStatuses,
  };
  const firstMachine = stateMachines[0]!;
  return {
    app: config.name,
    environment,
    ownershipTags: owned,
    stateMachines,
    logGroups,
    routes,
    stateMachine: firstMachine,
    logGroup: logGroups.find((g) => g.stateMachine === firstMachine.key) ?? null,
    restApi: {
      name,
      description: `stepgate: ${config.name} (${environment}) → Step Functions StartSyncExecution`,
      endpointType: config.api.endpointType,
      tags: owned,
    },
    method,
    integration: first.integration,
    stage: {
      name: stageName(config, environment),
      settings: desiredStageSettings(config.api.stage),
    },
    cors: config.api.cors
      ? {
          allowOrigins: config.api.cors.allowOrigins,
          allowHeaders: config.api.cors.allowHeaders,
          allowCredentials: config.api.cors.allowCredentials,
          maxAge: config.api.cors.maxAge,
        }
      : null,
    apiKey: apiKeyRequired ? { name, tags: owned } : null,
    usagePlan: apiKeyRequired
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
