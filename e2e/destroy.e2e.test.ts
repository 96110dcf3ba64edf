// GIVEN three environments deployed with the bundled deploy action, WHEN the bundled destroy
// action removes one, THEN nothing of it is left (every resource type listed), the other two
// still answer, and destroy is idempotent, safe and refuses prod without confirmation.
import { CreateStateMachineCommand } from '@aws-sdk/client-sfn';
import { awsClients, postWithKey, resourcesOf } from './support/emulator-aws.js';
import { ENDPOINT, runAction, workspaceWith, type ActionRun } from './support/run-action.js';

const { sfn } = awsClients();

const run = Date.now().toString(36);
const environments = [`pr-${run}-1`, `pr-${run}-2`, `pr-${run}-3`];
const workspace = workspaceWith('echo');
const common = { config: 'stepgate.yml', 'endpoint-url': ENDPOINT };
const deployed = new Map<string, ActionRun>();

const leftovers = (environment: string) => resourcesOf('e2e-echo', environment);

async function answers(environment: string): Promise<number> {
  const outputs = deployed.get(environment)!.outputs;
  return (await postWithKey(outputs['invoke-url']!, outputs['api-key-id']!, { ping: 1 })).status;
}

beforeAll(() => {
  for (const environment of environments) {
    const result = runAction('deploy', workspace, { ...common, environment });
    if (result.status !== 0) throw new Error(`deploy ${environment} failed:\n${result.stdout}`);
    deployed.set(environment, result);
  }
});

test('three environments deployed: each has its own resources and answers', async () => {
  for (const environment of environments) {
    expect((await leftovers(environment)).sort()).toHaveLength(4);
    expect(await answers(environment)).toBe(200);
  }
});

test('destroying one leaves zero resources of it; the other two still answer', async () => {
  const [gone, ...kept] = environments;
  const result = runAction('destroy', workspace, { ...common, environment: gone! });
  expect(result.status).toBe(0);
  expect(result.outputs).toEqual({ deleted: '4', existed: 'true' });
  expect(result.summary).toContain('4 resources deleted');
  expect(await leftovers(gone!)).toEqual([]);
  for (const environment of kept) expect(await answers(environment)).toBe(200);
  const mutating = result.calls.filter((c) => c.mutating).map((c) => c.operation);
  expect(mutating.sort()).toEqual([
    'DeleteApiKey',
    'DeleteRestApi',
    'DeleteStateMachine',
    'DeleteUsagePlan',
    'UpdateUsagePlan',
  ]);
});

test('destroying it again, or an environment that never existed, succeeds and says so', () => {
  for (const environment of [environments[0]!, `never-${run}`]) {
    const result = runAction('destroy', workspace, { ...common, environment });
    expect(result.status).toBe(0);
    expect(result.outputs).toEqual({ deleted: '0', existed: 'false' });
    expect(result.stdout).toContain('Nothing to destroy');
    expect(result.calls.filter((c) => c.mutating)).toEqual([]);
  }
});

test('a same-named state machine without stepgate tags is left alone', async () => {
  const environment = `pr-${run}-foreign`;
  await sfn.send(
    new CreateStateMachineCommand({
      name: `e2e-echo-${environment}`,
      type: 'EXPRESS',
      roleArn: 'arn:aws:iam::000000000000:role/someone-else',
      definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Succeed' } } }),
    }),
  );
  const result = runAction('destroy', workspace, { ...common, environment });
  expect(result.status).toBe(0);
  expect(result.outputs.deleted).toBe('0');
  expect(await leftovers(environment)).toEqual([`stateMachine e2e-echo-${environment}`]);
});

test('prod is not destroyed without confirm: exit 1, nothing deleted', () => {
  const result = runAction('destroy', workspace, { ...common, environment: 'prod' });
  expect(result.status).toBe(1);
  expect(result.stdout).toMatch(/::error::--yes: destroying prod needs confirmation/);
  expect(result.calls).toEqual([]);
});
