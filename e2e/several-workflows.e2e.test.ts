// Several workflows: GIVEN an app with two state machines, each behind its own route, WHEN the
// bundled deploy action deploys it to LocalStack and both routes are called over HTTP, THEN
// each route starts its own workflow (named `<name>-<key>-<environment>`), and the outputs name
// the first state machine and every one by key.
import { ENDPOINT, runAction, workspaceWith } from './support/run-action.js';

const environment = `wf-${Date.now().toString(36)}`;
const apiKey = `workflows-key-${environment}-0123456789`;
const workspace = workspaceWith('workflows');
const inputs = { config: 'stepgate.yml', environment, 'endpoint-url': ENDPOINT };

let outputs: Record<string, string | undefined> = {};

beforeAll(() => {
  const deployed = runAction('deploy', workspace, {
    ...inputs,
    'api-key-value': apiKey,
    smoke: 'false',
  });
  if (deployed.status !== 0)
    throw new Error(`deploy failed:\n${deployed.stdout}\n${deployed.stderr}`);
  outputs = deployed.outputs;
});

afterAll(() => {
  runAction('destroy', workspace, inputs);
});

test('the outputs name both state machines by key; state-machine-arn is the first', () => {
  const arns = JSON.parse(outputs['state-machine-arns']!) as Record<string, string>;
  expect(Object.keys(arns)).toEqual(['create', 'lookup']);
  expect(arns['create']).toMatch(new RegExp(`:stateMachine:e2e-workflows-create-${environment}$`));
  expect(arns['lookup']).toMatch(new RegExp(`:stateMachine:e2e-workflows-lookup-${environment}$`));
  expect(outputs['state-machine-arn']).toBe(arns['create']);
});

test('POST /orders reaches the create workflow, with the route status', async () => {
  const reply = await fetch(`${outputs['stage-url']}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: JSON.stringify({ item: 'book' }),
  });
  expect(reply.status).toBe(201);
  expect(await reply.json()).toMatchObject({ workflow: 'create', data: { item: 'book' } });
});

test('GET /orders/{id} reaches the lookup workflow with its path parameter', async () => {
  const reply = await fetch(`${outputs['stage-url']}/orders/42`, {
    headers: { 'x-api-key': apiKey },
  });
  expect(reply.status).toBe(200);
  expect(await reply.json()).toMatchObject({ workflow: 'lookup', path: { id: '42' } });
});
