// GIVEN an app with two state machines and three routes (path parameters, a query string, a
// header allow-list, context fields, a success status, errors mapped API-wide and per route),
// WHEN the local stage serves it over HTTP, THEN each request reaches its route's workflow with
// exactly the input CONTRACT.md gives, and every outcome has its status.
import path from 'node:path';
import { startLocalStage, type LocalStage } from '../src/index.js';

const CONFIG = path.join(import.meta.dirname, 'fixtures/routes/stepgate.yml');
const KEY = 'local-routes-key-0123456789abcdef';
let s: LocalStage;

beforeAll(async () => {
  s = await startLocalStage({ configFile: CONFIG, port: 0, apiKey: KEY, watch: false });
});
afterAll(() => s.close());

async function call(
  method: string,
  route: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${s.stageUrl}${route}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-api-key': KEY, ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as unknown };
}

test('stage-url is the stage; url is the first route', () => {
  expect(s.stageUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/prod$/);
  expect(s.url).toBe(`${s.stageUrl}/orders`);
});

test('POST /orders → 201 with the query, only the listed header and the context fields', async () => {
  const reply = await call(
    'POST',
    '/orders?q=x&q=last&empty=',
    { item: 'it\'s "quoted"' },
    {
      'X-Request-Id': 'r-1',
      authorization: 'Bearer secret-token',
      cookie: 'session=secret',
    },
  );
  expect(reply).toEqual({
    status: 201,
    body: {
      data: { item: 'it\'s "quoted"' },
      apiInfo: { httpMethod: 'POST', apiKey: s.apiKeyId },
      query: { q: 'last', empty: '' },
      headers: { 'x-request-id': 'r-1' },
      context: { stage: 'prod', resourcePath: '/orders', httpMethod: 'POST' },
    },
  });
  expect(JSON.stringify(reply.body)).not.toContain('secret');
});

test('GET /orders/{id} reaches the other state machine with the path parameter', async () => {
  expect(await call('GET', '/orders/a%2Fb%20c?x=1')).toEqual({
    status: 200,
    body: { found: { id: 'a/b c' }, query: { x: '1' }, machine: 'lookup' },
  });
});

test('two path parameters, and a literal segment is not a parameter', async () => {
  expect(await call('GET', '/customers/c-9/orders/42')).toEqual({
    status: 200,
    body: { found: { customer: 'c-9', id: '42' }, query: {}, machine: 'lookup' },
  });
  expect((await call('GET', '/customers/c-9/orders')).status).toBe(403);
  expect((await call('DELETE', '/orders/42')).status).toBe(403);
});

test.each([
  ['an error mapped API-wide', 'POST', '/orders', { action: 'missing' }, 404, 'Orders.NotFound'],
  ['an error mapped on the route', 'POST', '/orders', { action: 'gone' }, 410, 'Orders.Gone'],
  [
    'the same error on a route that does not map it',
    'GET',
    '/orders/410',
    undefined,
    500,
    'Orders.Gone',
  ],
  [
    'the API-wide mapping on another route',
    'GET',
    '/orders/404',
    undefined,
    404,
    'Orders.NotFound',
  ],
  ['an unmapped error', 'POST', '/orders', { action: 'other' }, 500, 'Orders.Broken'],
  ['TIMED_OUT', 'POST', '/orders', { action: 'slow' }, 504, 'States.Timeout'],
  [
    'input Step Functions refuses',
    'POST',
    '/orders',
    { big: 'x'.repeat(262_144) },
    400,
    'InvalidExecutionInput',
  ],
])('%s', async (_name, method, route, body, status, error) => {
  const reply = await call(method, route, body);
  expect(reply.status).toBe(status);
  expect(reply.body).toEqual({ error, cause: expect.any(String) });
});
