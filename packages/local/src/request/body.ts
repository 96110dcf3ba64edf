import type { IncomingMessage } from 'node:http';
import { PayloadTooLarge, readLimitedBody } from '../http-limits.js';
import { gatewayReply, type GatewayReply } from './reply.js';

/** Step 2: the body, within API Gateway's 10 MB (413 above). */
export async function readBody(req: IncomingMessage): Promise<string | GatewayReply> {
  try {
    return await readLimitedBody(req);
  } catch (error) {
    if (!(error instanceof PayloadTooLarge)) throw error;
    return gatewayReply(413, 'Request Too Long', undefined, { closeConnection: true });
  }
}
