// GIVEN the deploy action's inputs as a runner passes them (INPUT_* variables, GITHUB_OUTPUT and
// GITHUB_STEP_SUMMARY files), WHEN run() calls core's deploy (mocked), THEN the outputs and the
// summary come from its result, the key is masked before deploy runs, and failures are one line.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jest } from '@jest/globals';
import { summary } from '@actions/core';
import type { DeployOptions, DeployResult } from '@stepgate/core';

const deploy = jest.fn<(options: DeployOptions) => Promise<DeployResult>>();
const renderDeploySummaryMarkdown = jest.fn(
  (result: DeployResult) => `## summary of ${result.environment}\n`,
);

// Only deploy and the summary are replaced; the rest of core (e.g. the comment renderers) is real.
const actualCore = await import('@stepgate/core');
jest.unstable_mockModule('@stepgate/core', () => ({
  ...actualCore,
  deploy,
  renderDeploySummaryMarkdown,
}));

const { run } = await import('./main.js');

const KEY = 's3cr3t-Key-Value-0123456789';
const ECHO_APP = path.resolve(import.meta.dirname, '../../../e2e/fixtures/echo');

const RESULT: DeployResult = {
  app: 'orders',
  environment: 'prod',
  dryRun: false,
  plan: { hasChanges: true, changes: [] },
  outcomes: [{ kind: 'stateMachine', name: 'orders-prod', outcome: 'created', fields: [] }],
  outputs: {
    invokeUrl: 'http://127.0.0.1:4566/_aws/execute-api/a1b2c3/prod/',
    apiId: 'a1b2c3',
    stage: 'prod',
    stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:orders-prod',
    apiKeyId: 'k3y1d',
    usagePlanId: 'up1',
    deploymentId: 'dep1',
    stageUrl: 'http://127.0.0.1:4566/_aws/execute-api/a1b2c3/prod',
    stateMachineArns: {
      default: 'arn:aws:states:us-east-1:000000000000:stateMachine:orders-prod',
    },
    changed: true,
  },
};

/** A failure as core throws it: one line, a stable code and an exit code. */
class FakeConfigError extends Error {
  readonly code = 'INVALID_INPUT';
  readonly exitCode = 2;
}

let dir: string;
let stdout: string[];
const savedEnv = { ...process.env };

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'action-deploy-'));
  // @actions/core requires both files to exist, as a runner creates them.
  writeFileSync(path.join(dir, 'output'), '');
  writeFileSync(path.join(dir, 'summary'), '');
  // The workspace: the action checks that its config file exists before anything else.
  cpSync(ECHO_APP, dir, { recursive: true });
  cpSync(ECHO_APP, path.join(dir, 'app'), { recursive: true });
  process.chdir(dir);
  process.env['GITHUB_OUTPUT'] = path.join(dir, 'output');
  process.env['GITHUB_STEP_SUMMARY'] = path.join(dir, 'summary');
  // @actions/core's summary remembers the first file it wrote to; each test has its own.
  (summary as unknown as { _filePath?: string })._filePath = undefined;
  for (const name of Object.keys(process.env))
    if (name.startsWith('INPUT_')) delete process.env[name];
  stdout = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
  deploy.mockReset();
  renderDeploySummaryMarkdown.mockClear();
});

const repoDir = process.cwd();

afterEach(() => {
  jest.restoreAllMocks();
  process.chdir(repoDir);
  rmSync(dir, { recursive: true, force: true });
  process.env = { ...savedEnv };
  // setFailed sets it, as it should in an action; here it would fail the test run.
  process.exitCode = undefined;
});

/** The inputs as a runner passes them: action.yml's defaults for whatever the workflow omits. */
function setInputs(inputs: Record<string, string>): void {
  const all = {
    config: 'stepgate.yml',
    environment: 'prod',
    'aws-region': '',
    'endpoint-url': '',
    'api-key-value': '',
    ...inputs,
  };
  for (const [name, value] of Object.entries(all)) {
    process.env[`INPUT_${name.toUpperCase()}`] = value;
  }
}

