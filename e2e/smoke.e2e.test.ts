// GIVEN the echo app and its smoke file, WHEN the bundled deploy and smoke actions run against
// LocalStack, THEN passing and failing runs are reported as such, a failed deploy can roll
// back, and the same smoke file passes unchanged against the local stage.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalStage } from '@stepgate/local';
import { loadSmokeSpec, runSmoke } from '@stepgate/smoke';
import { apiKeyValue, postWithKey } from './support/emulator-aws.js';
import { ENDPOINT, runAction, workspaceWith } from './support/run-action.js';

const run = Date.now().toString(36);
const common = { config: 'stepgate.yml', 'endpoint-url': ENDPOINT };

/** The actions of the README's IAM policy for the smoke action (the block after its marker). */
function smokeActionPolicyActions(): Set<string> {
  const readme = readFileSync(path.resolve(import.meta.dirname, '../README.md'), 'utf8');
  const block = /<!-- smoke-action-policy -->\s*```json\n([\s\S]*?)```/.exec(readme)?.[1];
  const policy = JSON.parse(block!) as { Statement: { Action: string | string[] }[] };
  return new Set(policy.Statement.flatMap((s) => s.Action));
}

async function post(url: string, apiKeyId: string, body: unknown) {
  const response = await postWithKey(url, apiKeyId, body);
  return { status: response.status, json: JSON.parse(response.text) as Record<string, unknown> };
}

test('deploy runs the smoke cases: every one passes, counts in the outputs and a row each in the summary', () => {
  const result = runAction('deploy', workspaceWith('echo'), {
    ...common,
    environment: `smoke-${run}-ok`,
  });
  expect(result.status).toBe(0);
  // Two built-in key checks + right key, and the two cases of smoke.yml.
  expect(result.outputs).toMatchObject({ 'smoke-passed': '5', 'smoke-failed': '0' });
  expect(result.summary).toMatch(/\| ✅ \| echoes the body \|/);
  expect(result.summary).toMatch(/\| ✅ \| a failing workflow is a JSON 500 \|/);
});

