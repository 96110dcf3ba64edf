import { createHash } from 'node:crypto';
import { corsOriginReflection } from '@stepgate/vtl';
import { resolveRequestTemplate } from '../templates/builtin-templates.js';
import type { DesiredCors, DesiredState } from './desired-state.js';

/**
 * The desired REST API as one OpenAPI 3.0 document with API Gateway's extensions: what a deploy
 * writes whole (PutRestApi mode=overwrite), what `stepgate openapi` prints, and what its hash
 * (in the deployment's description) is compared against. Pure: no AWS call.
 *
 * The document is assembled from entries (`ApiOperation`s under their paths, plus named
 * components and top-level extensions), so more routes, models and validators, gateway
 * responses and CORS preflights are more entries in the same places.
 */
export interface OpenApiDocument {
  readonly openapi: '3.0.1';
  readonly info: { readonly title: string; readonly description: string; readonly version: string };
  readonly paths: Readonly<Record<string, Readonly<Record<string, ApiOperation>>>>;
  readonly components: {
    readonly securitySchemes?: Readonly<Record<string, unknown>>;
    readonly schemas?: Readonly<Record<string, unknown>>;
  };
  readonly 'x-amazon-apigateway-api-key-source'?: 'HEADER';
  readonly [extension: `x-${string}`]: unknown;
}

/** One operation (HTTP method of a path) in the document. */
export interface ApiOperation {
  readonly operationId?: string;
  readonly security?: readonly Readonly<Record<string, readonly string[]>>[];
  readonly parameters?: readonly unknown[];
  readonly requestBody?: unknown;
  readonly responses: Readonly<Record<string, MethodResponse>>;
  readonly 'x-amazon-apigateway-integration': ApiIntegration;
  readonly 'x-amazon-apigateway-request-validator'?: string;
}

/** A method response: its status's description and the headers it may carry. */
export interface MethodResponse {
  readonly description: string;
  readonly headers?: Readonly<Record<string, { readonly schema: { readonly type: 'string' } }>>;
}

export interface ApiIntegration {
  readonly type: 'aws' | 'mock';
  readonly httpMethod?: 'POST';
  readonly uri?: string;
  readonly credentials?: string;
  readonly passthroughBehavior: 'never' | 'when_no_match' | 'when_no_templates';
  readonly timeoutInMillis?: number;
  readonly requestTemplates: Readonly<Record<string, string>>;
  readonly responses: Readonly<
    Record<
      string,
      {
        readonly statusCode: string;
        readonly responseTemplates?: Readonly<Record<string, string>>;
        readonly responseParameters?: Readonly<Record<string, string>>;
      }
    >
  >;
}

/** One route of the API as the document needs it (today's config has exactly one). */
export interface ApiRoute {
  readonly path: string;
  readonly httpMethod: string;
  readonly apiKeyRequired: boolean;
  /** Every status the response template can produce; each gets a method response. */
  readonly responseStatuses: readonly string[];
  /** Which state machine the route starts (a key of the desired state machines). */
  readonly stateMachine: string;
  readonly credentialsRoleArn: string;
  readonly timeoutMs: number;
  readonly contentType: string;
  /** The request template with the state machine ARN placeholder still in it. */
  readonly requestTemplate: string;
  readonly responseTemplate: string;
  /** The body's model; with it, API Gateway's validator answers 400 before any execution. */
  readonly requestModel?: {
    readonly name: string;
    readonly schema: Readonly<Record<string, unknown>>;
  };
}

/** What the document is built from: the API's name and description and its routes. */
export interface ApiDocumentInput {
  readonly title: string;
  readonly description: string;
  readonly routes: readonly ApiRoute[];
  /** `api.cors`: a preflight per path and the allow-origin header on every response. */
  readonly cors?: DesiredCors | null;
}

