import { timingSafeEqual } from 'node:crypto';
import type { UsagePlanMeter } from '../usage-plan.js';
import { gatewayReply, type GatewayReply } from './reply.js';

export interface KeyCheck {
  readonly required: boolean;
  readonly expected: Buffer;
  readonly meter: UsagePlanMeter | null;
}

/** Step 3: the API key (403), then the usage plan's throttle and quota (429). */
export function checkApiKey(check: KeyCheck, sentKey: string | undefined): GatewayReply | null {
  if (!check.required) return null;
  if (sentKey === undefined || !sameKey(sentKey, check.expected))
    return gatewayReply(403, 'Forbidden', 'ForbiddenException');
  const decision = check.meter?.take() ?? 'ok';
  if (decision === 'throttled')
    return gatewayReply(429, 'Too Many Requests', 'TooManyRequestsException');
  if (decision === 'quota-exceeded')
    return gatewayReply(429, 'Limit Exceeded', 'LimitExceededException');
  return null;
}

function sameKey(sent: string, expected: Buffer): boolean {
  const given = Buffer.from(sent);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
