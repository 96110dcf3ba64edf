// GIVEN a real HTTP server on 127.0.0.1, WHEN runSmoke sends the cases, THEN requests are built
// as the spec says, built-in cases check the key, failing cases are retried (with an injected
// sleep, so instantly), and no more than `concurrency` requests are ever in flight.
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import {
  parseSmokeSpec,
  runSmoke,
  stageUnreachable,
  type RunSmokeOptions,
  type SmokeSpec,
} from '../src/index.js';
import { folderWith } from './files.js';
import { forbidden, sendJson, startServer, type Handler, type TestServer } from './http-server.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: Handler): Promise<TestServer> {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

function spec(yaml: string, files: Record<string, string> = {}): SmokeSpec {
  const dir = folderWith(files);
  return parseSmokeSpec(yaml, { file: path.join(dir, 'smoke.yml'), dir });
}

/** Sleeps that only record their length: retries run instantly. */
function fakeSleep() {
  const slept: number[] = [];
  return { slept, sleep: async (ms: number) => void slept.push(ms) };
}

const run = (options: RunSmokeOptions) =>
  runSmoke({ concurrency: 1, retry: { attempts: 1 }, ...options });

describe('requests', () => {
  test('with a stage URL, a path starting with / is relative to the stage; others to the invoke URL', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, { ok: true }));
    const report = await run({
      invokeUrl: `${server.url}prod/orders`,
      stageUrl: `${server.url}prod`,
      apiKey: 'the-key',
      spec: spec(`builtins: false
cases:
  - name: the invoke URL
  - name: another route
    request: { method: GET, path: /orders/42, query: { q: x } }
  - name: below the invoke URL
    request: { path: items }
`),
    });
    expect(report).toMatchObject({ passed: 3, failed: 0 });
    expect(server.requests.map((r) => r.url)).toEqual([
      '/prod/orders',
      '/prod/orders/42?q=x',
      '/prod/orders/items',
    ]);
  });

  test('each case is sent as written, relative to the invoke URL, with the key unless told otherwise', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, { ok: true }));
    const report = await run({
      invokeUrl: `${server.url}prod/orders`,
      apiKey: 'the-key',
      spec: spec(
        `builtins: false
defaults:
  headers: { X-Tenant: acme }
cases:
  - name: default request
  - name: put with everything
    request:
      method: PUT
      path: /items
      headers: { X-Tenant: other, Content-Type: text/plain }
      query: { q: a b, tag: [x, y] }
      body: "raw text"
  - name: get without a key
    apiKey: false
    request: { method: GET, path: health, body: { ignored: true } }
  - name: another key
    apiKey: k2
    request: { body: [1, 2] }
  - name: the header wins
    request: { headers: { x-api-key: from-header }, bodyFile: body.json }
`,
        { 'body.json': '{"quantity": 1}' },
      ),
    });
    expect(report).toMatchObject({ passed: 5, failed: 0 });
    const seen = server.requests.map((r) => ({
      method: r.method,
      url: r.url,
      key: r.headers['x-api-key'],
      tenant: r.headers['x-tenant'],
      type: r.headers['content-type'],
      body: r.body,
    }));
    expect(seen).toEqual([
      {
        method: 'POST',
        url: '/prod/orders',
        key: 'the-key',
        tenant: 'acme',
        type: 'application/json',
        body: '{}',
      },
      {
        method: 'PUT',
        url: '/prod/orders/items?q=a+b&tag=x&tag=y',
        key: 'the-key',
        tenant: 'other',
        type: 'text/plain',
        body: 'raw text',
      },
      {
        method: 'GET',
        url: '/prod/orders/health',
        key: undefined,
        tenant: 'acme',
        type: undefined,
        body: '',
      },
      {
        method: 'POST',
        url: '/prod/orders',
        key: 'k2',
        tenant: 'acme',
        type: 'application/json',
        body: '[1,2]',
      },
      {
        method: 'POST',
        url: '/prod/orders',
        key: 'from-header',
        tenant: 'acme',
        type: 'application/json',
        body: '{"quantity": 1}',
      },
    ]);
    expect(report.cases.map((c) => [c.name, c.method, c.url])).toEqual([
      ['default request', 'POST', `${server.url}prod/orders`],
      ['put with everything', 'PUT', `${server.url}prod/orders/items?q=a+b&tag=x&tag=y`],
      ['get without a key', 'GET', `${server.url}prod/orders/health`],
      ['another key', 'POST', `${server.url}prod/orders`],
      ['the header wins', 'POST', `${server.url}prod/orders`],
    ]);
  });

  test('every assertion kind, end to end: a passing case and a failing one', async () => {
    const server = await serve((_req, res) =>
      sendJson(res, 200, { status: 'ACCEPTED', order: { quantity: 1 } }, { 'x-trace': 'abc-1' }),
    );
    const expectations = (v: Record<string, string>) => `
    expect:
      status: ${v.status}
      body: { status: ${v.value}, order: { quantity: 1 } }
      bodyContains: { status: ${v.value} }
      jsonPath: { "$.status": ${v.value}, "$.order.quantity": 1 }
      bodyMatches: '"status":"${v.value}"'
      headers: { x-trace: "/^abc-\\\\d$/", content-type: application/json }
      maxLatencyMs: ${v.latency}`;
    const report = await run({
      invokeUrl: server.url,
      spec: spec(`builtins: false
cases:
  - name: passes${expectations({ status: '200', value: 'ACCEPTED', latency: '10000' })}
  - name: fails${expectations({ status: '201', value: 'REJECTED', latency: '1' })}
`),
      now: (() => {
        let t = 0;
        return () => (t += 5);
      })(),
    });
    expect(report.cases[0]).toMatchObject({ passed: true, status: 200, failures: [] });
    expect(report.cases[1]!.failures.map((f) => f.assertion)).toEqual([
      'status',
      'body',
      'bodyContains',
      'jsonPath $.status',
      'bodyMatches',
      'maxLatencyMs',
    ]);
    expect(report.cases[1]).toMatchObject({
      passed: false,
      status: 200,
      latencyMs: 5,
      attempts: 1,
      bodyExcerpt: '{"status":"ACCEPTED","order":{"quantity":1}}',
    });
  });

  test('no response within the timeout, and no server at all', async () => {
    const silent = await serve(() => undefined);
    const closed = await serve(() => undefined);
    await closed.close();
    const report = await run({
      invokeUrl: silent.url,
      requestTimeoutMs: 100,
      spec: spec('builtins: false\ncases: [{ name: silent }]'),
    });
    expect(report.cases[0]).toMatchObject({
      passed: false,
      status: null,
      failures: [
        {
          assertion: 'response',
          expected: 'an HTTP response',
          message: 'no response within 100 ms',
        },
      ],
    });
    const refused = await run({
      invokeUrl: closed.url,
      spec: spec('builtins: false\ncases: [{ name: refused }]'),
    });
    expect(refused.cases[0]!.failures).toEqual([
      {
        assertion: 'connection',
        expected: 'a connection to the stage',
        message: 'request failed: ECONNREFUSED',
      },
    ]);
  });
});

