// GIVEN broken input of every kind a user can write (config, definitions, templates, smoke
// files, request files, flags), WHEN a stepgate command reads it, THEN it exits 2 with exactly
// the expected lines on stderr (one per problem, naming the file and the field or line, saying
// what is allowed), prints nothing on stdout and makes no AWS call (the call log stays empty).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { projectDir, runCli, VALID_CONFIG, VALID_DEFINITION } from './run-cli.js';

interface Case {
  readonly name: string;
  /** Files of the project (stepgate.yml and statemachine.asl.json default to valid ones). */
  readonly files?: Record<string, string>;
  /** Raw bytes for files that are not text. */
  readonly bytes?: Record<string, Buffer>;
  /** The command line; DIR stands for the project folder. */
  readonly argv: readonly string[];
  /** Expected stderr lines; DIR stands for the project folder. */
  readonly stderr: readonly unknown[];
  readonly code?: number;
}

const config = (edit: (text: string) => string): Record<string, string> => ({
  'stepgate.yml': edit(VALID_CONFIG),
});

const validate = ['validate', '--config', 'DIR/stepgate.yml'];

const def = (value: unknown): string => JSON.stringify(value, null, 2);

/** A YAML "billion laughs": nine levels of ten aliases each. */
const BOMB = [
  'a: &a [x, x, x, x, x, x, x, x, x, x]',
  ...'bcdefghi'
    .split('')
    .map((k, i) => `${k}: &${k} [${`*${'abcdefghi'[i]}, `.repeat(9)}*${'abcdefghi'[i]}]`),
  'name: orders',
].join('\n');