/** Where the document is deployed: the only values of it that depend on the account. */
export interface ApiDocumentTarget {
  readonly region: string;
  /** `aws`, `aws-cn`, `aws-us-gov`. */
  readonly partition: string;
  /** The ARN of each state machine a route names, by key. */
  readonly stateMachineArns: Readonly<Record<string, string>>;
}

/** The name of the API key security scheme in the document. */
export const API_KEY_SCHEME = 'api_key';
/** The request validator of routes with a requestSchema: the body only. */
export const BODY_VALIDATOR = 'body';

/** The routes and names of the desired state, as the document builder takes them. */
export function apiDocumentInput(desired: DesiredState): ApiDocumentInput {
  return {
    title: desired.restApi.name,
    description: desired.restApi.description,
    cors: desired.cors,
    routes: desired.routes.map((route): ApiRoute => ({
      path: route.path,
      httpMethod: route.httpMethod,
      apiKeyRequired: route.apiKeyRequired,
      responseStatuses: route.responseStatuses,
      stateMachine: route.stateMachine,
      credentialsRoleArn: route.integration.credentialsRoleArn,
      timeoutMs: route.integration.timeoutMs,
      contentType: route.integration.contentType,
      requestTemplate: route.integration.templates.request.text,
      responseTemplate: route.integration.templates.response.text,
      ...(route.requestModel ? { requestModel: route.requestModel } : {}),
    })),
  };
}

/** The OpenAPI document of the desired API for one region and set of state machine ARNs. */
export function apiDocument(desired: DesiredState, target: ApiDocumentTarget): OpenApiDocument {
  return buildApiDocument(apiDocumentInput(desired), target);
}

export function buildApiDocument(
  input: ApiDocumentInput,
  target: ApiDocumentTarget,
): OpenApiDocument {
  const cors = input.cors ?? null;
  const paths: Record<string, Record<string, ApiOperation>> = {};
  for (const route of input.routes) {
    const operations = (paths[route.path] ??= {});
    operations[operationKey(route.httpMethod)] = routeOperation(route, target, cors);
  }
  if (cors) {
    for (const [path, operations] of Object.entries(paths)) {
      const methods = input.routes.filter((r) => r.path === path).map((r) => r.httpMethod);
      operations['options'] = preflightOperation(cors, methods);
    }
  }
  const usesApiKey = input.routes.some((r) => r.apiKeyRequired);
  const models = input.routes.flatMap((r) => (r.requestModel ? [r.requestModel] : []));
  const schemas = Object.fromEntries(models.map((m) => [m.name, m.schema]));
  return {
    openapi: '3.0.1',
    info: { title: input.title, description: input.description, version: '1' },
    paths: sortedKeys(paths),
    components: {
      ...(usesApiKey
        ? {
            securitySchemes: {
              [API_KEY_SCHEME]: { type: 'apiKey', name: 'x-api-key', in: 'header' },
            },
          }
        : {}),
      ...(models.length ? { schemas } : {}),
    },
    ...(usesApiKey ? { 'x-amazon-apigateway-api-key-source': 'HEADER' as const } : {}),
    ...(cors ? { 'x-amazon-apigateway-gateway-responses': corsGatewayResponses(cors) } : {}),
    ...(models.length
      ? {
          'x-amazon-apigateway-request-validators': {
            [BODY_VALIDATOR]: { validateRequestBody: true, validateRequestParameters: false },
          },
        }
      : {}),
  };
}

/** OpenAPI keys operations by lowercase method; API Gateway's ANY has an extension of its own. */
export function operationKey(httpMethod: string): string {
  return httpMethod === 'ANY' ? 'x-amazon-apigateway-any-method' : httpMethod.toLowerCase();
}

/** The header names of CORS, as API Gateway's parameter mappings spell them. */
export const CORS_HEADERS = {
  origin: 'Access-Control-Allow-Origin',
  methods: 'Access-Control-Allow-Methods',
  headers: 'Access-Control-Allow-Headers',
  maxAge: 'Access-Control-Max-Age',
  credentials: 'Access-Control-Allow-Credentials',
} as const;

