// A stand-in AWS endpoint over real HTTP for the write-path tests: the SDK's whole middleware
// stack runs (serialisation, retries with their backoff, deserialisation, stepgate's
// instrumentation), as users get it. It answers every call with a plausible success, records
// each wire request (retries included) and can fail chosen requests.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WireCall {
  /** `states:UpdateStateMachine`, `logs:DeleteLogGroup`, or `PATCH /usageplans/plan1`. */
  readonly call: string;
  readonly body: Record<string, unknown>;
}

export interface WireFailure {
  /** Matched against `WireCall.call`. */
  readonly call: string;
  readonly status: number;
  /** The AWS error name, e.g. `ThrottlingException`, `NotFoundException` ('' with a 2xx status). */
  readonly type: string;
  /** With a 2xx status: the body to answer instead (e.g. one without the id). */
  readonly body?: unknown;
  /** How many matching requests fail (default 1). */
  times?: number;
}

export interface WireFake {
  readonly endpointUrl: string;
  readonly calls: WireCall[];
  /** The calls AWS would have acted on (requests that were not failed), reads left out. */
  mutations(): string[];
  fail(failure: WireFailure): void;
  reset(): void;
  close(): Promise<void>;
}

const REGION_ACCOUNT = 'us-east-1:000000000000';

export async function startWireFake(): Promise<WireFake> {
  const calls: WireCall[] = [];
  const accepted: string[] = [];
  let failures: WireFailure[] = [];
  const logGroups = new Set<string>();
  let counter = 0;

  const answer = (call: string, body: Record<string, unknown>): unknown => {
    const [service, operation] = call.split(':') as [string, string];
    if (service === 'states') {
      if (operation === 'CreateStateMachine')
        return {
          stateMachineArn: `arn:aws:states:${REGION_ACCOUNT}:stateMachine:${String(body.name)}`,
          creationDate: 0,
        };
      if (operation === 'ListStateMachines') return { stateMachines: [] };
      if (operation === 'UpdateStateMachine') return { updateDate: 0 };
      return {};
    }
    if (service === 'logs') {
      if (operation === 'CreateLogGroup') logGroups.add(String(body.logGroupName));
      if (operation === 'DescribeLogGroups')
        return {
          logGroups: [...logGroups]
            .filter((name) => name.startsWith(String(body.logGroupNamePrefix ?? '')))
            .map((logGroupName) => ({
              logGroupName,
              arn: `arn:aws:logs:${REGION_ACCOUNT}:log-group:${logGroupName}:*`,
            })),
        };
      return {};
    }
    const [method, path] = call.split(' ') as [string, string];
    if (method === 'GET') return { item: [] };
    if (method === 'POST' && path === '/restapis') return { id: 'api-new', rootResourceId: 'root' };
    if (method === 'POST' && /\/resources\/[^/]+$/.test(path)) return { id: `res-${++counter}` };
    if (method === 'POST' && path.endsWith('/deployments')) return { id: 'dep-new' };
    if (method === 'POST' && path === '/apikeys') return { id: 'key-new' };
    if (method === 'POST' && path === '/usageplans') return { id: 'plan-new' };
    return {};
  };

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
      const target = String(request.headers['x-amz-target'] ?? '');
      const call = target
        ? `${target.startsWith('AWSStepFunctions') ? 'states' : 'logs'}:${target.split('.').pop()}`
        : `${request.method} ${decodeURIComponent(request.url?.split('?')[0] ?? '')}`;
      calls.push({ call, body });
      response.setHeader('content-type', 'application/json');
      const failure = failures.find((f) => f.call === call && (f.times ?? 1) > 0);
      if (failure) {
        failure.times = (failure.times ?? 1) - 1;
        response.statusCode = failure.status;
        if (failure.status < 300) {
          accepted.push(call);
          response.end(JSON.stringify(failure.body ?? {}));
          return;
        }
        response.setHeader('x-amzn-errortype', failure.type);
        response.end(JSON.stringify({ __type: failure.type, message: `stand-in ${failure.type}` }));
        return;
      }
      if (!/^(states|logs):(Get|List|Describe)|^GET /.test(call)) accepted.push(call);
      response.end(JSON.stringify(answer(call, body)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpointUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    mutations: () => [...accepted],
    fail: (failure) => failures.push(failure),
    reset: () => {
      calls.length = 0;
      accepted.length = 0;
      failures = [];
      logGroups.clear();
      counter = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
