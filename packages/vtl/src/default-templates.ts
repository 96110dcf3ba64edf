/**
 * stepgate's default mapping templates, generated per route: the request template adds what
 * the route's `input` asks for; the response template maps errors to the route's statuses.
 * Every value is escaped twice — once as a JSON string inside the execution input, once as
 * the input string of the StartSyncExecution request — with Java's escapeJavaScript, whose one
 * non-JSON escape (`\'`) is undone by a Java-regex replaceAll. So the output is valid JSON
 * whatever the body, parameters, headers or causes hold (proven on Velocity 1.7 in tests).
 */

/** The guide's placeholder for the state machine ARN; replaced at deploy time. */
export const STATE_MACHINE_ARN_PLACEHOLDER = 'REPLACE_STEPFUNCTION_ARN';

export interface DefaultRequestOptions {
  /** `"path": {"id": "42"}`. */
  readonly pathParameters?: boolean;
  /** `"query": {"q": "x"}`. */
  readonly queryString?: boolean;
  /** `"headers": {...}` with only these (lowercase) headers. */
  readonly headers?: readonly string[];
  /** `"context": {...}` with these request-context fields, flat. */
  readonly context?: readonly string[];
}

export interface DefaultResponseOptions {
  /** Status of a SUCCEEDED execution (default 200). */
  readonly status?: number;
  /** Workflow error name → status, for FAILED executions. */
  readonly errors?: Readonly<Record<string, number>>;
  /**
   * CORS origins allowed (`api.cors.allowOrigins`). With several, the template reflects the
   * request's `Origin` in Access-Control-Allow-Origin when it is one of them (nothing
   * otherwise); one origin or `*` is a fixed header the document sets, so nothing is added here.
   */
  readonly corsOrigins?: readonly string[];
}

/**
 * Sets Access-Control-Allow-Origin to the request's `Origin` when it is one of `origins`
 * (header names are matched case-insensitively, as HTTP/2 clients send them lowercase; `Origin`
 * is read directly first, which is all LocalStack's engine, without Java's toLowerCase, can do).
 */
export function corsOriginReflection(origins: readonly string[]): string {
  const test = origins.map((o) => `$origin == ${literal(o)}`).join(' || ');
  return `#set($requestHeaders = $input.params().header)
#set($origin = "$!requestHeaders.get('Origin')")
#if($origin == "")#foreach($name in $requestHeaders.keySet())#if($name.toLowerCase() == 'origin')#set($origin = "$!requestHeaders.get($name)")#end#end#end
#if(${test})#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)#end
`;
}

/** Where each `input.context` name is read from. */
export const CONTEXT_SOURCES: Readonly<Record<string, string>> = {
  requestId: 'context.requestId',
  extendedRequestId: 'context.extendedRequestId',
  requestTime: 'context.requestTime',
  requestTimeEpoch: 'context.requestTimeEpoch',
  sourceIp: 'context.identity.sourceIp',
  userAgent: 'context.identity.userAgent',
  stage: 'context.stage',
  resourcePath: 'context.resourcePath',
  httpMethod: 'context.httpMethod',
  domainName: 'context.domainName',
  apiId: 'context.apiId',
};

/** Throttling errors of the Step Functions API (the integration's 4xx) → 429. */
export const THROTTLING_ERRORS = ['ThrottlingException', 'Throttling', 'TooManyRequestsException'];

