import type { IncomingMessage, ServerOptions } from 'node:http';

/**
 * The local stage's limits on requests, in one place (the template engine's are in
 * @stepgate/vtl's ENGINE_LIMITS). The payload limit is API Gateway's; the time limits are
 * stepgate's, so a client that never finishes its request (slow loris) cannot hold a
 * connection: it gets 408 and the server keeps serving everyone else.
 */
export const STAGE_LIMITS = {
  /** API Gateway: a request payload is at most 10 MB → 413 "Request Too Long". */
  payloadBytes: 10 * 1024 * 1024,
  /** stepgate: the request head must arrive within this time → 408. */
  headersTimeoutMs: 10_000,
  /** stepgate: the whole request (head and body) must arrive within this time → 408. */
  requestTimeoutMs: 30_000,
} as const;

/** The request's body was over STAGE_LIMITS.payloadBytes. */
export class PayloadTooLarge extends Error {
  constructor() {
    super(`request body over ${STAGE_LIMITS.payloadBytes} bytes`);
  }
}

/** Server options that enforce the time limits (`requestTimeoutMs` lowered in tests). */
export function serverLimits(
  requestTimeoutMs: number = STAGE_LIMITS.requestTimeoutMs,
): ServerOptions {
  const headersTimeout = Math.min(STAGE_LIMITS.headersTimeoutMs, requestTimeoutMs);
  return {
    headersTimeout,
    requestTimeout: requestTimeoutMs,
    // How often Node checks the two timeouts above (its default, 30 s, would let them slip).
    connectionsCheckingInterval: Math.max(50, Math.min(1000, headersTimeout / 4)),
  };
}

/**
 * Reads the body as text, refusing more than STAGE_LIMITS.payloadBytes (by Content-Length
 * before reading, or as it arrives). Bytes that are not UTF-8 become U+FFFD, as Java's decoder
 * (API Gateway's) makes them. On PayloadTooLarge the rest of the body is drained and dropped.
 */
export function readLimitedBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > STAGE_LIMITS.payloadBytes) {
      req.resume();
      reject(new PayloadTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > STAGE_LIMITS.payloadBytes) {
        chunks.length = 0;
        req.off('data', onData);
        req.resume();
        reject(new PayloadTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
