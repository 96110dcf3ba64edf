// GIVEN what AWS holds (mocked SDK clients), WHEN deploy runs, THEN it makes exactly these
// calls, in this order, with these inputs: the API is written whole as one OpenAPI document
// (CreateRestApi with tags the first time, PutRestApi mode=overwrite, one CreateDeployment with
// stageName), and the call budget of issue #9 holds.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  APIGatewayClient,
  CreateApiKeyCommand,
  CreateDeploymentCommand,
  CreateRestApiCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  GetApiKeysCommand,
  GetDeploymentCommand,
  GetRestApisCommand,
  GetStagesCommand,
  GetUsagePlanKeysCommand,
  GetUsagePlansCommand,
  PutRestApiCommand,
  UpdateRestApiCommand,
} from '@aws-sdk/client-api-gateway';
import {
  CreateStateMachineCommand,
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
  SFNClient,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import {
  AwsError,
  deploy,
  documentFor,
  exitCodeOf,
  formatPlan,
  validateProject,
  type DesiredState,
} from '@stepgate/core';

const configFile = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../workflows-examples/orders/stepgate.yml',
);
const environment = 'mock';
const region = 'us-east-1';
const desired: DesiredState = validateProject({ configFile, environment }).desired;
const owned = { 'stepgate:app': 'orders', 'stepgate:environment': environment };
const ARN = `arn:aws:states:${region}:000000000000:stateMachine:orders-${environment}`;
const { document, hash } = documentFor(desired, region, { default: ARN });

const sfnMock = mockClient(SFNClient);
const apiMock = mockClient(APIGatewayClient);
const logsMock = mockClient(CloudWatchLogsClient);

/** Every SDK call of the run, in order (the mocks replace send; their spies know the order). */
function callsInOrder(): string[] {
  return [...sfnMock.calls(), ...apiMock.calls(), ...logsMock.calls()]
    .sort((a, b) => (a.calledBefore(b) ? -1 : 1))
    .map((call) => (call.args[0] as object).constructor.name.replace(/Command$/, ''));
}

const READ_ONLY = /^(Get|List|Describe)/;

/** Runs deploy against the mocks; returns its result and its calls, mutating ones in order. */
async function deployed(options: { dryRun?: boolean } = {}) {
  const result = await deploy({ configFile, environment, aws: { region }, ...options });
  const calls = callsInOrder();
  return {
    result,
    mutating: calls.filter((c) => !READ_ONLY.test(c)),
    reads: calls.filter((c) => READ_ONLY.test(c)).sort(),
  };
}

/** AWS as a completed deploy leaves it; the stage serves a deployment with this description. */
function existingStack(deploymentDescription = `stepgate ${hash}`, definition?: string) {
  sfnMock.on(ListStateMachinesCommand).resolves({
    stateMachines: [
      {
        name: `orders-${environment}`,
        stateMachineArn: ARN,
        type: 'EXPRESS',
        creationDate: new Date(),
      },
    ],
  });
  sfnMock.on(DescribeStateMachineCommand).resolves({
    stateMachineArn: ARN,
    name: `orders-${environment}`,
    type: 'EXPRESS',
    definition: definition ?? desired.stateMachine.definition,
    roleArn: desired.stateMachine.roleArn,
    creationDate: new Date(),
    loggingConfiguration: { level: 'OFF', includeExecutionData: false },
    tracingConfiguration: { enabled: false },
  });
  sfnMock
    .on(ListTagsForResourceCommand)
    .resolves({ tags: Object.entries(owned).map(([key, value]) => ({ key, value })) });
  apiMock.on(GetRestApisCommand).resolves({
    items: [
      {
        id: 'api1',
        name: `orders-${environment}`,
        description: desired.restApi.description,
        endpointConfiguration: { types: ['REGIONAL'] },
        tags: owned,
      },
    ],
  });
  apiMock
    .on(GetStagesCommand)
    .resolves({ item: [{ stageName: environment, deploymentId: 'dep1' }] });
  apiMock.on(GetDeploymentCommand).resolves({ id: 'dep1', description: deploymentDescription });
  apiMock.on(GetApiKeysCommand).resolves({
    items: [{ id: 'key1', name: `orders-${environment}`, enabled: true, tags: owned }],
  });
  apiMock.on(GetUsagePlansCommand).resolves({
    items: [
      {
        id: 'plan1',
        name: `orders-${environment}`,
        throttle: { rateLimit: 50, burstLimit: 100 },
        quota: { limit: 100000, period: 'MONTH' },
        apiStages: [{ apiId: 'api1', stage: environment }],
        tags: owned,
      },
    ],
  });
  apiMock.on(GetUsagePlanKeysCommand).resolves({ items: [{ id: 'key1' }] });
}

