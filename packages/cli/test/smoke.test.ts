// GIVEN a real HTTP server standing in for a stage, WHEN `stepgate smoke` runs, THEN it exits 0
// when every case passes, 1 when any fails (with the diff), and 2 with one line on bad input.
import { readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectDir, runCli, VALID_CONFIG } from './run-cli.js';

const examples = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../workflows-examples',
);

const KEY = 'test-key-123';

/** The example app as API Gateway + the default templates answer it. */
function ordersStage(res: ServerResponse, key: string | undefined, body: string): void {
  const send = (status: number, json: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(json));
  };
  if (key !== KEY) return send(403, { message: 'Forbidden' });
  const data = JSON.parse(body || '{}') as { quantity?: unknown };
  if (typeof data.quantity === 'number' && data.quantity > 0) {
    return send(200, { status: 'ACCEPTED', currency: 'EUR', order: data, receivedWith: 'POST' });
  }
  send(500, {
    error: 'InvalidOrder',
    cause: 'quantity must be a number greater than 0, e.g. {"quantity": 1}',
  });
}

let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => ordersStage(res, req.headers['x-api-key'] as string | undefined, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/prod/orders`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function smokeFile(text: string): string {
  return path.join(projectDir({ 'smoke.yml': text }), 'smoke.yml');
}

describe('stepgate smoke', () => {
  test("the example app's smoke file passes against a stage that behaves like it", async () => {
    const run = await runCli([
      'smoke',
      '--config',
      path.join(examples, 'orders/stepgate.yml'),
      '--url',
      url,
      '--api-key',
      KEY,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^smoke: 5 passed, 0 failed in \d+\.\d s against http:\/\/127/);
    const [source, ...progress] = run.stderr.trim().split('\n');
    expect(source).toBe('Smoke tests from workflows-examples/orders/smoke.yml');
    expect(progress).toHaveLength(5);
    expect(progress.every((line) => line.startsWith('✓ '))).toBe(true);
    expect(run.stderr).not.toContain(KEY);
  });

  test('--json prints the report; STEPGATE_API_KEY gives the key', async () => {
    process.env.STEPGATE_API_KEY = KEY;
    try {
      const run = await runCli([
        'smoke',
        '--url',
        url,
        '--smoke-file',
        smokeFile(
          'builtins: [no-api-key, wrong-api-key]\ncases:\n  - name: order\n    request: { body: { quantity: 1 } }\n',
        ),
        '--json',
      ]);
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout);
      expect(report).toMatchObject({ invokeUrl: url, passed: 3, failed: 0 });
      expect(report.cases.map((c: { name: string }) => c.name)).toEqual([
        'no API key → 403',
        'wrong API key → 403',
        'order',
      ]);
      expect(run.stderr).toMatch(/smoke: 3 passed, 0 failed in/);
    } finally {
      delete process.env.STEPGATE_API_KEY;
    }
  });

  test('a failing case exits 1, shows expected vs actual and writes JUnit XML', async () => {
    const junit = path.join(projectDir({}), 'reports/smoke.xml');
    const run = await runCli([
      'smoke',
      '--url',
      url,
      '--api-key',
      KEY,
      '--attempts',
      '1',
      '--junit',
      junit,
      '--smoke-file',
      smokeFile(`builtins: false
cases:
  - name: expects the wrong currency
    request: { body: { quantity: 2 } }
    expect:
      jsonPath: { "$.currency": USD }
`),
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /\n✗ expects the wrong currency: 200 in \d+ ms; jsonPath \$\.currency: expected "USD", got "EUR"\n$/,
    );
    expect(run.stdout).toContain(
      '✗ expects the wrong currency: POST ' +
        `${url} → 200\n@@ jsonPath $.currency @@\n-"USD"\n+"EUR"\n`,
    );
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('<testsuite name="stepgate smoke" tests="1" failures="1"');
    expect(xml).toContain(
      '<failure message="jsonPath $.currency: expected &quot;USD&quot;, got &quot;EUR&quot;" type="jsonPath $.currency">',
    );
  });

  test('the smoke file comes from the config when --smoke-file is not given', async () => {
    const dir = projectDir({
      'stepgate.yml': `${VALID_CONFIG}smoke: tests/smoke.yml\n`,
      'tests/smoke.yml':
        'builtins: false\ncases: [{ name: from the config, request: { body: { quantity: 5 } } }]\n',
    });
    const run = await runCli([
      'smoke',
      '--config',
      path.join(dir, 'stepgate.yml'),
      '--url',
      url,
      '--api-key',
      KEY,
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).cases.map((c: { name: string }) => c.name)).toEqual([
      'from the config',
    ]);
  });

  test('without a smoke file the built-in cases run alone', async () => {
    const dir = projectDir({ 'stepgate.yml': VALID_CONFIG });
    const run = await runCli([
      'smoke',
      '--config',
      path.join(dir, 'stepgate.yml'),
      '--url',
      url,
      '--api-key',
      KEY,
      '--attempts',
      '1',
    ]);
    // POST {} is an invalid order for this workflow: the right-key case sees 500.
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `No smoke file at ${path.join(dir, 'smoke.yml')}: running the built-in cases only\n`,
    );
    expect(run.stdout).toMatch(/^smoke: 2 passed, 1 failed/);
  });
});

describe('stepgate smoke: bad input exits 2 with one line', () => {
  test.each([
    [
      'an unknown assertion',
      'cases:\n  - name: a\n    expect:\n      bodyContain: { a: 1 }\n',
      ':4: cases.0.expect.bodyContain: unknown key "bodyContain"; did you mean "bodyContains"?; allowed: status, body, bodyContains, jsonPath, bodyMatches, headers, maxLatencyMs',
    ],
    [
      'an invalid JSONPath',
      'cases:\n  - name: a\n    expect:\n      jsonPath: { "$..[": 1 }\n',
      ':4: cases.0.expect.jsonPath: "$..[" is not a valid JSONPath (RFC 9535): unexpected end at character 5',
    ],
    [
      'malformed YAML',
      'cases:\n  - name: a\n   expect: {}\n',
      ':3: smoke file is not valid JSON or YAML: Sequence item without - indicator',
    ],
    [
      'a body file that does not exist',
      'cases:\n  - name: a\n    request: { bodyFile: nope.json }\n',
      ':3: cases.0.request.bodyFile: ',
    ],
  ])('%s', async (_what, text, problem) => {
    const file = smokeFile(text);
    const run = await runCli(['smoke', '--url', url, '--api-key', KEY, '--smoke-file', file]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^stepgate: [^\n]+\n$/);
    expect(run.stderr).toContain(`stepgate: ${file}${problem}`);
  });

  test('a --smoke-file that does not exist', async () => {
    const run = await runCli(['smoke', '--url', url, '--smoke-file', '/nonexistent/smoke.yml']);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: 'stepgate: /nonexistent/smoke.yml: smoke file does not exist\n',
    });
  });

  test('no --url and no config to find the deployed stage from', async () => {
    const run = await runCli(['smoke', '--api-key', KEY, '--config', '/nonexistent/stepgate.yml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^stepgate: \/nonexistent\/stepgate\.yml: config file does not exist$/m,
    );
  });

  test('a --url that is not one', async () => {
    const run = await runCli(['smoke', '--url', 'example.com/prod']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('stepgate: --url: expected an http(s) URL');
  });

  test('a --concurrency that is not a whole number', async () => {
    const run = await runCli(['smoke', '--url', url, '--concurrency', '0']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('expected a whole number ≥ 1');
  });
});

describe('stepgate smoke: an unreachable stage and a missing key', () => {
  test('nothing listens at --url: exit 3 (not 1), one line saying so', async () => {
    const dir = projectDir({
      'stepgate.yml': VALID_CONFIG,
      'smoke.yml': 'builtins: false\ncases: [{ name: one }]\n',
    });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const run = await runCli([
      'smoke',
      '--config',
      path.join(dir, 'stepgate.yml'),
      '--url',
      `http://127.0.0.1:${port}/prod/`,
      '--api-key',
      KEY,
      '--attempts',
      '1',
    ]);
    expect(run.code).toBe(3);
    expect(run.stderr.trimEnd().split('\n').at(-1)).toBe(
      `stepgate: cannot reach the stage at http://127.0.0.1:${port}/prod/ (request failed: ECONNREFUSED): is the URL right and the stage running?`,
    );
    expect(run.stdout).toBe('');
  });

  test('--url without --api-key when the config requires a key: a note before the cases run', async () => {
    const dir = projectDir({
      'stepgate.yml': VALID_CONFIG,
      'smoke.yml':
        'builtins: false\ncases: [{ name: one, apiKey: false, expect: { status: 403 } }]\n',
    });
    const run = await runCli([
      'smoke',
      '--config',
      path.join(dir, 'stepgate.yml'),
      '--url',
      url,
      '--attempts',
      '1',
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr.split('\n')).toContain(
      `note: ${path.join(dir, 'stepgate.yml')} requires an API key (api.apiKey.required) but --url was given without --api-key (or STEPGATE_API_KEY): cases that need the key will get 403`,
    );
  });
});
