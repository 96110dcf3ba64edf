import type { DesiredUsagePlan } from '@stepgate/core';

export type UsageDecision = 'ok' | 'throttled' | 'quota-exceeded';

/**
 * One API key's usage plan: a token bucket of `burstLimit` tokens refilled at `rateLimit` per
 * second (API Gateway's throttle), and a request count per calendar period in UTC (its quota).
 */
export class UsagePlanMeter {
  private tokens: number;
  private refilledAt: number;
  private periodStart: number;
  private used = 0;

  constructor(
    private plan: Pick<DesiredUsagePlan, 'throttle' | 'quota'>,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = plan.throttle.burstLimit;
    this.refilledAt = now();
    this.periodStart = periodStart(plan.quota.period, this.refilledAt);
  }

  /** A reload keeps what was used, with the new limits. */
  update(plan: Pick<DesiredUsagePlan, 'throttle' | 'quota'>): void {
    this.plan = plan;
    this.tokens = Math.min(this.tokens, plan.throttle.burstLimit);
  }

  /** Counts one request. */
  take(): UsageDecision {
    const now = this.now();
    const { rateLimit, burstLimit } = this.plan.throttle;
    this.tokens = Math.min(burstLimit, this.tokens + ((now - this.refilledAt) / 1000) * rateLimit);
    this.refilledAt = now;
    if (this.tokens < 1) return 'throttled';
    const start = periodStart(this.plan.quota.period, now);
    if (start !== this.periodStart) {
      this.periodStart = start;
      this.used = 0;
    }
    if (this.used >= this.plan.quota.limit) return 'quota-exceeded';
    this.tokens -= 1;
    this.used += 1;
    return 'ok';
  }
}

/** Start (epoch ms) of the UTC day, ISO week (Monday) or month holding `at`. */
export function periodStart(period: 'DAY' | 'WEEK' | 'MONTH', at: number): number {
  const d = new Date(at);
  if (period === 'MONTH') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  if (period === 'DAY') return day;
  const sinceMonday = (d.getUTCDay() + 6) % 7;
  return day - sinceMonday * 86_400_000;
}
