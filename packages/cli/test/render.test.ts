// GIVEN a mapping template and a request file, WHEN `stepgate render` runs, THEN it prints one
// JSON line {"body", "status", "headers"} (as ../shared/tools/vtl-oracle does), and a template or
// request file that is missing or invalid gives exit 2 and one line naming the file and line.
import path from 'node:path';
import {
  DEFAULT_REQUEST_TEMPLATE,
  renderMappingTemplate,
  SEED_REQUEST_TEMPLATE,
} from '@stepgate/vtl';
import { projectDir, runCli } from './run-cli.js';

async function render(
  files: Record<string, string>,
  template = 'template.vtl',
  request = 'request.json',
) {
  const dir = projectDir(files);
  return runCli([
    'render',
    '--template',
    path.join(dir, template),
    '--request',
    path.join(dir, request),
  ]);
}

const REQUEST = JSON.stringify({
  method: 'POST',
  resourcePath: '/orders/{id}',
  pathParameters: { id: '42' },
  queryStringParameters: { q: 'x' },
  headers: { 'Content-Type': 'application/json', 'x-api-key': 'k' },
  body: '{"a": 1}',
  stageVariables: { name: 'v' },
  context: { stage: 'dev', identity: { sourceIp: '10.0.0.1' } },
});

describe('stepgate render', () => {
  test('prints body, status and headers as one JSON line', async () => {
    const run = await render({
      'template.vtl':
        '#set($context.responseOverride.status = 404)#set($context.responseOverride.header.X-Id = $input.params("id"))' +
        '$input.json("$.a") $context.stage $context.path $context.identity.apiKey $context.identity.apiKeyId $context.identity.sourceIp $stageVariables.name $input.params("q")',
      'request.json': REQUEST,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      '{"body":"1 dev /dev/orders/{id} k abcdef1234 10.0.0.1 v x","status":404,"headers":{"X-Id":"42"}}\n',
    );
  });

  test("renders the guide's request template; status is null when the template does not set it", async () => {
    const run = await render({ 'template.vtl': SEED_REQUEST_TEMPLATE, 'request.json': REQUEST });
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { body: string; status: null; headers: object };
    expect(result.status).toBeNull();
    expect(result.headers).toEqual({});
    const input = JSON.parse((JSON.parse(result.body) as { input: string }).input) as unknown;
    expect(input).toEqual({ data: { a: 1 }, apiInfo: { httpMethod: 'POST', apiKey: 'k' } });
  });

  test('an empty request file object uses the defaults', async () => {
    const run = await render({
      'template.vtl': '$context.httpMethod $context.path [$input.body]',
      'request.json': '{}',
    });
    expect(run.stdout).toBe('{"body":"POST /prod/ []","status":null,"headers":{}}\n');
  });

  test.each([
    ['a missing template', { 'request.json': '{}' }, /template\.vtl: template does not exist$/],
    [
      'a missing request file',
      { 'template.vtl': 'x' },
      /request\.json: request file does not exist$/,
    ],
    [
      'a template that does not parse',
      { 'template.vtl': 'ok\n#if($a)\nno end', 'request.json': '{}' },
      /template\.vtl:3: template does not parse: missing #end$/,
    ],
    [
      'an unknown $util function',
      { 'template.vtl': 'a\n$util.toJson($x)', 'request.json': '{}' },
      /template\.vtl:2: \$util\.toJson is not a function/,
    ],
    [
      '#include',
      { 'template.vtl': '#include("x.vtl")', 'request.json': '{}' },
      /template\.vtl:1: #include is not supported/,
    ],
    [
      'a template that fails to render',
      { 'template.vtl': '\n\n$util.base64Decode("*")', 'request.json': '{}' },
      /template\.vtl:3: .*Illegal base64 character/,
    ],
    [
      'a request file that is not JSON',
      { 'template.vtl': 'x', 'request.json': '{\n  "body": "a",\n  oops\n}' },
      /request\.json:3: request file is not valid JSON/,
    ],
    [
      'a request file field of the wrong type',
      { 'template.vtl': 'x', 'request.json': '{"headers": {"a": 1}}' },
      /request\.json: headers\.a: must be a string$/,
    ],
    [
      'an unknown request field',
      { 'template.vtl': 'x', 'request.json': '{"bdy": ""}' },
      /request\.json: bdy: unknown field/,
    ],
  ])('%s → exit 2 with one line naming the file', async (_label, files, message) => {
    const run = await render(files as Record<string, string>);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr.trimEnd()).toMatch(message);
  });

  test('a template over 300 KB is refused', async () => {
    const run = await render({ 'template.vtl': 'x'.repeat(300 * 1024 + 1), 'request.json': '{}' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /template\.vtl: mapping template is 307201 bytes; API Gateway allows at most 307200/,
    );
  });

  test('without --request the request is empty: every field takes its default', async () => {
    const dir = projectDir({ 'template.vtl': '$context.httpMethod [$input.body]' });
    const run = await runCli(['render', '--template', path.join(dir, 'template.vtl')]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ body: 'POST []', status: null, headers: {} });
  });
});

describe('stepgate render --template default|seed: the built-in templates', () => {
  const body = JSON.stringify({ body: '{"name": "Ada \\"the\\" first"}' });
  const requestFile = () => path.join(projectDir({ 'request.json': body }), 'request.json');

  test('default renders the default request template: valid JSON naming the placeholder ARN', async () => {
    const run = await runCli(['render', '--template', 'default', '--request', requestFile()]);
    expect(run.code).toBe(0);
    const rendered = JSON.parse(JSON.parse(run.stdout).body);
    expect(rendered.stateMachineArn).toBe('REPLACE_STEPFUNCTION_ARN');
    expect(JSON.parse(rendered.input)).toEqual({
      data: { name: 'Ada "the" first' },
      apiInfo: { httpMethod: 'POST', apiKey: '' },
    });
  });

  test("seed renders the guide's request template verbatim", async () => {
    const run = await runCli(['render', '--template', 'seed', '--request', requestFile()]);
    expect(run.code).toBe(0);
    const expected = renderMappingTemplate(SEED_REQUEST_TEMPLATE, JSON.parse(body));
    expect(JSON.parse(run.stdout).body).toBe(expected.body);
    expect(expected.body).not.toBe(
      renderMappingTemplate(DEFAULT_REQUEST_TEMPLATE, JSON.parse(body)).body,
    );
  });

  test('--response renders the response template: a FAILED result → 500 {error, cause}', async () => {
    const result = JSON.stringify({ status: 'FAILED', error: 'Oops', cause: 'it "broke"' });
    const dir = projectDir({ 'request.json': JSON.stringify({ body: result }) });
    const run = await runCli([
      'render',
      '--template',
      'default',
      '--response',
      '--request',
      path.join(dir, 'request.json'),
    ]);
    expect(run.code).toBe(0);
    const output = JSON.parse(run.stdout);
    expect(output.status).toBe(500);
    expect(JSON.parse(output.body)).toEqual({ error: 'Oops', cause: 'it "broke"' });
  });

  test('--response with a template file: exit 2, one line', async () => {
    const dir = projectDir({ 'template.vtl': 'x' });
    const run = await runCli([
      'render',
      '--template',
      path.join(dir, 'template.vtl'),
      '--response',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^stepgate: --response: only with a built-in template/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('a template name that is neither built in nor a file: exit 2', async () => {
    const run = await runCli(['render', '--template', 'defualt']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('stepgate: defualt: template does not exist\n');
  });
});