/** The one fixed allow-origin value (one origin, or `*`); null when several are reflected. */
export function fixedCorsOrigin(cors: DesiredCors): string | null {
  return cors.allowOrigins.length === 1 ? cors.allowOrigins[0]! : null;
}

/** Every allowed method of a path: its routes' methods (ANY: all of them) and OPTIONS. */
export function corsAllowedMethods(methods: readonly string[]): string[] {
  const all = ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT'];
  const set = new Set(methods.flatMap((m) => (m === 'ANY' ? all : [m])));
  set.add('OPTIONS');
  return [...set].sort();
}

// A static value in a parameter mapping is single-quoted.
const quoted = (value: string) => `'${value}'`;

/** The CORS headers a non-preflight response declares (method response headers). */
function corsResponseHeaders(cors: DesiredCors, preflight: boolean): string[] {
  return [
    CORS_HEADERS.origin,
    ...(preflight ? [CORS_HEADERS.methods, CORS_HEADERS.headers, CORS_HEADERS.maxAge] : []),
    ...(cors.allowCredentials ? [CORS_HEADERS.credentials] : []),
  ];
}

function declaredHeaders(names: readonly string[]): MethodResponse['headers'] {
  return Object.fromEntries(names.map((name) => [name, { schema: { type: 'string' as const } }]));
}

/** The integration response's fixed CORS headers (several origins: the template sets the origin). */
function corsResponseParameters(cors: DesiredCors): Record<string, string> {
  const origin = fixedCorsOrigin(cors);
  return {
    ...(origin !== null
      ? { [`method.response.header.${CORS_HEADERS.origin}`]: quoted(origin) }
      : {}),
    ...(cors.allowCredentials
      ? { [`method.response.header.${CORS_HEADERS.credentials}`]: quoted('true') }
      : {}),
  };
}

/** The OPTIONS of a path: a mock integration answering the preflight, no API key. */
function preflightOperation(cors: DesiredCors, methods: readonly string[]): ApiOperation {
  const origin = fixedCorsOrigin(cors);
  return {
    security: [],
    responses: {
      '200': {
        description: '200 response',
        headers: declaredHeaders(corsResponseHeaders(cors, true)),
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
            ...corsResponseParameters(cors),
            [`method.response.header.${CORS_HEADERS.methods}`]: quoted(
              corsAllowedMethods(methods).join(','),
            ),
            [`method.response.header.${CORS_HEADERS.headers}`]: quoted(cors.allowHeaders.join(',')),
            [`method.response.header.${CORS_HEADERS.maxAge}`]: quoted(String(cors.maxAge)),
          },
          responseTemplates: {
            'application/json': origin === null ? corsOriginReflection(cors.allowOrigins) : '',
          },
        },
      },
    },
  };
}

/**
 * API Gateway's own 4xx and 5xx answers (missing key, invalid body, throttling, …) carry the
 * allow-origin header too. A gateway response cannot check the origin against a list, so with
 * several origins it reflects the request's.
 */
function corsGatewayResponses(cors: DesiredCors): Record<string, unknown> {
  const origin = fixedCorsOrigin(cors);
  const responseParameters = {
    [`gatewayresponse.header.${CORS_HEADERS.origin}`]:
      origin !== null ? quoted(origin) : 'method.request.header.Origin',
    ...(cors.allowCredentials
      ? { [`gatewayresponse.header.${CORS_HEADERS.credentials}`]: quoted('true') }
      : {}),
  };
  return {
    DEFAULT_4XX: { responseParameters },
    DEFAULT_5XX: { responseParameters },
  };
}

