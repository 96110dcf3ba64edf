// GIVEN an environment whose REST API AWS refuses to delete for a while (DeleteRestApi: one per
// 30 s per account), WHEN destroying it, THEN stepgate waits and retries instead of failing,
// and touches only what carries the environment's tags. (The real path is in e2e/destroy.)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  APIGatewayClient,
  DeleteApiKeyCommand,
  DeleteRestApiCommand,
  DeleteUsagePlanCommand,
  GetApiKeysCommand,
  GetRestApisCommand,
  GetUsagePlansCommand,
  TooManyRequestsException,
  UpdateUsagePlanCommand,
} from '@aws-sdk/client-api-gateway';
import {
  CloudWatchLogsClient,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  ListTagsForResourceCommand as ListLogTagsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  DeleteStateMachineCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { destroy } from '@stepgate/core';

const configFile = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../workflows-examples/orders/stepgate.yml',
);
const mine = { 'stepgate:app': 'orders', 'stepgate:environment': 'pr-1' };
const theirs = { 'stepgate:app': 'orders', 'stepgate:environment': 'pr-2' };

const apiGateway = mockClient(APIGatewayClient);
const sfn = mockClient(SFNClient);
const logs = mockClient(CloudWatchLogsClient);

beforeEach(() => {
  apiGateway.reset();
  sfn.reset();
  logs.reset();
  sfn.on(ListStateMachinesCommand).resolves({ stateMachines: [] });
  logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [] });
  apiGateway.on(GetUsagePlansCommand).resolves({
    items: [
      {
        id: 'plan-mine',
        name: 'orders-pr-1',
        tags: mine,
        apiStages: [{ apiId: 'api-mine', stage: 'pr-1' }],
      },
      { id: 'plan-theirs', name: 'orders-pr-2', tags: theirs },
    ],
  });
  apiGateway.on(GetApiKeysCommand).resolves({
    items: [
      { id: 'key-mine', name: 'orders-pr-1', tags: mine },
      { id: 'key-other', name: 'orders-pr-1' },
    ],
  });
  apiGateway.on(GetRestApisCommand).resolves({
    items: [
      { id: 'api-mine', name: 'orders-pr-1', tags: mine },
      { id: 'api-theirs', name: 'orders-pr-2', tags: theirs },
    ],
  });
  apiGateway.on(UpdateUsagePlanCommand).resolves({});
  apiGateway.on(DeleteUsagePlanCommand).resolves({});
  apiGateway.on(DeleteApiKeyCommand).resolves({});
});

const throttled = () =>
  new TooManyRequestsException({
    message: 'Too Many Requests',
    $metadata: { httpStatusCode: 429 },
  });

test('a throttled DeleteRestApi is waited for (30 s each time, injected) and retried', async () => {
  apiGateway
    .on(DeleteRestApiCommand)
    .rejectsOnce(throttled())
    .rejectsOnce(throttled())
    .resolves({});
  const waits: number[] = [];
  const result = await destroy({
    configFile,
    environment: 'pr-1',
    aws: { region: 'us-east-1', maxAttempts: 1 },
    sleep: async (ms) => void waits.push(ms),
  });
  expect(waits).toEqual([30_000, 30_000]);
  expect(
    apiGateway.commandCalls(DeleteRestApiCommand).map((c) => c.args[0].input.restApiId),
  ).toEqual(['api-mine', 'api-mine', 'api-mine']);
  expect(result.deleted.map((d) => d.kind)).toEqual(['usagePlan', 'apiKey', 'restApi']);
  // Only this environment's resources, and the usage plan's stages are unbound first.
  expect(
    apiGateway.commandCalls(DeleteUsagePlanCommand).map((c) => c.args[0].input.usagePlanId),
  ).toEqual(['plan-mine']);
  expect(apiGateway.commandCalls(DeleteApiKeyCommand).map((c) => c.args[0].input.apiKey)).toEqual([
    'key-mine',
  ]);
  expect(apiGateway.commandCalls(UpdateUsagePlanCommand)[0]!.args[0].input.patchOperations).toEqual(
    [{ op: 'remove', path: '/apiStages', value: 'api-mine:pr-1' }],
  );
});

