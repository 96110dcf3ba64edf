import { ConfigError } from '@stepgate/core';
import { renderMappingTemplate, type RenderRequest } from '@stepgate/vtl';
import type { StageRoute } from '../stage-app.js';
import { gatewayReply, type GatewayReply } from './reply.js';

export interface IntegrationResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Step 8: the route's response template maps the integration's body to status, headers and body. */
export function renderIntegrationResponse(
  route: StageRoute,
  request: RenderRequest,
  integrationBody: string,
  log: (line: string) => void,
): IntegrationResponse | GatewayReply {
  let response;
  try {
    response = renderMappingTemplate(route.responseTemplate, { ...request, body: integrationBody });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    log(`response template failed: ${error.message}`);
    return gatewayReply(500, 'Internal server error');
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== null && value !== undefined) headers[name.toLowerCase()] = String(value);
  }
  return { status: response.status ?? 200, headers, body: response.body };
}
