import type { IncomingMessage } from 'node:http';
import type { RenderRequest } from '@stepgate/vtl';
import { LOCAL_ACCOUNT } from '../stage-app.js';
import type { RouteMatch } from './route.js';

export interface RequestIdentity {
  readonly requestId: string;
  readonly apiId: string;
  readonly stage: string;
  /** The key the client sent, and its id, when the route requires a key. */
  readonly apiKey: string | null;
  readonly apiKeyId: string | null;
}

/** Step 5: what the templates see — `$input` and `$context` for this request, as API Gateway fills them. */
export function requestContext(
  req: IncomingMessage,
  match: RouteMatch,
  body: string,
  who: RequestIdentity,
  now: Date = new Date(),
): RenderRequest {
  const method = req.method ?? 'GET';
  const host = req.headers.host ?? '127.0.0.1';
  return {
    method,
    resourcePath: match.route.path,
    pathParameters: match.pathParameters,
    queryStringParameters: match.query,
    headers: originalHeaders(req),
    body,
    stageVariables: {},
    context: {
      accountId: LOCAL_ACCOUNT,
      apiId: who.apiId,
      deploymentId: 'local',
      domainName: host,
      domainPrefix: host.split('.')[0],
      extendedRequestId: who.requestId,
      httpMethod: method,
      path: `/${who.stage}${match.path === '/' ? '/' : match.path}`,
      protocol: `HTTP/${req.httpVersion}`,
      requestId: who.requestId,
      requestTime: clfTime(now),
      requestTimeEpoch: now.getTime(),
      resourceId: 'local',
      resourcePath: match.route.path,
      stage: who.stage,
      identity: {
        apiKey: who.apiKey,
        apiKeyId: who.apiKeyId,
        sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
        userAgent: headerValue(req, 'user-agent') ?? null,
      },
    },
  };
}

export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[value.length - 1] : value;
}

/** Headers with the client's spelling of their names (`$input.params()` shows them as sent). */
function originalHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2)
    headers[req.rawHeaders[i]!] = req.rawHeaders[i + 1]!;
  return headers;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `09/Apr/2015:12:34:56 +0000`, the format of `$context.requestTime`. */
function clfTime(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}
