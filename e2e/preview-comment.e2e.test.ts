// GIVEN a pull-request event and a github-token, WHEN the bundled deploy action runs on every
// push and the destroy action runs when the PR closes, THEN there is exactly one comment on
// the PR, updated in place, and it ends saying the preview is gone.
import { startFakeGithub, type FakeGithub } from './support/fake-github.js';
import { ENDPOINT, runActionAsync, workspaceWith } from './support/run-action.js';

let github: FakeGithub;
const environment = `pr-${Date.now().toString(36)}-c`;
const inputs = {
  config: 'stepgate.yml',
  environment,
  'endpoint-url': ENDPOINT,
  'github-token': 'ghs_fake_token',
};

beforeAll(async () => {
  github = await startFakeGithub();
});
afterAll(() => github.close());

test('one sticky comment: created, updated in place, then marked gone', async () => {
  const workspace = workspaceWith('echo');
  const env = github.pullRequestEnv(42);

  const first = await runActionAsync('deploy', workspace, inputs, env);
  expect(first.status).toBe(0);
  expect(github.comments).toHaveLength(1);
  const comment = github.comments[0]!;
  expect(comment.body).toContain(
    `<!-- stepgate-preview app=e2e-echo environment=${environment} -->`,
  );
  expect(comment.body).toContain(first.outputs['invoke-url']);
  expect(comment.body).toContain('stateMachine created');
  expect(github.requests.filter((r) => r.method === 'POST').map((r) => r.url)).toEqual([
    '/repos/owner/repo/issues/42/comments',
  ]);
  // The token is only ever sent as a header, never written to the comment.
  expect(comment.body).not.toContain('ghs_fake_token');

  const second = await runActionAsync('deploy', workspace, inputs, env);
  expect(second.status).toBe(0);
  expect(github.comments).toHaveLength(1);
  expect(github.comments[0]!.body).toContain('**Changed:** nothing (already up to date)');
  expect(github.requests.filter((r) => r.method === 'PATCH').map((r) => r.url)).toEqual([
    `/repos/owner/repo/issues/comments/${comment.id}`,
  ]);

  const destroyed = await runActionAsync('destroy', workspace, inputs, env);
  expect(destroyed.status).toBe(0);
  expect(github.comments).toHaveLength(1);
  expect(github.comments[0]!.body).toContain('This preview is gone: 4 resources deleted.');
});

test('outside a pull request the deploy writes no comment', async () => {
  const workspace = workspaceWith('echo');
  const before = github.requests.length;
  const run = await runActionAsync(
    'deploy',
    workspace,
    { ...inputs, environment: `${environment}-push` },
    { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: 'owner/repo', GITHUB_EVENT_NAME: 'push' },
  );
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('Not a pull request event: no comment written');
  expect(github.requests.length).toBe(before);
  await runActionAsync('destroy', workspace, { ...inputs, environment: `${environment}-push` });
});
