// GIVEN a project's files, WHEN `stepgate validate` runs, THEN good input is described and bad
// input gets exit 2 and exactly one line naming the file and the field or line.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectDir, runCli, VALID_CONFIG, VALID_DEFINITION } from './run-cli.js';

const examples = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../workflows-examples',
);

async function validate(files: Record<string, string>, ...flags: string[]) {
  const dir = projectDir(files);
  return runCli(['validate', '--config', path.join(dir, 'stepgate.yml'), ...flags]);
}

describe('stepgate validate', () => {
  test('the example app validates and prints its desired state as JSON', async () => {
    const run = await runCli([
      'validate',
      '--config',
      path.join(examples, 'orders/stepgate.yml'),
      '--json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const desired = JSON.parse(run.stdout);
    expect(desired.stateMachine.name).toBe('orders-prod');
    expect(desired.stateMachine.type).toBe('EXPRESS');
    expect(JSON.parse(desired.stateMachine.definition).States.Accept.Parameters.currency).toBe(
      'EUR',
    );
    expect(desired.restApi.tags).toEqual({
      'stepgate:app': 'orders',
      'stepgate:environment': 'prod',
    });
    expect(desired.method).toMatchObject({
      path: '/orders',
      httpMethod: 'POST',
      apiKeyRequired: true,
    });
    expect(desired.usagePlan).toMatchObject({
      name: 'orders-prod',
      throttle: { rateLimit: 50, burstLimit: 100 },
    });
    expect(desired.stage.name).toBe('prod');
  });

  test('--environment names every resource and the stage', async () => {
    const run = await validate(
      { 'stepgate.yml': VALID_CONFIG, 'statemachine.asl.json': VALID_DEFINITION },
      '--environment',
      'pr-42',
      '--json',
    );
    expect(run.code).toBe(0);
    const desired = JSON.parse(run.stdout);
    for (const name of [
      desired.stateMachine.name,
      desired.restApi.name,
      desired.apiKey.name,
      desired.usagePlan.name,
    ]) {
      expect(name).toBe('orders-pr-42');
    }
    expect(desired.stage.name).toBe('pr-42');
    expect(desired.ownershipTags).toEqual({
      'stepgate:app': 'orders',
      'stepgate:environment': 'pr-42',
    });
  });

  test('a long environment name is shortened with a hash within 80 characters', async () => {
    const env = `pr-${'x'.repeat(60)}`;
    const config = VALID_CONFIG.replace('name: orders', `name: orders-${'y'.repeat(30)}`);
    const run = await validate(
      { 'stepgate.yml': config, 'statemachine.asl.json': VALID_DEFINITION },
      '--environment',
      env,
      '--json',
    );
    const desired = JSON.parse(run.stdout);
    expect(desired.stateMachine.name.length).toBeLessThanOrEqual(80);
    expect(desired.stateMachine.name).toMatch(/^orders-y+-pr-x+-[0-9a-f]{8}$/);
  });

  test('the defaults of CONTRACT.md apply', async () => {
    const run = await validate(
      { 'stepgate.yml': VALID_CONFIG, 'statemachine.asl.json': VALID_DEFINITION },
      '--json',
    );
    const desired = JSON.parse(run.stdout);
    expect(desired.method).toMatchObject({
      path: '/',
      httpMethod: 'POST',
      apiKeyRequired: true,
      responseStatuses: ['200', '400', '429', '500', '504'],
    });
    expect(desired.integration).toMatchObject({
      timeoutMs: 29000,
      credentialsRoleArn: 'arn:aws:iam::123456789012:role/orders-apigw',
    });
    expect(desired.integration.templates.request.source).toBe('default');
    expect(desired.usagePlan).toMatchObject({
      throttle: { rateLimit: 10, burstLimit: 20 },
      quota: { limit: 10000, period: 'MONTH' },
    });
    expect(desired.restApi.endpointType).toBe('REGIONAL');
    expect(desired.logGroup).toBeNull();
  });

  test('a YAML definition with substitutions', async () => {
    const run = await validate(
      {
        'stepgate.yml':
          VALID_CONFIG.replace('statemachine.asl.json', 'sm.asl.yaml') + 'smoke: smoke.yml\n',
        'sm.asl.yaml':
          'StartAt: A\nStates:\n  A:\n    Type: Pass\n    Result: { env: "${Env}" }\n    End: true\n',
      },
      '--json',
    );
    expect(run.stderr).toContain('${Env} has no value');
    expect(run.code).toBe(2);
  });
});

// One test per kind of bad input: exit 2, one line on stderr naming the file and the field or line.
const badInputs: [string, Record<string, string>, RegExp][] = [
  [
    'a missing stepgate.yml',
    { 'other.yml': '' },
    /^stepgate: .*stepgate\.yml: config file does not exist$/,
  ],
  [
    'an unparsable stepgate.yml',
    { 'stepgate.yml': 'name: orders\n  bad: [indent\n' },
    /stepgate\.yml:\d+: config file is not valid JSON or YAML/,
  ],
  [
    'an unknown key',
    { 'stepgate.yml': VALID_CONFIG + 'stages: 2\n', 'statemachine.asl.json': VALID_DEFINITION },
    /stepgate\.yml:7: stages: unknown key "stages"; allowed: name, stateMachine, stateMachines, api, smoke$/,
  ],
  [
    'an unknown nested key',
    {
      'stepgate.yml': VALID_CONFIG.replace('api:\n', 'api:\n  methd: GET\n'),
      'statemachine.asl.json': VALID_DEFINITION,
    },
    /stepgate\.yml:6: api\.methd: unknown key "methd"; did you mean "method"\?; allowed: credentialsRoleArn, path, method, /,
  ],
  [
    'a missing required key',
    {
      'stepgate.yml': VALID_CONFIG.replace(/  roleArn: .*\n/, ''),
      'statemachine.asl.json': VALID_DEFINITION,
    },
    /stepgate\.yml:2: stateMachine\.roleArn: is required \(string\)$/,
  ],
  [
    'a definition that is not JSON or YAML',
    {
      'stepgate.yml': VALID_CONFIG,
      'statemachine.asl.json': '{"StartAt": "A", "States": {\n  "A": {"Type": "Pass",, }\n',
    },
    /statemachine\.asl\.json:2: state machine definition is not valid JSON: /,
  ],
  [
    'a Next to a missing state',
    {
      'stepgate.yml': VALID_CONFIG,
      'statemachine.asl.json': JSON.stringify(
        { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Missing' }, B: { Type: 'Succeed' } } },
        null,
        2,
      ),
    },
    /statemachine\.asl\.json:6: States\.A\.Next: names a state that does not exist: "Missing" \(states: A, B\)$/,
  ],
  [
    'an unreachable state',
    {
      'stepgate.yml': VALID_CONFIG,
      'statemachine.asl.json': JSON.stringify(
        { StartAt: 'A', States: { A: { Type: 'Succeed' }, B: { Type: 'Succeed' } } },
        null,
        2,
      ),
    },
    /statemachine\.asl\.json:7: States\.B: state "B" can never be reached from StartAt "A"$/,
  ],
  [
    'a state with an invalid field',
    {
      'stepgate.yml': VALID_CONFIG,
      'statemachine.asl.json': JSON.stringify(
        { StartAt: 'A', States: { A: { Type: 'Wait', End: true } } },
        null,
        2,
      ),
    },
    /statemachine\.asl\.json:4: States\.A: invalid Amazon States Language/,
  ],
  [
    'a STANDARD type',
    {
      'stepgate.yml': VALID_CONFIG.replace('stateMachine:\n', 'stateMachine:\n  type: STANDARD\n'),
      'statemachine.asl.json': VALID_DEFINITION,
    },
    /stepgate\.yml:3: stateMachine\.type: only EXPRESS state machines can be called with StartSyncExecution; allowed: EXPRESS \(got "STANDARD"\)$/,
  ],
  [
    'a template that does not parse',
    {
      'stepgate.yml': VALID_CONFIG + '  templates:\n    request: request.vtl\n',
      'statemachine.asl.json': VALID_DEFINITION,
      'request.vtl': '## comment\n#set($x = )\n{"input": "$x"}\n',
    },
    /request\.vtl:2: template does not parse: unexpected '\)'$/,
  ],
  [
    'a template with #include',
    {
      'stepgate.yml': VALID_CONFIG + '  templates:\n    response: response.vtl\n',
      'statemachine.asl.json': VALID_DEFINITION,
      'response.vtl': '$input.body\n#include("other.vtl")\n',
    },
    /response\.vtl:2: #include is not supported in API Gateway mapping templates/,
  ],
  [
    'a template setting that is neither default, seed nor a .vtl file',
    {
      'stepgate.yml': VALID_CONFIG + '  templates:\n    request: fancy\n',
      'statemachine.asl.json': VALID_DEFINITION,
    },
    /stepgate\.yml:8: api\.templates\.request: "fancy" is not allowed; allowed: default \| seed \| a path to a \.vtl file$/,
  ],
  [
    'a role ARN that is not an ARN',
    {
      'stepgate.yml': VALID_CONFIG.replace(
        'arn:aws:iam::123456789012:role/orders-sfn',
        'orders-sfn',
      ),
      'statemachine.asl.json': VALID_DEFINITION,
    },
    /stepgate\.yml:4: stateMachine\.roleArn: an IAM role ARN, arn:aws:iam::<12-digit account>:role\/<name> \(got "orders-sfn"\)$/,
  ],
  [
    'a name with illegal characters',
    {
      'stepgate.yml': VALID_CONFIG.replace('name: orders', 'name: Orders_API'),
      'statemachine.asl.json': VALID_DEFINITION,
    },
    /stepgate\.yml:1: name: lowercase letters, digits and -, starting with a letter \(got "Orders_API"\)$/,
  ],
  [
    'a stage with illegal characters',
    {
      'stepgate.yml': VALID_CONFIG + '  stage: my stage!\n',
      'statemachine.asl.json': VALID_DEFINITION,
    },
    /stepgate\.yml:7: api\.stage: 1-128 letters, digits, _ and - \(got "my stage!"\)$/,
  ],
  [
    'a throttle out of range',
    {
      'stepgate.yml': VALID_CONFIG + '  usagePlan:\n    throttle: { rateLimit: -1 }\n',
      'statemachine.asl.json': VALID_DEFINITION,
    },
    /stepgate\.yml:8: api\.usagePlan\.throttle\.rateLimit: greater than 0 \(got -1\)$/,
  ],
  [
    'a quota out of range',
    {
      'stepgate.yml': VALID_CONFIG + '  usagePlan:\n    quota:\n      limit: 0\n',
      'statemachine.asl.json': VALID_DEFINITION,
    },
    /stepgate\.yml:9: api\.usagePlan\.quota\.limit: at least 1 \(got 0\)$/,
  ],
  [
    'an unknown quota period',
    {
      'stepgate.yml': VALID_CONFIG + '  usagePlan:\n    quota: { period: YEAR }\n',
      'statemachine.asl.json': VALID_DEFINITION,
    },
    /stepgate\.yml:8: api\.usagePlan\.quota\.period: "YEAR" is not allowed; allowed: DAY \| WEEK \| MONTH$/,
  ],
  [
    'a definition file that does not exist',
    { 'stepgate.yml': VALID_CONFIG },
    /stepgate\.yml:3: stateMachine\.definition: \S*statemachine\.asl\.json does not exist$/,
  ],
  [
    'a substitution with no value',
    {
      'stepgate.yml': VALID_CONFIG,
      'statemachine.asl.json':
        '{\n "StartAt": "A",\n "States": {"A": {"Type": "Pass", "Result": "${Missing}", "End": true}}\n}\n',
    },
    /statemachine\.asl\.json:3: \$\{Missing\} has no value in stateMachine\.substitutions \(none defined\)$/,
  ],
];

describe('stepgate validate on bad input', () => {
  test.each(badInputs)(
    '%s: exit 2 and one line naming the file and field or line',
    async (_name, files, expected) => {
      const run = await validate(files);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      const lines = run.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(expected);
    },
  );

  test('an invalid --environment: exit 2 naming the flag', async () => {
    const run = await validate(
      { 'stepgate.yml': VALID_CONFIG, 'statemachine.asl.json': VALID_DEFINITION },
      '--environment',
      'PR_42',
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^stepgate: --environment: "PR_42" is not a valid environment/);
  });

  test('an unknown flag: exit 2', async () => {
    const run = await runCli(['validate', '--bogus']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--bogus'");
  });
});

describe('templates are validated by the engine that renders them', () => {
  test('an unknown $util function: exit 2, the file and the line', async () => {
    const run = await validate({
      'stepgate.yml': VALID_CONFIG + '  templates:\n    response: response.vtl\n',
      'statemachine.asl.json': VALID_DEFINITION,
      'response.vtl': '#set($x = $input.body)\n$util.escapeHtml($x)\n',
    });
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/response\.vtl:2: .*escapeHtml/);
  });
});
