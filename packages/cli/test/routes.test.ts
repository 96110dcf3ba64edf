// GIVEN a config with several state machines and routes (or the one-route form), WHEN
// `stepgate validate` runs, THEN both forms become the same model of state machines by key
// and routes; each cross-field mistake is one line, exit 2, before any network call.
import path from 'node:path';
import { projectDir, runCli, VALID_CONFIG, VALID_DEFINITION } from './run-cli.js';

const ROLE = 'arn:aws:iam::123456789012:role/orders-sfn';
const ROUTES_CONFIG = `name: orders
stateMachines:
  create:
    definition: statemachine.asl.json
    roleArn: ${ROLE}
  lookup: { definition: statemachine.asl.json, roleArn: ${ROLE} }
api:
  credentialsRoleArn: arn:aws:iam::123456789012:role/orders-apigw
  routes:
    - path: /orders
      method: POST
      stateMachine: create
      status: 201
      input:
        pathParameters: true
        queryString: true
        headers: [X-Request-Id]
        context: [requestId, sourceIp]
      errors: { Orders.Gone: 410 }
    - path: /orders/{id}
      method: GET
      stateMachine: lookup
  errors:
    Orders.NotFound: 404
`;

async function validate(config: string, files: Record<string, string> = {}, ...flags: string[]) {
  const dir = projectDir({
    'stepgate.yml': config,
    'statemachine.asl.json': VALID_DEFINITION,
    ...files,
  });
  return runCli(['validate', '--config', path.join(dir, 'stepgate.yml'), ...flags]);
}

