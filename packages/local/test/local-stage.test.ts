// GIVEN a project, WHEN the local stage serves it over real HTTP, THEN it answers as API Gateway
// and Step Functions do for a StartSyncExecution integration: route, API key, usage plan,
// content type, request template, execution with local Task handlers, response template,
// integration timeout, Express limit, reload.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '@stepgate/core';
import {
  startLocalStage,
  TaskFailure,
  type LocalStage,
  type LocalStageOptions,
} from '../src/index.js';

const fixtures = path.join(import.meta.dirname, 'fixtures');
const examples = path.resolve(import.meta.dirname, '../../../workflows-examples');
const SHOP = path.join(fixtures, 'shop/stepgate.yml');
const KEY = 'local-test-key-0123456789abcdef';

const open: LocalStage[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function stage(
  options: Partial<LocalStageOptions> & { configFile: string },
  logs?: string[],
) {
  const s = await startLocalStage({
    port: 0,
    apiKey: KEY,
    watch: false,
    log: (line) => logs?.push(line),
    ...options,
  });
  open.push(s);
  return s;
}

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: () => unknown;
}

async function call(
  url: string,
  body: unknown,
  options: { key?: string | null; method?: string; contentType?: string | null } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (options.contentType !== null)
    headers['content-type'] = options.contentType ?? 'application/json';
  const key = options.key === undefined ? KEY : options.key;
  if (key !== null) headers['x-api-key'] = key;
  const response = await fetch(url, {
    method: options.method ?? 'POST',
    headers,
    ...(options.method === 'GET'
      ? {}
      : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
}

/** A copy of a fixture (or files) in a fresh folder, to edit or to add templates to. */
function project(files: Record<string, string>, from?: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'stepgate-local-'));
  if (from) cpSync(from, dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

const PASS_DEFINITION = JSON.stringify({
  StartAt: 'Echo',
  States: { Echo: { Type: 'Pass', End: true } },
});
const config = (extra = '') => `name: tiny
stateMachine:
  definition: statemachine.asl.json
  roleArn: arn:aws:iam::000000000000:role/tiny-sfn
api:
  credentialsRoleArn: arn:aws:iam::000000000000:role/tiny-apigw
${extra}`;

describe('the example app (workflows-examples/orders)', () => {
  test('the invoke URL has the stage URL shape; an accepted order → 200 with the output', async () => {
    const s = await stage({ configFile: path.join(examples, 'orders/stepgate.yml') });
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/prod\/orders$/);
    expect(s.apiKey).toBe(KEY);
    const reply = await call(s.url, { quantity: 2 });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/json');
    expect(reply.json()).toEqual({
      status: 'ACCEPTED',
      currency: 'EUR',
      order: { quantity: 2 },
      receivedWith: 'POST',
    });
    // The file's first stage loads the interpreter: seconds on a loaded machine.
  }, 30_000);

  test('a rejected order → 500 {error, cause} from the Fail state', async () => {
    const s = await stage({ configFile: path.join(examples, 'orders/stepgate.yml') });
    const reply = await call(s.url, { quantity: 0 });
    expect(reply.status).toBe(500);
    expect(reply.json()).toEqual({
      error: 'InvalidOrder',
      cause: 'quantity must be a number greater than 0, e.g. {"quantity": 1}',
    });
  });

  test('a generated API key is 40 letters and digits', async () => {
    const s = await startLocalStage({
      configFile: path.join(examples, 'orders/stepgate.yml'),
      port: 0,
      watch: false,
    });
    open.push(s);
    expect(s.apiKey).toMatch(/^[A-Za-z0-9]{40}$/);
    expect((await call(s.url, { quantity: 1 }, { key: s.apiKey })).status).toBe(200);
  });
});

describe('routes and API keys, as API Gateway answers them', () => {
  test('no key or a wrong key → 403 {"message":"Forbidden"}', async () => {
    const s = await stage({ configFile: SHOP, handlers: path.join(fixtures, 'shop/handlers.mjs') });
    for (const key of [null, 'wrong-key-0123456789abcdef', `${KEY}x`]) {
      const reply = await call(s.url, {}, { key });
      expect(reply.status).toBe(403);
      expect(reply.json()).toEqual({ message: 'Forbidden' });
      expect(reply.headers.get('x-amzn-errortype')).toBe('ForbiddenException');
    }
  });

  test('another method or resource → 403 Missing Authentication Token; another stage → 403 Forbidden', async () => {
    const s = await stage({ configFile: SHOP, handlers: path.join(fixtures, 'shop/handlers.mjs') });
    const base = s.url.replace(/\/prod\/orders$/, '');
    expect((await call(s.url, {}, { method: 'GET' })).json()).toEqual({
      message: 'Missing Authentication Token',
    });
    const other = await call(`${base}/prod/other`, {});
    expect(other.status).toBe(403);
    expect(other.json()).toEqual({ message: 'Missing Authentication Token' });
    const stageMissing = await call(`${base}/staging/orders`, {});
    expect(stageMissing.status).toBe(403);
    expect(stageMissing.json()).toEqual({ message: 'Forbidden' });
    // A trailing slash is the same resource.
    expect((await call(`${s.url}/`, {})).status).toBe(200);
  });

  test('apiKey.required false: no key needed, no usage plan', async () => {
    const dir = project({
      'stepgate.yml': config('  apiKey: { required: false }\n'),
      'statemachine.asl.json': PASS_DEFINITION,
    });
    const s = await stage({ configFile: path.join(dir, 'stepgate.yml') });
    expect(s.url).toMatch(/\/prod\/$/);
    const reply = await call(s.url, { a: 1 }, { key: null });
    expect(reply.status).toBe(200);
    expect(reply.json()).toEqual({ data: { a: 1 }, apiInfo: { httpMethod: 'POST', apiKey: '' } });
  });
});

describe('usage plan', () => {
  test('throttle: a burst beyond burstLimit → 429 {"message":"Too Many Requests"}', async () => {
    const dir = project({
      'stepgate.yml': config('  usagePlan:\n    throttle: { rateLimit: 0.5, burstLimit: 2 }\n'),
      'statemachine.asl.json': PASS_DEFINITION,
    });
    const s = await stage({ configFile: path.join(dir, 'stepgate.yml') });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(s.url, {})).status);
    expect(statuses).toEqual([200, 200, 429]);
    expect((await call(s.url, {})).json()).toEqual({ message: 'Too Many Requests' });
  });

  test('quota: the limit+1th request of the period → 429 {"message":"Limit Exceeded"}', async () => {
    const dir = project({
      'stepgate.yml': config('  usagePlan:\n    quota: { limit: 2, period: DAY }\n'),
      'statemachine.asl.json': PASS_DEFINITION,
    });
    const s = await stage({ configFile: path.join(dir, 'stepgate.yml') });
    expect((await call(s.url, {})).status).toBe(200);
    expect((await call(s.url, {})).status).toBe(200);
    const over = await call(s.url, {});
    expect(over.status).toBe(429);
    expect(over.json()).toEqual({ message: 'Limit Exceeded' });
  });
});

