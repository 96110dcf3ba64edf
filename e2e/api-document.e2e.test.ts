// GIVEN the bundled deploy action and LocalStack, WHEN the API is written as one OpenAPI
// document, THEN a moved route leaves nothing behind (old path 403 "Missing Authentication
// Token", new path 200) for two calls, a deployment made outside stepgate is drift that the
// next deploy reverts, console edits never deployed are not reported, and a stack deployed by
// the previous version (call by call) is converted in place under live traffic.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CreateDeploymentCommand,
  GetDeploymentCommand,
  GetExportCommand,
  GetStageCommand,
  PutRestApiCommand,
} from '@aws-sdk/client-api-gateway';
import { apiKeyValue, awsClients } from './support/emulator-aws.js';
import {
  ENDPOINT,
  ROOT,
  runAction,
  runActionAsync,
  workspaceWith,
  type ActionRun,
} from './support/run-action.js';

const { apiGateway } = awsClients();
const suffix = Date.now().toString(36);
const mutating = (run: ActionRun) => run.calls.filter((c) => c.mutating).map((c) => c.operation);

async function post(url: string, key: string, body: unknown = { n: 1 }) {
  const response = await fetch(url, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', 'x-api-key': key },
  });
  return { status: response.status, text: await response.text() };
}

function setPath(workspace: string, from: string, to: string): void {
  const file = path.join(workspace, 'stepgate.yml');
  writeFileSync(file, readFileSync(file, 'utf8').replace(`path: ${from}`, `path: ${to}`));
}

function deployOk(workspace: string, environment: string, extra: Record<string, string> = {}) {
  const run = runAction('deploy', workspace, {
    config: 'stepgate.yml',
    environment,
    'endpoint-url': ENDPOINT,
    ...extra,
  });
  if (run.status !== 0) throw new Error(`deploy failed:\n${run.stdout}\n${run.stderr}`);
  return run;
}

describe('routes are the document', () => {
  const environment = `doc-${suffix}`;
  const workspace = workspaceWith('echo');
  let first: ActionRun;
  let key: string;
  const stageUrl = () => `${ENDPOINT}/_aws/execute-api/${first.outputs['api-id']}/${environment}`;

  beforeAll(async () => {
    first = deployOk(workspace, environment);
    key = await apiKeyValue(first.outputs['api-key-id']!);
  });

  test('first deploy: 7 mutating calls, the document written once and deployed once', () => {
    expect(mutating(first)).toEqual([
      'CreateStateMachine',
      'CreateRestApi',
      'PutRestApi',
      'CreateDeployment',
      'CreateApiKey',
      'CreateUsagePlan',
      'CreateUsagePlanKey',
    ]);
  });

  test('no-op: 0 mutating calls and 9 reads before the smoke tests read the key', () => {
    const again = deployOk(workspace, environment);
    expect(mutating(again)).toEqual([]);
    expect(again.calls.filter((c) => c.operation !== 'GetApiKey')).toHaveLength(9);
  });

  test('a moved route: 2 calls; the old path is gone (403 Missing Authentication Token), the new one answers', async () => {
    setPath(workspace, '/echo', '/v2/echo');
    const moved = deployOk(workspace, environment);
    expect(mutating(moved)).toEqual(['PutRestApi', 'CreateDeployment']);
    expect(moved.outputs['api-id']).toBe(first.outputs['api-id']);
    expect(moved.outputs['invoke-url']).toBe(`${stageUrl()}/v2/echo`);
    const old = await post(`${stageUrl()}/echo`, key);
    expect(old.status).toBe(403);
    expect(old.text).toContain('Missing Authentication Token');
    const now = await post(`${stageUrl()}/v2/echo`, key, { a: 1 });
    expect(now.status).toBe(200);
    expect(JSON.parse(now.text).echo).toEqual({ a: 1 });
  });

  test('a console edit that was never deployed is not live and not reported', async () => {
    const restApiId = first.outputs['api-id']!;
    const exported = await apiGateway.send(
      new GetExportCommand({
        restApiId,
        stageName: environment,
        exportType: 'oas30',
        parameters: { extensions: 'apigateway' },
        accepts: 'application/json',
      }),
    );
    const document = JSON.parse(new TextDecoder().decode(exported.body));
    document.paths = { '/console': Object.values(document.paths)[0] };
    await apiGateway.send(
      new PutRestApiCommand({
        restApiId,
        mode: 'overwrite',
        body: new TextEncoder().encode(JSON.stringify(document)),
      }),
    );
    const plan = deployOk(workspace, environment, { 'dry-run': 'true' });
    expect(plan.summary).not.toContain('changed outside stepgate');
    expect(mutating(plan)).toEqual([]);
    expect((await post(`${stageUrl()}/v2/echo`, key)).status).toBe(200);
  });

  test('drift: a deployment made outside stepgate is planned as "changed outside stepgate" and reverted by the next deploy', async () => {
    const restApiId = first.outputs['api-id']!;
    // Deploy the console edit of the previous test, as the console's "Deploy API" does.
    await apiGateway.send(new CreateDeploymentCommand({ restApiId, stageName: environment }));
    expect((await post(`${stageUrl()}/console`, key)).status).toBe(200);
    expect((await post(`${stageUrl()}/v2/echo`, key)).status).toBe(403);

    const plan = deployOk(workspace, environment, { 'dry-run': 'true' });
    expect(plan.summary).toContain('changed outside stepgate');
    expect(mutating(plan)).toEqual([]);

    const reverted = deployOk(workspace, environment);
    expect(mutating(reverted)).toEqual(['PutRestApi', 'CreateDeployment']);
    expect((await post(`${stageUrl()}/console`, key)).status).toBe(403);
    expect((await post(`${stageUrl()}/v2/echo`, key)).status).toBe(200);
    const stage = await apiGateway.send(new GetStageCommand({ restApiId, stageName: environment }));
    const deployment = await apiGateway.send(
      new GetDeploymentCommand({ restApiId, deploymentId: stage.deploymentId! }),
    );
    expect(deployment.description).toMatch(/^stepgate [0-9a-f]{16}$/);
    expect(mutating(deployOk(workspace, environment))).toEqual([]);
  });
});

