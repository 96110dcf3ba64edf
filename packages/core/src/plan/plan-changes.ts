import { stageSettingsDiff } from './stage-settings-diff.js';
import type { DesiredState } from '../desired/desired-state.js';
import type { ActualState } from '../observe/actual-state.js';
import { planApi } from './plan-api.js';
import {
  SECRET,
  type Change,
  type ChangeAction,
  type ChangeReason,
  type FieldChange,
  type FieldValue,
  type Plan,
  type ResourceKind,
} from './plan-types.js';

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
  const add = (
    resource: ResourceKind,
    name: string,
    fields: readonly FieldChange[] | null,
    options: { id?: string | undefined; reason?: ChangeReason } = {},
  ): ChangeAction => {
    const action: ChangeAction = fields === null ? 'create' : fields.length ? 'update' : 'none';
    const reason: ChangeReason =
      options.reason ??
      (action === 'create' ? 'missing' : action === 'update' ? 'differs' : 'none');
    changes.push({
      resource,
      name,
      action,
      fields: fields ?? [],
      reason: action === 'none' ? 'none' : reason,
      ...(options.id !== undefined ? { id: options.id } : {}),
    });
    return action;
  };

  if (desired.logGroup)
    add('logGroup', desired.logGroup.name, actual.logGroup ? [] : null, {
      id: actual.logGroup?.arn,
    });

  const machine = desired.stateMachine;
  if (!actual.stateMachine) add('stateMachine', machine.name, null);
  else {
    const a = actual.stateMachine;
    const fields: FieldChange[] = [];
    if (canonicalJson(a.definition) !== canonicalJson(machine.definition))
      fields.push(field('definition', a.definition, machine.definition));
    if (a.roleArn !== machine.roleArn) fields.push(field('roleArn', a.roleArn, machine.roleArn));
    if (a.logging.level !== machine.logging.level)
      fields.push(field('logging.level', a.logging.level, machine.logging.level));
    if (
      machine.logging.level !== 'OFF' &&
      a.logging.includeExecutionData !== machine.logging.includeExecutionData
    ) {
      fields.push(
        field(
          'logging.includeExecutionData',
          a.logging.includeExecutionData,
          machine.logging.includeExecutionData,
        ),
      );
    }
    if (machine.logging.logGroupArn && a.logging.logGroupArn !== machine.logging.logGroupArn)
      fields.push(field('logging.logGroupArn', a.logging.logGroupArn, machine.logging.logGroupArn));
    if (a.tracing !== undefined && a.tracing !== machine.tracing)
      fields.push(field('tracing', a.tracing, machine.tracing));
    if (Object.entries(machine.tags).some(([k, v]) => a.tags[k] !== v))
      fields.push(field('tags', { ...a.tags }, { ...machine.tags }));
    add('stateMachine', machine.name, fields, { id: a.arn });
  }

  const api = actual.restApi;
  const stageName = desired.stage.name;
  changes.push(...planApi(desired, actual, context.region));
  const settings = stageSettingsDiff(desired.stage.settings, api?.stage?.settings ?? null);
  if (settings.length || api?.stage)
    add(
      'stageSettings',
      stageName,
      settings.map((s) => field(s.field, s.from as FieldValue, s.to as FieldValue)),
    );

  let keyReplaced = false;
  if (desired.apiKey) {
    const key = actual.apiKey;
    if (!key) add('apiKey', desired.apiKey.name, null);
    else {
      const fields: FieldChange[] = [];
      if (!key.enabled) fields.push(field('enabled', false, true));
      if (context.apiKeyValue !== undefined && key.value !== context.apiKeyValue) {
        // A key's value cannot be changed in place: apply replaces the key.
        fields.push(field('value', SECRET, SECRET));
        keyReplaced = true;
      }
      add('apiKey', desired.apiKey.name, fields, { id: key.id });
    }
  }

  if (desired.usagePlan) {
    const plan = actual.usagePlan;
    const want = desired.usagePlan;
    if (!plan) add('usagePlan', want.name, null);
    else {
      const fields: FieldChange[] = [];
      const limit = (name: string, from: number | string | undefined, to: number | string) => {
        if (from !== to) fields.push(field(name, from ?? null, to));
      };
      limit('throttle.rateLimit', plan.throttle.rateLimit, want.throttle.rateLimit);
      limit('throttle.burstLimit', plan.throttle.burstLimit, want.throttle.burstLimit);
      limit('quota.limit', plan.quota.limit, want.quota.limit);
      limit('quota.period', plan.quota.period, want.quota.period);
      const stageKey = (s: { apiId: string; stage: string }) => `${s.apiId}/${s.stage}`;
      const ours = api ? `${api.id}/${stageName}` : null;
      const stages = plan.apiStages.map(stageKey);
      if (ours === null || stages.length !== 1 || stages[0] !== ours)
        fields.push(field('apiStages', stages, [ours ?? `(new)/${stageName}`]));
      add('usagePlan', want.name, fields, { id: plan.id });
    }
    const linked = actual.apiKey && plan?.keyIds.includes(actual.apiKey.id) && !keyReplaced;
    add(
      'usagePlanKey',
      `${desired.apiKey!.name} → ${want.name}`,
      linked ? [] : null,
      keyReplaced ? { reason: 'dependency' } : {},
    );
  }

  changes.push(...deletions(desired, actual));
  return { changes, hasChanges: changes.some((c) => c.action !== 'none') };
}

/**
 * Everything the environment owns besides what the config asks for, deleted after the rest is
 * in place (nothing still refers to it then): second copies and what the config dropped.
 * A key binding goes with its usage plan or key.
 */
function deletions(desired: DesiredState, actual: ActualState): Change[] {
  const { others } = actual;
  const remove = (
    resource: ResourceKind,
    name: string,
    id: string,
    duplicate: boolean,
  ): Change => ({
    resource,
    name,
    action: 'delete',
    fields: [],
    reason: duplicate ? 'duplicate' : 'removed',
    id,
  });
  return [
    ...others.usagePlans.map((p) => remove('usagePlan', p.name, p.id, desired.usagePlan !== null)),
    ...others.apiKeys.map((k) => remove('apiKey', k.name, k.id, desired.apiKey !== null)),
    ...others.restApis.map((a) => remove('restApi', a.name, a.id, true)),
    ...others.stateMachines.map((m) => remove('stateMachine', m.name, m.arn, false)),
    ...others.logGroups.map((g) => remove('logGroup', g.name, g.name, false)),
  ];
}

function field(
  name: string,
  from: FieldValue | undefined,
  to: FieldValue | undefined,
): FieldChange {
  return { field: name, from: from ?? null, to: to ?? null };
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