describe('content type', () => {
  test('no Content-Type is application/json; parameters such as charset are ignored', async () => {
    const s = await stage({ configFile: SHOP, handlers: {} });
    expect(await statusWithoutContentType(s.url, '{"a": 1}')).toBe(200);
    const charset = await call(s.url, { a: 1 }, { contentType: 'Application/JSON; charset=utf-8' });
    expect(charset.status).toBe(200);
  });

  test('any other type → 415 {"message":"Unsupported Media Type"} (passthrough NEVER)', async () => {
    const s = await stage({ configFile: SHOP, handlers: {} });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const reply = await call(s.url, 'a=1', { contentType: type });
      expect(reply.status).toBe(415);
      expect(reply.json()).toEqual({ message: 'Unsupported Media Type' });
    }
  });
});

describe('Task states and local handlers', () => {
  const handlers = path.join(fixtures, 'shop/handlers.mjs');

  test('a module handler by state name; its result goes through ResultSelector', async () => {
    const s = await stage({ configFile: SHOP, handlers });
    const reply = await call(s.url, { action: 'price', quantity: 3 });
    expect(reply.status).toBe(200);
    expect(reply.json()).toEqual({ total: 30 });
  });

  test('a module handler by resource ARN receives the input and the state name', async () => {
    const s = await stage({ configFile: SHOP, handlers });
    const reply = await call(s.url, { action: 'charge', amount: 5 });
    expect(reply.json()).toEqual({ charged: 5, by: 'Charge' });
  });

  test('a handler that throws fails the execution as a Lambda would: error = name, cause = JSON', async () => {
    const s = await stage({ configFile: SHOP, handlers });
    const reply = await call(s.url, { action: 'explode' });
    expect(reply.status).toBe(500);
    const body = reply.json() as { error: string; cause: string };
    expect(body.error).toBe('PaymentError');
    expect(JSON.parse(body.cause)).toEqual({
      errorMessage: 'card "declined"',
      errorType: 'PaymentError',
    });
  });

  test('Catch sees the handler error name and cause', async () => {
    const s = await stage({ configFile: SHOP, handlers });
    const reply = await call(s.url, { action: 'flaky' });
    expect(reply.status).toBe(200);
    expect(reply.json()).toMatchObject({ recovered: 'Flaky.Error' });
  });

  test('a Task with no handler: the execution fails with States.TaskFailed naming the state; startup warns once per state', async () => {
    const logs: string[] = [];
    const s = await stage({ configFile: SHOP, handlers }, logs);
    const warnings = logs.filter((l) => l.startsWith('warning:'));
    expect(warnings).toEqual([expect.stringContaining('Task state "Ship"')]);
    const reply = await call(s.url, { action: 'ship' });
    expect(reply.status).toBe(500);
    expect(reply.json()).toEqual({
      error: 'States.TaskFailed',
      cause: expect.stringContaining('No local handler for Task state "Ship"'),
    });
  });

  test('canned results from a YAML file, by state name and by resource ARN, and canned failures', async () => {
    const s = await stage({ configFile: SHOP, handlers: path.join(fixtures, 'shop/canned.yml') });
    expect((await call(s.url, { action: 'price', quantity: 3 })).json()).toEqual({ total: 42 });
    expect((await call(s.url, { action: 'charge' })).json()).toEqual({ charged: 'canned' });
    expect((await call(s.url, { action: 'explode' })).json()).toEqual({
      error: 'Canned.Error',
      cause: 'canned cause',
    });
  });

  test('handlers given as functions; TaskFailure sets error and cause exactly', async () => {
    const s = await stage({
      configFile: SHOP,
      handlers: {
        Explode: () => {
          throw new TaskFailure('Custom.Error', 'plain cause');
        },
      },
    });
    expect((await call(s.url, { action: 'explode' })).json()).toEqual({
      error: 'Custom.Error',
      cause: 'plain cause',
    });
  });

  test('a handlers file that does not exist or is not a mapping is invalid input naming the file', async () => {
    await expect(
      stage({ configFile: SHOP, handlers: path.join(fixtures, 'nope.mjs') }),
    ).rejects.toThrow(/nope\.mjs: handlers module does not exist/);
    const dir = project({ 'list.json': '[1, 2]' });
    await expect(
      stage({ configFile: SHOP, handlers: path.join(dir, 'list.json') }),
    ).rejects.toThrow(ConfigError);
    await expect(
      stage({ configFile: SHOP, handlers: path.join(dir, 'handlers.txt') }),
    ).rejects.toThrow(/must be a JS\/TS module/);
  });

  test('a Fail state without Error or Cause: FAILED with neither (as AWS)', async () => {
    const dir = project(
      {
        'response.vtl': '$input.body',
        'stepgate.yml': readFileSync(SHOP, 'utf8') + '  templates: { response: response.vtl }\n',
      },
      path.join(fixtures, 'shop'),
    );
    const s = await stage({ configFile: path.join(dir, 'stepgate.yml'), handlers: {} });
    const result = (await call(s.url, { action: 'bare-fail' })).json() as Record<string, unknown>;
    expect(result.status).toBe('FAILED');
    expect(result).not.toHaveProperty('error');
    expect(result).not.toHaveProperty('cause');
    expect(result).not.toHaveProperty('output');
  });
});