test('throttled beyond its patience (10 attempts): the error reaches the user', async () => {
  apiGateway.on(DeleteRestApiCommand).rejects(throttled());
  const error = await destroy({
    configFile,
    environment: 'pr-1',
    aws: { region: 'us-east-1', maxAttempts: 1 },
    sleep: async () => {},
  }).catch((e: unknown) => e);
  expect((error as Error).name).toBe('TooManyRequestsException');
  expect(apiGateway.commandCalls(DeleteRestApiCommand)).toHaveLength(10);
});

test('prod without confirmation: refused before any AWS call', async () => {
  await expect(
    destroy({ configFile, environment: 'prod', aws: { region: 'us-east-1' } }),
  ).rejects.toThrow(/--yes: destroying prod needs confirmation/);
  expect(apiGateway.calls()).toHaveLength(0);
});

// GIVEN an environment of an app with several workflows (`stateMachines`: each named
// `<app>-<key>-<environment>`), WHEN destroying it, THEN every state machine with the
// environment's tags goes, with the log group stepgate made for it, and nothing else.
test('every state machine of the environment and its log group, found by tags', async () => {
  const arn = (name: string) => `arn:aws:states:us-east-1:123456789012:stateMachine:${name}`;
  const machines = [
    'orders-create-pr-1',
    'orders-lookup-pr-1',
    'orders-create-pr-2',
    'orders-x-pr-1',
  ];
  sfn.on(ListStateMachinesCommand).resolves({
    stateMachines: [...machines, 'billing-pr-1'].map((name) => ({
      name,
      stateMachineArn: arn(name),
      type: 'EXPRESS',
      creationDate: new Date(0),
    })),
  });
  const tagsOf: Record<string, Record<string, string>> = {
    'orders-create-pr-1': mine,
    'orders-lookup-pr-1': mine,
    'orders-create-pr-2': theirs,
    'orders-x-pr-1': {},
  };
  sfn.on(ListTagsForResourceCommand).callsFake(({ resourceArn }: { resourceArn: string }) => ({
    tags: Object.entries(tagsOf[resourceArn.split(':').pop()!] ?? {}).map(([key, value]) => ({
      key,
      value,
    })),
  }));
  sfn.on(DeleteStateMachineCommand).resolves({});
  const group = '/aws/vendedlogs/states/orders-lookup-pr-1';
  logs
    .on(DescribeLogGroupsCommand)
    .callsFake(({ logGroupNamePrefix }: { logGroupNamePrefix: string }) => ({
      logGroups:
        logGroupNamePrefix === group
          ? [
              {
                logGroupName: group,
                arn: `arn:aws:logs:us-east-1:123456789012:log-group:${group}:*`,
              },
            ]
          : [],
    }));
  logs.on(ListLogTagsCommand).resolves({ tags: mine });
  logs.on(DeleteLogGroupCommand).resolves({});
  apiGateway.on(DeleteRestApiCommand).resolves({});

  const result = await destroy({
    configFile,
    environment: 'pr-1',
    aws: { region: 'us-east-1', maxAttempts: 1 },
    sleep: async () => {},
  });
  expect(
    sfn.commandCalls(DeleteStateMachineCommand).map((c) => c.args[0].input.stateMachineArn),
  ).toEqual([arn('orders-create-pr-1'), arn('orders-lookup-pr-1')]);
  expect(logs.commandCalls(DeleteLogGroupCommand).map((c) => c.args[0].input.logGroupName)).toEqual(
    [group],
  );
  expect(
    result.deleted.filter(
      (d) => d.kind !== 'usagePlan' && d.kind !== 'apiKey' && d.kind !== 'restApi',
    ),
  ).toEqual([
    expect.objectContaining({ kind: 'stateMachine', name: 'orders-create-pr-1' }),
    expect.objectContaining({ kind: 'stateMachine', name: 'orders-lookup-pr-1' }),
    expect.objectContaining({ kind: 'logGroup', name: group }),
  ]);
  // billing-pr-1 is another app's: its tags are never even read.
  expect(
    sfn.commandCalls(ListTagsForResourceCommand).map((c) => c.args[0].input.resourceArn),
  ).not.toContain(arn('billing-pr-1'));
});
