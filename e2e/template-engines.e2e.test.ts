// GIVEN mapping templates deployed on LocalStack in front of an HTTP integration that echoes
// what it receives, WHEN the same requests go to that stage and through stepgate's engine,
// THEN the rendered texts agree, except for the differences listed (and explained) below.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  DeleteRestApiCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway';
import { DEFAULT_REQUEST_TEMPLATE, SEED_REQUEST_TEMPLATE } from '@stepgate/core';
import { renderMappingTemplate } from '@stepgate/vtl';
import { awsClients } from './support/emulator-aws.js';
import { ENDPOINT } from './support/run-action.js';

const { apiGateway } = awsClients();

/** Templates that read only what both sides agree on (no request ids, times or api ids). */
const TEMPLATES: Record<string, string> = {
  body: '$input.body',
  json: "$input.json('$')",
  jsonPathField: "$input.json('$.text')",
  pathField: "$input.path('$.text')",
  escapeJavaScript: '$util.escapeJavaScript($input.body)',
  escapeThenReplace: `$util.escapeJavaScript($input.body).replaceAll("\\\\'", "'")`,
  urlEncode: '$util.urlEncode($input.body)',
  base64: '$util.base64Encode($input.body)',
  parseJsonSize: '#set($o = $util.parseJson($input.body))$o.size()',
  foreachKeys: "#foreach($k in $input.path('$').keySet())$k#if($foreach.hasNext),#end#end",
  stringMethods: "$input.body.length() $input.body.toUpperCase() $input.body.replace('\"', '#')",
  guideRequest: SEED_REQUEST_TEMPLATE.replace(
    'REPLACE_STEPFUNCTION_ARN',
    'arn:aws:states:us-east-1:000000000000:stateMachine:x',
  ),
  defaultRequest: DEFAULT_REQUEST_TEMPLATE.replace(
    'REPLACE_STEPFUNCTION_ARN',
    'arn:aws:states:us-east-1:000000000000:stateMachine:x',
  ),
};

const BODIES = [
  { text: 'plain' },
  { text: 'single \' and double " quotes' },
  { text: 'back \\ slash / and <tag>' },
  { text: 'new\nline\ttab' },
  { text: 'non-ASCII é ü 日本 and emoji 😀' },
  { text: 'x', n: 1.5, list: [1, 2], nested: { a: true, b: null } },
];

/**
 * Differences found, by template, with which side matches AWS's documentation. A difference
 * not listed here fails the test, so a new one is never silently accepted.
 */
const JSON_DUMPS =
  "LocalStack serialises JSON with Python's json.dumps (', ' and ': ' separators, non-ASCII as lowercase \\uXXXX); " +
  'the Java engine (Jayway JsonPath + Jackson, as in ../shared/tools/vtl-oracle) writes compact JSON and keeps UTF-8: stepgate follows the Java side';
const ESCAPE_JS =
  "LocalStack's escapeJavaScript is JSON string escaping (no \\' , no \\/ , lowercase \\u00e9); AWS documents Java's " +
  'StringEscapeUtils.escapeJavaScript, which stepgate follows';
const TRAILING_NEWLINE =
  "LocalStack drops the template's final newline; Velocity (and stepgate) keep it";

/**
 * Differences found, by template: which bodies (indexes into BODIES) render differently, and
 * why, with which side matches AWS's documentation. The test asserts exactly these bodies, so a
 * new difference fails it and so does one that disappears (then this table is out of date).
 */
const KNOWN_DIFFERENCES: Record<string, { bodies: number[]; reason: string }> = {
  json: { bodies: [0, 1, 2, 3, 4, 5], reason: JSON_DUMPS },
  jsonPathField: { bodies: [4], reason: JSON_DUMPS },
  escapeJavaScript: { bodies: [1, 2, 4], reason: ESCAPE_JS },
  escapeThenReplace: { bodies: [2, 4], reason: ESCAPE_JS },
  parseJsonSize: {
    bodies: [0, 1, 2, 3, 4, 5],
    reason:
      "LocalStack's parseJson gives a Python dict without Java's Map methods ($o.size() prints nothing); AWS's gives a Java map, as stepgate's does",
  },
  stringMethods: {
    bodies: [0, 1, 2, 3, 4, 5],
    reason:
      "LocalStack's strings lack Java's length() (prints nothing); AWS's are Java strings, as stepgate's are",
  },
  guideRequest: {
    bodies: [0, 1, 2, 3, 4, 5],
    reason: `${JSON_DUMPS}; ${ESCAPE_JS}; ${TRAILING_NEWLINE}; and without an API key LocalStack prints "" where Velocity prints the literal $context.identity.apiKey`,
  },
  defaultRequest: {
    bodies: [0, 1, 2, 3, 4, 5],
    reason: `${JSON_DUMPS}; ${ESCAPE_JS}; ${TRAILING_NEWLINE} — the execution input both produce decodes to the same value (checked below)`,
  },
};

