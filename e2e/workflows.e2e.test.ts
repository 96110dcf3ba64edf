// GIVEN the example workflows of workflows-examples/, WHEN their stepgate steps run in order
// with the inputs and environment a runner would give them (support/workflow-harness.ts),
// THEN they do what their README row says, against the emulator.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { postWithKey, resourcesOf } from './support/emulator-aws.js';
import { startFakeGithub, type FakeGithub } from './support/fake-github.js';
import { ROOT, workspaceWith } from './support/run-action.js';
import { runWorkflow, type HarnessOptions } from './support/workflow-harness.js';

let github: FakeGithub;

beforeAll(async () => {
  github = await startFakeGithub();
});
afterAll(() => github.close());

const resourcesOfEcho = (environment: string) => resourcesOf('e2e-echo', environment);

async function callStage(
  invokeUrl: string,
  apiKeyId: string,
  region = 'us-east-1',
): Promise<number> {
  return (await postWithKey(invokeUrl, apiKeyId, {}, region)).status;
}

function pullRequest(number: number, action: string, fromFork = false): HarnessOptions['event'] {
  return {
    name: 'pull_request',
    payload: {
      action,
      number,
      pull_request: {
        number,
        head: { repo: { full_name: fromFork ? 'someone/fork' : 'owner/repo' } },
      },
    },
  };
}

const common = (workspace: string): Omit<HarnessOptions, 'event'> => ({
  workspace,
  secrets: { GITHUB_TOKEN: 'ghs_fake' },
  vars: {
    AWS_PREVIEW_ROLE_ARN: 'arn:aws:iam::000000000000:role/preview',
    AWS_DEPLOY_ROLE_ARN: 'arn:aws:iam::000000000000:role/deploy',
  },
  env: { GITHUB_API_URL: github.url },
});

test('every example workflow is exercised by this suite', () => {
  const examples = readdirSync(path.join(ROOT, 'workflows-examples'))
    .filter((f) => f.endsWith('.yml'))
    .sort();
  const exercised = [
    'deploy-on-push.yml',
    'localstack-ci.yml',
    'multi-region.yml',
    'pr-preview-cleanup.yml',
    'pr-preview.yml',
    'promote.yml',
    'scheduled-smoke.yml',
  ];
  expect(examples.filter((f) => !exercised.includes(f))).toEqual([]);
});

test('pr-preview then pr-preview-cleanup: a commented preview, then zero resources of it left', async () => {
  const number = 7000 + Math.floor(Math.random() * 1000);
  const environment = `pr-${number}`;
  const workspace = workspaceWith('echo');

  const opened = await runWorkflow('pr-preview.yml', {
    ...common(workspace),
    event: pullRequest(number, 'opened'),
  });
  expect(opened).toHaveLength(1);
  const deploy = opened[0]!.steps[0]!;
  expect(deploy.inputs).toMatchObject({
    environment,
    config: 'stepgate.yml',
    'github-token': 'ghs_fake',
  });
  expect(deploy.run.outputs.stage).toBe(environment);
  expect(
    await callStage(deploy.run.outputs['invoke-url']!, deploy.run.outputs['api-key-id']!),
  ).toBe(200);
  expect((await resourcesOfEcho(environment)).length).toBe(4);
  const comment = github.comments.find((c) => c.body.includes(`environment=${environment} `))!;
  expect(comment.body).toContain(deploy.run.outputs['invoke-url']);

  const pushed = await runWorkflow('pr-preview.yml', {
    ...common(workspace),
    event: pullRequest(number, 'synchronize'),
  });
  expect(pushed[0]!.steps[0]!.run.outputs.changed).toBe('false');

  const closed = await runWorkflow('pr-preview-cleanup.yml', {
    ...common(workspace),
    event: pullRequest(number, 'closed'),
  });
  expect(closed[0]!.steps[0]!.run.outputs).toEqual({ deleted: '4', existed: 'true' });
  expect(await resourcesOfEcho(environment)).toEqual([]);
  expect(github.comments.find((c) => c.id === comment.id)!.body).toContain('This preview is gone');
  // Not on a PR-closing event: the preview workflow ignores `closed`.
  expect(
    await runWorkflow('pr-preview.yml', {
      ...common(workspace),
      event: pullRequest(number, 'closed'),
    }),
  ).toEqual([]);
});

