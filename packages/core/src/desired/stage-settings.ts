import type { Config, StageConfig } from '../config/schema.js';

/**
 * The stage's own options (`api.stage` as an object): stage variables, stage-wide throttling,
 * access logs and X-Ray. The stage is created by a deployment; these are applied to it with
 * UpdateStage, planned like any other setting.
 */
export interface DesiredStageSettings {
  readonly variables: Readonly<Record<string, string>>;
  /** Throttling of every method (`*​/*`); null: the account's defaults. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number } | null;
  /** The format is the resolved string API Gateway stores. Null: no access logs. */
  readonly accessLogs: { readonly destinationArn: string; readonly format: string } | null;
  readonly tracing: boolean;
}

export const NO_STAGE_SETTINGS: DesiredStageSettings = {
  variables: {},
  throttle: null,
  accessLogs: null,
  tracing: false,
};

/** `json`: one JSON object per request with the fields CONTRACT.md lists. */
export const JSON_ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  status: '$context.status',
  responseLength: '$context.responseLength',
  integrationLatency: '$context.integrationLatency',
});

/** `clf`: the Common Log Format as the API Gateway console writes it. */
export const CLF_ACCESS_LOG_FORMAT =
  '$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime] "$context.httpMethod $context.resourcePath $context.protocol" $context.status $context.responseLength $context.requestId';

/** `json`, `clf`, or a format string taken as is (checked by `validate` to hold the request id). */
export function accessLogFormat(format: string): string {
  if (format === 'json') return JSON_ACCESS_LOG_FORMAT;
  if (format === 'clf') return CLF_ACCESS_LOG_FORMAT;
  return format;
}

export function stageName(config: Config, environment: string): string {
  const stage = config.api.stage;
  return (typeof stage === 'string' ? stage : stage?.name) ?? environment;
}

export function desiredStageSettings(stage: StageConfig | undefined): DesiredStageSettings {
  if (stage === undefined || typeof stage === 'string') return NO_STAGE_SETTINGS;
  return {
    variables: stage.variables,
    throttle: stage.throttle ?? null,
    accessLogs: stage.accessLogs
      ? {
          destinationArn: stage.accessLogs.destinationArn,
          format: accessLogFormat(stage.accessLogs.format),
        }
      : null,
    tracing: stage.tracing,
  };
}