let echo: Server;
let echoUrl: string;
let restApiId: string;
const diffs: { template: string; body: string; localstack: string; stepgate: string }[] = [];

beforeAll(async () => {
  echo = createServer((request, response) => {
    let raw = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (raw += chunk));
    request.on('end', () => {
      response.setHeader('content-type', 'text/plain; charset=utf-8');
      response.end(raw);
    });
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/echo`;

  const api = await apiGateway.send(
    new CreateRestApiCommand({ name: `stepgate-template-diff-${Date.now().toString(36)}` }),
  );
  restApiId = api.id!;
  for (const [name, template] of Object.entries(TEMPLATES)) {
    const resource = await apiGateway.send(
      new CreateResourceCommand({ restApiId, parentId: api.rootResourceId!, pathPart: name }),
    );
    const at = { restApiId, resourceId: resource.id!, httpMethod: 'POST' };
    await apiGateway.send(new PutMethodCommand({ ...at, authorizationType: 'NONE' }));
    await apiGateway.send(new PutMethodResponseCommand({ ...at, statusCode: '200' }));
    await apiGateway.send(
      new PutIntegrationCommand({
        ...at,
        type: 'HTTP',
        integrationHttpMethod: 'POST',
        uri: echoUrl,
        passthroughBehavior: 'NEVER',
        requestTemplates: { 'application/json': template },
      }),
    );
    await apiGateway.send(new PutIntegrationResponseCommand({ ...at, statusCode: '200' }));
  }
  await apiGateway.send(new CreateDeploymentCommand({ restApiId, stageName: 'test' }));
});

afterAll(async () => {
  await apiGateway.send(new DeleteRestApiCommand({ restApiId })).catch(() => undefined);
  await new Promise((resolve) => echo.close(resolve));
  if (diffs.length) {
    console.log(
      `Template engine differences (LocalStack vs stepgate), ${diffs.length}:\n` +
        diffs
          .map(
            (d) =>
              `- ${d.template} / ${d.body}\n    localstack: ${JSON.stringify(d.localstack)}\n    stepgate:   ${JSON.stringify(d.stepgate)}`,
          )
          .join('\n'),
    );
  }
});

test.each(Object.keys(TEMPLATES))(
  'template %s: LocalStack and stepgate render the same text, or a known difference',
  async (name) => {
    const found: number[] = [];
    for (const [index, bodyValue] of BODIES.entries()) {
      const body = JSON.stringify(bodyValue);
      const headers = { 'Content-Type': 'application/json' };
      const response = await fetch(`${ENDPOINT}/_aws/execute-api/${restApiId}/test/${name}`, {
        method: 'POST',
        body,
        headers,
      });
      expect(response.status).toBe(200);
      const localstack = await response.text();
      const ours = renderMappingTemplate(TEMPLATES[name]!, {
        method: 'POST',
        resourcePath: `/${name}`,
        headers,
        body,
      }).body;
      if (localstack !== ours) {
        diffs.push({ template: name, body, localstack, stepgate: ours });
        found.push(index);
      }
    }
    expect(found).toEqual(KNOWN_DIFFERENCES[name]?.bodies ?? []);
  },
);

test('the default request template: both engines produce the same execution input, whatever the body', async () => {
  for (const bodyValue of BODIES) {
    const body = JSON.stringify(bodyValue);
    const headers = { 'Content-Type': 'application/json' };
    const response = await fetch(`${ENDPOINT}/_aws/execute-api/${restApiId}/test/defaultRequest`, {
      method: 'POST',
      body,
      headers,
    });
    const localstack = JSON.parse(await response.text()) as { input: string };
    const ours = JSON.parse(
      renderMappingTemplate(TEMPLATES['defaultRequest']!, { method: 'POST', headers, body }).body,
    ) as { input: string };
    expect(JSON.parse(localstack.input)).toEqual(JSON.parse(ours.input));
    expect(JSON.parse(ours.input)).toEqual({
      data: bodyValue,
      apiInfo: { httpMethod: 'POST', apiKey: '' },
    });
  }
});
