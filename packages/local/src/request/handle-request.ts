import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StageApp } from '../stage-app.js';
import { checkApiKey, type KeyCheck } from './api-key.js';
import { readBody } from './body.js';
import { checkContentType } from './content-type.js';
import { startSyncExecution } from './integration.js';
import { gatewayCorsHeaders, integrationCorsHeaders, preflightHeaders } from './cors.js';
import {
  gatewayReply,
  isReply,
  writeIntegrationResponse,
  writeReply,
  type GatewayReply,
} from './reply.js';
import { headerValue, requestContext } from './request-context.js';
import { renderIntegrationRequest } from './request-template.js';
import { renderIntegrationResponse } from './response-template.js';
import { matchRoute } from './route.js';

export interface StageSession {
  readonly app: StageApp;
  readonly key: KeyCheck;
  readonly apiKeyId: string;
  readonly apiId: string;
  readonly log: (line: string) => void;
}

/**
 * One request through the stage, in the order API Gateway takes it: route, body, API key and
 * usage plan, content type, request context, request template, StartSyncExecution, response
 * template. Each step answers for itself when it stops the request. Returns the status sent.
 */
export async function handleRequest(
  session: StageSession,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<number> {
  const requestId = randomUUID();
  const { app, log } = session;
  const cors = app.project.desired.cors;
  const origin = headerValue(req, 'origin');
  // The stage's own answers carry CORS headers as API Gateway's gateway responses do.
  const reply = (answer: GatewayReply) =>
    writeReply(res, answer, requestId, gatewayCorsHeaders(cors, origin));
  if (cors && req.method === 'OPTIONS') {
    // The preflight: a mock integration, no API key, no body read.
    const headers = preflightHeaders(app, cors, req.url ?? '/', origin);
    if (headers)
      return writeIntegrationResponse(res, { status: 200, headers, body: '' }, requestId);
  }
  const match = matchRoute(app, req.method ?? 'GET', req.url ?? '/');
  if (isReply(match)) return reply(match);
  const body = await readBody(req);
  if (isReply(body)) return reply(body);
  const sentKey = headerValue(req, 'x-api-key');
  const refused =
    checkApiKey(session.key, sentKey) ?? checkContentType(headerValue(req, 'content-type'));
  if (refused) return reply(refused);
  // The request validator: API Gateway refuses an invalid body before any execution starts.
  if (match.route.checkBody?.(body) != null)
    return reply(gatewayReply(400, 'Invalid request body', 'BadRequestException'));
  const request = requestContext(req, match, body, {
    requestId,
    apiId: session.apiId,
    stage: app.stage,
    apiKey: session.key.required ? (sentKey ?? null) : null,
    apiKeyId: session.key.required ? session.apiKeyId : null,
  });
  const integrationRequest = renderIntegrationRequest(match.route, request, log);
  if (isReply(integrationRequest)) return reply(integrationRequest);
  const integrationBody = await startSyncExecution(match.route, integrationRequest, app.timeoutMs);
  if (isReply(integrationBody)) return reply(integrationBody);
  const response = renderIntegrationResponse(match.route, request, integrationBody, log);
  if (isReply(response)) return reply(response);
  return writeIntegrationResponse(res, response, requestId, integrationCorsHeaders(cors));
}
