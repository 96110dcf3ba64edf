// Parity: GIVEN the echo app deployed to LocalStack by the bundled deploy action AND served by
// the local stage (same environment, same API key value), WHEN one shared table of requests is
// sent to both, THEN statuses and parsed bodies are equal, except where the table records a
// known difference: what LocalStack answers, why, and which side matches AWS.
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { startLocalStage, type LocalStage } from '@stepgate/local';
import { ENDPOINT, runAction, workspaceWith } from './support/run-action.js';

const environment = `parity-${Date.now().toString(36)}`;
const apiKey = `parity-key-${environment}-0123456789`;
const workspace = workspaceWith('echo');
const inputs = { config: 'stepgate.yml', environment, 'endpoint-url': ENDPOINT };

interface Side {
  readonly name: 'localstack' | 'local';
  readonly url: string;
  readonly apiKeyId: string;
}

interface ParityRequest {
  readonly body?: string;
  /** null: no Content-Type header at all. Default application/json. */
  readonly contentType?: string | null;
  readonly key?: 'right' | 'none' | 'wrong';
  readonly method?: string;
  /** Appended to the invoke URL. */
  readonly suffix?: string;
}

interface Expected {
  readonly status: number;
  /** The parsed body; `apiInfo.apiKey` is compared as '<api key id>'. Omitted: not compared. */
  readonly body?: unknown;
}

interface ParityCase {
  readonly name: string;
  readonly request: ParityRequest;
  /** What AWS answers, and so what the local stage must answer. */
  readonly expect: Expected;
  /** LocalStack answers differently from AWS: its answer and the reason. */
  readonly localstackDiffers?: Expected & { readonly why: string };
  /** Not compared on LocalStack at all. */
  readonly localstackSkip?: string;
}

const tricky = {
  text: 'single \' double " back \\ slash\nnew line\ttab é ü 日本 😀 </script>',
  list: ["'", '"', '\\'],
  nested: { empty: '', zero: 0, no: false, nothing: null, big: 1e21, neg: -0.5 },
};
const echoOf = (data: unknown) => ({
  version: 'v1',
  echo: data,
  apiInfo: { httpMethod: 'POST', apiKey: '<api key id>' },
});

/** The shared case table. */
const CASES: ParityCase[] = [
  {
    name: 'right key → 200 and the echo output',
    request: { body: '{"hello": "world"}' },
    expect: { status: 200, body: echoOf({ hello: 'world' }) },
  },
  {
    name: 'no key → 403 Forbidden',
    request: { body: '{}', key: 'none' },
    expect: { status: 403, body: { message: 'Forbidden' } },
  },
  {
    name: 'wrong key → 403 Forbidden',
    request: { body: '{}', key: 'wrong' },
    expect: { status: 403, body: { message: 'Forbidden' } },
  },
  {
    name: 'Fail state whose cause holds quotes → 500 JSON {error, cause}',
    request: { body: '{"fail": true}' },
    expect: {
      status: 500,
      body: {
        error: 'Echo.Failed',
        cause: '{"errorMessage": "it\'s \\"broken\\"", "errorType": "Error"}',
      },
    },
  },
  {
    name: 'quotes, backslashes, newlines, non-ASCII, emoji and numbers round-trip',
    request: { body: JSON.stringify(tricky) },
    expect: { status: 200, body: echoOf(tricky) },
  },
  {
    name: 'a JSON array body round-trips',
    request: { body: '[1, "a", {"b": [true]}]' },
    expect: { status: 200, body: echoOf([1, 'a', { b: [true] }]) },
  },
  {
    name: 'a JSON string body round-trips',
    request: { body: '"just a string"' },
    expect: { status: 200, body: echoOf('just a string') },
  },
  {
    name: 'no Content-Type is treated as application/json',
    request: { body: '{"a": 1}', contentType: null },
    expect: { status: 200, body: echoOf({ a: 1 }) },
  },
  {
    name: 'text/plain → 415 (passthrough NEVER, one application/json template)',
    request: { body: '{"a": 1}', contentType: 'text/plain' },
    expect: { status: 415, body: { message: 'Unsupported Media Type' } },
  },
  {
    name: 'application/json; charset=utf-8 selects the application/json template',
    request: { body: '{"a": 1}', contentType: 'application/json; charset=utf-8' },
    expect: { status: 200, body: echoOf({ a: 1 }) },
    localstackDiffers: {
      status: 415,
      body: { message: 'Unsupported Media Type' },
      why: 'LocalStack 4.14 matches the Content-Type header byte for byte; API Gateway selects the template by media type, ignoring parameters such as charset',
    },
  },
  {
    name: 'GET on the POST resource → 403 Missing Authentication Token',
    request: { method: 'GET' },
    expect: { status: 403, body: { message: 'Missing Authentication Token' } },
  },
  {
    name: 'an unknown resource → 403 Missing Authentication Token',
    request: { body: '{}', suffix: '/nope' },
    expect: { status: 403, body: { message: 'Missing Authentication Token' } },
  },
  {
    name: 'an empty body is {} for $input.json',
    request: { body: '' },
    expect: { status: 200, body: echoOf({}) },
    localstackDiffers: {
      status: 200,
      body: echoOf(''),
      why: "LocalStack's $input.json('$') of an empty body is \"\"; API Gateway reads an empty payload as {} (the vtl-oracle and packages/vtl agree)",
    },
  },
  {
    name: 'a body that is not JSON → 400 Could not parse request body into json',
    request: { body: '{"a": ' },
    expect: { status: 400 },
    localstackDiffers: {
      status: 200,
      body: echoOf(''),
      why: 'LocalStack\'s $input.json(\'$\') turns an unparseable body into "" and runs the execution; API Gateway stops with 400 "Could not parse request body into json"',
    },
  },
  {
    name: 'execution input over 256 KiB → refused before the execution starts',
    request: { body: JSON.stringify({ big: 'x'.repeat(262_144) }) },
    expect: { status: 400, body: { error: 'InvalidExecutionInput', cause: expect.any(String) } },
    localstackDiffers: {
      status: 500,
      body: { error: 'States.DataLimitExceeded', cause: expect.any(String) },
      why: 'LocalStack starts the execution and fails it in the first state with States.DataLimitExceeded; Step Functions refuses input over 256 KiB at StartSyncExecution (a 400 the default template answers as 400 {error, cause})',
    },
  },
];