describe('a stack deployed by the previous version (call by call)', () => {
  // The previous release's deploy action, exactly as it was committed (stop 7).
  const PREVIOUS_RELEASE = 'b884e6e';
  const environment = `conv-${suffix}`;
  const workspace = workspaceWith('echo');

  function previousDeployAction(): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'stepgate-previous-'));
    for (const file of ['index.js', 'package.json']) {
      const text = execFileSync(
        'git',
        ['show', `${PREVIOUS_RELEASE}:actions/deploy/dist/${file}`],
        { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
      );
      writeFileSync(path.join(dir, file), text);
    }
    return path.join(dir, 'index.js');
  }

  test('is converted in place: same API, stage and invoke URL, two calls, and no request fails during the deploy', async () => {
    const previous = runAction(previousDeployAction(), workspace, {
      config: 'stepgate.yml',
      environment,
      'endpoint-url': ENDPOINT,
    });
    expect(previous.status).toBe(0);
    // The previous version built the route call by call.
    expect(mutating(previous)).toContain('PutIntegration');
    const url = previous.outputs['invoke-url']!;
    const key = await apiKeyValue(previous.outputs['api-key-id']!);

    let deploying = true;
    const statuses: number[] = [];
    const traffic = (async () => {
      while (deploying) statuses.push((await post(url, key, { live: true })).status);
    })();
    const converted = await runActionAsync('deploy', workspace, {
      config: 'stepgate.yml',
      environment,
      'endpoint-url': ENDPOINT,
    });
    // A few more requests after the cut-over.
    for (let i = 0; i < 3; i++) statuses.push((await post(url, key, { live: true })).status);
    deploying = false;
    await traffic;

    expect(converted.status).toBe(0);
    expect(mutating(converted)).toEqual(['PutRestApi', 'CreateDeployment']);
    for (const output of ['api-id', 'stage', 'invoke-url', 'api-key-id', 'usage-plan-id'])
      expect(converted.outputs[output]).toBe(previous.outputs[output]);
    expect(statuses.length).toBeGreaterThan(3);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(converted.outputs['smoke-failed']).toBe('0');
    expect(mutating(deployOk(workspace, environment))).toEqual([]);
  });
});