test('a failing case: exit 1, an annotation, and the expected/actual diff in the summary', () => {
  const workspace = workspaceWith('echo');
  const smokeFile = path.join(workspace, 'smoke.yml');
  writeFileSync(
    smokeFile,
    readFileSync(smokeFile, 'utf8').replace(/(["']\$\.version["']: )v1/, '$1v9'),
  );
  const result = runAction('deploy', workspace, { ...common, environment: `smoke-${run}-fail` });
  expect(result.status).toBe(1);
  expect(result.outputs).toMatchObject({ 'smoke-passed': '4', 'smoke-failed': '1' });
  expect(result.stdout).toContain(
    '::error title=stepgate smoke::smoke case failed: echoes the body',
  );
  expect(result.stdout).toContain('::error::1 of 5 smoke cases failed');
  expect(result.summary).toContain('```diff');
  expect(result.summary).toMatch(/-\s*"v9"/);
  expect(result.summary).toMatch(/\+\s*"v1"/);
});

test('rollback-on-smoke-failure: a bad definition is rolled back and the stage serves the previous behaviour again', async () => {
  const workspace = workspaceWith('echo');
  const environment = `smoke-${run}-rb`;
  const good = runAction('deploy', workspace, { ...common, environment });
  expect(good.status).toBe(0);

  const definition = path.join(workspace, 'statemachine.asl.json');
  writeFileSync(
    definition,
    readFileSync(definition, 'utf8').replace('"version": "v1"', '"version": "v2-broken"'),
  );
  const bad = runAction('deploy', workspace, {
    ...common,
    environment,
    'rollback-on-smoke-failure': 'true',
  });
  expect(bad.status).toBe(1);
  expect(bad.outputs['smoke-failed']).toBe('1');
  expect(bad.stdout).toContain('rolled back');
  expect(bad.summary).toContain('**Rolled back**');
  expect(bad.summary).toContain(
    `state machine e2e-echo-${environment} back on its previous definition`,
  );
  const response = await post(good.outputs['invoke-url']!, good.outputs['api-key-id']!, {
    after: 'rollback',
  });
  expect(response.status).toBe(200);
  expect(response.json.version).toBe('v1');

  // Without rollback the broken definition stays live (what the rollback protected against).
  const unprotected = runAction('deploy', workspace, { ...common, environment });
  expect(unprotected.status).toBe(1);
  expect(
    (await post(good.outputs['invoke-url']!, good.outputs['api-key-id']!, {})).json.version,
  ).toBe('v2-broken');
});

test('the smoke action finds the stage and key of a deployed environment, or takes url and api-key', async () => {
  const workspace = workspaceWith('echo');
  const environment = `smoke-${run}-sched`;
  const deployed = runAction('deploy', workspace, { ...common, environment, smoke: 'false' });
  expect(deployed.outputs['smoke-passed']).toBe('0');

  const callLog = path.join(mkdtempSync(path.join(tmpdir(), 'smoke-calls-')), 'calls.jsonl');
  const found = runAction(
    'smoke',
    workspace,
    { ...common, environment },
    { STEPGATE_CALL_LOG: callLog },
  );
  expect(found.status).toBe(0);
  // Every AWS call it made is a read, and the README's IAM policy for the smoke action allows it.
  const calls = readFileSync(callLog, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { service: string; operation: string; mutating: boolean });
  expect(calls.filter((c) => c.mutating)).toEqual([]);
  const used = new Set(
    calls.map((c) =>
      c.service === 'apigateway' ? 'apigateway:GET' : `${c.service}:${c.operation}`,
    ),
  );
  const allowed = smokeActionPolicyActions();
  expect([...used].filter((action) => !allowed.has(action))).toEqual([]);
  expect(used).toContain('states:ListTagsForResource');
  expect(found.outputs).toEqual({ passed: '5', failed: '0' });
  expect(found.summary).toContain('echoes the body');

  const key = { value: await apiKeyValue(deployed.outputs['api-key-id']!) };
  const given = runAction('smoke', workspace, {
    url: deployed.outputs['invoke-url']!,
    'api-key': key.value!,
  });
  expect(given.status).toBe(0);
  expect(given.outputs).toEqual({ passed: '5', failed: '0' });
  for (const text of [
    found.stdout.replace(/::add-mask::.*\n/g, ''),
    found.summary,
    given.stdout.replace(/::add-mask::.*\n/g, ''),
    given.summary,
  ]) {
    expect(text).not.toContain(key.value!);
  }

  const missing = runAction('smoke', workspace, { ...common, environment: `never-${run}` });
  expect(missing.status).toBe(1);
  expect(missing.stdout).toMatch(/::error::locate: e2e-echo \(never-.*\) is not deployed/);
});

test('the same smoke file passes unchanged against the local stage', async () => {
  const workspace = workspaceWith('echo');
  const stage = await startLocalStage({
    configFile: path.join(workspace, 'stepgate.yml'),
    port: 0,
    watch: false,
  });
  try {
    const report = await runSmoke({
      spec: loadSmokeSpec(path.join(workspace, 'smoke.yml')),
      invokeUrl: stage.url,
      apiKey: stage.apiKey,
    });
    expect(report.cases.filter((c) => !c.passed)).toEqual([]);
    expect(report.passed).toBe(5);
  } finally {
    await stage.close();
  }
});

test('rollback-on-smoke-failure: a bad API change is rolled back by putting the stage on its previous deployment', async () => {
  const workspace = workspaceWith('echo');
  const environment = `smoke-${run}-rbapi`;
  const good = runAction('deploy', workspace, { ...common, environment });
  expect(good.status).toBe(0);

  // A response template that drops the workflow's output: every case expecting it fails.
  writeFileSync(path.join(workspace, 'broken-response.vtl'), '{"broken": true}\n');
  const config = path.join(workspace, 'stepgate.yml');
  writeFileSync(
    config,
    `${readFileSync(config, 'utf8')}  templates:\n    response: broken-response.vtl\n`,
  );
  const bad = runAction('deploy', workspace, {
    ...common,
    environment,
    'rollback-on-smoke-failure': 'true',
  });
  expect(bad.status).toBe(1);
  expect(bad.outputs['deployment-id']).not.toBe(good.outputs['deployment-id']);
  expect(bad.summary).toContain(
    `stage ${environment} back on deployment ${good.outputs['deployment-id']}`,
  );

  const response = await post(good.outputs['invoke-url']!, good.outputs['api-key-id']!, {
    after: 'rollback',
  });
  expect(response.status).toBe(200);
  expect(response.json).toMatchObject({ version: 'v1', echo: { after: 'rollback' } });
});
