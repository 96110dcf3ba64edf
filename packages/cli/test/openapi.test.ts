// GIVEN a project, WHEN `stepgate openapi` runs (offline), THEN it prints the OpenAPI document a
// deploy writes: JSON by default, YAML with --yaml, the account from the role ARNs and the
// region from --region; bad input is exit 2 with one line.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { projectDir, runCli, VALID_CONFIG, VALID_DEFINITION } from './run-cli.js';

const orders = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../workflows-examples/orders/stepgate.yml',
);

test('prints the document: one POST /orders operation calling StartSyncExecution with the API key required', async () => {
  const run = await runCli(['openapi', '--config', orders]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const document = JSON.parse(run.stdout);
  expect(document.openapi).toBe('3.0.1');
  expect(document.info.title).toBe('orders-prod');
  expect(Object.keys(document.paths)).toEqual(['/orders']);
  const operation = document.paths['/orders'].post;
  expect(operation.security).toEqual([{ api_key: [] }]);
  expect(Object.keys(operation.responses)).toEqual(['200', '400', '429', '500', '504']);
  expect(operation['x-amazon-apigateway-integration']).toMatchObject({
    type: 'aws',
    httpMethod: 'POST',
    uri: 'arn:aws:apigateway:us-east-1:states:action/StartSyncExecution',
    credentials: 'arn:aws:iam::000000000000:role/orders-apigw',
    passthroughBehavior: 'never',
    timeoutInMillis: 29000,
  });
  expect(
    operation['x-amazon-apigateway-integration'].requestTemplates['application/json'],
  ).toContain('arn:aws:states:us-east-1:000000000000:stateMachine:orders-prod');
  expect(document.components.securitySchemes.api_key).toEqual({
    type: 'apiKey',
    name: 'x-api-key',
    in: 'header',
  });
  expect(document['x-amazon-apigateway-api-key-source']).toBe('HEADER');
});

test('--yaml prints the same document; --region and --environment name the ARNs and the title', async () => {
  const json = await runCli([
    'openapi',
    '--config',
    orders,
    '--region',
    'eu-west-1',
    '--environment',
    'pr-7',
  ]);
  const yaml = await runCli([
    'openapi',
    '--config',
    orders,
    '--region',
    'eu-west-1',
    '--environment',
    'pr-7',
    '--yaml',
  ]);
  expect(yaml.code).toBe(0);
  expect(parse(yaml.stdout)).toEqual(JSON.parse(json.stdout));
  expect(json.stdout).toContain('arn:aws:apigateway:eu-west-1:states:action/StartSyncExecution');
  expect(json.stdout).toContain('arn:aws:states:eu-west-1:000000000000:stateMachine:orders-pr-7');
  expect(JSON.parse(json.stdout).info.title).toBe('orders-pr-7');
});

test('without an API key: no security scheme and no key source', async () => {
  const dir = projectDir({
    'stepgate.yml': VALID_CONFIG.replace(/api:\n/, 'api:\n  apiKey: { required: false }\n'),
    'statemachine.asl.json': VALID_DEFINITION,
  });
  const run = await runCli(['openapi', '--config', path.join(dir, 'stepgate.yml')]);
  expect(run.code).toBe(0);
  const document = JSON.parse(run.stdout);
  expect(document.components).toEqual({});
  expect(document['x-amazon-apigateway-api-key-source']).toBeUndefined();
  expect(Object.values(document.paths)[0]).not.toHaveProperty('post.security');
});

test('a bad config: exit 2, one line, nothing on stdout', async () => {
  const dir = projectDir({
    'stepgate.yml': VALID_CONFIG.replace(/api:\n/, 'api:\n  method: FETCH\n'),
    'statemachine.asl.json': VALID_DEFINITION,
  });
  const run = await runCli(['openapi', '--config', path.join(dir, 'stepgate.yml')]);
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
});
