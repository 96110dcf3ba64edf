// GIVEN a project, WHEN `stepgate local` runs, THEN it prints exactly the `url:` and `api-key:`
// lines on stdout when ready, serves the stage, logs requests on stderr, stops on SIGINT/SIGTERM
// with exit 0, and bad input exits 2 with one line.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { main } from '../src/index.js';
import { projectDir, runCli, VALID_CONFIG, VALID_DEFINITION } from './run-cli.js';

const root = path.resolve(import.meta.dirname, '../../..');
const ORDERS = path.join(root, 'workflows-examples/orders/stepgate.yml');
const READY =
  /^url: (http:\/\/127\.0\.0\.1:\d+\/prod\/orders)\nstage-url: http:\/\/127\.0\.0\.1:\d+\/prod\napi-key: (\S+)\n$/;

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function post(url: string, body: unknown, key?: string) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) },
    body: JSON.stringify(body),
  });
}

describe('stepgate local (in process)', () => {
  test('prints url and api-key, serves, logs requests to stderr, exits 0 on SIGINT', async () => {
    let stdout = '';
    let stderr = '';
    const running = main(
      ['local', '--config', ORDERS, '--port', '0', '--api-key', 'cli-test-key-0123456789abcdef'],
      { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) },
    );
    const [, url, key] = await waitFor(() => READY.exec(stdout) ?? undefined);
    expect(key).toBe('cli-test-key-0123456789abcdef');
    const ok = await post(url!, { quantity: 1 }, key);
    expect(ok.status).toBe(200);
    expect((await post(url!, { quantity: 1 })).status).toBe(403);
    expect(stderr).toMatch(
      /^POST \/prod\/orders 200 [\d.]+ms\nPOST \/prod\/orders 403 [\d.]+ms\n$/,
    );
    process.emit('SIGINT');
    expect(await running).toBe(0);
    await expect(post(url!, { quantity: 1 }, key)).rejects.toThrow();
  });

  test('without --api-key a key is generated and printed', async () => {
    let stdout = '';
    const running = main(['local', '--config', ORDERS, '--port', '0', '--no-watch'], {
      stdout: (t) => void (stdout += t),
      stderr: () => {},
    });
    const [, url, key] = await waitFor(() => READY.exec(stdout) ?? undefined);
    expect(key).toMatch(/^[A-Za-z0-9]{40}$/);
    expect((await post(url!, { quantity: 1 }, key)).status).toBe(200);
    process.emit('SIGTERM');
    expect(await running).toBe(0);
  });

  test('a definition with a Task and no handler: one warning line naming the state on stderr', async () => {
    const dir = projectDir({
      'stepgate.yml': VALID_CONFIG,
      'statemachine.asl.json': JSON.stringify({
        StartAt: 'Charge',
        States: {
          Charge: {
            Type: 'Task',
            Resource: 'arn:aws:lambda:us-east-1:123456789012:function:charge',
            End: true,
          },
        },
      }),
    });
    let stdout = '';
    let stderr = '';
    const running = main(['local', '--config', path.join(dir, 'stepgate.yml'), '--port', '0'], {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
    });
    await waitFor(() => (stdout.includes('api-key:') ? true : undefined));
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^warning: No local handler for Task state "Charge"/),
    ]);
    process.emit('SIGINT');
    expect(await running).toBe(0);
  });
});

describe('stepgate local: bad input → exit 2, one line', () => {
  test.each([
    [['--port', 'abc'], /port/],
    [['--port', '70000'], /port/],
    [['--api-key', 'short'], /--api-key: an API key value is 20-128/],
    [['--environment', 'Bad_Env'], /--environment: "Bad_Env" is not a valid environment/],
    [
      ['--handlers', 'missing-handlers.mjs'],
      /missing-handlers\.mjs: handlers module does not exist/,
    ],
  ])('%j', async (flags, message) => {
    const run = await runCli(['local', '--config', ORDERS, '--port', '0', ...flags]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('an invalid project names the file', async () => {
    const dir = projectDir({
      'stepgate.yml': VALID_CONFIG,
      'statemachine.asl.json': JSON.stringify({
        QueryLanguage: 'JSONata',
        StartAt: 'A',
        States: { A: { Type: 'Pass', End: true } },
      }),
    });
    const run = await runCli(['local', '--config', path.join(dir, 'stepgate.yml'), '--port', '0']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^stepgate: .*statemachine\.asl\.json:1: QueryLanguage: .*JSONata/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('a missing config file', async () => {
    const dir = projectDir({ 'statemachine.asl.json': VALID_DEFINITION });
    const run = await runCli(['local', '--config', path.join(dir, 'stepgate.yml'), '--port', '0']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/stepgate\.yml: config file does not exist/);
  });
});

// The real binary (built by `tsc -b`): what a user runs, stopped by a real signal.
const bin = path.join(root, 'packages/stepgate/bin/stepgate.js');
const built = existsSync(path.join(root, 'packages/cli/dist/commands/local.js'));
(built ? describe : describe.skip)('stepgate local (the binary)', () => {
  test('url and api-key on stdout, request logs on stderr, SIGTERM → exit 0', async () => {
    const child = spawn(process.execPath, [bin, 'local', '--config', ORDERS, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const [, url, key] = await waitFor(() => READY.exec(stdout) ?? undefined);
      const reply = await post(url!, { quantity: 0 }, key);
      expect(reply.status).toBe(500);
      expect(await reply.json()).toMatchObject({ error: 'InvalidOrder' });
      await waitFor(() => (stderr.includes('POST /prod/orders 500') ? true : undefined));
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stdout).toMatch(READY);
  }, 30_000);
});