describe('several state machines and routes', () => {
  test('state machines are named <name>-<key>-<environment>; routes keep their order and settings', async () => {
    const run = await validate(ROUTES_CONFIG, {}, '--environment', 'pr-7', '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const desired = JSON.parse(run.stdout);
    expect(
      desired.stateMachines.map((m: { key: string; name: string }) => [m.key, m.name]),
    ).toEqual([
      ['create', 'orders-create-pr-7'],
      ['lookup', 'orders-lookup-pr-7'],
    ]);
    expect(desired.stateMachine.name).toBe('orders-create-pr-7');
    expect(
      desired.routes.map((r: Record<string, unknown>) => [
        r['httpMethod'],
        r['path'],
        r['stateMachine'],
        r['successStatus'],
        r['pathParameters'],
        r['responseStatuses'],
      ]),
    ).toEqual([
      [
        'POST',
        '/orders',
        'create',
        201,
        [],
        ['200', '201', '400', '404', '410', '429', '500', '504'],
      ],
      ['GET', '/orders/{id}', 'lookup', 200, ['id'], ['200', '400', '404', '429', '500', '504']],
    ]);
    // One REST API, one stage, one key and usage plan for all.
    expect(desired.restApi.name).toBe('orders-pr-7');
    expect(desired.apiKey.name).toBe('orders-pr-7');
    expect(desired.stage.name).toBe('pr-7');
  });

  test('the one-route form normalises into the same model (key "default", name <name>-<environment>)', async () => {
    const run = await validate(
      VALID_CONFIG + '  path: /orders\n  method: PUT\n  errors: { Orders.NotFound: 404 }\n',
      {},
      '--json',
    );
    expect(run.code).toBe(0);
    const desired = JSON.parse(run.stdout);
    expect(desired.stateMachines).toHaveLength(1);
    expect(desired.stateMachines[0]).toMatchObject({ key: 'default', name: 'orders-prod' });
    expect(desired.routes).toHaveLength(1);
    expect(desired.routes[0]).toMatchObject({
      path: '/orders',
      httpMethod: 'PUT',
      stateMachine: 'default',
      successStatus: 200,
    });
    expect(desired.routes[0].responseStatuses).toContain('404');
    expect(desired.method).toMatchObject({ path: '/orders', httpMethod: 'PUT' });
  });

  test('routes with the one stateMachine need no stateMachine key', async () => {
    const run = await validate(
      VALID_CONFIG + '  routes:\n    - { path: /a, method: GET }\n    - { path: "/b/{x}" }\n',
      {},
      '--json',
    );
    expect(run.stderr).toBe('');
    const desired = JSON.parse(run.stdout);
    expect(desired.routes.map((r: { stateMachine: string }) => r.stateMachine)).toEqual([
      'default',
      'default',
    ]);
  });
});

const route2 = (extra: string) => ROUTES_CONFIG.replace('      stateMachine: lookup\n', extra);

const badInputs: [string, string, Record<string, string>, RegExp][] = [
  [
    'a route naming a state machine that does not exist',
    ROUTES_CONFIG.replace('stateMachine: lookup', 'stateMachine: lookups'),
    {},
    /stepgate\.yml:22: api\.routes\.1\.stateMachine: "lookups" is not a state machine of this file; allowed: create, lookup$/,
  ],
  [
    'two routes with the same method and path',
    ROUTES_CONFIG.replace(
      'path: /orders/{id}\n      method: GET',
      'path: /orders\n      method: POST',
    ),
    {},
    /stepgate\.yml:20: api\.routes\.1: POST \/orders is already routed by api\.routes\.0; each method and path once$/,
  ],
  [
    'two paths that differ only in parameter names',
    ROUTES_CONFIG.replace('path: /orders\n', 'path: /orders/{orderId}/items\n'),
    {},
    /api\.routes\.1\.path: \{id\} and \{orderId\} \(in \/orders\/\{orderId\}\/items\) name the same path segment; use one name$/,
  ],
  [
    'a template reading a path parameter the route lacks',
    route2('      stateMachine: lookup\n      templates: { request: request.vtl }\n'),
    {
      'request.vtl':
        '#set($id = $input.params().path.get(\'id\'))\n#set($o = $input.params().path.orderId)\n{"input": "{}", "stateMachineArn": "REPLACE_STEPFUNCTION_ARN"}\n',
    },
    /request\.vtl:2: reads path parameter "orderId", which GET \/orders\/\{id\} \(api\.routes\.1\) does not have \(it has id\)$/,
  ],
  [
    'an error mapped to a status outside 400-599',
    ROUTES_CONFIG.replace('Orders.NotFound: 404', 'Orders.NotFound: 302'),
    {},
    /stepgate\.yml:24: api\.errors\.Orders\.NotFound: a status from 400 to 599 \(got 302\)$/,
  ],
  [
    "a route's error mapped to a status outside 400-599",
    ROUTES_CONFIG.replace('Orders.Gone: 410', 'Orders.Gone: 600'),
    {},
    /stepgate\.yml:19: api\.routes\.0\.errors\.Orders\.Gone: a status from 400 to 599 \(got 600\)$/,
  ],
  [
    'an unknown context name',
    ROUTES_CONFIG.replace('context: [requestId, sourceIp]', 'context: [requestId, clientIp]'),
    {},
    /stepgate\.yml:18: api\.routes\.0\.input\.context\.1: "clientIp" is not allowed; allowed: requestId \| extendedRequestId \| requestTime \| requestTimeEpoch \| sourceIp \| userAgent \| stage \| resourcePath \| httpMethod \| domainName \| apiId$/,
  ],
  [
    'several state machines and a route without one',
    ROUTES_CONFIG.replace('      stateMachine: lookup\n', ''),
    {},
    /api\.routes\.1\.stateMachine: is required with several state machines: one of create, lookup$/,
  ],
  [
    'both stateMachine and stateMachines',
    ROUTES_CONFIG.replace(
      'stateMachines:\n',
      `stateMachine: { definition: statemachine.asl.json, roleArn: ${ROLE} }\nstateMachines:\n`,
    ),
    {},
    /stepgate\.yml:3: stateMachines: give either stateMachine \(one workflow\) or stateMachines, not both$/,
  ],
  [
    'routes together with the one-route path',
    ROUTES_CONFIG.replace('  routes:\n', '  path: /x\n  routes:\n'),
    {},
    /stepgate\.yml:9: api\.path: give routes or path, not both/,
  ],
  [
    'a path parameter in the one-route path',
    VALID_CONFIG + '  path: /orders/{id}\n',
    {},
    /api\.path: a resource path such as \/ or \/orders\/new .*path parameters need api\.routes/,
  ],
  [
    'input with a custom request template',
    route2(
      '      stateMachine: lookup\n      templates: { request: seed }\n      input: { queryString: true }\n',
    ),
    {},
    /api\.routes\.1\.input: shapes the default request template's input; with templates\.request "seed" write it in the template$/,
  ],
  [
    'a success status outside 200-299',
    ROUTES_CONFIG.replace('status: 201', 'status: 404'),
    {},
    /api\.routes\.0\.status: a status from 200 to 299 \(got 404\)$/,
  ],
];

describe('bad routes and state machines', () => {
  test.each(badInputs)('%s: exit 2, one line', async (_name, config, files, expected) => {
    const run = await validate(config, files);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(expected);
    expect(run.code).toBe(2);
  });

  test('plan stops on bad routes before any AWS call (an unreachable endpoint is never reached)', async () => {
    const dir = projectDir({
      'stepgate.yml': ROUTES_CONFIG.replace('stateMachine: lookup', 'stateMachine: nope'),
      'statemachine.asl.json': VALID_DEFINITION,
    });
    const run = await runCli([
      'plan',
      '--config',
      path.join(dir, 'stepgate.yml'),
      '--endpoint-url',
      'http://127.0.0.1:9',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/api\.routes\.1\.stateMachine: "nope" is not a state machine/);
  });
});