describe('a body the request template cannot parse', () => {
  test('invalid JSON with $input.json → 400 "Could not parse request body into json"', async () => {
    const s = await stage({ configFile: SHOP, handlers: {} });
    const reply = await call(s.url, '{"a": ');
    expect(reply.status).toBe(400);
    expect(reply.json()).toEqual({
      message: expect.stringMatching(/^Could not parse request body into json: /),
    });
  });
});

describe('the StartSyncExecution result the response template sees', () => {
  const RAW_RESPONSE = `#set($r = $util.parseJson($input.body))
#set($context.responseOverride.header.X-Execution-Status = "$!r.status")
#if("$!r.status" == "")#set($context.responseOverride.status = 502)#end
$input.body`;

  async function rawStage(request?: string) {
    const files: Record<string, string> = { 'response.vtl': RAW_RESPONSE };
    let templates = '  templates: { response: response.vtl }\n';
    if (request !== undefined) {
      files['request.vtl'] = request;
      templates = '  templates: { request: request.vtl, response: response.vtl }\n';
    }
    const dir = project(
      { ...files, 'stepgate.yml': readFileSync(SHOP, 'utf8') + templates },
      path.join(fixtures, 'shop'),
    );
    return stage({
      configFile: path.join(dir, 'stepgate.yml'),
      handlers: path.join(dir, 'handlers.mjs'),
    });
  }

  test('SUCCEEDED: every field StartSyncExecution returns, dates in epoch seconds', async () => {
    const before = Date.now() / 1000;
    const s = await rawStage();
    const reply = await call(s.url, { hello: 'world' });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('x-execution-status')).toBe('SUCCEEDED');
    const r = reply.json() as Record<string, unknown>;
    expect(r).toEqual({
      executionArn: expect.stringMatching(
        /^arn:aws:states:us-east-1:000000000000:express:shop-prod:[\w-]+:[\w-]+$/,
      ),
      stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:shop-prod',
      name: expect.any(String),
      startDate: expect.any(Number),
      stopDate: expect.any(Number),
      status: 'SUCCEEDED',
      input: expect.any(String),
      inputDetails: { included: true },
      output: expect.any(String),
      outputDetails: { included: true },
      billingDetails: { billedMemoryUsedInMB: 64, billedDurationInMilliseconds: 100 },
    });
    expect(r.startDate as number).toBeGreaterThanOrEqual(Math.floor(before));
    expect(r.stopDate as number).toBeGreaterThanOrEqual(r.startDate as number);
    expect(JSON.parse(r.input as string)).toEqual({
      data: { hello: 'world' },
      apiInfo: { httpMethod: 'POST', apiKey: expect.stringMatching(/^[a-z0-9]{10}$/) },
    });
    expect(JSON.parse(r.output as string)).toEqual(JSON.parse(r.input as string));
  });

  test('the request template is not JSON → SerializationException (4xx body) to the response template', async () => {
    const s = await rawStage('this is not json');
    const reply = await call(s.url, {});
    expect(reply.status).toBe(502);
    expect(reply.json()).toEqual({
      __type: 'com.amazon.coral.service#SerializationException',
      message: expect.any(String),
    });
  });

  test('another state machine ARN → StateMachineDoesNotExist', async () => {
    const s = await rawStage(
      '{"input": "{}", "stateMachineArn": "arn:aws:states:us-east-1:000000000000:stateMachine:other"}',
    );
    expect((await call(s.url, {})).json()).toEqual({
      __type: 'com.amazonaws.swf.service.v2.model#StateMachineDoesNotExist',
      message:
        "State Machine Does Not Exist: 'arn:aws:states:us-east-1:000000000000:stateMachine:other'",
    });
  });

  test('input that is not JSON → InvalidExecutionInput', async () => {
    const s = await rawStage(
      '{"input": "{not json", "stateMachineArn": "REPLACE_STEPFUNCTION_ARN"}',
    );
    expect((await call(s.url, {})).json()).toMatchObject({
      __type: 'com.amazonaws.swf.service.v2.model#InvalidExecutionInput',
    });
  });

  test('input over 256 KiB → InvalidExecutionInput; the default template turns it into 400 {error, cause}', async () => {
    const s = await stage({ configFile: SHOP, handlers: {} });
    const reply = await call(s.url, { big: 'x'.repeat(262_144) });
    expect(reply.status).toBe(400);
    expect(reply.json()).toEqual({
      error: 'InvalidExecutionInput',
      cause: expect.stringContaining('256 KiB'),
    });
  });

  test('responseOverride.status and .header set the status and headers', async () => {
    const s = await rawStage();
    const reply = await call(s.url, { action: 'explode' });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('x-execution-status')).toBe('FAILED');
    expect(reply.json()).toMatchObject({ status: 'FAILED', error: 'PaymentError' });
  });

  test('a template that fails to render → 500 {"message":"Internal server error"} and a log line', async () => {
    const logs: string[] = [];
    const dir = project(
      {
        'response.vtl': '#set($x = $input.path("$[")) x',
        'stepgate.yml': readFileSync(SHOP, 'utf8') + '  templates: { response: response.vtl }\n',
      },
      path.join(fixtures, 'shop'),
    );
    const s = await stage({ configFile: path.join(dir, 'stepgate.yml'), handlers: {} }, logs);
    const reply = await call(s.url, {});
    expect(reply.status).toBe(500);
    expect(reply.json()).toEqual({ message: 'Internal server error' });
    expect(logs.some((l) => /response template failed: .*response\.vtl/.test(l))).toBe(true);
  });
});