// `$util.escapeJavaScript(x)` made valid JSON: its `\'` back to `'`.
const escape = (expr: string) => `$util.escapeJavaScript(${expr}).replaceAll("\\\\'", "'")`;
// VTL single-quoted literals are not interpolated; names are checked to hold no `'`.
const literal = (text: string) => {
  if (/['\r\n]/.test(text)) throw new Error(`cannot put ${JSON.stringify(text)} in a template`);
  return `'${text}'`;
};

/** Adds `,"<key>":{...}` built from a map of the request's parameters (`map`: a reference without `$`). */
function addMap(key: string, map: string): string {
  return `#set($sep = '')
#set($executionInput = $executionInput + ',"${key}":{')
#foreach($name in $${map}.keySet())
#set($value = "$!${map}.get($name)")
#set($executionInput = $executionInput + $sep + '"' + ${escape('$name')} + '":"' + ${escape('$value')} + '"')
#set($sep = ',')
#end
#set($executionInput = $executionInput + '}')
`;
}

export function defaultRequestTemplate(options: DefaultRequestOptions = {}): string {
  let text = `## stepgate default request template
#set($data = $input.json('$'))
#if("$!context.identity.apiKeyId" == "")#set($apiKeyId = "")#else#set($apiKeyId = "$context.identity.apiKeyId")#end
#set($executionInput = '{"data":' + $data + ',"apiInfo":{"httpMethod":"' + $context.httpMethod + '","apiKey":"' + $apiKeyId + '"}')
`;
  if (options.pathParameters) text += addMap('path', 'input.params().path');
  if (options.queryString) text += addMap('query', 'input.params().querystring');
  const headers = options.headers ?? [];
  if (headers.length) {
    // Header names are matched case-insensitively (clients spell them as they like); the key
    // is the listed, lowercase name. Every header not listed stays out of the input.
    text += `#set($sep = '')
#set($headers = $input.params().header)
#set($executionInput = $executionInput + ',"headers":{')
`;
    for (const header of headers) {
      const name = header.toLowerCase();
      text += `#set($found = false)
#set($value = "")
#if($headers.containsKey(${literal(name)}))#set($found = true)#set($value = "$!headers.get(${literal(name)})")#else#foreach($name in $headers.keySet())#if($name.toLowerCase() == ${literal(name)})#set($found = true)#set($value = "$!headers.get($name)")#end#end#end
#if($found)#set($executionInput = $executionInput + $sep + '"' + ${escape(literal(name))} + '":"' + ${escape('$value')} + '"')#set($sep = ',')#end
`;
    }
    text += `#set($executionInput = $executionInput + '}')
`;
  }
  const context = options.context ?? [];
  if (context.length) {
    text += `#set($executionInput = $executionInput + ',"context":{')
`;
    context.forEach((field, i) => {
      const source = CONTEXT_SOURCES[field];
      if (!source) throw new Error(`unknown context field ${field}`);
      text += `#set($value = "$!${source}")
#set($executionInput = $executionInput + '${i ? ',' : ''}"${field}":"' + ${escape('$value')} + '"')
`;
    });
    text += `#set($executionInput = $executionInput + '}')
`;
  }
  text += `#set($executionInput = $executionInput + '}')
#set($escapedInput = ${escape('$executionInput')})
{"input": "$escapedInput", "stateMachineArn": "${STATE_MACHINE_ARN_PLACEHOLDER}"}
`;
  return text;
}

export function defaultResponseTemplate(options: DefaultResponseOptions = {}): string {
  const status = options.status ?? 200;
  const mapped = Object.entries(options.errors ?? {});
  const mapping = mapped.length
    ? mapped
        .map(
          ([error, code], i) =>
            `#${i ? 'else' : ''}if($error == ${literal(error)})#set($context.responseOverride.status = ${code})`,
        )
        .join('\n') + '\n#end\n'
    : '';
  const throttling = THROTTLING_ERRORS.map((e) => `$error == ${literal(e)}`).join(' || ');
  const origins = options.corsOrigins ?? [];
  const cors = origins.length > 1 ? corsOriginReflection(origins) : '';
  return `## stepgate default response template
${cors}#set($result = $util.parseJson($input.body))
#if("$!result.status" == "SUCCEEDED")
${status === 200 ? '' : `#set($context.responseOverride.status = ${status})\n`}$result.output
#else
#if("$!result.status" == "FAILED")
#set($error = "$!result.error")
#set($cause = "$!result.cause")
#set($context.responseOverride.status = 500)
${mapping}#elseif("$!result.status" == "TIMED_OUT")
#set($error = "$!result.error")
#if($error == "")#set($error = "States.Timeout")#end
#set($cause = "$!result.cause")
#if($cause == "")#set($cause = "The execution timed out")#end
#set($context.responseOverride.status = 504)
#else
#set($error = "$!result.get('__type')")
#set($error = $error.replaceAll("^.*#", ""))
#set($cause = "$!result.message")
#if("$!result.Message" != "" && $cause == "")#set($cause = "$result.Message")#end
#if($error == 'InvalidExecutionInput')
#set($context.responseOverride.status = 400)
#elseif(${throttling})
#set($context.responseOverride.status = 429)
#else
#set($context.responseOverride.status = 500)
#end
#end
#set($error = ${escape('$error')})
#set($cause = ${escape('$cause')})
{"error": "$error", "cause": "$cause"}
#end
`;
}
