// GIVEN the default and seed templates, WHEN Apache Velocity 1.7 (the reference renderer of
// ../shared/tools/vtl-oracle) renders them, THEN the default ones give valid JSON for every
// input and keep the guide's contract, and the seed ones show the guide's known defects.
import {
  DEFAULT_REQUEST_TEMPLATE,
  DEFAULT_RESPONSE_TEMPLATE,
  SEED_REQUEST_TEMPLATE,
  SEED_RESPONSE_TEMPLATE,
  resolveRequestTemplate,
  responseStatuses,
} from '@stepgate/core';
import {
  describeWithOracle,
  renderWithOracle,
  type OracleResult,
  type RenderResult,
} from '../../../test-support/vtl-oracle.js';

const ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:orders-prod';

const TRICKY_STRINGS = [
  "single ' quote",
  'double " quote',
  'back \\ slash and \\" both',
  "\\' backslash then quote",
  'new\nline\r\ttab',
  'non-ASCII: é ü ß 日本語',
  'emoji 😀 🚀',
  'slash / and </script>',
  'control \u0001\u001f characters',
  // Jayway JsonPath's parser (json-smart) drops a raw DEL that follows an escape sequence in the
  // same string, so DEL is checked apart from escapes (see the README's template notes).
  'DEL \u007f raw',
  '{"json": "inside"}',
  '',
];

const BODIES: unknown[] = [
  ...TRICKY_STRINGS.map((s) => ({ text: s })),
  TRICKY_STRINGS.filter((t) => !t.includes('\u007f')),
  {
    nested: {
      list: [1, 2.5, -3, true, null],
      s: TRICKY_STRINGS.filter((t) => !t.includes('\u007f')).join(''),
    },
  },
  42,
  'a plain JSON string with \' and "',
  [],
  {},
];

function rendered(result: OracleResult): RenderResult {
  if ('error' in result) throw new Error(`oracle could not render: ${result.error}`);
  return result;
}

describeWithOracle('default request template (on Apache Velocity 1.7)', () => {
  const template = resolveRequestTemplate(DEFAULT_REQUEST_TEMPLATE, ARN);
  const headerSets: Record<string, string>[] = [
    { 'Content-Type': 'application/json', 'x-api-key': 'secret-key-value' },
    { 'Content-Type': 'application/json' },
  ];
  const cases = BODIES.flatMap((body) => headerSets.map((headers) => ({ body, headers })));
  // One JVM for all cases, started only when the suite runs (describe bodies always run).
  let results: OracleResult[] = [];
  beforeAll(() => {
    results = renderWithOracle(
      cases.map(({ body, headers }) => ({
        template,
        request: { body: JSON.stringify(body), headers },
      })),
    );
  });

  test.each(
    cases.map(
      (c, i) => [JSON.stringify(c.body).slice(0, 40), 'x-api-key' in c.headers, i] as const,
    ),
  )(
    'body %s (key: %s) becomes a StartSyncExecution request whose input decodes to {data, apiInfo}',
    (_label, withKey, i) => {
      const request = JSON.parse(rendered(results[i]!).body) as {
        input: string;
        stateMachineArn: string;
      };
      expect(request.stateMachineArn).toBe(ARN);
      const input = JSON.parse(request.input) as unknown;
      expect(input).toEqual({
        data: cases[i]!.body,
        apiInfo: { httpMethod: 'POST', apiKey: withKey ? 'abcdef1234' : '' },
      });
      // The key's secret value never lands in the execution input (history, logs).
      expect(request.input).not.toContain('secret-key-value');
    },
  );

  test('an empty body becomes data: {}', () => {
    const [result] = renderWithOracle([{ template, request: { body: '' } }]);
    expect(JSON.parse((JSON.parse(rendered(result!).body) as { input: string }).input)).toEqual({
      data: {},
      apiInfo: { httpMethod: 'POST', apiKey: '' },
    });
  });
});

