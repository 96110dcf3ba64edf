// GIVEN a route with a requestSchema, WHEN bodies reach the local stage, THEN an invalid one gets
// API Gateway's 400 before any execution starts, and a valid one runs the workflow.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '@stepgate/core';
import { startLocalStage } from '../src/index.js';

function project(schema: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'stepgate-schema-'));
  writeFileSync(
    path.join(dir, 'stepgate.yml'),
    [
      'name: orders',
      'stateMachine:',
      '  definition: sm.asl.json',
      '  roleArn: arn:aws:iam::123456789012:role/orders-sfn',
      'api:',
      '  credentialsRoleArn: arn:aws:iam::123456789012:role/orders-apigw',
      '  routes:',
      '    - { path: /orders, method: POST, requestSchema: order.schema.json }',
      '',
    ].join('\n'),
  );
  writeFileSync(
    path.join(dir, 'sm.asl.json'),
    JSON.stringify({ StartAt: 'Echo', States: { Echo: { Type: 'Pass', End: true } } }),
  );
  writeFileSync(path.join(dir, 'order.schema.json'), JSON.stringify(schema));
  return path.join(dir, 'stepgate.yml');
}

const ORDER = {
  type: 'object',
  required: ['item'],
  properties: { item: { type: 'string' } },
};

test('invalid body → 400 Invalid request body, no execution; valid body → 200', async () => {
  const lines: string[] = [];
  const stage = await startLocalStage({
    configFile: project(ORDER),
    port: 0,
    watch: false,
    log: (line) => lines.push(line),
  });
  try {
    const post = (body: string) =>
      fetch(`${stage.stageUrl}/orders`, {
        method: 'POST',
        headers: { 'x-api-key': stage.apiKey, 'content-type': 'application/json' },
        body,
      });
    const invalid = await post('{"item": 7}');
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toEqual({ message: 'Invalid request body' });
    expect(invalid.headers.get('x-amzn-errortype')).toBe('BadRequestException');
    const notJson = await post('{"item": ');
    expect(notJson.status).toBe(400);
    const valid = await post('{"item": "tea"}');
    expect(valid.status).toBe(200);
    expect(((await valid.json()) as { data: unknown }).data).toEqual({ item: 'tea' });
  } finally {
    await stage.close();
  }
});

test('a requestSchema that is not draft 4: the stage does not start (exit 2, naming the file)', async () => {
  const start = startLocalStage({
    configFile: project({ type: 'number', minimum: 1, exclusiveMinimum: 3 }),
    port: 0,
    watch: false,
  });
  await expect(start).rejects.toBeInstanceOf(ConfigError);
  await expect(start).rejects.toThrow(/order\.schema\.json: not a valid JSON Schema draft 4/);
});