test('pr-preview from a fork: the job is skipped (no secrets, no OIDC for forks)', async () => {
  const jobs = await runWorkflow('pr-preview.yml', {
    ...common(workspaceWith('echo')),
    event: pullRequest(9999, 'opened', true),
  });
  expect(jobs).toEqual([expect.objectContaining({ skipped: true, steps: [] })]);
});

test('deploy-on-push and promote deploy prod; a second run changes nothing', async () => {
  const workspace = workspaceWith('echo');
  const pushed = await runWorkflow('deploy-on-push.yml', {
    ...common(workspace),
    event: { name: 'push', payload: { ref: 'refs/heads/main' } },
  });
  const deploy = pushed[0]!.steps[0]!;
  expect(deploy.inputs.environment).toBe('prod');
  expect(
    await callStage(deploy.run.outputs['invoke-url']!, deploy.run.outputs['api-key-id']!),
  ).toBe(200);

  const promoted = await runWorkflow('promote.yml', {
    ...common(workspace),
    event: { name: 'workflow_dispatch', payload: { inputs: { ref: 'abc123' } } },
    inputs: { ref: 'abc123' },
  });
  expect(promoted[0]!.steps[0]!.run.outputs.changed).toBe('false');
  expect(promoted[0]!.steps[0]!.run.outputs['api-id']).toBe(deploy.run.outputs['api-id']);
});

test('multi-region: one stack per region of the matrix, each answering', async () => {
  const jobs = await runWorkflow('multi-region.yml', {
    ...common(workspaceWith('echo')),
    event: { name: 'push', payload: {} },
  });
  expect(jobs.map((j) => j.matrix.region)).toEqual(['us-east-1', 'eu-west-1', 'ap-southeast-2']);
  for (const job of jobs) {
    const outputs = job.steps[0]!.run.outputs;
    expect(outputs['state-machine-arn']).toContain(`:states:${job.matrix.region}:`);
    expect(await callStage(outputs['invoke-url']!, outputs['api-key-id']!, job.matrix.region)).toBe(
      200,
    );
  }
});

test('localstack-ci: deploys the ci environment into the emulator', async () => {
  const jobs = await runWorkflow('localstack-ci.yml', {
    ...common(workspaceWith('echo')),
    event: pullRequest(5, 'opened'),
  });
  const outputs = jobs[0]!.steps[0]!.run.outputs;
  expect(outputs.stage).toBe('ci');
  expect(await callStage(outputs['invoke-url']!, outputs['api-key-id']!)).toBe(200);
});

test('scheduled-smoke: the smoke action finds prod and passes; a failing case fails the step', async () => {
  const workspace = workspaceWith('echo');
  const environment = 'prod';
  await runWorkflow('deploy-on-push.yml', {
    ...common(workspace),
    event: { name: 'push', payload: { ref: 'refs/heads/main' } },
  });
  const jobs = await runWorkflow('scheduled-smoke.yml', {
    ...common(workspace),
    event: { name: 'schedule', payload: { schedule: '17 * * * *' } },
  });
  const smoke = jobs[0]!.steps[0]!;
  expect(smoke.inputs).toMatchObject({ environment, config: 'stepgate.yml' });
  expect(smoke.run.status).toBe(0);
  expect(smoke.run.outputs.failed).toBe('0');
  expect(Number(smoke.run.outputs.passed)).toBeGreaterThan(0);

  // A failing case fails the step; continue-on-error lets the issue steps run after it.
  const smokeFile = path.join(workspace, 'smoke.yml');
  writeFileSync(
    smokeFile,
    readFileSync(smokeFile, 'utf8').replace(/(["']\$\.version["']: )v1/, '$1v9'),
  );
  const failing = await runWorkflow('scheduled-smoke.yml', {
    ...common(workspace),
    event: { name: 'schedule', payload: {} },
  });
  expect(failing[0]!.steps[0]!.run.status).toBe(1);
  expect(failing[0]!.steps[0]!.run.outputs.failed).toBe('1');
});