describeWithOracle('default response template (on Apache Velocity 1.7)', () => {
  const SECRET_INPUT = '{"data":{"card":"4111"},"apiInfo":{"apiKey":"secret-key-value"}}';
  const execution = {
    executionArn: 'arn:aws:states:us-east-1:123456789012:express:orders-prod:abc:def',
    stateMachineArn: ARN,
    name: 'abc',
    startDate: 1.7e9,
    stopDate: 1.7e9,
    input: SECRET_INPUT,
    inputDetails: { included: true },
    billingDetails: { billedMemoryUsedInMB: 64, billedDurationInMilliseconds: 100 },
  };

  const outputs = [
    ...TRICKY_STRINGS.map((s) => JSON.stringify({ echo: s })),
    '[1,2]',
    '"text"',
    '3',
    'null',
  ];
  test.each(outputs)('SUCCEEDED with output %s → the output itself, status 200', (output) => {
    const [result] = renderWithOracle([
      {
        template: DEFAULT_RESPONSE_TEMPLATE,
        request: { body: JSON.stringify({ ...execution, status: 'SUCCEEDED', output }) },
      },
    ]);
    const { body, status } = rendered(result!);
    expect(status).toBeNull();
    expect(JSON.parse(body)).toEqual(JSON.parse(output));
  });

  const causes = [
    ...TRICKY_STRINGS,
    // A failed Lambda task's cause is JSON text.
    JSON.stringify({
      errorMessage: 'it\'s "broken"',
      errorType: 'Error',
      stackTrace: ['at x (/var/task/index.js:1:1)'],
    }),
  ];
  test.each(causes)('FAILED with cause %j → 500 and valid JSON {error, cause}', (cause) => {
    const error = 'Custom.Error "quoted"';
    const [result] = renderWithOracle([
      {
        template: DEFAULT_RESPONSE_TEMPLATE,
        request: { body: JSON.stringify({ ...execution, status: 'FAILED', error, cause }) },
      },
    ]);
    const { body, status } = rendered(result!);
    expect(status).toBe(500);
    expect(JSON.parse(body)).toEqual({ error, cause });
    expect(body).not.toContain('secret-key-value');
  });

  test('FAILED without error or cause → 500 with empty strings', () => {
    const [result] = renderWithOracle([
      {
        template: DEFAULT_RESPONSE_TEMPLATE,
        request: { body: JSON.stringify({ ...execution, status: 'FAILED' }) },
      },
    ]);
    expect(rendered(result!).status).toBe(500);
    expect(JSON.parse(rendered(result!).body)).toEqual({ error: '', cause: '' });
  });

  test('TIMED_OUT → 504 with States.Timeout, never the raw result', () => {
    const [result] = renderWithOracle([
      {
        template: DEFAULT_RESPONSE_TEMPLATE,
        request: { body: JSON.stringify({ ...execution, status: 'TIMED_OUT' }) },
      },
    ]);
    const { body, status } = rendered(result!);
    expect(status).toBe(504);
    expect(JSON.parse(body)).toEqual({ error: 'States.Timeout', cause: 'The execution timed out' });
    expect(body).not.toContain('secret-key-value');
  });

  test.each([
    ['InvalidExecutionInput', 400],
    ['ThrottlingException', 429],
    ['StateMachineDoesNotExist', 500],
  ])('a Step Functions API error %s → %s with its short type and message', (type, expected) => {
    const apiError = {
      __type: `com.amazonaws.swf.service.v2.model#${type}`,
      message: 'Invalid \'input\': "x"',
    };
    const [result] = renderWithOracle([
      { template: DEFAULT_RESPONSE_TEMPLATE, request: { body: JSON.stringify(apiError) } },
    ]);
    const { body, status } = rendered(result!);
    expect(status).toBe(expected);
    expect(JSON.parse(body)).toEqual({ error: type, cause: apiError.message });
  });

  test('method responses cover every status the template sets', () => {
    expect(responseStatuses(DEFAULT_RESPONSE_TEMPLATE)).toEqual([
      '200',
      '400',
      '429',
      '500',
      '504',
    ]);
  });
});

describeWithOracle('seed templates: the guide verbatim, with its documented defects', () => {
  test('the request template copies the API key value into the input, and its reference text when absent', () => {
    const template = resolveRequestTemplate(SEED_REQUEST_TEMPLATE, ARN);
    const [withKey, withoutKey] = renderWithOracle([
      {
        template,
        request: { body: '{"a":"it\'s"}', headers: { 'x-api-key': 'secret-key-value' } },
      },
      { template, request: { body: '{"a":1}' } },
    ]).map(
      (r) =>
        JSON.parse((JSON.parse(rendered(r).body) as { input: string }).input) as {
          apiInfo: { apiKey: string };
        },
    );
    expect(withKey!.apiInfo.apiKey).toBe('secret-key-value');
    expect(withoutKey!.apiInfo.apiKey).toBe('$context.identity.apiKey');
  });

  test('the response template breaks JSON when the cause holds double quotes', () => {
    const [result] = renderWithOracle([
      {
        template: SEED_RESPONSE_TEMPLATE,
        request: {
          body: JSON.stringify({ status: 'FAILED', error: 'E', cause: '{"errorMessage":"x"}' }),
        },
      },
    ]);
    expect(() => JSON.parse(rendered(result!).body)).toThrow();
  });
});