function routeOperation(
  route: ApiRoute,
  target: ApiDocumentTarget,
  cors: DesiredCors | null,
): ApiOperation {
  const arn = target.stateMachineArns[route.stateMachine];
  if (arn === undefined) throw new Error(`no ARN for state machine "${route.stateMachine}"`);
  const pathParameters = [...route.path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => m[1]!);
  return {
    ...(pathParameters.length
      ? {
          parameters: pathParameters.map((name) => ({
            name,
            in: 'path',
            required: true,
            schema: { type: 'string' },
          })),
        }
      : {}),
    ...(route.apiKeyRequired ? { security: [{ [API_KEY_SCHEME]: [] }] } : {}),
    ...(route.requestModel
      ? {
          requestBody: {
            required: true,
            content: {
              [route.contentType]: {
                schema: { $ref: `#/components/schemas/${route.requestModel.name}` },
              },
            },
          },
          'x-amazon-apigateway-request-validator': BODY_VALIDATOR,
        }
      : {}),
    responses: Object.fromEntries(
      [...route.responseStatuses].sort().map((status): [string, MethodResponse] => [
        status,
        {
          description: `${status} response`,
          ...(cors ? { headers: declaredHeaders(corsResponseHeaders(cors, false)) } : {}),
        },
      ]),
    ),
    'x-amazon-apigateway-integration': {
      type: 'aws',
      httpMethod: 'POST',
      uri: integrationUri(target.region, target.partition),
      credentials: route.credentialsRoleArn,
      passthroughBehavior: 'never',
      timeoutInMillis: route.timeoutMs,
      requestTemplates: {
        [route.contentType]: resolveRequestTemplate(route.requestTemplate, arn),
      },
      responses: {
        default: {
          statusCode: '200',
          ...(cors && Object.keys(corsResponseParameters(cors)).length
            ? { responseParameters: corsResponseParameters(cors) }
            : {}),
          responseTemplates: { [route.contentType]: route.responseTemplate },
        },
      },
    },
  };
}

/** The AWS-service integration URI of StartSyncExecution in a region. */
export function integrationUri(region: string, partition = 'aws'): string {
  return `arn:${partition}:apigateway:${region}:states:action/StartSyncExecution`;
}

/** A short hash of the document's content: key order and spacing never count. */
export function documentHash(document: OpenApiDocument): string {
  return createHash('sha256').update(canonicalJsonOf(document)).digest('hex').slice(0, 16);
}

/** The description stepgate gives each deployment: it names the document it serves. */
export function deploymentDescriptionFor(hash: string): string {
  return `stepgate ${hash}`;
}

/** The hash a stepgate deployment's description names, or null for any other deployment. */
export function hashInDescription(description: string): string | null {
  return /^stepgate ([0-9a-f]{16})$/.exec(description)?.[1] ?? null;
}

/** The document as JSON text with sorted keys: the body a deploy sends. */
export function documentText(document: OpenApiDocument): string {
  return canonicalJsonOf(document);
}

/** The state machine ARN AWS will give a state machine, known before it exists. */
export function predictedStateMachineArn(
  name: string,
  region: string,
  roleArn: string,
): { arn: string; partition: string } {
  const [, partition = 'aws', , , account = ''] = roleArn.split(':');
  return { arn: `arn:${partition}:states:${region}:${account}:stateMachine:${name}`, partition };
}

/**
 * Where the document goes: the ARN of every state machine, by key — the one given when known
 * (it exists, or was just created), else the one AWS will give it (from its name, the region
 * and its role's account) — and the partition they are in.
 */
export function documentTarget(
  desired: DesiredState,
  region: string,
  known: Readonly<Record<string, string>> = {},
): ApiDocumentTarget {
  const stateMachineArns = Object.fromEntries(
    desired.stateMachines.map((machine) => [
      machine.key,
      known[machine.key] ?? predictedStateMachineArn(machine.name, region, machine.roleArn).arn,
    ]),
  );
  const partition = Object.values(stateMachineArns)[0]?.split(':')[1] || 'aws';
  return { region, partition, stateMachineArns };
}

function canonicalJsonOf(value: unknown): string {
  return JSON.stringify(sortDeep(value));
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortDeep((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

function sortedKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((k) => [k, record[k]!]),
  );
}
