// Ownership edge cases a real emulator cannot easily produce: same-named resources owned by
// someone else. The SDK's send is mocked, so only observe's own logic runs.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  APIGatewayClient,
  GetApiKeysCommand,
  GetResourcesCommand,
  GetRestApisCommand,
  GetStagesCommand,
  GetUsagePlanKeysCommand,
  GetUsagePlansCommand,
} from '@aws-sdk/client-api-gateway';
import {
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  ListTagsForResourceCommand as ListLogTagsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
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

describe('every copy, on every page', () => {
  test('API keys are read to the last page; an owned copy on page two is found', async () => {
    apiMock
      .on(GetApiKeysCommand)
      .resolvesOnce({ items: [], position: 'page2' })
      .resolves({ items: [{ id: 'k2', name: 'orders-edge', enabled: true, tags: owned }] });
    const actual = await observeStack(desired, clients());
    expect(actual.apiKey?.id).toBe('k2');
    expect(apiMock.commandCalls(GetApiKeysCommand).map((c) => c.args[0].input.position)).toEqual([
      undefined,
      'page2',
    ]);
  });

  test('two tagged usage plans: the one bound to the API stage is kept, the other goes to others', async () => {
    apiMock.on(GetRestApisCommand).resolves({
      items: [
        { id: 'old', name: 'orders-edge', tags: owned, createdDate: new Date(1) },
        { id: 'api', name: 'orders-edge', tags: owned, createdDate: new Date(2) },
      ],
    });
    apiMock.on(GetResourcesCommand).resolves({ items: [] });
    apiMock.on(GetStagesCommand).resolves({ item: [] });
    apiMock.on(GetUsagePlansCommand).resolves({
      items: [
        { id: 'unbound', name: 'orders-edge', tags: owned },
        {
          id: 'bound',
          name: 'orders-edge',
          tags: owned,
          apiStages: [{ apiId: 'api', stage: 'edge' }],
        },
      ],
    });
    apiMock.on(GetUsagePlanKeysCommand).resolves({ items: [] });
    const actual = await observeStack(desired, clients());
    // The API a usage plan serves is kept, though it is the younger one.
    expect(actual.restApi?.id).toBe('api');
    expect(actual.others.restApis.map((a) => a.id)).toEqual(['old']);
    expect(actual.usagePlan?.id).toBe('bound');
    expect(actual.others.usagePlans.map((p) => p.id)).toEqual(['unbound']);
  });

  test('a state machine the config dropped is found by its tags; a same-prefixed one of another app is not', async () => {
    const arn = (name: string) => `arn:aws:states:us-east-1:1:stateMachine:${name}`;
    sfnMock.on(ListStateMachinesCommand).resolves({
      stateMachines: ['orders-old-edge', 'orders-x-edge'].map((name) => ({
        name,
        stateMachineArn: arn(name),
        type: 'EXPRESS',
        creationDate: new Date(),
      })),
    });
    sfnMock
      .on(ListTagsForResourceCommand, { resourceArn: arn('orders-old-edge') })
      .resolves({ tags: Object.entries(owned).map(([key, value]) => ({ key, value })) })
      .on(ListTagsForResourceCommand, { resourceArn: arn('orders-x-edge') })
      .resolves({ tags: [{ key: 'stepgate:app', value: 'orders-x' }] });
    const actual = await observeStack(desired, clients());
    expect(actual.stateMachine).toBeNull();
    expect(actual.others.stateMachines).toEqual([
      { name: 'orders-old-edge', arn: arn('orders-old-edge') },
    ]);
  });

  test('a same-named log group without the tags is left alone when logging is off', async () => {
    const name = '/aws/vendedlogs/states/orders-edge';
    logsMock.on(DescribeLogGroupsCommand).resolves({
      logGroups: [{ logGroupName: name, arn: `arn:aws:logs:us-east-1:1:log-group:${name}:*` }],
    });
    logsMock.on(ListLogTagsCommand).resolves({ tags: { team: 'other' } });
    const actual = await observeStack(desired, clients());
    expect(actual.logGroup).toBeNull();
    expect(actual.others.logGroups).toEqual([]);
  });
});

test('logging turned off: the group stepgate made, still in use by the state machine, is found for deletion', async () => {
  const arn = 'arn:aws:states:us-east-1:1:stateMachine:orders-edge';
  const name = '/aws/vendedlogs/states/orders-edge';
  const groupArn = `arn:aws:logs:us-east-1:1:log-group:${name}:*`;
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
    loggingConfiguration: {
      level: 'ERROR',
      destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: groupArn } }],
    },
  });
  sfnMock
    .on(ListTagsForResourceCommand)
    .resolves({ tags: Object.entries(owned).map(([key, value]) => ({ key, value })) });
  logsMock
    .on(DescribeLogGroupsCommand)
    .resolves({ logGroups: [{ logGroupName: name, arn: groupArn }] });
  logsMock.on(ListLogTagsCommand).resolves({ tags: owned });
  const actual = await observeStack(desired, clients());
  expect(actual.logGroup).toBeNull();
  expect(actual.others.logGroups).toEqual([{ name, arn: groupArn }]);
});
