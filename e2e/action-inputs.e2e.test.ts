// GIVEN the bundled actions run as a runner runs them, WHEN an input is bad (a flag-like input,
// a config or definition error), THEN the step fails with exactly one `::error::` line naming
// the input or file, and no AWS call is made.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runAction, workspaceWith } from './support/run-action.js';

interface Case {
  readonly name: string;
  readonly action: 'deploy' | 'smoke' | 'destroy';
  readonly inputs: Record<string, string>;
  readonly files?: Record<string, string>;
  readonly error: string | RegExp;
}

const CASES: Case[] = [
  {
    name: 'deploy: dry-run that is not a boolean',
    action: 'deploy',
    inputs: { 'dry-run': 'maybe' },
    error:
      'Input \'dry-run\' is "maybe": allowed: true or false (true | True | TRUE | false | False | FALSE).',
  },
  {
    name: 'deploy: endpoint-url without a scheme',
    action: 'deploy',
    inputs: { 'endpoint-url': '127.0.0.1:4566' },
    error:
      'Input \'endpoint-url\' is "127.0.0.1:4566": allowed: an absolute http:// or https:// URL, or empty.',
  },
  {
    name: 'destroy: an aws-region that is not a region',
    action: 'destroy',
    inputs: { 'aws-region': 'Europe', environment: 'pr-1' },
    error:
      'Input \'aws-region\' is "Europe": allowed: an AWS region name such as us-east-1, or empty.',
  },
  {
    name: 'deploy: a config file that does not exist',
    action: 'deploy',
    inputs: { config: 'missing.yml', 'endpoint-url': 'http://127.0.0.1:9' },
    error:
      /^Input 'config' is "missing\.yml": no such file in \S+: allowed: the path of an existing file, relative to the workspace\.$/,
  },
  {
    name: 'smoke: a smoke file with a misspelt assertion',
    action: 'smoke',
    inputs: { url: 'http://127.0.0.1:9/prod/', 'api-key': 'k', 'smoke-file': 'bad-smoke.yml' },
    files: { 'bad-smoke.yml': 'cases:\n  - name: a\n    expect: { jsonPth: {} }\n' },
    error:
      /^bad-smoke\.yml:3: cases\.0\.expect\.jsonPth: unknown key "jsonPth"; did you mean "jsonPath"\?/,
  },
];

describe('action inputs: one ::error:: line, no AWS call', () => {
  test.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const workspace = workspaceWith('echo');
    for (const [name, text] of Object.entries(c.files ?? {}))
      writeFileSync(path.join(workspace, name), text);
    const run = runAction(c.action, workspace, { config: 'stepgate.yml', ...c.inputs });
    expect(run.status).toBe(1);
    const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error'));
    expect(errors).toHaveLength(1);
    const message = errors[0]!.replace(/^::error::/, '');
    if (typeof c.error === 'string') expect(message).toBe(c.error);
    else expect(message).toMatch(c.error);
    expect(run.calls).toEqual([]);
  });
});