describe('time limits', () => {
  test('integration timeout (api.timeoutMs) → 504 {"message": "Endpoint request timed out"}', async () => {
    const s = await stage({ configFile: SHOP, handlers: {} });
    const started = Date.now();
    const reply = await call(s.url, { action: 'wait', seconds: 3 });
    expect(reply.status).toBe(504);
    expect(reply.json()).toEqual({ message: 'Endpoint request timed out' });
    expect(Date.now() - started).toBeLessThan(2500);
  });

  test('within the timeout a Wait state runs for real', async () => {
    const s = await stage({ configFile: SHOP, handlers: {} });
    const reply = await call(s.url, { action: 'wait', seconds: 0 });
    expect(reply.json()).toEqual({ woke: true });
  });

  test('the Express limit ends the execution TIMED_OUT; the default template answers 504 States.Timeout', async () => {
    const s = await stage({ configFile: SHOP, handlers: {}, maxExecutionMs: 200 });
    const reply = await call(s.url, { action: 'wait', seconds: 1 });
    expect(reply.status).toBe(504);
    expect(reply.json()).toEqual({ error: 'States.Timeout', cause: 'The execution timed out' });
  });

  test("the definition's own TimeoutSeconds → TIMED_OUT", async () => {
    const definition = JSON.parse(
      readFileSync(path.join(fixtures, 'shop/statemachine.asl.json'), 'utf8'),
    );
    definition.TimeoutSeconds = 1;
    const dir = project(
      {
        'statemachine.asl.json': JSON.stringify(definition),
        'stepgate.yml': readFileSync(SHOP, 'utf8').replace('timeoutMs: 1000', 'timeoutMs: 5000'),
      },
      path.join(fixtures, 'shop'),
    );
    const s = await stage({ configFile: path.join(dir, 'stepgate.yml'), handlers: {} });
    const reply = await call(s.url, { action: 'wait', seconds: 3 });
    expect(reply.status).toBe(504);
    expect(reply.json()).toMatchObject({ error: 'States.Timeout' });
  });
});