export const CORPUS: Case[] = [
  {
    name: 'config file missing',
    argv: ['validate', '--config', 'DIR/missing.yml'],
    stderr: ['stepgate: DIR/missing.yml: config file does not exist'],
  },
  {
    name: 'config path is a folder',
    files: { 'folder/x': '' },
    argv: ['validate', '--config', 'DIR/folder'],
    stderr: ['stepgate: DIR/folder: config file is a folder, not a file'],
  },
  {
    name: 'config not UTF-8',
    bytes: {
      'stepgate.yml': Buffer.from('name: orders\nstateMachine:\n  definition: \xff\n', 'latin1'),
    },
    argv: validate,
    stderr: ['stepgate: DIR/stepgate.yml:3: config file is not valid UTF-8 text'],
  },
  {
    name: 'YAML alias bomb in the config',
    files: { 'stepgate.yml': BOMB },
    argv: validate,
    stderr: [
      'stepgate: DIR/stepgate.yml: config file expands YAML aliases too often (at most 100 alias expansions; Excessive alias count indicates a resource exhaustion attack)',
    ],
  },
  {
    name: 'a misspelt top-level key: the unknown key with a suggestion, not "required"',
    files: config((t) => t.replace('stateMachine:', 'stateMachin:')),
    argv: validate,
    stderr: [
      'stepgate: DIR/stepgate.yml:2: stateMachin: unknown key "stateMachin"; did you mean "stateMachine"?; allowed: name, stateMachine, stateMachines, api, smoke',
    ],
  },
  {
    name: 'every config error, one line each, in file order',
    files: config((t) =>
      t
        .replace('name: orders', 'name: Orders')
        .replace('api:\n', 'api:\n  methd: GET\n  endpointType: REGIONL\n'),
    ),
    argv: validate,
    stderr: [
      'stepgate: DIR/stepgate.yml:1: name: lowercase letters, digits and -, starting with a letter (got "Orders")',
      'stepgate: DIR/stepgate.yml:6: api.methd: unknown key "methd"; did you mean "method"?; allowed: credentialsRoleArn, path, method, templates, routes, errors, endpointType, timeoutMs, stage, cors, apiKey, usagePlan',
      'stepgate: DIR/stepgate.yml:7: api.endpointType: "REGIONL" is not allowed; did you mean "REGIONAL"?; allowed: REGIONAL | EDGE | PRIVATE',
    ],
  },
  {
    name: 'more than 20 config errors: 20 lines, then how many more',
    files: config((t) =>
      t.replace(
        'api:\n',
        `api:\n${Array.from({ length: 23 }, (_, i) => `  extra${i}: 1\n`).join('')}`,
      ),
    ),
    argv: validate,
    stderr: [
      ...Array.from(
        { length: 20 },
        (_, i) =>
          `stepgate: DIR/stepgate.yml:${6 + i}: api.extra${i}: unknown key "extra${i}"; allowed: credentialsRoleArn, path, method, templates, routes, errors, endpointType, timeoutMs, stage, cors, apiKey, usagePlan`,
      ),
      'stepgate: … and 3 more',
    ],
  },
  {
    name: 'definition not JSON (JSON wording)',
    files: { 'statemachine.asl.json': '{\n  "StartAt": "A",\n  States: {}\n}' },
    argv: validate,
    stderr: [
      'stepgate: DIR/statemachine.asl.json:3: state machine definition is not valid JSON: Expected double-quoted property name',
    ],
  },
  {
    name: 'request file missing',
    files: { 'template.vtl': '$input.body' },
    argv: ['render', '--template', 'DIR/template.vtl', '--request', 'DIR/request.json'],
    stderr: ['stepgate: DIR/request.json: request file does not exist'],
  },
  {
    name: 'request file not JSON',
    files: { 'template.vtl': '$input.body', 'request.json': '{\n "body": 1,\n}' },
    argv: ['render', '--template', 'DIR/template.vtl', '--request', 'DIR/request.json'],
    stderr: [
      'stepgate: DIR/request.json:3: request file is not valid JSON: Expected double-quoted property name',
    ],
  },
  {
    name: 'template runs away: the step budget',
    files: { 'template.vtl': '#foreach($i in [1..100000000])x#end', 'request.json': '{}' },
    argv: ['render', '--template', 'DIR/template.vtl', '--request', 'DIR/request.json'],
    stderr: [
      "stepgate: DIR/template.vtl:1: template evaluation exceeded 1000000 steps (stepgate's limit; a runaway loop or range?)",
    ],
  },
  {
    name: 'request template calls an unknown $input function',
    files: {
      'stepgate.yml': VALID_CONFIG + '  templates: { request: request.vtl }\n',
      'request.vtl': '{\n  "input": "$util.escapeJavaScript($input.jsn(\'$\'))"\n}',
    },
    argv: validate,
    stderr: [
      'stepgate: DIR/request.vtl:2: $input.jsn() is not a function of API Gateway\'s $input (it has body, json(p), path(p), params(), params(name)); did you mean "json"?',
    ],
  },
  {
    name: 'request template calls an unknown $util function',
    files: {
      'stepgate.yml': VALID_CONFIG + '  templates: { request: request.vtl }\n',
      'request.vtl': '$util.escapeJavascript($input.body)',
    },
    argv: validate,
    stderr: [
      'stepgate: DIR/request.vtl:1: $util.escapeJavascript is not a function of API Gateway\'s $util (it has escapeJavaScript, parseJson, urlEncode, urlDecode, base64Encode, base64Decode); did you mean "escapeJavaScript"?',
    ],
  },
  {
    name: 'an unknown $context variable is a warning (exit 0)',
    files: {
      'stepgate.yml': VALID_CONFIG + '  templates: { response: response.vtl }\n',
      'response.vtl': '{"id": "$context.requestIdd", "who": "$context.authorizer.claims.sub"}',
    },
    argv: [...validate, '--json'],
    stderr: [
      'stepgate: DIR/response.vtl:1: warning: $context.requestIdd is not a $context variable API Gateway documents (unknown variables render as empty text); did you mean "requestId"?',
    ],
    code: 0,
  },
  {
    name: 'validate checks the smoke file: a misspelt assertion',
    files: {
      'smoke.yml': 'cases:\n  - name: ok\n    expect:\n      jsonPth: { $.a: 1 }\n',
    },
    argv: validate,
    stderr: [
      'stepgate: DIR/smoke.yml:4: cases.0.expect.jsonPth: unknown key "jsonPth"; did you mean "jsonPath"?; allowed: status, body, bodyContains, jsonPath, bodyMatches, headers, maxLatencyMs',
    ],
  },
  {
    name: 'definition: a misspelt top-level key',
    files: {
      'statemachine.asl.json': def({
        Coment: 'x',
        StartAt: 'A',
        States: { A: { Type: 'Pass', End: true } },
      }),
    },
    argv: validate,
    stderr: [
      'stepgate: DIR/statemachine.asl.json:2: Coment: unknown key "Coment" at the top level; did you mean "Comment"?; allowed: Comment, StartAt, States, TimeoutSeconds, Version, QueryLanguage',
    ],
  },
  {
    name: 'definition: a misspelt state field',
    files: {
      'statemachine.asl.json': def({
        StartAt: 'A',
        States: { A: { Type: 'Pass', Nxt: 'B' }, B: { Type: 'Succeed' } },
      }),
    },
    argv: validate,
    stderr: [
      'stepgate: DIR/statemachine.asl.json:6: States.A.Nxt: unknown key "Nxt" in Pass state "A"; did you mean "Next"?; allowed: Type, Comment, QueryLanguage, Next, End, InputPath, OutputPath, ResultPath, Parameters, Result, Assign, Output',
    ],
  },
  {
    name: 'definition: a misspelt state type',
    files: {
      'statemachine.asl.json': def({ StartAt: 'A', States: { A: { Type: 'Pas', End: true } } }),
    },
    argv: validate,
    stderr: [
      'stepgate: DIR/statemachine.asl.json:5: States.A.Type: state "A": Type "Pas" is not allowed; did you mean "Pass"?; allowed: Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map',
    ],
  },
  {
    name: 'definition: a misspelt intrinsic function',
    files: {
      'statemachine.asl.json': def({
        StartAt: 'A',
        States: {
          A: { Type: 'Pass', Parameters: { 'x.$': "States.Formt('{}', $.a)" }, End: true },
        },
      }),
    },
    argv: validate,
    stderr: [
      `stepgate: DIR/statemachine.asl.json:7: States.A.Parameters.x.$: state "A": States.Formt is not an intrinsic function; did you mean "States.Format"?; allowed: States.Format, States.StringToJson, States.JsonToString, States.Array, States.ArrayPartition, States.ArrayContains, States.ArrayRange, States.ArrayGetItem, States.ArrayLength, States.ArrayUnique, States.Base64Encode, States.Base64Decode, States.Hash, States.JsonMerge, States.MathRandom, States.MathAdd, States.StringSplit, States.UUID`,
    ],
  },
  {
    name: 'definition: a misspelt choice operator',
    files: {
      'statemachine.asl.json': def({
        StartAt: 'A',
        States: {
          A: {
            Type: 'Choice',
            Choices: [{ Variable: '$.a', StringEqual: 'x', Next: 'B' }],
            Default: 'B',
          },
          B: { Type: 'Succeed' },
        },
      }),
    },
    argv: validate,
    stderr: [
      expect.stringMatching(
        /^stepgate: DIR\/statemachine\.asl\.json:9: States\.A\.Choices\.0\.StringEqual: unknown key "StringEqual" in a choice rule of state "A"; did you mean "StringEquals"\?; allowed: Variable, Next, /,
      ),
    ],
  },
  {
    name: 'definition: a Resource that is not an ARN',
    files: {
      'statemachine.asl.json': def({
        StartAt: 'A',
        States: { A: { Type: 'Task', Resource: 'my-function', End: true } },
      }),
    },
    argv: validate,
    stderr: [
      'stepgate: DIR/statemachine.asl.json:6: States.A.Resource: state "A": Resource must be an ARN: a Lambda function, an activity or a service integration such as arn:aws:states:::dynamodb:putItem',
    ],
  },
  {
    name: 'definition: a path that is not a JSONPath',
    files: {
      'statemachine.asl.json': def({
        StartAt: 'A',
        States: { A: { Type: 'Pass', InputPath: 'order', End: true } },
      }),
    },
    argv: validate,
    stderr: [
      'stepgate: DIR/statemachine.asl.json:6: States.A.InputPath: state "A": InputPath must be a JSONPath starting with $ (e.g. $.order), or null',
    ],
  },
  {
    name: 'definition: a TimeoutSeconds that is not a number',
    files: {
      'statemachine.asl.json': def({
        StartAt: 'A',
        States: {
          A: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            TimeoutSeconds: 'ten',
            End: true,
          },
        },
      }),
    },
    argv: validate,
    stderr: [
      'stepgate: DIR/statemachine.asl.json:7: States.A.TimeoutSeconds: state "A": TimeoutSeconds must be a positive integer (seconds)',
    ],
  },
  {
    name: 'definition: Next names a missing state',
    files: {
      'statemachine.asl.json': def({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' } } }),
    },
    argv: validate,
    stderr: [
      'stepgate: DIR/statemachine.asl.json:6: States.A.Next: names a state that does not exist: "B" (states: A)',
    ],
  },
  {
    name: 'definition: a YAML alias bomb',
    files: {
      'stepgate.yml': VALID_CONFIG.replace('statemachine.asl.json', 'statemachine.asl.yml'),
      'statemachine.asl.yml': BOMB,
    },
    argv: validate,
    stderr: [
      'stepgate: DIR/statemachine.asl.yml: state machine definition expands YAML aliases too often (at most 100 alias expansions; Excessive alias count indicates a resource exhaustion attack)',
    ],
  },
  {
    name: '--endpoint-url without a scheme',
    argv: ['plan', '--config', 'DIR/stepgate.yml', '--endpoint-url', '127.0.0.1:3999'],
    stderr: [
      'stepgate: --endpoint-url: "127.0.0.1:3999" is not an http(s) URL; give the scheme and host, e.g. http://127.0.0.1:4566',
    ],
  },
  {
    name: '--endpoint-url with another scheme',
    argv: [
      'destroy',
      '--config',
      'DIR/stepgate.yml',
      '--environment',
      'pr-1',
      '--endpoint-url',
      'ftp://127.0.0.1:4566',
    ],
    stderr: [
      'stepgate: --endpoint-url: "ftp://127.0.0.1:4566" is not an http(s) URL; give the scheme and host, e.g. http://127.0.0.1:4566',
    ],
  },
  {
    name: '--region that is not a region',
    argv: ['plan', '--config', 'DIR/stepgate.yml', '--region', 'Frankfurt'],
    stderr: [
      'stepgate: --region: "Frankfurt" is not an AWS region name such as us-east-1 or eu-west-2',
    ],
  },
  {
    name: '--environment with capitals',
    argv: [
      'plan',
      '--config',
      'DIR/stepgate.yml',
      '--environment',
      'PR-1',
      '--endpoint-url',
      'http://127.0.0.1:9',
    ],
    stderr: [
      'stepgate: --environment: "PR-1" is not a valid environment: 1-63 lowercase letters, digits and -, starting with a letter (e.g. prod, pr-42)',
    ],
  },
  {
    name: 'a user tag named stepgate:*',
    files: config((t) =>
      t.replace(
        '  roleArn: arn:aws:iam::123456789012:role/orders-sfn\n',
        '  roleArn: arn:aws:iam::123456789012:role/orders-sfn\n  tags: { "stepgate:owner": me }\n',
      ),
    ),
    argv: validate,
    stderr: [
      'stepgate: DIR/stepgate.yml:5: stateMachine.tags.stepgate:owner: tag keys are 1-128 letters, digits, spaces or _.:/=+-@ and may not start with aws: or stepgate: (stepgate sets its own ownership tags) (got "stepgate:owner")',
    ],
  },
  {
    name: 'a usage plan without an API key',
    files: config(
      (t) =>
        `${t}  apiKey: { required: false }\n  usagePlan:\n    throttle: { rateLimit: 5, burstLimit: 10 }\n`,
    ),
    argv: validate,
    stderr: [
      'stepgate: DIR/stepgate.yml:8: api.usagePlan: a usage plan needs an API key: remove usagePlan or set api.apiKey.required: true',
    ],
  },
  {
    name: 'config: YAML syntax error',
    files: { 'stepgate.yml': 'name: orders\nstateMachine: [\n' },
    argv: validate,
    stderr: [
      expect.stringMatching(
        /^stepgate: DIR\/stepgate\.yml:3: config file is not valid JSON or YAML: /,
      ),
    ],
  },
  {
    name: 'config: a required key missing',
    files: { 'stepgate.yml': 'name: orders\n' },
    argv: validate,
    stderr: ['stepgate: DIR/stepgate.yml:1: api: is required (object)'],
  },
  {
    name: 'config: a template that is neither default, seed nor .vtl',
    files: config((t) => `${t}  templates: { request: custom }\n`),
    argv: validate,
    stderr: [
      'stepgate: DIR/stepgate.yml:7: api.templates.request: "custom" is not allowed; allowed: default | seed | a path to a .vtl file',
    ],
  },
  {
    name: 'config: a template file that does not exist',
    files: config((t) => `${t}  templates: { request: missing.vtl }\n`),
    argv: validate,
    stderr: ['stepgate: DIR/stepgate.yml:7: api.templates.request: DIR/missing.vtl does not exist'],
  },
  {
    name: 'definition: a substitution without a value',
    files: {
      'statemachine.asl.json': def({
        StartAt: 'A',
        States: { A: { Type: 'Pass', Result: '${Stage}', End: true } },
      }),
    },
    argv: validate,
    stderr: [
      'stepgate: DIR/statemachine.asl.json:6: ${Stage} has no value in stateMachine.substitutions (none defined)',
    ],
  },
  {
    name: 'template: #include is refused',
    files: {
      'stepgate.yml': VALID_CONFIG + '  templates: { request: request.vtl }\n',
      'request.vtl': '#include("other.vtl")',
    },
    argv: validate,
    stderr: [expect.stringMatching(/^stepgate: DIR\/request\.vtl:1: .*#include/)],
  },
  {
    name: 'template: over 300 KB',
    files: {
      'stepgate.yml': VALID_CONFIG + '  templates: { request: request.vtl }\n',
      'request.vtl': 'x'.repeat(300 * 1024 + 1),
    },
    argv: validate,
    stderr: [
      'stepgate: DIR/request.vtl: mapping template is 307201 bytes; API Gateway allows at most 307200 (300 KB)',
    ],
  },
  {
    name: 'smoke file: a bodyFile that does not exist',
    files: { 'smoke.yml': 'cases:\n  - name: a\n    request: { bodyFile: order.json }\n' },
    argv: validate,
    stderr: ['stepgate: DIR/smoke.yml:3: cases.0.request.bodyFile: DIR/order.json does not exist'],
  },
  {
    name: 'smoke file: an invalid JSONPath',
    files: { 'smoke.yml': 'cases:\n  - name: a\n    expect:\n      jsonPath: { "$..[": 1 }\n' },
    argv: validate,
    stderr: [
      expect.stringMatching(
        /^stepgate: DIR\/smoke\.yml:4: cases\.0\.expect\.jsonPath: "\$\.\.\[" is not a valid JSONPath \(RFC 9535\): /,
      ),
    ],
  },
  {
    name: 'smoke file: two cases with one name',
    files: { 'smoke.yml': 'cases:\n  - name: a\n  - name: a\n' },
    argv: validate,
    stderr: [
      'stepgate: DIR/smoke.yml:3: cases.1.name: "a" is already the name of cases.0; names must be unique',
    ],
  },
  {
    name: 'smoke: --smoke-file that does not exist',
    argv: [
      'smoke',
      '--config',
      'DIR/stepgate.yml',
      '--url',
      'http://127.0.0.1:1/prod/',
      '--smoke-file',
      'DIR/nope.yml',
    ],
    stderr: ['stepgate: DIR/nope.yml: smoke file does not exist'],
  },
  {
    name: 'smoke: --url that is not a URL',
    argv: ['smoke', '--config', 'DIR/stepgate.yml', '--url', 'localhost:3000/prod'],
    stderr: [
      'stepgate: --url: expected an http(s) URL such as https://abc123.execute-api.us-east-1.amazonaws.com/prod/, got "localhost:3000/prod"',
    ],
  },
  {
    name: 'request file: an unknown field',
    files: { 'template.vtl': '$input.body', 'request.json': '{"bdy": "x"}' },
    argv: ['render', '--template', 'DIR/template.vtl', '--request', 'DIR/request.json'],
    stderr: [expect.stringMatching(/^stepgate: DIR\/request\.json: bdy: unknown field; allowed: /)],
  },
  {
    name: 'request file: a header that is not a string',
    files: { 'template.vtl': '$input.body', 'request.json': '{"headers": {"x-n": 1}}' },
    argv: ['render', '--template', 'DIR/template.vtl', '--request', 'DIR/request.json'],
    stderr: ['stepgate: DIR/request.json: headers.x-n: must be a string'],
  },
];

async function run(c: Case): Promise<{ code: number; stdout: string; stderr: string[] }> {
  const dir = projectDir({
    'stepgate.yml': VALID_CONFIG,
    'statemachine.asl.json': VALID_DEFINITION,
    ...c.files,
  });
  if (c.bytes) {
    const { writeFileSync } = await import('node:fs');
    for (const [name, bytes] of Object.entries(c.bytes)) writeFileSync(path.join(dir, name), bytes);
  }
  const argv = c.argv.map((a) => a.replaceAll('DIR', dir));
  // Every AWS call would be logged here: bad input must make none.
  const callLog = path.join(dir, 'aws-calls.jsonl');
  process.env.STEPGATE_CALL_LOG = callLog;
  const result = await runCli(argv).finally(() => delete process.env.STEPGATE_CALL_LOG);
  expect(existsSync(callLog)).toBe(false);
  return {
    code: result.code,
    stdout: result.stdout,
    stderr: result.stderr.replaceAll(dir, 'DIR').trimEnd().split('\n'),
  };
}

describe('bad-input corpus', () => {
  test.each(CORPUS.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const result = await run(c);
    expect(result.stderr).toEqual(c.stderr);
    expect(result.code).toBe(c.code ?? 2);
    if (result.code !== 0) expect(result.stdout).toBe('');
  });
});
