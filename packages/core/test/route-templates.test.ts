// GIVEN the default templates generated for a route (input parts, success status, mapped
// errors), WHEN Apache Velocity 1.7 (../shared/tools/vtl-oracle) and stepgate's own engine render
// them with hostile values, THEN both give the same valid JSON in exactly CONTRACT.md's shapes:
// no header but the listed ones, every value a string, every failure {"error", "cause"}.
import {
  corsOriginReflection,
  defaultRequestTemplate,
  defaultResponseTemplate,
  renderMappingTemplate,
  resolveRequestTemplate,
  type RenderRequest,
} from '@stepgate/vtl';
import { responseStatuses } from '@stepgate/core';
import {
  describeWithOracle,
  renderWithOracle,
  type OracleResult,
  type RenderResult,
} from '../../../test-support/vtl-oracle.js';

const ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:orders-lookup-prod';

const HOSTILE = [
  "single ' quote",
  'double " quote',
  'back \\ slash \\" and \\\'',
  'new\nline\r\ttab',
  'é ü ß 日本語 😀',
  '</script> & % + =',
  'control \u0001\u001f',
  '{"json": "inside"}',
  '',
  '$context.requestId #set($x = 1)',
];

function rendered(result: OracleResult): RenderResult {
  if ('error' in result) throw new Error(`oracle could not render: ${result.error}`);
  return result;
}

/** Renders with the oracle and with packages/vtl; they must agree byte for byte. */
function renderBoth(jobs: { template: string; request: RenderRequest }[]): RenderResult[] {
  const oracle = renderWithOracle(jobs).map(rendered);
  jobs.forEach((job, i) => {
    const ours = renderMappingTemplate(job.template, job.request);
    expect({ body: ours.body, status: ours.status }).toEqual({
      body: oracle[i]!.body,
      status: oracle[i]!.status,
    });
  });
  return oracle;
}

function executionInput(result: RenderResult): Record<string, unknown> {
  const request = JSON.parse(result.body) as { input: string; stateMachineArn: string };
  expect(request.stateMachineArn).toBe(ARN);
  return JSON.parse(request.input) as Record<string, unknown>;
}

describeWithOracle('default request template of a route (on Apache Velocity 1.7)', () => {
  const everything = resolveRequestTemplate(
    defaultRequestTemplate({
      pathParameters: true,
      queryString: true,
      headers: ['x-request-id', 'x-tenant'],
      context: [
        'requestId',
        'extendedRequestId',
        'requestTime',
        'requestTimeEpoch',
        'sourceIp',
        'userAgent',
        'stage',
        'resourcePath',
        'httpMethod',
        'domainName',
        'apiId',
      ],
    }),
    ARN,
  );

  test.each(HOSTILE.map((value, i) => [JSON.stringify(value), i] as const))(
    'path, query and header values %s come through as exactly those strings',
    (_label, i) => {
      const value = HOSTILE[i]!;
      const [result] = renderBoth([
        {
          template: everything,
          request: {
            method: 'GET',
            resourcePath: '/orders/{id}',
            pathParameters: { id: value },
            queryStringParameters: { q: value, [value || 'empty']: 'k' },
            headers: {
              'X-Request-Id': value,
              Authorization: 'Bearer secret-token',
              Cookie: 'session=secret-cookie',
              'x-api-key': 'secret-key-value',
            },
            body: JSON.stringify({ text: value }),
          },
        },
      ]);
      const input = executionInput(result!);
      expect(input['data']).toEqual({ text: value });
      expect(input['path']).toEqual({ id: value });
      expect(input['query']).toEqual({ q: value, [value || 'empty']: 'k' });
      // Listed headers only, keys lowercase as listed; x-tenant was not sent: left out.
      expect(input['headers']).toEqual({ 'x-request-id': value });
      expect(result!.body).not.toContain('secret-token');
      expect(result!.body).not.toContain('secret-cookie');
      expect(result!.body).not.toContain('secret-key-value');
    },
  );

  test('context fields are flat strings under their own names', () => {
    const [result] = renderBoth([
      {
        template: everything,
        request: {
          method: 'POST',
          body: '{}',
          context: {
            requestId: 'req-1',
            extendedRequestId: 'ext-1',
            requestTime: '09/Apr/2015:12:34:56 +0000',
            requestTimeEpoch: 1428582896000,
            stage: 'prod',
            resourcePath: '/orders',
            httpMethod: 'POST',
            domainName: 'abc.execute-api.us-east-1.amazonaws.com',
            apiId: 'abc',
            identity: { sourceIp: '203.0.113.7', userAgent: 'curl/8 "quoted" \'x\'' },
          },
        },
      },
    ]);
    expect(executionInput(result!)['context']).toEqual({
      requestId: 'req-1',
      extendedRequestId: 'ext-1',
      requestTime: '09/Apr/2015:12:34:56 +0000',
      requestTimeEpoch: '1428582896000',
      sourceIp: '203.0.113.7',
      userAgent: 'curl/8 "quoted" \'x\'',
      stage: 'prod',
      resourcePath: '/orders',
      httpMethod: 'POST',
      domainName: 'abc.execute-api.us-east-1.amazonaws.com',
      apiId: 'abc',
    });
  });

  test('a header is matched whatever its case; the key is the listed lowercase name', () => {
    const [upper, mixed] = renderBoth(
      ['X-REQUEST-ID', 'x-Request-iD'].map((name) => ({
        template: everything,
        request: { body: '{}', headers: { [name]: 'r-1' } },
      })),
    );
    expect(executionInput(upper!)['headers']).toEqual({ 'x-request-id': 'r-1' });
    expect(executionInput(mixed!)['headers']).toEqual({ 'x-request-id': 'r-1' });
  });

  test('no parameters: empty maps; nothing asked for: the guide input only', () => {
    const plain = resolveRequestTemplate(defaultRequestTemplate(), ARN);
    const [a, b] = renderBoth([
      { template: everything, request: { body: '' } },
      {
        template: plain,
        request: { body: '{"a":1}', headers: { Authorization: 'x' }, pathParameters: { id: '1' } },
      },
    ]);
    expect(executionInput(a!)).toMatchObject({ data: {}, path: {}, query: {}, headers: {} });
    expect(Object.keys(executionInput(b!))).toEqual(['data', 'apiInfo']);
  });
});

