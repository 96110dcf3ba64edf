// GIVEN the bundled deploy action and LocalStack, WHEN the action deploys the echo app the way
// a runner runs it, THEN every step of the guide exists, the stage answers over HTTP, re-runs
// change nothing, and the API key value never appears in anything the action printed.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  CreateRestApiCommand,
  GetMethodCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  GetStageCommand,
  GetUsagePlanCommand,
  GetUsagePlanKeysCommand,
} from '@aws-sdk/client-api-gateway';
import { CreateStateMachineCommand, DescribeStateMachineCommand } from '@aws-sdk/client-sfn';
import { apiKeyValue as readApiKeyValue, awsClients } from './support/emulator-aws.js';
import { ENDPOINT, runAction, workspaceWith, type ActionRun } from './support/run-action.js';

const { apiGateway, sfn } = awsClients();

const environment = `e2e-${Date.now().toString(36)}`;
const workspace = workspaceWith('echo');
const inputs = { config: 'stepgate.yml', environment, 'endpoint-url': ENDPOINT };

let first: ActionRun;
let apiKeyValue: string;

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });
  return { status: response.status, text: await response.text() };
}

beforeAll(async () => {
  first = runAction('deploy', workspace, inputs);
  if (first.status !== 0) throw new Error(`deploy failed:\n${first.stdout}\n${first.stderr}`);
  apiKeyValue = await readApiKeyValue(first.outputs['api-key-id']!);
});

describe('first deploy', () => {
  test('sets every output', () => {
    const o = first.outputs;
    expect(o.changed).toBe('true');
    expect(o.stage).toBe(environment);
    expect(o['state-machine-arn']).toBe(
      `arn:aws:states:us-east-1:000000000000:stateMachine:e2e-echo-${environment}`,
    );
    expect(o['invoke-url']).toBe(`${ENDPOINT}/_aws/execute-api/${o['api-id']}/${environment}/echo`);
    for (const name of ['api-id', 'api-key-id', 'usage-plan-id', 'deployment-id'])
      expect(o[name]).toMatch(/^\w+$/);
  });

  test('the summary lists each resource as created, and the invoke URL', () => {
    for (const kind of [
      'stateMachine',
      'restApi',
      'route',
      'stage',
      'apiKey',
      'usagePlan',
      'usagePlanKey',
    ]) {
      expect(first.summary).toMatch(new RegExp(`${kind}.*created`));
    }
    expect(first.summary).toContain(first.outputs['invoke-url']);
  });

  test('guide part 1: an EXPRESS state machine with the role and the ownership tags', async () => {
    const machine = await sfn.send(
      new DescribeStateMachineCommand({ stateMachineArn: first.outputs['state-machine-arn'] }),
    );
    expect(machine.type).toBe('EXPRESS');
    expect(machine.roleArn).toBe('arn:aws:iam::000000000000:role/e2e-sfn');
    expect(JSON.parse(machine.definition!).StartAt).toBe('Route');
  });

  test('guide part 2: REST API, POST method with API key required, AWS integration to StartSyncExecution, both templates', async () => {
    const restApiId = first.outputs['api-id'];
    const api = await apiGateway.send(new GetRestApiCommand({ restApiId }));
    expect(api.tags).toEqual({ 'stepgate:app': 'e2e-echo', 'stepgate:environment': environment });
    const resources = await apiGateway.send(new GetResourcesCommand({ restApiId }));
    const resource = resources.items!.find((r) => r.path === '/echo')!;
    const method = await apiGateway.send(
      new GetMethodCommand({ restApiId, resourceId: resource.id!, httpMethod: 'POST' }),
    );
    expect(method.apiKeyRequired).toBe(true);
    expect(Object.keys(method.methodResponses!).sort()).toEqual([
      '200',
      '400',
      '429',
      '500',
      '504',
    ]);
    const integration = method.methodIntegration!;
    expect(integration.type).toBe('AWS');
    expect(integration.uri).toBe('arn:aws:apigateway:us-east-1:states:action/StartSyncExecution');
    // LocalStack 4.14.0 drops the integration's credentials on import (scripts/emulator/
    // FINDINGS.md); the mock tests pin the exact document PutRestApi carries, credentials included.
    expect(integration.requestTemplates!['application/json']).toContain(
      first.outputs['state-machine-arn'],
    );
    expect(integration.requestTemplates!['application/json']).not.toContain(
      'REPLACE_STEPFUNCTION_ARN',
    );
    expect(
      integration.integrationResponses!['200']!.responseTemplates!['application/json'],
    ).toContain('responseOverride.status = 500');
  });

  test('guide: deployed to the stage; API key + usage plan with throttle and quota on that stage', async () => {
    const restApiId = first.outputs['api-id'];
    const stage = await apiGateway.send(new GetStageCommand({ restApiId, stageName: environment }));
    expect(stage.deploymentId).toBe(first.outputs['deployment-id']);
    const plan = await apiGateway.send(
      new GetUsagePlanCommand({ usagePlanId: first.outputs['usage-plan-id'] }),
    );
    expect(plan.throttle).toMatchObject({ rateLimit: 100, burstLimit: 200 });
    expect(plan.quota).toMatchObject({ limit: 5000, period: 'DAY' });
    expect(plan.apiStages).toEqual([
      expect.objectContaining({ apiId: restApiId, stage: environment }),
    ]);
    const keys = await apiGateway.send(
      new GetUsagePlanKeysCommand({ usagePlanId: first.outputs['usage-plan-id'] }),
    );
    expect(keys.items!.map((k) => k.id)).toEqual([first.outputs['api-key-id']]);
  });
});