describe('bad input: one line naming the file and the line or state', () => {
  test('a JSONata definition is refused at load', async () => {
    const dir = project({
      'stepgate.yml': config(),
      'statemachine.asl.json': JSON.stringify(
        {
          QueryLanguage: 'JSONata',
          StartAt: 'A',
          States: { A: { Type: 'Pass', Output: '{% $states.input %}', End: true } },
        },
        null,
        2,
      ),
    });
    const error = await stage({ configFile: path.join(dir, 'stepgate.yml') }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(
      /statemachine\.asl\.json:2: QueryLanguage: .*JSONata is not supported/,
    );
    expect((error as Error).message).not.toContain('\n');
  });

  test('JSONata on one state is refused naming the state and its line', async () => {
    const dir = project({
      'stepgate.yml': config(),
      'statemachine.asl.json': JSON.stringify(
        {
          StartAt: 'A',
          States: {
            A: { Type: 'Pass', Next: 'B' },
            B: { Type: 'Pass', QueryLanguage: 'JSONata', End: true },
          },
        },
        null,
        2,
      ),
    });
    await expect(stage({ configFile: path.join(dir, 'stepgate.yml') })).rejects.toThrow(
      /statemachine\.asl\.json:10: States\.B\.QueryLanguage: state "B": QueryLanguage JSONata/,
    );
  });

  test('fields the interpreter would ignore (Assign) are refused', async () => {
    const dir = project({
      'stepgate.yml': config(),
      'statemachine.asl.json': JSON.stringify({
        StartAt: 'A',
        States: { A: { Type: 'Pass', Assign: { x: 1 }, End: true } },
      }),
    });
    await expect(stage({ configFile: path.join(dir, 'stepgate.yml') })).rejects.toThrow(
      /States\.A\.Assign: state "A": workflow variables/,
    );
  });

  test('a template that does not parse is refused naming the file and line', async () => {
    const dir = project({
      'stepgate.yml': config('  templates: { request: bad.vtl }\n'),
      'statemachine.asl.json': PASS_DEFINITION,
      'bad.vtl': '## ok\n#if($x\n',
    });
    await expect(stage({ configFile: path.join(dir, 'stepgate.yml') })).rejects.toThrow(
      /bad\.vtl:\d+: /,
    );
  });

  test('a port in use is a one-line error', async () => {
    const s = await stage({ configFile: SHOP, handlers: {} });
    await expect(stage({ configFile: SHOP, handlers: {}, port: s.port })).rejects.toThrow(
      /--port: cannot listen on 127\.0\.0\.1:\d+ \(the port is in use\)/,
    );
  });
});

describe('reload', () => {
  test('an edited definition is served after the change; an invalid one keeps the last good version', async () => {
    const dir = project({}, path.join(fixtures, 'shop'));
    const logs: string[] = [];
    const s = await stage(
      { configFile: path.join(dir, 'stepgate.yml'), handlers: {}, watch: true },
      logs,
    );
    expect((await call(s.url, { a: 1 })).json()).toMatchObject({ data: { a: 1 } });

    const file = path.join(dir, 'statemachine.asl.json');
    const original = readFileSync(file, 'utf8');
    writeFileSync(
      file,
      original.replace(
        '"Echo": { "Type": "Pass", "End": true }',
        '"Echo": { "Type": "Pass", "Result": "v2", "End": true }',
      ),
    );
    await waitFor(() => logs.some((l) => l.startsWith('reloaded')));
    expect((await call(s.url, { a: 1 })).json()).toBe('v2');

    writeFileSync(file, '{ "StartAt": "Nowhere", "States": {} }');
    await waitFor(() => logs.some((l) => l.startsWith('reload failed')));
    const failure = logs.find((l) => l.startsWith('reload failed'))!;
    expect(failure).toMatch(/still serving the last good version: .*statemachine\.asl\.json/);
    expect(failure).not.toContain('\n');
    expect((await call(s.url, { a: 1 })).json()).toBe('v2');
  });

  test('reload() picks up a changed template and a changed handlers file', async () => {
    const dir = project(
      {
        'stepgate.yml': readFileSync(SHOP, 'utf8') + '  templates: { response: response.vtl }\n',
        'response.vtl': '{"v": 1}',
      },
      path.join(fixtures, 'shop'),
    );
    const s = await stage({
      configFile: path.join(dir, 'stepgate.yml'),
      handlers: path.join(dir, 'canned.yml'),
    });
    expect((await call(s.url, {})).json()).toEqual({ v: 1 });
    writeFileSync(path.join(dir, 'response.vtl'), '$input.json("$.output")');
    writeFileSync(path.join(dir, 'canned.yml'), 'Price: { Payload: { total: 7 } }\n');
    await s.reload();
    expect(JSON.parse((await call(s.url, { action: 'price' })).json() as string)).toEqual({
      total: 7,
    });
  });

  test('the usage plan follows the config on reload', async () => {
    const dir = project({ 'stepgate.yml': config(), 'statemachine.asl.json': PASS_DEFINITION });
    const s = await stage({ configFile: path.join(dir, 'stepgate.yml') });
    expect((await call(s.url, {})).status).toBe(200);
    writeFileSync(path.join(dir, 'stepgate.yml'), config('  apiKey: { required: false }\n'));
    await s.reload();
    expect((await call(s.url, {}, { key: null })).status).toBe(200);
  });
});

describe('request logs', () => {
  test('one line per request: method path status latency', async () => {
    const logs: string[] = [];
    const s = await stage({ configFile: SHOP, handlers: {} }, logs);
    await call(s.url, {});
    await call(s.url, {}, { key: null });
    expect(logs.filter((l) => !l.startsWith('warning'))).toEqual([
      expect.stringMatching(/^POST \/prod\/orders 200 \d+\.\dms$/),
      expect.stringMatching(/^POST \/prod\/orders 403 \d+\.\dms$/),
    ]);
  });
});

/** fetch always sends a Content-Type with a body; node:http sends none unless told. */
function statusWithoutContentType(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'x-api-key': KEY } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting for the condition');
    await new Promise((r) => setTimeout(r, 25));
  }
}