/** GITHUB_OUTPUT's `name<<delimiter / value / delimiter` records. */
function readOutputs(): Record<string, string> {
  const text = readFileSync(path.join(dir, 'output'), 'utf8');
  const outputs: Record<string, string> = {};
  for (const match of text.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) {
    outputs[match[1]!] = match[3]!;
  }
  return outputs;
}

describe('run', () => {
  it('sets every output from the deploy result and writes the summary', async () => {
    setInputs({});
    deploy.mockResolvedValue(RESULT);

    await run();

    expect(readOutputs()).toEqual({
      'invoke-url': 'http://127.0.0.1:4566/_aws/execute-api/a1b2c3/prod/',
      'api-id': 'a1b2c3',
      stage: 'prod',
      'state-machine-arn': 'arn:aws:states:us-east-1:000000000000:stateMachine:orders-prod',
      'api-key-id': 'k3y1d',
      'usage-plan-id': 'up1',
      'deployment-id': 'dep1',
      'stage-url': 'http://127.0.0.1:4566/_aws/execute-api/a1b2c3/prod',
      'state-machine-arns':
        '{"default":"arn:aws:states:us-east-1:000000000000:stateMachine:orders-prod"}',
      changed: 'true',
      'smoke-passed': '0',
      'smoke-failed': '0',
    });
    expect(renderDeploySummaryMarkdown).toHaveBeenCalledWith(RESULT);
    expect(readFileSync(path.join(dir, 'summary'), 'utf8')).toBe('## summary of prod\n');
    expect(process.exitCode).toBeUndefined();
  });

  it("sets changed to 'false' when nothing changed", async () => {
    setInputs({});
    deploy.mockResolvedValue({ ...RESULT, outputs: { ...RESULT.outputs, changed: false } });

    await run();

    expect(readOutputs()['changed']).toBe('false');
  });

  it('maps the inputs to deploy options, empty inputs to undefined', async () => {
    setInputs({});
    deploy.mockResolvedValue(RESULT);

    await run();

    expect(deploy).toHaveBeenCalledTimes(1);
    const options = deploy.mock.calls[0]![0];
    expect(options).toEqual({
      configFile: 'stepgate.yml',
      environment: 'prod',
      aws: { region: undefined, endpointUrl: undefined },
      apiKeyValue: undefined,
      dryRun: false,
      // smoke is on by default: the smoke run is passed to deploy as its verification.
      rollbackOnVerifyFailure: false,
      verify: expect.any(Function),
      onSecret: expect.any(Function),
      log: expect.any(Function),
    });
  });

  it('passes every input that is set, and logs deploy progress', async () => {
    setInputs({
      config: 'app/stepgate.yml',
      environment: 'pr-42',
      'aws-region': 'eu-west-1',
      'endpoint-url': 'http://127.0.0.1:4566',
      'api-key-value': KEY,
    });
    deploy.mockImplementation(async (options) => {
      options.log?.('creating stateMachine orders-pr-42');
      return RESULT;
    });

    await run();

    expect(deploy.mock.calls[0]![0]).toMatchObject({
      configFile: 'app/stepgate.yml',
      environment: 'pr-42',
      aws: { region: 'eu-west-1', endpointUrl: 'http://127.0.0.1:4566' },
      apiKeyValue: KEY,
    });
    expect(stdout).toContain('creating stateMachine orders-pr-42\n');
  });

  it('masks the API key before deploy runs, and never outputs it', async () => {
    setInputs({ 'api-key-value': KEY });
    let printedBeforeDeploy: string[] = [];
    deploy.mockImplementation(async () => {
      printedBeforeDeploy = [...stdout];
      return RESULT;
    });

    await run();

    expect(printedBeforeDeploy).toEqual([`::add-mask::${KEY}\n`]);
    const everythingElse = [
      ...stdout.slice(1),
      readFileSync(path.join(dir, 'output'), 'utf8'),
      readFileSync(path.join(dir, 'summary'), 'utf8'),
    ].join('');
    expect(everythingElse).not.toContain(KEY);
  });

  it('masks nothing when no key is given', async () => {
    setInputs({});
    deploy.mockResolvedValue(RESULT);

    await run();

    expect(stdout.join('')).not.toContain('::add-mask::');
  });

  it("fails the step with the error's one line and sets no outputs", async () => {
    setInputs({});
    deploy.mockRejectedValue(new FakeConfigError('stepgate.yml: no stateMachine'));

    await run();

    expect(stdout).toContain('::error::stepgate.yml: no stateMachine\n');
    expect(process.exitCode).toBe(1);
    expect(readOutputs()).toEqual({});
    expect(renderDeploySummaryMarkdown).not.toHaveBeenCalled();
  });

  it('a config file that does not exist fails the step naming the input, before deploy', async () => {
    setInputs({ config: 'missing.yml' });

    await run();

    expect(deploy).not.toHaveBeenCalled();
    const errors = stdout
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('::error::'));
    expect(errors).toEqual([
      `::error::Input 'config' is "missing.yml": no such file in ${dir}: allowed: the path of an existing file, relative to the workspace.`,
    ]);
    expect(readOutputs()).toEqual({});
  });

  it('fails the step on anything thrown, not only errors', async () => {
    setInputs({});
    deploy.mockRejectedValue('boom');

    await run();

    expect(stdout).toContain('::error::boom\n');
    expect(process.exitCode).toBe(1);
  });

  it('dry-run: true plans only; an invalid value fails the step naming the input', async () => {
    setInputs({ 'dry-run': 'TRUE' });
    deploy.mockResolvedValue({ ...RESULT, dryRun: true });
    await run();
    expect(deploy.mock.calls[0]![0]).toMatchObject({ dryRun: true });

    setInputs({ 'dry-run': 'yes' });
    deploy.mockClear();
    await run();
    expect(deploy).not.toHaveBeenCalled();
    const errors = stdout
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('::error::'));
    expect(errors).toEqual([
      '::error::Input \'dry-run\' is "yes": allowed: true or false (true | True | TRUE | false | False | FALSE).',
    ]);
  });

  it('a failing smoke run: outputs the counts, annotates each failed case and fails the step', async () => {
    setInputs({ 'rollback-on-smoke-failure': 'true' });
    const report = {
      invokeUrl: RESULT.outputs.invokeUrl,
      passed: 1,
      failed: 1,
      durationMs: 10,
      cases: [
        {
          name: 'ok',
          passed: true,
          method: 'POST',
          url: 'u',
          status: 200,
          latencyMs: 5,
          attempts: 1,
          failures: [],
          bodyExcerpt: '',
        },
        {
          name: 'accepts an order',
          passed: false,
          method: 'POST',
          url: 'u',
          status: 500,
          latencyMs: 5,
          attempts: 1,
          failures: [{ assertion: 'status', expected: 200, actual: 500 }],
          bodyExcerpt: '{}',
        },
      ],
    };
    deploy.mockImplementation(async (options) => {
      expect(options.rollbackOnVerifyFailure).toBe(true);
      return {
        ...RESULT,
        verification: { passed: 1, failed: 1, report },
        rollback: {
          steps: [
            {
              resource: 'stage',
              name: 'prod',
              action: 'update',
              fields: [{ field: 'deploymentId', from: null, to: 'dep0' }],
              reason: 'rollback',
            },
          ],
          notes: [],
        },
      } as DeployResult;
    });

    await run();

    expect(readOutputs()).toMatchObject({ 'smoke-passed': '1', 'smoke-failed': '1' });
    const out = stdout.join('');
    expect(out).toContain('::error title=stepgate smoke::smoke case failed: accepts an order');
    expect(out).toContain('::error::1 of 2 smoke cases failed; rolled back');
    expect(process.exitCode).toBe(1);
    process.exitCode = undefined;
  });

  it('still succeeds without a summary file, as in a local run', async () => {
    setInputs({});
    delete process.env['GITHUB_STEP_SUMMARY'];
    deploy.mockResolvedValue(RESULT);

    await run();

    expect(process.exitCode).toBeUndefined();
    expect(readOutputs()['api-id']).toBe('a1b2c3');
  });
});