describe('the stage over HTTP', () => {
  test('with the API key → 200 and the state machine output', async () => {
    const response = await post(first.outputs['invoke-url']!, '{"hello": "world"}', {
      'x-api-key': apiKeyValue,
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({
      version: 'v1',
      echo: { hello: 'world' },
      apiInfo: { httpMethod: 'POST', apiKey: first.outputs['api-key-id'] },
    });
  });

  test('without the key, and with a wrong key → 403', async () => {
    expect((await post(first.outputs['invoke-url']!, '{}')).status).toBe(403);
    expect(
      (
        await post(first.outputs['invoke-url']!, '{}', {
          'x-api-key': 'wrong-key-value-0123456789',
        })
      ).status,
    ).toBe(403);
  });

  test('a Fail state whose cause holds double quotes → 500 and JSON {error, cause}', async () => {
    const response = await post(first.outputs['invoke-url']!, '{"fail": true}', {
      'x-api-key': apiKeyValue,
    });
    expect(response.status).toBe(500);
    expect(JSON.parse(response.text)).toEqual({
      error: 'Echo.Failed',
      cause: '{"errorMessage": "it\'s \\"broken\\"", "errorType": "Error"}',
    });
  });

  test('quotes, backslashes, newlines and non-ASCII text reach the state machine unchanged', async () => {
    const data = {
      text: 'single \' double " back \\ slash\nnew line\ttab é ü 日本 😀 </script>',
      list: ["'", '"', '\\'],
    };
    const response = await post(first.outputs['invoke-url']!, JSON.stringify(data), {
      'x-api-key': apiKeyValue,
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text).echo).toEqual(data);
  });
});

describe('re-deploys', () => {
  test('the same files again: changed=false and zero mutating calls', () => {
    const again = runAction('deploy', workspace, inputs);
    expect(again.status).toBe(0);
    expect(again.outputs.changed).toBe('false');
    expect(again.calls.length).toBeGreaterThan(0);
    expect(again.calls.filter((c) => c.mutating)).toEqual([]);
    expect(again.outputs['deployment-id']).toBe(first.outputs['deployment-id']);
  });

  test('a definition-only change: exactly one mutating call, and the stage serves the new definition', async () => {
    const file = path.join(workspace, 'statemachine.asl.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"version": "v1"', '"version": "v2"'));
    const smokeFile = path.join(workspace, 'smoke.yml');
    writeFileSync(
      smokeFile,
      readFileSync(smokeFile, 'utf8').replace(/(["']\$\.version["']: )v1/, '$1v2'),
    );
    const changed = runAction('deploy', workspace, inputs);
    expect(changed.status).toBe(0);
    expect(changed.outputs.changed).toBe('true');
    expect(changed.calls.filter((c) => c.mutating)).toEqual([
      { service: 'states', operation: 'UpdateStateMachine', mutating: true },
    ]);
    const response = await post(changed.outputs['invoke-url']!, '{"n": 1}', {
      'x-api-key': apiKeyValue,
    });
    expect(JSON.parse(response.text).version).toBe('v2');
  });

  test('the key value appears nowhere in stdout, stderr, the summary or the outputs', () => {
    // The ::add-mask:: command is how the runner learns the secret; it never displays it.
    const printed = first.stdout.replace(/::add-mask::.*\n/g, '');
    expect(first.stdout).toContain(`::add-mask::${apiKeyValue}`);
    for (const text of [printed, first.stderr, first.summary, JSON.stringify(first.outputs)]) {
      expect(text).not.toContain(apiKeyValue);
    }
  });
});

describe('api-key-value', () => {
  test('the given value is the key, masked, and never output', async () => {
    const env = `${environment}-k`;
    const value = `e2e-supplied-key-${environment}-0123456789`;
    const run = runAction('deploy', workspaceWith('echo'), {
      ...inputs,
      environment: env,
      'api-key-value': value,
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`::add-mask::${value}`);
    for (const text of [
      run.stdout.replace(/::add-mask::.*\n/g, ''),
      run.stderr,
      run.summary,
      JSON.stringify(run.outputs),
    ]) {
      expect(text).not.toContain(value);
    }
    expect(
      (await post(run.outputs['invoke-url']!, '{"a": 1}', { 'x-api-key': value })).status,
    ).toBe(200);
  });
});

describe('ownership', () => {
  test('a same-named state machine without stepgate tags is never touched: the run fails before any change', async () => {
    const env = `${environment}-c`;
    await sfn.send(
      new CreateStateMachineCommand({
        name: `e2e-echo-${env}`,
        type: 'EXPRESS',
        roleArn: 'arn:aws:iam::000000000000:role/someone-else',
        definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Succeed' } } }),
      }),
    );
    const run = runAction('deploy', workspaceWith('echo'), { ...inputs, environment: env });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toMatch(
      /::error::state machine "e2e-echo-.*-c" exists but is not stepgate's/,
    );
    expect(run.calls.filter((c) => c.mutating)).toEqual([]);
  });
});

describe('dry-run', () => {
  test('plans a new environment without changing anything', () => {
    const run = runAction('deploy', workspaceWith('echo'), {
      ...inputs,
      environment: `${environment}-dry`,
      'dry-run': 'true',
    });
    expect(run.status).toBe(0);
    expect(run.calls.length).toBeGreaterThan(0);
    expect(run.calls.filter((c) => c.mutating)).toEqual([]);
    expect(run.outputs.changed).toBe('false');
    expect(run.summary).toContain('dry run, nothing changed');
    expect(run.summary).toContain('+ stateMachine e2e-echo-');
  });
});

describe('an interrupted first deploy', () => {
  test('the next run adopts what the interrupted one created (by its tags) instead of duplicating it', async () => {
    const env = `${environment}-int`;
    const tags = { 'stepgate:app': 'e2e-echo', 'stepgate:environment': env };
    // What a run killed right after CreateRestApi leaves behind: a tagged state machine and API.
    const definition = readFileSync(
      path.join(workspaceWith('echo'), 'statemachine.asl.json'),
      'utf8',
    );
    await sfn.send(
      new CreateStateMachineCommand({
        name: `e2e-echo-${env}`,
        type: 'EXPRESS',
        roleArn: 'arn:aws:iam::000000000000:role/e2e-sfn',
        definition,
        tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
      }),
    );
    const leftover = await apiGateway.send(
      new CreateRestApiCommand({
        name: `e2e-echo-${env}`,
        endpointConfiguration: { types: ['REGIONAL'] },
        tags,
      }),
    );

    const run = runAction('deploy', workspaceWith('echo'), { ...inputs, environment: env });
    expect(run.status).toBe(0);
    expect(run.outputs['api-id']).toBe(leftover.id);
    const operations = run.calls.filter((c) => c.mutating).map((c) => c.operation);
    expect(operations).not.toContain('CreateStateMachine');
    expect(operations).not.toContain('CreateRestApi');
    const apis = await apiGateway.send(new GetRestApisCommand({ limit: 500 }));
    expect(apis.items!.filter((a) => a.tags?.['stepgate:environment'] === env)).toHaveLength(1);
    expect(run.outputs['smoke-failed']).toBe('0');
  });
});
