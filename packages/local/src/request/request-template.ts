import { ConfigError } from '@stepgate/core';
import { renderMappingTemplate, type RenderRequest } from '@stepgate/vtl';
import type { StageRoute } from '../stage-app.js';
import { gatewayReply, type GatewayReply } from './reply.js';

/**
 * Step 6: the route's request template turns the request into the StartSyncExecution request.
 * A body that `$input.json`/`$input.path` cannot parse is the client's fault (400, as API
 * Gateway answers); any other failure to render is the template's (500, and a log line).
 */
export function renderIntegrationRequest(
  route: StageRoute,
  request: RenderRequest,
  log: (line: string) => void,
): string | GatewayReply {
  try {
    return renderMappingTemplate(route.requestTemplate, request).body;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    if (/\$input\.(json|path)\(/.test(error.problem) && !isStrictJson(request.body ?? '')) {
      const detail = error.problem.replace(/^.*?\b(json|path)\(\) threw /, '');
      return gatewayReply(
        400,
        `Could not parse request body into json: ${detail}`,
        'BadRequestException',
      );
    }
    log(`request template failed: ${error.message}`);
    return gatewayReply(500, 'Internal server error');
  }
}

function isStrictJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
