import { gatewayReply, type GatewayReply } from './reply.js';

const JSON_TYPE = 'application/json';

/**
 * Step 4: the request template is chosen by Content-Type (none → application/json). stepgate
 * deploys passthroughBehavior NEVER with an application/json template only: anything else → 415.
 */
export function checkContentType(contentType: string | undefined): GatewayReply | null {
  const mediaType = (contentType ?? JSON_TYPE).split(';')[0]!.trim().toLowerCase();
  return mediaType === JSON_TYPE
    ? null
    : gatewayReply(415, 'Unsupported Media Type', 'UnsupportedMediaTypeException');
}