describe('built-in cases', () => {
  const gateway =
    (key: string): Handler =>
    (req, res) =>
      req.headers['x-api-key'] === key ? sendJson(res, 200, { ok: 1 }) : forbidden(res);

  test('no key → 403, wrong key → 403, right key → 2xx, before the file cases', async () => {
    const server = await serve(gateway('right'));
    const lines: string[] = [];
    const report = await run({
      invokeUrl: server.url,
      apiKey: 'right',
      spec: spec('cases: [{ name: mine }]'),
      log: (line) => lines.push(line),
    });
    expect(report.cases.map((c) => [c.name, c.passed, c.status])).toEqual([
      ['no API key → 403', true, 403],
      ['wrong API key → 403', true, 403],
      ['right API key → 2xx', true, 200],
      ['mine', true, 200],
    ]);
    const keys = server.requests.map((r) => r.headers['x-api-key']);
    expect(keys[0]).toBeUndefined();
    expect(keys[1]).toMatch(/^stepgate-wrong-key-[0-9a-f]{24}$/);
    expect(keys.slice(2)).toEqual(['right', 'right']);
    expect(server.requests.every((r) => r.method === 'POST' && r.body === '{}')).toBe(true);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^✓ no API key → 403: 403 in \d+ ms$/);
  });

  test('an API that needs no key gets only the last one, without a key', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, {}));
    const report = await run({ invokeUrl: server.url, spec: spec('') });
    expect(report.cases.map((c) => c.name)).toEqual(['no key required → 2xx']);
    expect(server.requests[0]!.headers['x-api-key']).toBeUndefined();
  });

  test('a stage that does not check keys fails the key cases', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, {}));
    const report = await run({ invokeUrl: server.url, apiKey: 'k', spec: spec('') });
    expect(report).toMatchObject({ passed: 1, failed: 2 });
    expect(report.cases[0]!.failures).toEqual([
      { assertion: 'status', expected: 403, actual: 200 },
    ]);
  });
});

