// GIVEN `api.cors` with several origins (and credentials), WHEN browsers' requests reach the
// local stage, THEN preflights are answered without an API key (the allow-origin header only
// for an allowed Origin), and a 2xx, a mapped 4xx and the stage's own missing-key 403 carry the
// CORS headers as the document has API Gateway send them. One origin: that origin everywhere.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalStage, type LocalStage } from '../src/index.js';

const APP = 'https://app.example.com';
const OTHER = 'http://localhost:3000';

function project(cors: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'stepgate-cors-'));
  writeFileSync(
    path.join(dir, 'stepgate.yml'),
    [
      'name: orders',
      'stateMachine:',
      '  definition: sm.asl.json',
      '  roleArn: arn:aws:iam::123456789012:role/orders-sfn',
      'api:',
      '  credentialsRoleArn: arn:aws:iam::123456789012:role/orders-apigw',
      '  apiKey: { required: true }',
      '  errors: { Orders.NotFound: 404 }',
      `  cors: ${cors}`,
      '  routes:',
      '    - { path: /orders, method: POST }',
      "    - { path: '/orders/{id}', method: GET }",
      '',
    ].join('\n'),
  );
  writeFileSync(
    path.join(dir, 'sm.asl.json'),
    JSON.stringify({
      StartAt: 'Which',
      States: {
        Which: {
          Type: 'Choice',
          Choices: [{ Variable: '$.apiInfo.httpMethod', StringEquals: 'GET', Next: 'Gone' }],
          Default: 'Echo',
        },
        Gone: { Type: 'Fail', Error: 'Orders.NotFound', Cause: 'no such order' },
        Echo: { Type: 'Pass', End: true },
      },
    }),
  );
  return path.join(dir, 'stepgate.yml');
}

async function withStage(cors: string, run: (stage: LocalStage) => Promise<void>): Promise<void> {
  const stage = await startLocalStage({
    configFile: project(cors),
    port: 0,
    watch: false,
    log: () => {},
  });
  try {
    await run(stage);
  } finally {
    await stage.close();
  }
}

const corsOf = (response: Response) =>
  Object.fromEntries(
    [...response.headers.entries()].filter(([name]) => name.startsWith('access-control-')),
  );

test('several origins: preflight from an allowed origin and from another, without an API key', async () => {
  await withStage(
    `{ allowOrigins: ["${APP}", "${OTHER}"], allowCredentials: true, maxAge: 300 }`,
    async (stage) => {
      const preflight = (url: string, origin: string) =>
        fetch(url, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'GET' },
        });
      const allowed = await preflight(`${stage.stageUrl}/orders/42`, OTHER);
      expect(allowed.status).toBe(200);
      expect(corsOf(allowed)).toEqual({
        'access-control-allow-origin': OTHER,
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': 'GET,OPTIONS',
        'access-control-allow-headers': 'content-type,x-api-key',
        'access-control-max-age': '300',
      });
      const other = await preflight(`${stage.stageUrl}/orders`, 'https://evil.example.com');
      expect(other.status).toBe(200);
      expect(corsOf(other)).toEqual({
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': 'OPTIONS,POST',
        'access-control-allow-headers': 'content-type,x-api-key',
        'access-control-max-age': '300',
      });
      // A path the API does not have: API Gateway's 403, reflecting the Origin (gateway response).
      const unknown = await preflight(`${stage.stageUrl}/nothing`, APP);
      expect(unknown.status).toBe(403);
      expect(unknown.headers.get('access-control-allow-origin')).toBe(APP);
    },
  );
});

test('several origins: the allow-origin header on a 2xx and a mapped 4xx only for an allowed origin; the 403 reflects', async () => {
  await withStage(`{ allowOrigins: ["${APP}", "${OTHER}"] }`, async (stage) => {
    const call = (method: string, url: string, origin: string, key: string | null = stage.apiKey) =>
      fetch(url, {
        method,
        headers: {
          origin,
          'content-type': 'application/json',
          ...(key !== null ? { 'x-api-key': key } : {}),
        },
        ...(method === 'POST' ? { body: '{"item":"tea"}' } : {}),
      });
    const ok = await call('POST', `${stage.stageUrl}/orders`, APP);
    expect(ok.status).toBe(200);
    expect(corsOf(ok)).toEqual({ 'access-control-allow-origin': APP });
    const okOther = await call('POST', `${stage.stageUrl}/orders`, 'https://evil.example.com');
    expect(okOther.status).toBe(200);
    expect(corsOf(okOther)).toEqual({});
    const notFound = await call('GET', `${stage.stageUrl}/orders/42`, OTHER);
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toEqual({ error: 'Orders.NotFound', cause: 'no such order' });
    expect(corsOf(notFound)).toEqual({ 'access-control-allow-origin': OTHER });
    const noKey = await call('POST', `${stage.stageUrl}/orders`, APP, null);
    expect(noKey.status).toBe(403);
    expect(corsOf(noKey)).toEqual({ 'access-control-allow-origin': APP });
  });
});

test('one origin: that origin on the preflight, a 2xx, a mapped 4xx and a missing-key 403', async () => {
  await withStage(`{ allowOrigins: ["${APP}"] }`, async (stage) => {
    const responses = await Promise.all([
      fetch(`${stage.stageUrl}/orders`, { method: 'OPTIONS', headers: { origin: OTHER } }),
      fetch(`${stage.stageUrl}/orders`, {
        method: 'POST',
        headers: { 'x-api-key': stage.apiKey, 'content-type': 'application/json' },
        body: '{}',
      }),
      fetch(`${stage.stageUrl}/orders/1`, { headers: { 'x-api-key': stage.apiKey } }),
      fetch(`${stage.stageUrl}/orders/1`),
    ]);
    expect(responses.map((r) => [r.status, r.headers.get('access-control-allow-origin')])).toEqual([
      [200, APP],
      [200, APP],
      [404, APP],
      [403, APP],
    ]);
  });
});
