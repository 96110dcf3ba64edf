// GIVEN a project with `api.cors` (one origin, `*`, several origins, credentials), WHEN its
// OpenAPI document is built, THEN every path has an OPTIONS preflight (mock integration, no API
// key) with the CORS headers, every route's responses declare and carry the allow-origin
// header, and API Gateway's own 4xx/5xx answers carry it through gateway responses.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { corsOriginReflection } from '@stepgate/vtl';
import { apiDocument, documentTarget, validateProject, type OpenApiDocument } from '@stepgate/core';

const ROLE = 'arn:aws:iam::000000000000:role/orders-sfn';

function documentOf(cors: string | null): OpenApiDocument {
  const dir = mkdtempSync(path.join(tmpdir(), 'stepgate-cors-'));
  writeFileSync(
    path.join(dir, 'flow.asl.json'),
    JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }),
  );
  writeFileSync(
    path.join(dir, 'stepgate.yml'),
    `name: orders
stateMachine: { definition: flow.asl.json, roleArn: ${ROLE} }
api:
  credentialsRoleArn: arn:aws:iam::000000000000:role/orders-apigw
  apiKey: { required: true }
  routes:
    - { path: /orders, method: POST }
    - { path: '/orders/{id}', method: GET }
    - { path: '/orders/{id}', method: DELETE }
${cors ? `  cors: ${cors}\n` : ''}`,
  );
  const { desired } = validateProject({ configFile: path.join(dir, 'stepgate.yml') });
  return apiDocument(desired, documentTarget(desired, 'us-east-1'));
}

type Operation = OpenApiDocument['paths'][string][string];
const op = (doc: OpenApiDocument, p: string, method: string): Operation => doc.paths[p]![method]!;
const header = { schema: { type: 'string' } };

test('no cors: no OPTIONS, no CORS header, no gateway responses', () => {
  const doc = documentOf(null);
  expect(Object.keys(doc.paths['/orders']!)).toEqual(['post']);
  expect(op(doc, '/orders', 'post').responses['200']).toEqual({ description: '200 response' });
  expect(doc['x-amazon-apigateway-gateway-responses']).toBeUndefined();
});

test('one origin: a preflight per path and that origin on every response', () => {
  const doc = documentOf('{ allowOrigins: ["https://app.example.com"], maxAge: 300 }');
  const fixed = {
    'method.response.header.Access-Control-Allow-Origin': "'https://app.example.com'",
  };
  expect(op(doc, '/orders/{id}', 'options')).toEqual({
    security: [],
    responses: {
      '200': {
        description: '200 response',
        headers: {
          'Access-Control-Allow-Origin': header,
          'Access-Control-Allow-Methods': header,
          'Access-Control-Allow-Headers': header,
          'Access-Control-Max-Age': header,
        },
      },
    },
    'x-amazon-apigateway-integration': {
      type: 'mock',
      passthroughBehavior: 'when_no_match',
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
      responses: {
        default: {
          statusCode: '200',
          responseParameters: {
            ...fixed,
            'method.response.header.Access-Control-Allow-Methods': "'DELETE,GET,OPTIONS'",
            'method.response.header.Access-Control-Allow-Headers': "'content-type,x-api-key'",
            'method.response.header.Access-Control-Max-Age': "'300'",
          },
          responseTemplates: { 'application/json': '' },
        },
      },
    },
  });
  expect(
    op(doc, '/orders', 'options')['x-amazon-apigateway-integration'].responses['default']!
      .responseParameters!['method.response.header.Access-Control-Allow-Methods'],
  ).toBe("'OPTIONS,POST'");
  // The routes keep their API key; each status declares the header; the integration sets it.
  const post = op(doc, '/orders', 'post');
  expect(post.security).toEqual([{ api_key: [] }]);
  for (const response of Object.values(post.responses))
    expect(response.headers).toEqual({ 'Access-Control-Allow-Origin': header });
  expect(post['x-amazon-apigateway-integration'].responses['default']!.responseParameters).toEqual(
    fixed,
  );
  expect(doc['x-amazon-apigateway-gateway-responses']).toEqual({
    DEFAULT_4XX: {
      responseParameters: {
        'gatewayresponse.header.Access-Control-Allow-Origin': "'https://app.example.com'",
      },
    },
    DEFAULT_5XX: {
      responseParameters: {
        'gatewayresponse.header.Access-Control-Allow-Origin': "'https://app.example.com'",
      },
    },
  });
});

test('*: the header is * everywhere', () => {
  const doc = documentOf('{ allowOrigins: ["*"] }');
  const star = { 'method.response.header.Access-Control-Allow-Origin': "'*'" };
  expect(
    op(doc, '/orders', 'post')['x-amazon-apigateway-integration'].responses['default']!
      .responseParameters,
  ).toEqual(star);
  expect(
    op(doc, '/orders', 'options')['x-amazon-apigateway-integration'].responses['default']!
      .responseParameters,
  ).toMatchObject({ ...star, 'method.response.header.Access-Control-Max-Age': "'600'" });
  expect(doc['x-amazon-apigateway-gateway-responses']).toEqual({
    DEFAULT_4XX: {
      responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" },
    },
    DEFAULT_5XX: {
      responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" },
    },
  });
});

test('several origins with credentials: templates reflect an allowed Origin, gateway responses reflect any', () => {
  const origins = ['https://app.example.com', 'http://localhost:3000'];
  const doc = documentOf(`{ allowOrigins: ${JSON.stringify(origins)}, allowCredentials: true }`);
  const credentials = { 'method.response.header.Access-Control-Allow-Credentials': "'true'" };
  const post = op(doc, '/orders', 'post');
  const integration = post['x-amazon-apigateway-integration'].responses['default']!;
  expect(integration.responseParameters).toEqual(credentials);
  expect(integration.responseTemplates!['application/json']).toContain(
    corsOriginReflection(origins),
  );
  expect(post.responses['404'] ?? post.responses['500']).toEqual(
    expect.objectContaining({
      headers: {
        'Access-Control-Allow-Origin': header,
        'Access-Control-Allow-Credentials': header,
      },
    }),
  );
  const preflight = op(doc, '/orders', 'options')['x-amazon-apigateway-integration'].responses[
    'default'
  ]!;
  expect(preflight.responseParameters).toEqual({
    ...credentials,
    'method.response.header.Access-Control-Allow-Methods': "'OPTIONS,POST'",
    'method.response.header.Access-Control-Allow-Headers': "'content-type,x-api-key'",
    'method.response.header.Access-Control-Max-Age': "'600'",
  });
  expect(preflight.responseTemplates).toEqual({
    'application/json': corsOriginReflection(origins),
  });
  const reflect = {
    responseParameters: {
      'gatewayresponse.header.Access-Control-Allow-Origin': 'method.request.header.Origin',
      'gatewayresponse.header.Access-Control-Allow-Credentials': "'true'",
    },
  };
  expect(doc['x-amazon-apigateway-gateway-responses']).toEqual({
    DEFAULT_4XX: reflect,
    DEFAULT_5XX: reflect,
  });
});