describe('retries while a deploy propagates', () => {
  test('a failing case is retried with growing delays until it passes', async () => {
    let calls = 0;
    const server = await serve((_req, res) =>
      ++calls <= 2 ? forbidden(res) : sendJson(res, 200, {}),
    );
    const { slept, sleep } = fakeSleep();
    const report = await runSmoke({
      invokeUrl: server.url,
      apiKey: 'new-key',
      spec: spec('builtins: [right-api-key]'),
      retry: { attempts: 5, baseDelayMs: 1000 },
      sleep,
      random: () => 0,
    });
    expect(report.cases[0]).toMatchObject({ passed: true, attempts: 3, status: 200 });
    expect(slept).toEqual([500, 1000]);
  });

  test('a case that keeps failing gives up after the last attempt and reports it', async () => {
    let n = 0;
    const server = await serve((_req, res) => sendJson(res, 500, { error: 'Busy', n: ++n }));
    const { slept, sleep } = fakeSleep();
    const report = await runSmoke({
      invokeUrl: server.url,
      spec: spec('builtins: false\ncases: [{ name: broken }]'),
      retry: { attempts: 4, baseDelayMs: 1000, maxDelayMs: 3000 },
      sleep,
      random: () => 1,
    });
    expect(report.cases[0]).toMatchObject({ passed: false, attempts: 4, status: 500 });
    expect(slept).toEqual([1000, 2000, 3000]);
    expect(server.requests).toHaveLength(4);
  });

  test('the overall deadline stops retries, and cases not started by then are not sent', async () => {
    let n = 0;
    const server = await serve((_req, res) => sendJson(res, 500, { n: ++n }));
    let clock = 0;
    const report = await runSmoke({
      invokeUrl: server.url,
      spec: spec('builtins: false\ncases: [{ name: first }, { name: second }]'),
      concurrency: 1,
      retry: { attempts: 10, baseDelayMs: 2000 },
      deadlineMs: 5000,
      now: () => clock,
      sleep: async (ms) => void (clock += ms),
      random: () => 1,
    });
    // first: attempts at 0 and 2000; the next delay (4000) would end past 5000, so it stops.
    // second: starts at 2000, attempts at 2000 and 4000, then stops for the same reason.
    expect(report.cases[0]).toMatchObject({ name: 'first', attempts: 2, passed: false });
    expect(report.cases[1]).toMatchObject({ name: 'second', attempts: 2, passed: false });
    expect(server.requests).toHaveLength(4);

    clock = 0;
    const late = await runSmoke({
      invokeUrl: server.url,
      spec: spec('builtins: false\ncases: [{ name: first }, { name: second }]'),
      concurrency: 1,
      retry: { attempts: 2, baseDelayMs: 2000 },
      deadlineMs: 1000,
      now: () => clock,
      sleep: async (ms) => void (clock += ms),
      random: () => 0,
    });
    expect(late.cases[1]).toMatchObject({
      name: 'second',
      attempts: 0,
      status: null,
      failures: [
        {
          assertion: 'deadline',
          expected: 'started within 1000 ms',
          message: 'not sent: the overall deadline had passed',
        },
      ],
    });
  });
});

