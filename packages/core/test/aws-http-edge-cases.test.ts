// Edge cases on the wire: throttling and unreachable endpoints, against a small stand-in
// AWS endpoint over real HTTP, so the SDK's middleware, retries and the call log all run.
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AwsError,
  createAwsClients,
  NO_OTHERS,
  observeStack,
  validateProject,
} from '@stepgate/core';

const config = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../workflows-examples/orders/stepgate.yml',
);
const desired = validateProject({ configFile: config, environment: 'edge' }).desired;

describe('against a stand-in AWS endpoint over HTTP (middleware and retries run for real)', () => {
  let server: Server;
  let endpointUrl: string;
  let throttleRestApis = 0;
  const seen: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      const target = String(request.headers['x-amz-target'] ?? '');
      seen.push(target || `${request.method} ${request.url?.split('?')[0]}`);
      response.setHeader('content-type', 'application/json');
      if (request.url?.startsWith('/restapis') && throttleRestApis > 0) {
        throttleRestApis--;
        response.statusCode = 429;
        response.setHeader('x-amzn-errortype', 'TooManyRequestsException');
        response.end(JSON.stringify({ message: 'Too Many Requests' }));
        return;
      }
      response.end(target.endsWith('ListStateMachines') ? '{"stateMachines":[]}' : '{"item":[]}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpointUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    seen.length = 0;
    throttleRestApis = 0;
  });

  test('an empty account: nothing found, every read logged once as non-mutating', async () => {
    const log = path.join(mkdtempSync(path.join(tmpdir(), 'calls-')), 'calls.jsonl');
    const actual = await observeStack(desired, createAwsClients({ endpointUrl, callLogFile: log }));
    expect(actual).toEqual({
      stateMachine: null,
      logGroup: null,
      restApi: null,
      apiKey: null,
      usagePlan: null,
      others: NO_OTHERS,
    });
    const calls = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(calls.map((c) => `${c.service}:${c.operation}`).sort()).toEqual([
      'apigateway:GetApiKeys',
      'apigateway:GetRestApis',
      'apigateway:GetUsagePlans',
      'states:ListStateMachines',
    ]);
    expect(calls.every((c) => c.mutating === false)).toBe(true);
  });

  test('throttling is retried: two 429s, then success; the call log still has one line per call', async () => {
    throttleRestApis = 2;
    const log = path.join(mkdtempSync(path.join(tmpdir(), 'calls-')), 'calls.jsonl');
    const actual = await observeStack(desired, createAwsClients({ endpointUrl, callLogFile: log }));
    expect(actual.restApi).toBeNull();
    expect(seen.filter((s) => s.startsWith('GET /restapis'))).toHaveLength(3);
    expect(readFileSync(log, 'utf8').match(/GetRestApis/g)).toHaveLength(1);
  }, 30_000);

  test('throttling beyond the attempts becomes an AwsError naming the operation (exit 3)', async () => {
    throttleRestApis = 100;
    const error = await observeStack(
      desired,
      createAwsClients({ endpointUrl, maxAttempts: 2 }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsError);
    expect((error as AwsError).exitCode).toBe(3);
    expect((error as AwsError).code).toBe('TooManyRequestsException');
    expect((error as AwsError).message).toMatch(
      /^apigateway:GetRestApis: TooManyRequestsException: Too Many Requests/,
    );
    expect(seen.filter((s) => s.startsWith('GET /restapis'))).toHaveLength(2);
  }, 30_000);
});

test('an unreachable endpoint is one clear AwsError', async () => {
  const unreachable = createAwsClients({ endpointUrl: 'http://127.0.0.1:9', maxAttempts: 1 });
  const error = await observeStack(desired, unreachable).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AwsError);
  expect((error as Error).message).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)/);
});
