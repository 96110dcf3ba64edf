import { appendFileSync } from 'node:fs';
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { SFNClient } from '@aws-sdk/client-sfn';
import { AwsError, ConfigError } from '../errors.js';
import type { AwsSettings } from './aws-settings.js';

/** The only way stepgate's modules reach AWS: one set of clients built from one place. */
export interface AwsClients {
  readonly region: string;
  readonly endpointUrl: string | undefined;
  readonly sfn: SFNClient;
  readonly apiGateway: APIGatewayClient;
  readonly logs: CloudWatchLogsClient;
}

const READ_ONLY = /^(Get|List|Describe|Test)/;

/**
 * An endpoint URL and a region that cannot work are input errors (exit 2) naming the flag
 * (`endpoint-url` / `aws-region` in the Actions), before any call.
 */
export function checkAwsSettings(settings: AwsSettings): void {
  const endpoint = settings.endpointUrl;
  if (endpoint) {
    let url: URL | undefined;
    try {
      url = new URL(endpoint);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
      throw new ConfigError(
        { file: '--endpoint-url' },
        `${JSON.stringify(endpoint)} is not an http(s) URL; give the scheme and host, e.g. http://127.0.0.1:4566`,
      );
    }
  }
  if (settings.region && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(settings.region)) {
    throw new ConfigError(
      { file: '--region' },
      `${JSON.stringify(settings.region)} is not an AWS region name such as us-east-1 or eu-west-2`,
    );
  }
}

/** The region from the settings or the environment; an emulator without one gets us-east-1. */
export function resolveRegion(settings: AwsSettings): string {
  const region = settings.region || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
  if (region) return region;
  if (settings.endpointUrl) return 'us-east-1';
  throw new ConfigError(
    { file: '--region' },
    'no AWS region: pass --region (aws-region in the Action) or set AWS_REGION',
  );
}

export function createAwsClients(settings: AwsSettings = {}): AwsClients {
  checkAwsSettings(settings);
  const region = resolveRegion(settings);
  const endpoint = settings.endpointUrl || undefined;
  const hasCredentials = Boolean(
    process.env.AWS_ACCESS_KEY_ID ||
    process.env.AWS_PROFILE ||
    process.env.AWS_WEB_IDENTITY_TOKEN_FILE,
  );
  const common = {
    region,
    maxAttempts: settings.maxAttempts ?? 8,
    ...(endpoint ? { endpoint } : {}),
    // Emulators take any credentials; without AWS settings use dummy ones as they expect.
    ...(endpoint && !hasCredentials
      ? { credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }
      : {}),
  };
  const callLogFile = settings.callLogFile ?? process.env.STEPGATE_CALL_LOG;
  // StartSyncExecution's `sync-` host prefix cannot resolve against an emulator on 127.0.0.1.
  const sfn = new SFNClient({ ...common, ...(endpoint ? { disableHostPrefix: true } : {}) });
  const apiGateway = new APIGatewayClient(common);
  const logs = new CloudWatchLogsClient(common);
  for (const [service, client] of [
    ['states', sfn],
    ['apigateway', apiGateway],
    ['logs', logs],
  ] as const) {
    instrument(client, service, callLogFile, endpoint);
  }
  return { region, endpointUrl: endpoint, sfn, apiGateway, logs };
}

interface Instrumentable {
  middlewareStack: {
    add(
      middleware: (
        next: (args: unknown) => Promise<unknown>,
        context: { commandName?: string },
      ) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

/**
 * Records every call in the call log (once per call: retries happen in a later step) and turns
 * every failure into an AwsError naming the operation.
 */
function instrument(
  client: unknown,
  service: string,
  callLogFile: string | undefined,
  endpoint: string | undefined,
): void {
  (client as Instrumentable).middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
      if (callLogFile) {
        appendFileSync(
          callLogFile,
          `${JSON.stringify({ service, operation, mutating: !READ_ONLY.test(operation) })}\n`,
        );
      }
      try {
        return await next(args);
      } catch (error) {
        throw toAwsError(`${service}:${operation}`, error, endpoint);
      }
    },
    { step: 'initialize', name: 'stepgateInstrument' },
  );
}

function toAwsError(operation: string, error: unknown, endpoint: string | undefined): AwsError {
  if (error instanceof AwsError) return error;
  const e = error as {
    name?: string;
    message?: string;
    code?: string;
    $metadata?: { requestId?: string };
  };
  const network = /\b(ECONNREFUSED|ENOTFOUND|ECONNRESET|ETIMEDOUT|EAI_AGAIN)\b/.exec(
    `${e.code ?? ''} ${e.message ?? ''}`,
  )?.[1];
  const message = network
    ? `cannot reach ${endpoint ?? 'AWS'} (${network}): is the endpoint right and running?`
    : `${e.name ?? 'Error'}: ${e.message ?? String(error)}`;
  return new AwsError(operation, message, {
    code: e.name ?? e.code ?? 'AWS_ERROR',
    ...(e.$metadata?.requestId ? { requestId: e.$metadata.requestId } : {}),
    cause: error,
  });
}

/** True when an AwsError (or SDK error) has this AWS error name, e.g. NotFoundException. */
export function isAwsErrorNamed(error: unknown, name: string): boolean {
  return (
    (error instanceof AwsError && error.code === name) ||
    (error as { name?: string })?.name === name
  );
}