describe('retries say what they do and stop when waiting cannot help', () => {
  test('the same status and body twice in a row: no further retry; each retry is one line', async () => {
    const server = await serve((_req, res) => sendJson(res, 500, { error: 'InvalidOrder' }));
    const { slept, sleep } = fakeSleep();
    const lines: string[] = [];
    const report = await runSmoke({
      invokeUrl: `${server.url.replace('127.0.0.1', 'stage.test')}`,
      fetch: (url, init) => fetch(String(url).replace('stage.test', '127.0.0.1'), init),
      spec: spec('builtins: false\ncases: [{ name: broken }]'),
      retry: { attempts: 5, baseDelayMs: 1000 },
      sleep,
      random: () => 0,
      log: (line) => lines.push(line),
    });
    expect(report.cases[0]).toMatchObject({ passed: false, attempts: 2, status: 500 });
    expect(slept).toEqual([500]);
    expect(lines).toEqual([
      '  retry broken: attempt 2 of 5 in 500 ms (status: expected "2xx", got 500)',
      expect.stringMatching(/^✗ broken/),
    ]);
  });

  test('a local stage gets a hint to use --attempts 1, once', async () => {
    let n = 0;
    const server = await serve((_req, res) => sendJson(res, 500, { n: ++n }));
    const { sleep } = fakeSleep();
    const lines: string[] = [];
    await runSmoke({
      invokeUrl: server.url,
      spec: spec('builtins: false\ncases: [{ name: a }]'),
      retry: { attempts: 3, baseDelayMs: 1000 },
      sleep,
      random: () => 0,
      log: (line) => lines.push(line),
    });
    expect(lines.filter((l) => l.includes('--attempts 1'))).toEqual([
      '  (a local stage has nothing to propagate: --attempts 1 reports failures at once)',
    ]);
    expect(lines.filter((l) => l.startsWith('  retry a:'))).toHaveLength(2);
  });

  test('no server at all: two attempts, then the report says no connection', async () => {
    const closed = await serve(() => undefined);
    await closed.close();
    const { sleep } = fakeSleep();
    const report = await runSmoke({
      invokeUrl: closed.url,
      spec: spec('builtins: false\ncases: [{ name: refused }]'),
      retry: { attempts: 5 },
      sleep,
    });
    expect(report.cases[0]).toMatchObject({ attempts: 2, status: null });
    expect(stageUnreachable(report)).toBe(true);
  });
});

describe('concurrency', () => {
  /**
   * Holds every request until `cap` are waiting (or all have come), then a little longer so an
   * extra one would be seen, then answers them all: the most ever in flight is exactly the cap.
   */
  async function countingServer(cap: number, total: number) {
    let inFlight = 0;
    let maxInFlight = 0;
    let received = 0;
    const held: ServerResponse[] = [];
    const server = await serve((_req, res) => {
      received++;
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      held.push(res);
      if (held.length === cap || received === total) {
        setTimeout(() => {
          for (const r of held.splice(0)) {
            inFlight--;
            sendJson(r, 200, {});
          }
        }, 25);
      }
    });
    return { server, max: () => maxInFlight };
  }

  const cases = (n: number) =>
    `builtins: false\ncases:\n${Array.from({ length: n }, (_, i) => `  - name: case ${i}\n`).join('')}`;

  test.each([1, 3, 4])('never more than %i requests in flight', async (cap) => {
    const total = 10;
    const { server, max } = await countingServer(cap, total);
    const report = await runSmoke({
      invokeUrl: server.url,
      spec: spec(cases(total)),
      concurrency: cap,
    });
    expect(report).toMatchObject({ passed: total, failed: 0 });
    expect(max()).toBe(cap);
    expect(report.cases.map((c) => c.name)).toEqual(
      Array.from({ length: total }, (_, i) => `case ${i}`),
    );
  });

  test('the default is 4', async () => {
    const { server, max } = await countingServer(4, 8);
    await runSmoke({ invokeUrl: server.url, spec: spec(cases(8)) });
    expect(max()).toBe(4);
  });
});