/** The JSON document a PutRestApi call carried. */
function putBody(index = 0): unknown {
  const body = apiMock.commandCalls(PutRestApiCommand)[index]!.args[0].input.body as Uint8Array;
  return JSON.parse(new TextDecoder().decode(body));
}

beforeEach(() => {
  sfnMock.reset();
  apiMock.reset();
  logsMock.reset();
  logsMock.on(DescribeLogGroupsCommand).resolves({ logGroups: [] });
  sfnMock.on(ListStateMachinesCommand).resolves({ stateMachines: [] });
  sfnMock
    .on(CreateStateMachineCommand)
    .resolves({ stateMachineArn: ARN, creationDate: new Date() });
  sfnMock.on(UpdateStateMachineCommand).resolves({ updateDate: new Date() });
  apiMock.on(GetRestApisCommand).resolves({ items: [] });
  apiMock.on(GetApiKeysCommand).resolves({ items: [] });
  apiMock.on(GetUsagePlansCommand).resolves({ items: [] });
  apiMock.on(CreateRestApiCommand).resolves({ id: 'api1', rootResourceId: 'root' });
  apiMock.on(PutRestApiCommand).resolves({ id: 'api1' });
  apiMock.on(CreateDeploymentCommand).resolves({ id: 'dep2' });
  apiMock.on(CreateApiKeyCommand).resolves({ id: 'key1' });
  apiMock.on(CreateUsagePlanCommand).resolves({ id: 'plan1' });
  apiMock.on(CreateUsagePlanKeyCommand).resolves({});
});

describe('first deploy', () => {
  test('7 mutating calls and 4 reads, in this order', async () => {
    const { mutating, reads, result } = await deployed();
    expect(mutating).toEqual([
      'CreateStateMachine',
      'CreateRestApi',
      'PutRestApi',
      'CreateDeployment',
      'CreateApiKey',
      'CreateUsagePlan',
      'CreateUsagePlanKey',
    ]);
    expect(reads).toEqual(['GetApiKeys', 'GetRestApis', 'GetUsagePlans', 'ListStateMachines']);
    expect(result.outputs).toMatchObject({ apiId: 'api1', deploymentId: 'dep2', changed: true });
  });

  test('CreateRestApi carries the tags; PutRestApi overwrites with the whole document, failing on warnings; CreateDeployment names the stage and the hash', async () => {
    await deployed();
    expect(apiMock.commandCalls(CreateRestApiCommand)[0]!.args[0].input).toEqual({
      name: `orders-${environment}`,
      description: desired.restApi.description,
      endpointConfiguration: { types: ['REGIONAL'] },
      tags: owned,
    });
    const put = apiMock.commandCalls(PutRestApiCommand)[0]!.args[0].input;
    expect(put).toMatchObject({ restApiId: 'api1', mode: 'overwrite', failOnWarnings: true });
    expect(putBody()).toEqual(document);
    expect(apiMock.commandCalls(CreateDeploymentCommand)[0]!.args[0].input).toEqual({
      restApiId: 'api1',
      stageName: environment,
      description: `stepgate ${hash}`,
    });
    expect(apiMock.commandCalls(CreateUsagePlanCommand)[0]!.args[0].input.apiStages).toEqual([
      { apiId: 'api1', stage: environment },
    ]);
  });
});

