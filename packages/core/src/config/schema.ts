import { z } from 'zod';

/**
 * The one schema of `stepgate.yml`. The loader parses with it, the types below are
 * inferred from it, and `stepgate.schema.json` is generated from it (npm run schema).
 * Defaults are the ones CONTRACT.md documents.
 */

const NAME = /^[a-z][a-z0-9-]*$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const LOG_GROUP_ARN = /^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:[\w./#-]{1,512}(:\*)?$/;
const KEY = /^[a-z][a-z0-9-]*$/;
const ROUTE_PATH =
  /^\/((?:[A-Za-z0-9._~-]+|\{[A-Za-z_][A-Za-z0-9_]*\})(\/(?:[A-Za-z0-9._~-]+|\{[A-Za-z_][A-Za-z0-9_]*\}))*)?$/;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
const STAGE = /^[A-Za-z0-9_-]{1,128}$/;
const TAG_KEY = /^(?!aws:|stepgate:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;

export const HTTP_METHODS = [
  'GET',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
  'HEAD',
  'ANY',
] as const;
export const ENDPOINT_TYPES = ['REGIONAL', 'EDGE', 'PRIVATE'] as const;
export const QUOTA_PERIODS = ['DAY', 'WEEK', 'MONTH'] as const;
export const LOG_LEVELS = ['OFF', 'ALL', 'ERROR', 'FATAL'] as const;

const tags = z
  .record(
    z
      .string()
      .regex(
        TAG_KEY,
        'tag keys are 1-128 letters, digits, spaces or _.:/=+-@ and may not start with aws: or stepgate: (stepgate sets its own ownership tags)',
      ),
    z.string().max(256, 'tag values are at most 256 characters'),
  )
  .describe(
    'Tags added to the resource, besides the stepgate:app and stepgate:environment ownership tags',
  );

const template = z
  .string()
  .min(1)
  .describe(
    "`default` (valid JSON for every input), `seed` (the guide's templates verbatim) or a path to a .vtl file",
  );

const ORIGIN = /^(\*|https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?)$/;
const STAGE_VARIABLE_NAME = /^[A-Za-z0-9_]{1,64}$/;
const STAGE_VARIABLE_VALUE = /^[A-Za-z0-9\-._~:/?#&=,]{0,512}$/;
export const DEFAULT_CORS_HEADERS = ['content-type', 'x-api-key'] as const;
export const DEFAULT_CORS_MAX_AGE = 600;

const corsSchema = z
  .strictObject({
    allowOrigins: z
      .array(
        z
          .string()
          .regex(ORIGIN, 'an origin such as https://app.example.com (scheme://host[:port]) or *'),
      )
      .min(1, 'at least one origin')
      .describe('Origins allowed to call the API from a browser, or ["*"]'),
    allowHeaders: z
      .array(z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'an HTTP header name'))
      .default([...DEFAULT_CORS_HEADERS])
      .describe('Request headers a browser may send (Access-Control-Allow-Headers)'),
    allowCredentials: z
      .boolean()
      .default(false)
      .describe('Access-Control-Allow-Credentials; refused with the origin *'),
    maxAge: z
      .number()
      .int('a whole number of seconds')
      .min(0, 'at least 0')
      .max(86400, 'at most 86400 seconds')
      .default(DEFAULT_CORS_MAX_AGE)
      .describe('Seconds a browser may cache a preflight answer'),
  })
  .describe(
    'CORS: a preflight for every path and the allow-origin header on every response; off when absent',
  );

export const ACCESS_LOG_FORMATS = ['json', 'clf'] as const;

const stageName = z.string().regex(STAGE, '1-128 letters, digits, _ and -');

const stageSchema = z.union([
  stageName.describe('Stage name; defaults to the environment'),
  z
    .strictObject({
      name: stageName.optional().describe('Stage name; defaults to the environment'),
      variables: z
        .record(
          z.string().regex(STAGE_VARIABLE_NAME, 'names are 1-64 letters, digits and _'),
          z
            .string()
            .regex(STAGE_VARIABLE_VALUE, 'values are at most 512 letters, digits and -._~:/?#&=,'),
        )
        .default({})
        .describe('Stage variables ($stageVariables in templates)'),
      throttle: z
        .strictObject({
          rateLimit: z
            .number()
            .positive('greater than 0')
            .max(10000, 'at most 10000')
            .describe('Steady requests per second, for every method of the stage'),
          burstLimit: z
            .number()
            .int()
            .min(0, 'at least 0')
            .max(5000, 'at most 5000')
            .describe('Requests allowed at once above the rate'),
        })
        .optional()
        .describe('Stage-wide throttling of every method (requests per second and burst)'),
      accessLogs: z
        .strictObject({
          destinationArn: z
            .string()
            .regex(
              /^arn:aws[a-z-]*:(logs:[a-z0-9-]+:\d{12}:log-group:[\w./#-]{1,512}|firehose:[a-z0-9-]+:\d{12}:deliverystream\/amazon-apigateway-[\w.-]+)$/,
              'a CloudWatch Logs log group ARN (or a Firehose stream named amazon-apigateway-…)',
            )
            .describe('Where the access logs go: a log group ARN or a Firehose stream ARN'),
          format: z
            .string()
            .min(1)
            .default('json')
            .describe('json, clf, or a format string containing $context.requestId'),
        })
        .optional()
        .describe('Access logs of the stage'),
      tracing: z.boolean().default(false).describe('AWS X-Ray tracing of the stage'),
    })
    .describe('Stage options'),
]);

export type StageConfig = z.output<typeof stageSchema>;
export type CorsConfig = z.output<typeof corsSchema>;

const stateMachineSchema = z.strictObject({
  definition: z
    .string()
    .min(1)
    .describe('Amazon States Language file, JSON or YAML, relative to this file'),
  type: z
    .literal('EXPRESS', {
      error: 'only EXPRESS state machines can be called with StartSyncExecution; allowed: EXPRESS',
    })
    .default('EXPRESS')
    .describe('Always EXPRESS: StartSyncExecution runs only Express workflows'),
  substitutions: z
    .record(
      z.string().regex(/^[A-Za-z0-9_]+$/, 'keys are letters, digits and _'),
      z.union([z.string(), z.number(), z.boolean()]),
    )
    .default({})
    .describe('${Key} in the definition is replaced by the value'),
  roleArn: z
    .string()
    .regex(ROLE_ARN, 'an IAM role ARN, arn:aws:iam::<12-digit account>:role/<name>')
    .describe('Role the state machine runs as'),
  logging: z
    .strictObject({
      level: z
        .enum(LOG_LEVELS)
        .default('OFF')
        .describe('What is logged: OFF (nothing), ALL, ERROR or FATAL events'),
      includeExecutionData: z
        .boolean()
        .default(false)
        .describe("Log each execution's input and output too (they may hold personal data)"),
      logGroupArn: z
        .string()
        .regex(LOG_GROUP_ARN, 'a CloudWatch Logs log group ARN')
        .optional()
        .describe('An existing log group to log to; without it stepgate creates and owns one'),
    })
    .default({ level: 'OFF', includeExecutionData: false })
    .describe(
      'CloudWatch Logs for the state machine; without logGroupArn stepgate creates /aws/vendedlogs/states/<name>-<environment>',
    ),
  tracing: z.boolean().default(false).describe('AWS X-Ray tracing'),
  tags: tags.default({}),
});

/** The `$context` fields a route's `input.context` may forward to the workflow (CONTRACT.md). */
export const CONTEXT_FIELDS = [
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
] as const;
export type ContextField = (typeof CONTEXT_FIELDS)[number];

const templates = z
  .strictObject({
    request: template.default('default'),
    response: template.default('default'),
  })
  .default({ request: 'default', response: 'default' });

const errorStatuses = z
  .record(
    z.string().regex(/^[^'\r\n]+$/, "an error name such as Orders.NotFound (no ' or line breaks)"),
    z
      .number()
      .int('a whole number')
      .min(400, 'a status from 400 to 599')
      .max(599, 'a status from 400 to 599'),
  )
  .describe('Workflow error name (the FAILED execution\'s "error") → HTTP status 400-599');

const routeSchema = z.strictObject({
  path: z
    .string()
    .regex(
      ROUTE_PATH,
      'a resource path such as / or /orders/{id} (segments of letters, digits and ._~-, or a {parameter})',
    )
    .describe('Resource path; {name} segments are path parameters'),
  method: z
    .enum(HTTP_METHODS)
    .default('POST')
    .describe('HTTP method of the route (ANY: every method)'),
  stateMachine: z
    .string()
    .optional()
    .describe('A key of stateMachines; optional when there is one state machine'),
  status: z
    .number()
    .int('a whole number')
    .min(200, 'a status from 200 to 299')
    .max(299, 'a status from 200 to 299')
    .default(200)
    .describe('Status of a SUCCEEDED execution'),
  templates: templates.describe(
    'Mapping templates of the route: request (client → execution input) and response',
  ),
  input: z
    .strictObject({
      pathParameters: z.boolean().default(false).describe('"path": {"id": "42"}'),
      queryString: z
        .boolean()
        .default(false)
        .describe('"query": {"q": "x"} (a repeated parameter: its last value)'),
      headers: z
        .array(z.string().regex(HEADER_NAME, 'an HTTP header name such as x-request-id'))
        .default([])
        .describe('"headers": only these headers, keys lowercase; no other header is forwarded'),
      context: z
        .array(z.enum(CONTEXT_FIELDS))
        .default([])
        .describe('"context": these request-context fields, flat, as strings'),
    })
    .default({ pathParameters: false, queryString: false, headers: [], context: [] })
    .describe('What the default request template adds to the execution input'),
  errors: errorStatuses.default({}).describe('Added to api.errors for this route'),
  requestSchema: z
    .string()
    .min(1)
    .optional()
    .describe('JSON Schema draft 4 file of the body: an invalid body gets 400, no execution'),
});

export type RouteConfig = z.output<typeof routeSchema>;
export type StateMachineConfig = z.output<typeof stateMachineSchema>;

export const configSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of this JSON Schema, for editors'),
    name: z
      .string()
      .max(40, 'at most 40 characters')
      .regex(NAME, 'lowercase letters, digits and -, starting with a letter')
      .describe('The app name; resources are named <name>-<environment>'),
    stateMachine: stateMachineSchema
      .optional()
      .describe('The one workflow (named <name>-<environment>); or use stateMachines'),
    stateMachines: z
      .record(
        z.string().regex(KEY, 'keys are lowercase letters, digits and -, starting with a letter'),
        stateMachineSchema,
      )
      .optional()
      .describe(
        'Several workflows by key, each named <name>-<key>-<environment>; instead of stateMachine',
      ),
    api: z
      .strictObject({
        credentialsRoleArn: z
          .string()
          .regex(ROLE_ARN, 'an IAM role ARN, arn:aws:iam::<12-digit account>:role/<name>')
          .describe('Role API Gateway assumes to call states:StartSyncExecution'),
        path: z
          .string()
          .regex(
            /^\/([A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*)?$/,
            'a resource path such as / or /orders/new (letters, digits and ._~-); path parameters need api.routes',
          )
          .optional()
          .meta({ default: '/' })
          .describe('Resource path of the one method (default /); or use routes'),
        method: z
          .enum(HTTP_METHODS)
          .optional()
          .meta({ default: 'POST' })
          .describe('Method of the one route (default POST); or use routes'),
        templates: templates
          .unwrap()
          .optional()
          .describe('Templates of the one route (default: default, default); or use routes'),
        routes: z
          .array(routeSchema)
          .min(1, 'at least one route')
          .optional()
          .describe(
            'Several routes, each to a state machine; instead of path, method and templates',
          ),
        errors: errorStatuses
          .default({})
          .describe(
            'Workflow error name → HTTP status, for every route with the default response template',
          ),
        endpointType: z
          .enum(ENDPOINT_TYPES)
          .default('REGIONAL')
          .describe('REGIONAL, EDGE (through CloudFront) or PRIVATE (reachable from a VPC only)'),
        timeoutMs: z
          .number()
          .int()
          .min(50, 'at least 50')
          .max(29000, "at most 29000 (API Gateway's default integration timeout limit)")
          .default(29000)
          .describe(
            'Milliseconds API Gateway waits for the workflow before answering 504 (50 to 29000)',
          ),
        stage: stageSchema
          .optional()
          .describe('A stage name (default: the environment), or the stage with its options'),
        cors: corsSchema.optional(),
        apiKey: z
          .strictObject({
            required: z
              .boolean()
              .default(true)
              .describe('false: no API key and no usage plan; anyone can call the API'),
          })
          .default({ required: true })
          .describe(
            'The API key callers send in x-api-key; its value is generated or given to deploy',
          ),
        usagePlan: z
          .strictObject({
            throttle: z
              .strictObject({
                rateLimit: z
                  .number()
                  .positive('greater than 0')
                  .max(10000, 'at most 10000 (the account default)')
                  .default(10)
                  .describe('Steady requests per second allowed for the key'),
                burstLimit: z
                  .number()
                  .int()
                  .min(1, 'at least 1')
                  .max(5000, 'at most 5000 (the account default)')
                  .default(20)
                  .describe('Requests allowed at once above the rate (token bucket size)'),
              })
              .default({ rateLimit: 10, burstLimit: 20 })
              .describe('Request rate limits for the key; beyond them API Gateway answers 429'),
            quota: z
              .strictObject({
                limit: z
                  .number()
                  .int()
                  .min(1, 'at least 1')
                  .max(2147483647)
                  .default(10000)
                  .describe('Requests allowed per period'),
                period: z
                  .enum(QUOTA_PERIODS)
                  .default('MONTH')
                  .describe('DAY, WEEK or MONTH: when the quota starts again'),
              })
              .default({ limit: 10000, period: 'MONTH' })
              .describe('How many requests the key may make per period; beyond it 429'),
          })
          .default({
            throttle: { rateLimit: 10, burstLimit: 20 },
            quota: { limit: 10000, period: 'MONTH' },
          })
          .describe("The usage plan that limits the API key's requests"),
      })
      .describe('The REST API in front of the state machines'),
    smoke: z
      .string()
      .min(1)
      .default('smoke.yml')
      .describe('Smoke test file, relative to this file'),
  })
  .describe('stepgate: AWS Step Functions Express workflows behind one API Gateway REST API');

/** The config as written (before defaults). */
export type ConfigInput = z.input<typeof configSchema>;
/** The config with every default filled in. */
export type Config = z.output<typeof configSchema>;

/**
 * The stable URL of stepgate.yml's JSON Schema: the committed file at the `v1` tag, which every
 * release of major 1 moves (see the README's release process). Editors take it from
 * `$schema: <url>` in the file or `# yaml-language-server: $schema=<url>`.
 */
export const CONFIG_SCHEMA_URL =
  'https://raw.githubusercontent.com/stepgate/stepgate/v1/packages/core/stepgate.schema.json';

/** JSON Schema of stepgate.yml, for editors (committed as packages/core/stepgate.schema.json). */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' });
  return { $id: CONFIG_SCHEMA_URL, ...schema };
}

/** Every property of a JSON Schema that has no description, as dotted paths (`*` for maps). */
export function undescribedKeys(schema: unknown, at = ''): string[] {
  if (!schema || typeof schema !== 'object') return [];
  const node = schema as Record<string, unknown>;
  const missing: string[] = [];
  for (const [key, value] of Object.entries((node.properties ?? {}) as Record<string, unknown>)) {
    if (!(value as { description?: unknown }).description) missing.push(`${at}${key}`);
    missing.push(...undescribedKeys(value, `${at}${key}.`));
  }
  for (const combinator of ['anyOf', 'oneOf', 'allOf'])
    for (const branch of (node[combinator] ?? []) as unknown[])
      missing.push(...undescribedKeys(branch, at));
  if (node.items) missing.push(...undescribedKeys(node.items, `${at}*.`));
  if (node.additionalProperties)
    missing.push(...undescribedKeys(node.additionalProperties, `${at}*.`));
  return [...new Set(missing)];
}