describeWithOracle('default response template of a route (on Apache Velocity 1.7)', () => {
  const template = defaultResponseTemplate({
    status: 201,
    errors: { 'Orders.NotFound': 404, 'Orders.Gone': 410, 'Weird "name" $x #if': 422 },
  });
  const execution = { executionArn: 'arn:x', input: '{"apiInfo":{"apiKey":"secret-key-value"}}' };
  const failed = (error: string, cause: string) =>
    JSON.stringify({ ...execution, status: 'FAILED', error, cause });

  test('SUCCEEDED → the route status with the output', () => {
    const [result] = renderBoth([
      {
        template,
        request: { body: JSON.stringify({ ...execution, status: 'SUCCEEDED', output: '{"a":1}' }) },
      },
    ]);
    expect(result!.status).toBe(201);
    expect(JSON.parse(result!.body)).toEqual({ a: 1 });
  });

  test.each([
    ['Orders.NotFound', 404],
    ['Orders.Gone', 410],
    ['Weird "name" $x #if', 422],
    ['Orders.NotFoundX', 500],
    ['orders.notfound', 500],
    ['States.TaskFailed', 500],
  ])('FAILED with %j → %s and {error, cause}', (error, status) => {
    const results = renderBoth(
      HOSTILE.map((cause) => ({ template, request: { body: failed(error, cause) } })),
    );
    results.forEach((result, i) => {
      expect(result.status).toBe(status);
      expect(JSON.parse(result.body)).toEqual({ error, cause: HOSTILE[i] });
      expect(result.body).not.toContain('secret-key-value');
    });
  });

  test('TIMED_OUT → 504; InvalidExecutionInput → 400; throttling → 429; others → 500', () => {
    const results = renderBoth(
      [
        JSON.stringify({ ...execution, status: 'TIMED_OUT' }),
        JSON.stringify({ __type: 'com.amazonaws.swf#InvalidExecutionInput', message: 'it\'s "x"' }),
        JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }),
        JSON.stringify({ __type: 'StateMachineDoesNotExist', Message: 'gone' }),
      ].map((body) => ({ template, request: { body } })),
    );
    expect(results.map((r) => [r.status, JSON.parse(r.body)])).toEqual([
      [504, { error: 'States.Timeout', cause: 'The execution timed out' }],
      [400, { error: 'InvalidExecutionInput', cause: 'it\'s "x"' }],
      [429, { error: 'ThrottlingException', cause: 'Rate exceeded' }],
      [500, { error: 'StateMachineDoesNotExist', cause: 'gone' }],
    ]);
  });

  test('method responses cover every status the template sets', () => {
    expect(responseStatuses(template)).toEqual([
      '200',
      '201',
      '400',
      '404',
      '410',
      '422',
      '429',
      '500',
      '504',
    ]);
  });
});

describeWithOracle('default templates with several CORS origins (on Apache Velocity 1.7)', () => {
  const origins = ['https://app.example.com', 'http://localhost:3000'];
  const response = defaultResponseTemplate({
    errors: { 'Orders.NotFound': 404 },
    corsOrigins: origins,
  });
  const preflight = corsOriginReflection(origins);
  const succeeded = JSON.stringify({ status: 'SUCCEEDED', output: '{"a":1}' });
  const notFound = JSON.stringify({ status: 'FAILED', error: 'Orders.NotFound', cause: 'no' });

  test('an allowed Origin (any header case) is reflected on success, mapped errors and the preflight', () => {
    const results = renderBoth([
      { template: response, request: { body: succeeded, headers: { Origin: origins[0]! } } },
      { template: response, request: { body: notFound, headers: { origin: origins[1]! } } },
      { template: preflight, request: { body: '', headers: { ORIGIN: origins[1]! } } },
    ]);
    expect(results.map((r) => [r.status, r.headers])).toEqual([
      [null, { 'Access-Control-Allow-Origin': origins[0] }],
      [404, { 'Access-Control-Allow-Origin': origins[1] }],
      [null, { 'Access-Control-Allow-Origin': origins[1] }],
    ]);
    expect(JSON.parse(results[0]!.body)).toEqual({ a: 1 });
    expect(JSON.parse(results[1]!.body)).toEqual({ error: 'Orders.NotFound', cause: 'no' });
  });

  test('another Origin, a hostile one or none: no allow-origin header', () => {
    const results = renderBoth(
      (
        [
          { Origin: 'https://evil.example.com' },
          { Origin: `${origins[0]}' #set($x = 1)` },
          {},
        ] as Record<string, string>[]
      ).flatMap((headers) => [
        { template: response, request: { body: succeeded, headers } },
        { template: preflight, request: { body: '', headers } },
      ]),
    );
    for (const result of results) expect(result.headers).toEqual({});
  });

  test('one origin or *: the template adds nothing (the document sets a fixed header)', () => {
    expect(defaultResponseTemplate({ corsOrigins: ['*'] })).toBe(defaultResponseTemplate());
    expect(defaultResponseTemplate({ corsOrigins: [origins[0]!] })).toBe(defaultResponseTemplate());
  });
});
