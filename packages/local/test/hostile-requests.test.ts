// GIVEN the local stage serving an app, WHEN clients send hostile requests (oversized bodies,
// deep nesting, a runaway template, a connection that never finishes, bytes that are not
// UTF-8), THEN each gets API Gateway's answer or stepgate's documented limit (413, 400, 500,
// 408) — and after all of them the server still answers a normal request normally.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_REQUEST_TEMPLATE } from '@stepgate/vtl';
import { startLocalStage, STAGE_LIMITS, type LocalStage } from '../src/index.js';

import { jest } from '@jest/globals';

jest.setTimeout(120_000);

const KEY = 'hostile-test-key-0123456789abcdef';
const CONFIG = `name: tiny
stateMachine:
  definition: statemachine.asl.json
  roleArn: arn:aws:iam::000000000000:role/tiny-sfn
api:
  credentialsRoleArn: arn:aws:iam::000000000000:role/tiny-apigw
`;
const PASS = JSON.stringify({ StartAt: 'Echo', States: { Echo: { Type: 'Pass', End: true } } });

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'stepgate-hostile-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return path.join(dir, 'stepgate.yml');
}

let stage: LocalStage;
let runaway: LocalStage;
let slow: LocalStage;
const logs: string[] = [];

beforeAll(async () => {
  stage = await startLocalStage({
    configFile: project({ 'stepgate.yml': CONFIG, 'statemachine.asl.json': PASS }),
    port: 0,
    apiKey: KEY,
    watch: false,
    log: (line) => logs.push(line),
  });
  slow = await startLocalStage({
    configFile: project({ 'stepgate.yml': CONFIG, 'statemachine.asl.json': PASS }),
    port: 0,
    apiKey: KEY,
    watch: false,
    requestTimeoutMs: 500,
  });
  runaway = await startLocalStage({
    configFile: project({
      'stepgate.yml': CONFIG.replace('api:\n', 'api:\n  templates: { request: runaway.vtl }\n'),
      'statemachine.asl.json': PASS,
      'runaway.vtl': `#if($input.path('$.loop') == true)#foreach($i in [1..100000000])x#end#end\n${DEFAULT_REQUEST_TEMPLATE}`,
    }),
    port: 0,
    apiKey: KEY,
    watch: false,
  });
});
afterAll(async () => {
  await Promise.all([stage.close(), runaway.close(), slow.close()]);
});

async function post(url: string, body: string | Buffer, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': KEY, ...headers },
    body,
  });
  return { status: response.status, text: await response.text() };
}

async function normalRequest(url: string) {
  const reply = await post(url, '{"n": 1}');
  expect(reply.status).toBe(200);
  return reply;
}

describe('hostile requests to the local stage', () => {
  test('a 60 MB body → 413 "Request Too Long" (API Gateway: 10 MB), by its Content-Length', async () => {
    const reply = await post(stage.url, Buffer.alloc(60 * 1024 * 1024, 0x20));
    expect(reply).toEqual({ status: 413, text: '{"message":"Request Too Long"}' });
    await normalRequest(stage.url);
  });

  test('a chunked body that grows past 10 MB → 413 as it arrives', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 12) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await fetch(stage.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    await normalRequest(stage.url);
  });

  test('a body of exactly 10 MB is read; its 10 MB input is over 256 KiB → Step Functions refuses it', async () => {
    const text = `"${'a'.repeat(STAGE_LIMITS.payloadBytes - 2)}"`;
    const reply = await post(stage.url, text);
    // The status is the default response template's mapping of the refusal.
    expect(JSON.parse(reply.text)).toMatchObject({ error: 'InvalidExecutionInput' });
  });

  test('200,000 nested arrays → 500 Internal server error (JSON depth limit), promptly', async () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const reply = await post(stage.url, deep);
    expect(reply).toEqual({ status: 500, text: '{"message":"Internal server error"}' });
    await normalRequest(stage.url);
  });

  test('a runaway #foreach → 500 at the step budget; the next request is served', async () => {
    const reply = await post(runaway.url, '{"loop": true}');
    expect(reply).toEqual({ status: 500, text: '{"message":"Internal server error"}' });
    const next = await post(runaway.url, '{"loop": false}');
    expect(next.status).toBe(200);
  });

  test('bytes that are not UTF-8 are read as U+FFFD, as API Gateway (Java) decodes them', async () => {
    const reply = await post(stage.url, Buffer.from([0x22, 0xff, 0xfe, 0x41, 0x22]));
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.text).data).toBe('\uFFFD\uFFFDA');
  });

  test('a slow-loris connection gets 408 while other clients are served', async () => {
    const url = new URL(slow.url);
    const socket = connect(Number(url.port), url.hostname);
    let received = '';
    socket.on('data', (d) => (received += d.toString()));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write(`POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Length: 100\r\n`);
    // Never finishes the head; meanwhile a normal client is served.
    await normalRequest(slow.url);
    await closed;
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
  });

  test('after all of the above the server answers normally', async () => {
    const reply = await normalRequest(stage.url);
    expect(JSON.parse(reply.text).data).toEqual({ n: 1 });
    expect(logs.some((l) => / 413 /.test(l))).toBe(true);
  });
});