describe('redeploys', () => {
  test('no-op: 0 mutating calls and 9 reads; the methods are never read', async () => {
    existingStack();
    const { mutating, reads, result } = await deployed();
    expect(mutating).toEqual([]);
    expect(reads).toEqual([
      'DescribeStateMachine',
      'GetApiKeys',
      'GetDeployment',
      'GetRestApis',
      'GetStages',
      'GetUsagePlanKeys',
      'GetUsagePlans',
      'ListStateMachines',
      'ListTagsForResource',
    ]);
    expect(result.outputs).toMatchObject({ deploymentId: 'dep1', changed: false });
  });

  test('definition-only change: exactly UpdateStateMachine', async () => {
    existingStack(`stepgate ${hash}`, '{"StartAt":"Old","States":{"Old":{"Type":"Succeed"}}}');
    expect((await deployed()).mutating).toEqual(['UpdateStateMachine']);
  });

  test('API-only change (the stage serves an older document): PutRestApi + CreateDeployment', async () => {
    existingStack('stepgate 0123456789abcdef');
    const { mutating, result } = await deployed();
    expect(mutating).toEqual(['PutRestApi', 'CreateDeployment']);
    expect(putBody()).toEqual(document);
    expect(apiMock.commandCalls(CreateDeploymentCommand)[0]!.args[0].input).toEqual({
      restApiId: 'api1',
      stageName: environment,
      description: `stepgate ${hash}`,
    });
    expect(result.outputs).toMatchObject({ apiId: 'api1', deploymentId: 'dep2', changed: true });
  });

  test('drift: a deployment stepgate did not make is "changed outside stepgate", and the document is written again', async () => {
    existingStack('');
    const { mutating, result } = await deployed();
    expect(result.plan.changes.find((c) => c.resource === 'restApi')).toMatchObject({
      action: 'update',
      reason: 'drift',
      fields: [{ field: 'document', from: null, to: hash }],
    });
    expect(formatPlan(result.plan)).toContain('changed outside stepgate');
    expect(mutating).toEqual(['PutRestApi', 'CreateDeployment']);
  });

  test('drift on a dry run: planned, nothing written', async () => {
    existingStack('deployed from the console');
    const { mutating, result } = await deployed({ dryRun: true });
    expect(result.plan.changes.find((c) => c.resource === 'restApi')?.reason).toBe('drift');
    expect(mutating).toEqual([]);
  });

  test('the endpoint type is changed on the REST API itself, and only that', async () => {
    existingStack();
    apiMock.on(GetRestApisCommand).resolves({
      items: [
        {
          id: 'api1',
          name: `orders-${environment}`,
          endpointConfiguration: { types: ['EDGE'] },
          tags: owned,
        },
      ],
    });
    apiMock.on(UpdateRestApiCommand).resolves({});
    const { mutating } = await deployed();
    expect(mutating).toEqual(['UpdateRestApi']);
    expect(apiMock.commandCalls(UpdateRestApiCommand)[0]!.args[0].input.patchOperations).toEqual([
      { op: 'replace', path: '/endpointConfiguration/types/EDGE', value: 'REGIONAL' },
    ]);
  });
});

describe('conversion of a stack deployed call by call (the previous version)', () => {
  test('same API and stage: the document overwrites the old resources, one deployment cuts over', async () => {
    // The previous version named its deployments by a hash of the method and templates.
    existingStack('stepgate 5f3a9c2e7b1d4a60');
    const { mutating, result } = await deployed();
    expect(mutating).toEqual(['PutRestApi', 'CreateDeployment']);
    expect(apiMock.commandCalls(PutRestApiCommand)[0]!.args[0].input).toMatchObject({
      restApiId: 'api1',
      mode: 'overwrite',
    });
    expect(result.outputs.apiId).toBe('api1');
    expect(result.outputs.stage).toBe(environment);
  });
});

describe('a document API Gateway refuses', () => {
  test('exit 3 with AWS message; no deployment is made, so the stage keeps serving the old one', async () => {
    existingStack('stepgate 0123456789abcdef');
    apiMock.on(PutRestApiCommand).rejects(
      Object.assign(new Error('Warnings found during import: Unsupported integration type'), {
        name: 'BadRequestException',
        $metadata: {},
      }),
    );
    const error = await deployed().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsError);
    expect(exitCodeOf(error)).toBe(3);
    expect((error as Error).message).toBe(
      "apigateway:PutRestApi: API Gateway refused the OpenAPI document built from the config's api section (route POST /orders): " +
        'BadRequestException: Warnings found during import: Unsupported integration type; ' +
        '`stepgate openapi` prints that document. Nothing went live: fix the config and deploy again',
    );
    expect(apiMock.commandCalls(CreateDeploymentCommand)).toHaveLength(0);
  });
});
