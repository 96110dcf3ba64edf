// GIVEN `contract: true` in the smoke file and a route with a requestSchema, WHEN the app is
// served and smoke-tested locally, THEN a generated valid body passes the validator and a
// generated invalid one gets its 400.
import path from 'node:path';
import { projectDir, runCli, VALID_DEFINITION } from './run-cli.js';

const CONFIG = `name: orders
stateMachine:
  definition: statemachine.asl.json
  roleArn: arn:aws:iam::123456789012:role/orders-sfn
api:
  credentialsRoleArn: arn:aws:iam::123456789012:role/orders-apigw
  routes:
    - path: /orders/{id}
      method: PUT
      requestSchema: order.schema.json
    - path: /plain
      method: POST
`;

const ORDER = JSON.stringify({
  $schema: 'http://json-schema.org/draft-04/schema#',
  type: 'object',
  required: ['item', 'quantity'],
  properties: {
    item: { type: 'string', minLength: 3 },
    quantity: { type: 'integer', minimum: 1 },
    note: { type: 'string' },
  },
});

test('contract: true adds a valid and an invalid case per route with a requestSchema', async () => {
  const dir = projectDir({
    'stepgate.yml': CONFIG,
    'statemachine.asl.json': VALID_DEFINITION,
    'order.schema.json': ORDER,
    'smoke.yml': 'contract: true\nbuiltins: false\n',
  });
  const run = await runCli([
    'local',
    '--smoke',
    '--json',
    '--config',
    path.join(dir, 'stepgate.yml'),
  ]);
  expect(run.stderr).not.toMatch(/^stepgate: /m);
  expect(run.code).toBe(0);
  const report = JSON.parse(run.stdout);
  expect(report.cases.map((c: { name: string; passed: boolean }) => [c.name, c.passed])).toEqual([
    ['contract: PUT /orders/{id} valid body → not 400', true],
    ['contract: PUT /orders/{id} invalid body → 400', true],
  ]);
}, 30_000);
