// An HTTP proxy of our own between stepgate and the emulator: it names each AWS call, and can
// inject the faults AWS and networks produce (throttling, 500s, resets before the call, lost
// responses after it), crash the client after its k-th mutating call, and enforce API Gateway's
// control-plane quotas. Listens on port 0.
import { createServer, request as forward, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ProxyCall {
  readonly service: 'apigateway' | 'states' | 'logs' | 'invoke';
  /** `CreateStateMachine`, or for API Gateway the method and path shape: `POST /restapis/{id}/deployments`. */
  readonly operation: string;
  readonly mutating: boolean;
}

export type Fault = 'throttle' | 'server-error' | 'reset' | 'lost-response';
export const FAULTS: readonly Fault[] = ['throttle', 'server-error', 'reset', 'lost-response'];

export interface FaultProxyOptions {
  readonly target: string;
  /** The fault to inject for this wire request (every attempt is asked), if any. */
  readonly fault?: (call: ProxyCall) => Fault | undefined;
  /** After the response of the k-th mutating call, hold every later request and call onCrash. */
  readonly crashAfterMutating?: number;
  readonly onCrash?: () => void;
  /** Enforce API Gateway's control-plane quotas (429 TooManyRequestsException beyond them). */
  readonly quotas?: boolean;
}

export interface FaultProxy {
  readonly url: string;
  /** Every wire request (retries included) that reached AWS or was refused by a fault. */
  readonly calls: ProxyCall[];
  readonly injected: Record<Fault, number>;
  /** 429s sent because a quota was exceeded. */
  readonly quotaRefusals: { count: number };
  close(): Promise<void>;
}

/** AWS's control-plane quotas for API Gateway (per account), as the issue lists them. */
const ACCOUNT_RATE = 10;
const ACCOUNT_BURST = 40;
const PER_OPERATION_MS: Readonly<Record<string, number>> = {
  'POST /restapis/{id}/deployments': 5_000, // CreateDeployment
  'POST /restapis': 3_000, // CreateRestApi
  'DELETE /restapis/{id}': 30_000, // DeleteRestApi
  'PATCH /usageplans/{id}': 20_000, // UpdateUsagePlan
};

export function describeCall(request: IncomingMessage): ProxyCall {
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string') {
    const operation = target.split('.').pop() ?? target;
    const service = target.startsWith('AWSStepFunctions') ? 'states' : 'logs';
    return { service, operation, mutating: !/^(Get|List|Describe|Test)/.test(operation) };
  }
  const path = (request.url ?? '/').split('?')[0]!;
  if (path.startsWith('/_aws/') || path.includes('/_user_request_/'))
    return { service: 'invoke', operation: 'invoke', mutating: false };
  const shape = path
    .split('/')
    .map((part, i, parts) => (i > 0 && i % 2 === 0 && parts[i - 1] !== '' ? '{id}' : part))
    .join('/');
  const method = request.method ?? 'GET';
  return { service: 'apigateway', operation: `${method} ${shape}`, mutating: method !== 'GET' };
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  const calls: ProxyCall[] = [];
  const injected: Record<Fault, number> = {
    throttle: 0,
    'server-error': 0,
    reset: 0,
    'lost-response': 0,
  };
  const quotaRefusals = { count: 0 };
  const sockets = new Set<Socket>();
  let mutatingDone = 0;
  let crashed = false;
  let tokens = ACCOUNT_BURST;
  let refilledAt = Date.now();
  const lastAllowed = new Map<string, number>();

  const withinQuota = (call: ProxyCall): boolean => {
    if (call.service !== 'apigateway') return true;
    const now = Date.now();
    tokens = Math.min(ACCOUNT_BURST, tokens + ((now - refilledAt) / 1000) * ACCOUNT_RATE);
    refilledAt = now;
    if (tokens < 1) return false;
    const interval = PER_OPERATION_MS[call.operation];
    if (interval !== undefined && now - (lastAllowed.get(call.operation) ?? -Infinity) < interval)
      return false;
    tokens -= 1;
    if (interval !== undefined) lastAllowed.set(call.operation, now);
    return true;
  };

  const server: Server = createServer((req, res) => {
    if (crashed) return; // the client is dead: nothing answers any more
    const call = describeCall(req);
    if (call.service !== 'invoke') calls.push(call);
    const jsonError = (status: number, type: string, message: string) => {
      res.statusCode = status;
      res.setHeader('content-type', 'application/json');
      res.setHeader('x-amzn-errortype', type);
      res.end(JSON.stringify({ __type: type, message }));
    };
    if (options.quotas && !withinQuota(call)) {
      quotaRefusals.count++;
      return jsonError(429, 'TooManyRequestsException', 'Too Many Requests');
    }
    const fault = call.service === 'invoke' ? undefined : options.fault?.(call);
    if (fault) injected[fault]++;
    if (fault === 'throttle') {
      return call.service === 'apigateway'
        ? jsonError(429, 'TooManyRequestsException', 'Too Many Requests')
        : jsonError(400, 'ThrottlingException', 'Rate exceeded');
    }
    if (fault === 'server-error') return jsonError(500, 'InternalFailure', 'injected 500');
    if (fault === 'reset') {
      req.socket.destroy();
      return;
    }
    const upstream = forward(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          // AWS did the work; the answer is lost on the way back.
          if (fault === 'lost-response') return req.socket.destroy();
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(Buffer.concat(chunks));
          if (call.mutating && (answer.statusCode ?? 500) < 300) {
            mutatingDone++;
            if (options.crashAfterMutating === mutatingDone) {
              crashed = true;
              options.onCrash?.();
            }
          }
        });
      },
    );
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    injected,
    quotaRefusals,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
