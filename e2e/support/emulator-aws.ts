// The e2e suites' own view of the emulator: SDK clients, API key values, and every resource
// of an environment, to check what the actions did (never used by the code under test).
import {
  APIGatewayClient,
  GetApiKeyCommand,
  GetApiKeysCommand,
  GetRestApisCommand,
  GetUsagePlansCommand,
} from '@aws-sdk/client-api-gateway';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { ENDPOINT } from './run-action.js';

export function awsClients(region = 'us-east-1') {
  const config = {
    region,
    endpoint: ENDPOINT,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  };
  return {
    apiGateway: new APIGatewayClient(config),
    sfn: new SFNClient(config),
    logs: new CloudWatchLogsClient(config),
  };
}

/** The value of an API key, read by its id as the README tells users to. */
export async function apiKeyValue(apiKeyId: string, region = 'us-east-1'): Promise<string> {
  const key = await awsClients(region).apiGateway.send(
    new GetApiKeyCommand({ apiKey: apiKeyId, includeValue: true }),
  );
  return key.value!;
}

/** POSTs a JSON body to a stage with its API key. */
export async function postWithKey(
  invokeUrl: string,
  apiKeyId: string,
  body: unknown,
  region = 'us-east-1',
) {
  const response = await fetch(invokeUrl, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: {
      'content-type': 'application/json',
      'x-api-key': await apiKeyValue(apiKeyId, region),
    },
  });
  const text = await response.text();
  return { status: response.status, text };
}

/** Every resource of an environment of an app, whatever its kind, found by name or ownership tags. */
export async function resourcesOf(app: string, environment: string): Promise<string[]> {
  const { apiGateway, sfn } = awsClients();
  const name = `${app}-${environment}`;
  const ours = (tags: Record<string, string> | undefined, itemName: string | undefined) =>
    (tags?.['stepgate:app'] === app && tags['stepgate:environment'] === environment) ||
    itemName === name;
  const [machines, apis, keys, plans] = await Promise.all([
    sfn.send(new ListStateMachinesCommand({})),
    apiGateway.send(new GetRestApisCommand({ limit: 500 })),
    apiGateway.send(new GetApiKeysCommand({ limit: 500 })),
    apiGateway.send(new GetUsagePlansCommand({ limit: 500 })),
  ]);
  return [
    ...(machines.stateMachines ?? [])
      .filter((m) => m.name === name)
      .map((m) => `stateMachine ${m.name}`),
    ...(apis.items ?? []).filter((a) => ours(a.tags, a.name)).map((a) => `restApi ${a.id}`),
    ...(keys.items ?? []).filter((k) => ours(k.tags, k.name)).map((k) => `apiKey ${k.id}`),
    ...(plans.items ?? []).filter((p) => ours(p.tags, p.name)).map((p) => `usagePlan ${p.id}`),
  ];
}
