// GIVEN an environment deployed with an API key, a usage plan and logging, WHEN the config turns
// the key off and logging off, THEN `plan --json` lists the removals (`-`), the deploy deletes
// the key, the usage plan and the log group stepgate created, and a further deploy is a no-op.
// GIVEN second tagged copies of the key and the usage plan (what a lost create response leaves),
// THEN the next deploy keeps the ones in use, deletes the others and says so in the plan.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  CreateApiKeyCommand,
  CreateUsagePlanCommand,
  GetApiKeysCommand,
  GetUsagePlanKeysCommand,
  GetUsagePlansCommand,
} from '@aws-sdk/client-api-gateway';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { awsClients } from './support/emulator-aws.js';
import { ENDPOINT, ROOT, runAction, workspaceWith } from './support/run-action.js';

const { apiGateway, logs } = awsClients();
const stamp = Date.now().toString(36);
const APP = 'e2e-echo';

const owned = (tags: Record<string, string> | undefined, environment: string) =>
  tags?.['stepgate:app'] === APP && tags['stepgate:environment'] === environment;

async function ownedKeysAndPlans(environment: string) {
  const [keys, plans] = await Promise.all([
    apiGateway.send(new GetApiKeysCommand({ limit: 500 })),
    apiGateway.send(new GetUsagePlansCommand({ limit: 500 })),
  ]);
  return {
    keys: (keys.items ?? []).filter((k) => owned(k.tags, environment)),
    plans: (plans.items ?? []).filter((p) => owned(p.tags, environment)),
  };
}

function planJson(workspace: string, environment: string) {
  const run = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'packages/stepgate/bin/stepgate.js'),
      'plan',
      '--json',
      '--environment',
      environment,
      '--endpoint-url',
      ENDPOINT,
    ],
    { cwd: workspace, encoding: 'utf8' },
  );
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as {
    changes: {
      resource: string;
      name: string;
      action: string;
      reason: string;
      fields: unknown[];
    }[];
    hasChanges: boolean;
  };
}

test('turning the API key and logging off deletes the key, the usage plan and the log group', async () => {
  const environment = `del-${stamp}`;
  const workspace = workspaceWith('echo');
  const config = path.join(workspace, 'stepgate.yml');
  const original = readFileSync(config, 'utf8');
  writeFileSync(
    config,
    original.replace(
      '  roleArn: arn:aws:iam::000000000000:role/e2e-sfn\n',
      '  roleArn: arn:aws:iam::000000000000:role/e2e-sfn\n  logging: { level: ERROR }\n',
    ),
  );
  const inputs = { config: 'stepgate.yml', environment, 'endpoint-url': ENDPOINT, smoke: 'false' };
  expect(runAction('deploy', workspace, inputs).status).toBe(0);
  const logGroupName = `/aws/vendedlogs/states/${APP}-${environment}`;
  const groups = () =>
    logs
      .send(new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroupName }))
      .then((r) => (r.logGroups ?? []).filter((g) => g.logGroupName === logGroupName));
  expect(await groups()).toHaveLength(1);

  // No key: no usage plan either (the config refuses a usage plan without a key).
  writeFileSync(
    config,
    original
      .replace('api:\n', 'api:\n  apiKey: { required: false }\n')
      .replace(/  usagePlan:\n(    .*\n)+/, ''),
  );
  const plan = planJson(workspace, environment);
  expect(
    plan.changes
      .filter((c) => c.action === 'delete')
      .map((c) => `${c.action} ${c.resource} ${c.reason}`)
      .sort(),
  ).toEqual([
    'delete apiKey no longer in the config',
    'delete logGroup no longer in the config',
    'delete usagePlan no longer in the config',
  ]);

  const run = runAction('deploy', workspace, inputs);
  expect(run.status).toBe(0);
  expect(run.outputs['api-key-id']).toBe('');
  expect(run.summary).toMatch(/apiKey.*deleted/);
  expect(await ownedKeysAndPlans(environment)).toEqual({ keys: [], plans: [] });
  expect(await groups()).toHaveLength(0);
  const again = runAction('deploy', workspace, inputs);
  expect(again.outputs.changed).toBe('false');
  expect(again.calls.filter((c) => c.mutating)).toEqual([]);
});

test('second tagged copies of the key and the usage plan are deleted; the ones in use are kept', async () => {
  const environment = `dup-${stamp}`;
  const workspace = workspaceWith('echo');
  const inputs = { config: 'stepgate.yml', environment, 'endpoint-url': ENDPOINT, smoke: 'false' };
  const first = runAction('deploy', workspace, inputs);
  expect(first.status).toBe(0);
  const tags = { 'stepgate:app': APP, 'stepgate:environment': environment };
  const name = `${APP}-${environment}`;
  await apiGateway.send(new CreateApiKeyCommand({ name, enabled: true, tags }));
  await apiGateway.send(new CreateUsagePlanCommand({ name, tags }));

  const plan = planJson(workspace, environment);
  expect(plan.changes.map((c) => `${c.action} ${c.resource} ${c.reason}`).sort()).toEqual([
    'delete apiKey a second copy of a resource stepgate keeps one of',
    'delete usagePlan a second copy of a resource stepgate keeps one of',
  ]);

  const run = runAction('deploy', workspace, inputs);
  expect(run.status).toBe(0);
  const { keys, plans } = await ownedKeysAndPlans(environment);
  expect(keys.map((k) => k.id)).toEqual([first.outputs['api-key-id']]);
  expect(plans.map((p) => p.id)).toEqual([first.outputs['usage-plan-id']]);
  const bound = await apiGateway.send(
    new GetUsagePlanKeysCommand({ usagePlanId: first.outputs['usage-plan-id'] }),
  );
  expect(bound.items?.map((k) => k.id)).toEqual([first.outputs['api-key-id']]);
  const again = runAction('deploy', workspace, inputs);
  expect(again.calls.filter((c) => c.mutating)).toEqual([]);
});
