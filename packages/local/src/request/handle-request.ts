import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StageApp } from '../stage-app.js';
import { checkApiKey, type KeyCheck } from './api-key.js';
import { readBody } from './body.js';
import { checkContentType } from './content-type.js';
import { startSyncExecution } from './integration.js';
import { gatewayReply, isReply, writeIntegrationResponse, writeReply } from './reply.js';
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
  const match = matchRoute(app, req.method ?? 'GET', req.url ?? '/');
  if (isReply(match)) return writeReply(res, match, requestId);
  const body = await readBody(req);
  if (isReply(body)) return writeReply(res, body, requestId);
  const sentKey = headerValue(req, 'x-api-key');
  const refused =
    checkApiKey(session.key, sentKey) ?? checkContentType(headerValue(req, 'content-type'));
  if (refused) return writeReply(res, refused, requestId);
  // The request validator: API Gateway refuses an invalid body before any execution starts.
  if (match.route.checkBody?.(body) != null)
    return writeReply(
      res,
      gatewayReply(400, 'Invalid request body', 'BadRequestException'),
      requestId,
    );
  const request = requestContext(req, match, body, {
    requestId,
    apiId: session.apiId,
    stage: app.stage,
    apiKey: session.key.required ? (sentKey ?? null) : null,
    apiKeyId: session.key.required ? session.apiKeyId : null,
  });
  const integrationRequest = renderIntegrationRequest(match.route, request, log);
  if (isReply(integrationRequest)) return writeReply(res, integrationRequest, requestId);
  const integrationBody = await startSyncExecution(match.route, integrationRequest, app.timeoutMs);
  if (isReply(integrationBody)) return writeReply(res, integrationBody, requestId);
  const response = renderIntegrationResponse(match.route, request, integrationBody, log);
  if (isReply(response)) return writeReply(res, response, requestId);
  return writeIntegrationResponse(res, response, requestId);
}
