import type { DesiredState } from '../desired/desired-state.js';
import type { ActualState } from '../observe/actual-state.js';
import { planApi } from './plan-api.js';
import type { Change, ChangeAction, Plan, ResourceKind } from './plan-types.js';

export interface PlanContext {
  readonly region: string;
  /** The API key value to impose, if any (compared, never shown). */
  readonly apiKeyValue?: string;
}

/** Pure diff of desired and actual state: what apply will create, update or leave alone. */
export function planChanges(
  desired: DesiredState,
  actual: ActualState,
  context: PlanContext,
): Plan {
  const changes: Change[] = [];
  const add = (kind: ResourceKind, name: string, action: ChangeAction, details: string[] = []) =>
    changes.push({ kind, name, action, details });

  if (desired.logGroup) add('logGroup', desired.logGroup.name, actual.logGroup ? 'none' : 'create');

  const machine = desired.stateMachine;
  if (!actual.stateMachine) add('stateMachine', machine.name, 'create');
  else {
    const a = actual.stateMachine;
    const details: string[] = [];
    if (canonicalJson(a.definition) !== canonicalJson(machine.definition))
      details.push('definition');
    if (a.roleArn !== machine.roleArn) details.push(`roleArn: ${a.roleArn} → ${machine.roleArn}`);
    if (a.logging.level !== machine.logging.level)
      details.push(`logging.level: ${a.logging.level} → ${machine.logging.level}`);
    if (
      machine.logging.level !== 'OFF' &&
      a.logging.includeExecutionData !== machine.logging.includeExecutionData
    ) {
      details.push(
        `logging.includeExecutionData: ${a.logging.includeExecutionData} → ${machine.logging.includeExecutionData}`,
      );
    }
    if (machine.logging.logGroupArn && a.logging.logGroupArn !== machine.logging.logGroupArn)
      details.push('logging.logGroupArn');
    if (a.tracing !== undefined && a.tracing !== machine.tracing)
      details.push(`tracing: ${a.tracing} → ${machine.tracing}`);
    const tagDiff = Object.entries(machine.tags)
      .filter(([k, v]) => a.tags[k] !== v)
      .map(([k]) => k);
    if (tagDiff.length) details.push(`tags: ${tagDiff.join(', ')}`);
    add('stateMachine', machine.name, details.length ? 'update' : 'none', details);
  }

  const api = actual.restApi;
  const stageName = desired.stage.name;
  changes.push(...planApi(desired, actual, context.region));

  if (desired.apiKey) {
    const key = actual.apiKey;
    if (!key) add('apiKey', desired.apiKey.name, 'create');
    else {
      const details: string[] = [];
      if (!key.enabled) details.push('enabled: false → true');
      if (context.apiKeyValue !== undefined && key.value !== context.apiKeyValue)
        details.push('value (replaced: a key value cannot be changed in place)');
      add('apiKey', desired.apiKey.name, details.length ? 'update' : 'none', details);
    }
  }

  if (desired.usagePlan) {
    const plan = actual.usagePlan;
    const want = desired.usagePlan;
    if (!plan) add('usagePlan', want.name, 'create');
    else {
      const details: string[] = [];
      if (plan.throttle.rateLimit !== want.throttle.rateLimit)
        details.push(
          `throttle.rateLimit: ${plan.throttle.rateLimit ?? 'none'} → ${want.throttle.rateLimit}`,
        );
      if (plan.throttle.burstLimit !== want.throttle.burstLimit)
        details.push(
          `throttle.burstLimit: ${plan.throttle.burstLimit ?? 'none'} → ${want.throttle.burstLimit}`,
        );
      if (plan.quota.limit !== want.quota.limit)
        details.push(`quota.limit: ${plan.quota.limit ?? 'none'} → ${want.quota.limit}`);
      if (plan.quota.period !== want.quota.period)
        details.push(`quota.period: ${plan.quota.period ?? 'none'} → ${want.quota.period}`);
      const boundToStage =
        api && plan.apiStages.some((s) => s.apiId === api.id && s.stage === stageName);
      const extraStages = plan.apiStages.filter(
        (s) => !(api && s.apiId === api.id && s.stage === stageName),
      );
      if (!boundToStage) details.push(`apiStages: + ${stageName}`);
      if (extraStages.length)
        details.push(`apiStages: - ${extraStages.map((s) => `${s.apiId}/${s.stage}`).join(', ')}`);
      add('usagePlan', want.name, details.length ? 'update' : 'none', details);
    }
    const keyReplaced = changes.some(
      (c) =>
        c.kind === 'apiKey' && c.action !== 'none' && c.details.some((d) => d.startsWith('value')),
    );
    const linked = actual.apiKey && plan?.keyIds.includes(actual.apiKey.id) && !keyReplaced;
    add('usagePlanKey', `${desired.apiKey!.name} → ${want.name}`, linked ? 'none' : 'create');
  }

  return { changes, hasChanges: changes.some((c) => c.action !== 'none') };
}

/** JSON text with object keys sorted, so key order and spacing never count as a change. */
export function canonicalJson(text: string): string {
  try {
    return JSON.stringify(sortKeys(JSON.parse(text)));
  } catch {
    return text;
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
