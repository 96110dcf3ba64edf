import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

const JSON_TYPE = 'application/json';

/** An answer API Gateway gives itself, before or instead of the integration's. */
export interface GatewayReply {
  readonly reply: true;
  readonly status: number;
  readonly body: unknown;
  /** `x-amzn-errortype`, as API Gateway names its own errors. */
  readonly errorType?: string;
  readonly closeConnection?: boolean;
}

export function gatewayReply(
  status: number,
  message: string,
  errorType?: string,
  options: { closeConnection?: boolean } = {},
): GatewayReply {
  return {
    reply: true,
    status,
    body: { message },
    ...(errorType ? { errorType } : {}),
    ...options,
  };
}

export function isReply(value: unknown): value is GatewayReply {
  return typeof value === 'object' && value !== null && (value as GatewayReply).reply === true;
}

/** Writes a gateway reply (with `extraHeaders`: its CORS headers); returns its status. */
export function writeReply(
  res: ServerResponse,
  reply: GatewayReply,
  requestId: string = randomUUID(),
  extraHeaders: Record<string, string> = {},
): number {
  const headers: Record<string, string> = {
    'content-type': JSON_TYPE,
    'x-amzn-requestid': requestId,
    ...extraHeaders,
  };
  if (reply.errorType) headers['x-amzn-errortype'] = reply.errorType;
  if (reply.closeConnection) headers['connection'] = 'close';
  res.writeHead(reply.status, headers);
  res.end(JSON.stringify(reply.body));
  return reply.status;
}

/** Writes what the response template produced. */
export function writeIntegrationResponse(
  res: ServerResponse,
  response: { status: number; headers: Record<string, string>; body: string },
  requestId: string,
  extraHeaders: Record<string, string> = {},
): number {
  res.writeHead(response.status, {
    'content-type': JSON_TYPE,
    'x-amzn-requestid': requestId,
    ...extraHeaders,
    ...response.headers,
  });
  res.end(response.body);
  return response.status;
}
