import { GetApiKeyCommand } from '@aws-sdk/client-api-gateway';
import type { AwsSettings } from '../aws/aws-settings.js';
import { createAwsClients } from '../aws/clients.js';
import { AwsError } from '../errors.js';
import { observeStack } from '../observe/observe-stack.js';
import { validateProject } from '../validate/validate-project.js';
import type { VerifyTarget } from './deploy-types.js';
import { invokeUrl, stageUrl } from './invoke-url.js';

export interface LocateStageOptions {
  readonly configFile?: string;
  readonly environment?: string;
  readonly aws?: AwsSettings;
  /** Receives the API key value before anything can print it. */
  readonly onSecret?: (value: string) => void;
}

/**
 * Where a deployed environment answers: its invoke URL and API key value, found by the
 * ownership tags (read-only). Fails with exit 3 when the environment is not deployed.
 */
export async function locateStage(options: LocateStageOptions = {}): Promise<VerifyTarget> {
  const { desired } = validateProject({
    ...(options.configFile !== undefined ? { configFile: options.configFile } : {}),
    ...(options.environment !== undefined ? { environment: options.environment } : {}),
  });
  const clients = createAwsClients(options.aws);
  const actual = await observeStack(desired, clients);
  const api = actual.restApi;
  if (!api?.stage) {
    throw new AwsError(
      'locate',
      `${desired.app} (${desired.environment}) is not deployed in ${clients.region}: no stage ${desired.stage.name} found`,
      {
        code: 'NOT_DEPLOYED',
      },
    );
  }
  const at = {
    apiId: api.id,
    stage: api.stage.name,
    region: clients.region,
    endpointUrl: clients.endpointUrl,
  };
  const target = {
    invokeUrl: invokeUrl({ ...at, path: desired.method.path }),
    stageUrl: stageUrl(at),
  };
  if (!actual.apiKey) return target;
  const key = await clients.apiGateway.send(
    new GetApiKeyCommand({ apiKey: actual.apiKey.id, includeValue: true }),
  );
  if (!key.value) return target;
  options.onSecret?.(key.value);
  return { ...target, apiKey: key.value };
}
