// GIVEN an API key value supplied as a secret, WHEN the bundled actions deploy (with smoke and
// a PR comment), smoke-test and destroy an environment, the CLI plans, deploys and smoke-tests
// it with --json, and the local stage serves requests carrying a key, THEN that value appears
// in none of what they write: stdout, stderr, the job summary, the outputs, the PR comment,
// --json output or the local stage's request logs.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { startLocalStage } from '@stepgate/local';
import { startFakeGithub, type FakeGithub } from './support/fake-github.js';
import {
  ENDPOINT,
  ROOT,
  runActionAsync,
  workspaceWith,
  type ActionRun,
} from './support/run-action.js';

const stamp = Date.now().toString(36);
const environment = `pr-${stamp}-s`;
const SECRET = `e2e-secret-key-${stamp}-0123456789abcdef`;
const CLI = path.join(ROOT, 'packages/stepgate/bin/stepgate.js');

let github: FakeGithub;
beforeAll(async () => {
  github = await startFakeGithub();
});
afterAll(() => github.close());

/** What a runner shows: everything but the ::add-mask:: command that teaches it the secret. */
function shown(run: ActionRun): string[] {
  return [
    run.stdout.replace(/::add-mask::.*\n/g, ''),
    run.stderr,
    run.summary,
    JSON.stringify(run.outputs),
  ];
}

function cli(args: string[], cwd: string) {
  const run = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, STEPGATE_API_KEY_VALUE: SECRET },
    timeout: 110_000,
  });
  return { status: run.status, texts: [run.stdout, run.stderr] };
}

test('deploy, smoke and destroy never show the key value', async () => {
  const workspace = workspaceWith('echo');
  const inputs = {
    config: 'stepgate.yml',
    environment,
    'endpoint-url': ENDPOINT,
    'github-token': 'ghs_fake_token',
  };
  const env = github.pullRequestEnv(7);
  const texts: string[] = [];

  const deployed = await runActionAsync(
    'deploy',
    workspace,
    { ...inputs, 'api-key-value': SECRET },
    env,
  );
  expect(deployed.status).toBe(0);
  expect(deployed.stdout).toContain(`::add-mask::${SECRET}`);
  expect(deployed.outputs['smoke-passed']).not.toBe('0');
  texts.push(...shown(deployed));

  const smoked = await runActionAsync('smoke', workspace, inputs, env);
  expect(smoked.status).toBe(0);
  texts.push(...shown(smoked));

  const common = [
    '--config',
    'stepgate.yml',
    '--environment',
    environment,
    '--endpoint-url',
    ENDPOINT,
  ];
  const plan = cli(['plan', ...common, '--json'], workspace);
  expect(plan.status).toBe(0);
  const redeploy = cli(['deploy', ...common, '--json'], workspace);
  expect(redeploy.status).toBe(0);
  const smoke = cli(['smoke', ...common, '--json'], workspace);
  expect(smoke.status).toBe(0);
  texts.push(...plan.texts, ...redeploy.texts, ...smoke.texts);

  const destroyed = await runActionAsync('destroy', workspace, inputs, env);
  expect(destroyed.status).toBe(0);
  texts.push(...shown(destroyed));
  texts.push(
    ...github.comments.map((c) => c.body),
    ...github.requests.map((r) => JSON.stringify(r)),
  );

  expect(texts.filter((t) => t.includes(SECRET))).toEqual([]);
  // The search is real: the secret was used (the smoke cases sent it and passed).
  expect(texts.join('\n')).toContain('right API key → 2xx');
});

test('the local stage logs requests without the key they carry', async () => {
  const logs: string[] = [];
  const stage = await startLocalStage({
    configFile: path.join(ROOT, 'e2e/fixtures/echo/stepgate.yml'),
    port: 0,
    apiKey: SECRET,
    watch: false,
    log: (line) => logs.push(line),
  });
  try {
    for (const key of [SECRET, `${SECRET}-wrong`]) {
      await fetch(`${stage.url}?key=${key === SECRET ? 'x' : 'y'}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key },
        body: '{"a": 1}',
      });
    }
  } finally {
    await stage.close();
  }
  expect(logs.length).toBeGreaterThanOrEqual(2);
  expect(logs.filter((l) => l.includes(SECRET))).toEqual([]);
});
