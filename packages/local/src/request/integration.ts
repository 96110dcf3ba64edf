import type { SyncExecutionResult } from '../execution.js';
import type { StageRoute } from '../stage-app.js';
import { isApiError, parseStartSyncRequest } from '../start-sync-request.js';
import { gatewayReply, type GatewayReply } from './reply.js';

/**
 * Step 7: Step Functions' StartSyncExecution on the route's state machine, within the
 * integration timeout. Returns what `$input.body` holds for the response template: the
 * execution result, or Step Functions' API error when the execution cannot start. A timeout
 * is API Gateway's 504, and no response template runs.
 */
export async function startSyncExecution(
  route: StageRoute,
  requestText: string,
  timeoutMs: number,
): Promise<string | GatewayReply> {
  const parsed = parseStartSyncRequest(requestText, route.runner.stateMachineArn);
  if (isApiError(parsed)) return JSON.stringify(parsed.body);
  const result = await withTimeout(route.runner.run(parsed.input, parsed.name), timeoutMs);
  if (result === 'timeout')
    return gatewayReply(504, 'Endpoint request timed out', 'IntegrationTimeout');
  return JSON.stringify(result satisfies SyncExecutionResult);
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
