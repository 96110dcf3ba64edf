// Ownership edge cases a real emulator cannot easily produce: same-named resources owned by
// someone else. The SDK's send is mocked, so only observe's own logic runs.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  APIGatewayClient,
  GetApiKeysCommand,
  GetRestApisCommand,
  GetUsagePlansCommand,
} from '@aws-sdk/client-api-gateway';
import {
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { createAwsClients, observeStack, OwnershipConflict, validateProject } from '@stepgate/core';

const config = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../workflows-examples/orders/stepgate.yml',
);
const desired = validateProject({ configFile: config, environment: 'edge' }).desired;
const owned = { 'stepgate:app': 'orders', 'stepgate:environment': 'edge' };

const sfnMock = mockClient(SFNClient);
const apiMock = mockClient(APIGatewayClient);
const logsMock = mockClient(CloudWatchLogsClient);

beforeEach(() => {
  sfnMock.reset();
  apiMock.reset();
  logsMock.reset();
  logsMock.on(DescribeLogGroupsCommand).resolves({ logGroups: [] });
  sfnMock.on(ListStateMachinesCommand).resolves({ stateMachines: [] });
  apiMock.on(GetRestApisCommand).resolves({ items: [] });
  apiMock.on(GetApiKeysCommand).resolves({ items: [] });
  apiMock.on(GetUsagePlansCommand).resolves({ items: [] });
});

function clients(callLogFile?: string) {
  // Retries without waiting: the SDK's backoff is replaced by an immediate retry strategy.
  return createAwsClients({
    region: 'us-east-1',
    maxAttempts: 3,
    ...(callLogFile ? { callLogFile } : {}),
  });
}

test('a same-named REST API without the ownership tags is a conflict', async () => {
  apiMock
    .on(GetRestApisCommand)
    .resolves({ items: [{ id: 'x', name: 'orders-edge', tags: { team: 'other' } }] });
  await expect(observeStack(desired, clients())).rejects.toThrow(OwnershipConflict);
  await expect(observeStack(desired, clients())).rejects.toThrow(
    /REST API "orders-edge" exists but is not stepgate's/,
  );
});

test('a same-named API key or usage plan of another environment is a conflict', async () => {
  apiMock.on(GetApiKeysCommand).resolves({
    items: [
      {
        id: 'k',
        name: 'orders-edge',
        tags: { 'stepgate:app': 'orders', 'stepgate:environment': 'prod' },
      },
    ],
  });
  await expect(observeStack(desired, clients())).rejects.toThrow(
    /API key "orders-edge" exists but is not stepgate's/,
  );
});

test('an owned state machine is adopted with its settings and tags', async () => {
  const arn = 'arn:aws:states:us-east-1:1:stateMachine:orders-edge';
  sfnMock.on(ListStateMachinesCommand).resolves({
    stateMachines: [
      { name: 'orders-edge', stateMachineArn: arn, type: 'EXPRESS', creationDate: new Date() },
    ],
  });
  sfnMock.on(DescribeStateMachineCommand).resolves({
    stateMachineArn: arn,
    name: 'orders-edge',
    type: 'EXPRESS',
    definition: '{}',
    roleArn: 'r',
    creationDate: new Date(),
    loggingConfiguration: { level: 'OFF' },
  });
  sfnMock
    .on(ListTagsForResourceCommand)
    .resolves({ tags: Object.entries(owned).map(([key, value]) => ({ key, value })) });
  const actual = await observeStack(desired, clients());
  expect(actual.stateMachine).toMatchObject({
    arn,
    type: 'EXPRESS',
    definition: '{}',
    tags: owned,
  });
});