const BURST_CASE = {
  name: 'a burst beyond the usage plan (rate 100/s, burst 200) → some 429 Too Many Requests',
  localstackSkip:
    'LocalStack 4.14 does not enforce usage-plan throttling or quotas (aws-facts.md); AWS and the local stage do',
};

let sides: Side[] = [];
let local: LocalStage;

beforeAll(async () => {
  const deployed = runAction('deploy', workspace, {
    ...inputs,
    'api-key-value': apiKey,
    smoke: 'false',
  });
  if (deployed.status !== 0)
    throw new Error(`deploy failed:\n${deployed.stdout}\n${deployed.stderr}`);
  local = await startLocalStage({
    configFile: path.join(workspace, 'stepgate.yml'),
    environment,
    apiKey,
    port: 0,
    watch: false,
  });
  sides = [
    {
      name: 'localstack',
      url: deployed.outputs['invoke-url']!,
      apiKeyId: deployed.outputs['api-key-id']!,
    },
    { name: 'local', url: local.url, apiKeyId: local.apiKeyId },
  ];
});

afterAll(async () => {
  await local?.close();
  runAction('destroy', workspace, inputs);
});

/** node:http, so that "no Content-Type" really sends none (fetch adds text/plain to a string body). */
function send(url: string, req: ParityRequest): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = {};
  if (req.contentType !== null) headers['content-type'] = req.contentType ?? 'application/json';
  if ((req.key ?? 'right') === 'right') headers['x-api-key'] = apiKey;
  if (req.key === 'wrong') headers['x-api-key'] = `wrong-${apiKey}`;
  return new Promise((resolve, reject) => {
    const r = httpRequest(
      url + (req.suffix ?? ''),
      { method: req.method ?? 'POST', headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}

function parsed(text: string, apiKeyId: string): unknown {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return text;
  }
  const info = (body as { apiInfo?: { apiKey?: unknown } } | null)?.apiInfo;
  if (info && info.apiKey === apiKeyId) info.apiKey = '<api key id>';
  return body;
}

describe.each(CASES)('$name', (c) => {
  test.each(['localstack', 'local'] as const)('%s', async (sideName) => {
    const side = sides.find((s) => s.name === sideName)!;
    const expected =
      sideName === 'localstack' && c.localstackDiffers ? c.localstackDiffers : c.expect;
    const reply = await send(side.url, c.request);
    const got = { status: reply.status, body: parsed(reply.text, side.apiKeyId) };
    if (expected.body === undefined) expect(got.status).toBe(expected.status);
    else expect(got).toEqual({ status: expected.status, body: expected.body });
  });
});

test('every difference between LocalStack and the local stage is one the table records', async () => {
  const unexplained: string[] = [];
  for (const c of CASES) {
    const [a, b] = await Promise.all(sides.map((s) => send(s.url, c.request)));
    const same =
      a!.status === b!.status &&
      JSON.stringify(parsed(a!.text, sides[0]!.apiKeyId)) ===
        JSON.stringify(parsed(b!.text, sides[1]!.apiKeyId));
    if (!same && !c.localstackDiffers) unexplained.push(`${c.name}: ${a!.status} vs ${b!.status}`);
  }
  expect(unexplained).toEqual([]);
});

describe(BURST_CASE.name, () => {
  test('local', async () => {
    const replies = await Promise.all(
      Array.from({ length: 260 }, () => send(local.url, { body: '{}' })),
    );
    const throttled = replies.filter((r) => r.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    expect(JSON.parse(throttled[0]!.text)).toEqual({ message: 'Too Many Requests' });
    expect(replies.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(150);
  });

  test.skip(`localstack: ${BURST_CASE.localstackSkip}`, () => {});
});
