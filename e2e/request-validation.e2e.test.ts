// GIVEN a route with a requestSchema, WHEN the bundled action deploys it to LocalStack, THEN
// the document's model and body validator answer an invalid body with 400 before any
// execution, and a valid body reaches the workflow.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { postWithKey } from './support/emulator-aws.js';
import { ENDPOINT, runAction, workspaceWith } from './support/run-action.js';

const environment = `schema-${Date.now().toString(36)}`;

test('invalid body → 400 from the validator; valid body → the route status', async () => {
  const workspace = workspaceWith('routes');
  const config = path.join(workspace, 'stepgate.yml');
  writeFileSync(
    config,
    readFileSync(config, 'utf8').replace(
      '      status: 201\n',
      '      status: 201\n      requestSchema: order.schema.json\n',
    ),
  );
  writeFileSync(
    path.join(workspace, 'order.schema.json'),
    JSON.stringify({
      $schema: 'http://json-schema.org/draft-04/schema#',
      type: 'object',
      required: ['item'],
      properties: { item: { type: 'string' } },
    }),
  );
  const inputs = { config: 'stepgate.yml', environment, 'endpoint-url': ENDPOINT };
  const deployed = runAction('deploy', workspace, { ...inputs, smoke: 'false' });
  expect(deployed.stderr).toBe('');
  expect(deployed.status).toBe(0);
  const url = `${deployed.outputs['stage-url']}/shops/s1/orders/o1`;
  const keyId = deployed.outputs['api-key-id']!;
  const invalid = await postWithKey(url, keyId, { item: 7 });
  expect(invalid.status).toBe(400);
  expect(JSON.parse(invalid.text)).toEqual({ message: 'Invalid request body' });
  const valid = await postWithKey(url, keyId, { item: 'tea' });
  expect(valid.status).toBe(201);
  expect(runAction('destroy', workspace, inputs).status).toBe(0);
});
