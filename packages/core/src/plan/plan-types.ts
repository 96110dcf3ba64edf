/**
 * A plan is data: a list of typed changes. `plan/` makes them, `apply/` acts on their types,
 * `report/` alone turns them into words (CONTRACT.md, "Plans").
 */
export type ChangeAction = 'create' | 'update' | 'delete' | 'none';

export type ResourceKind =
  | 'logGroup'
  | 'stateMachine'
  | 'restApi'
  | 'route'
  | 'stage'
  | 'stageSettings'
  | 'apiKey'
  | 'usagePlan'
  | 'usagePlanKey';

/** Stands in for a secret (an API key value) wherever a plan would hold it. */
export const SECRET = '(secret)';

/** A value as the plan shows it: JSON data, `null` when AWS has none. */
export type FieldValue =
  string | number | boolean | null | readonly FieldValue[] | { readonly [key: string]: FieldValue };

/** One field that differs: `tracing` from `false` to `true`. */
export interface FieldChange {
  /** The field's path in the desired state, e.g. `throttle.rateLimit`, `logging.level`. */
  readonly field: string;
  readonly from: FieldValue;
  readonly to: FieldValue;
}

/**
 * Why a change is planned; `report/` words it.
 * - `missing`: not found in AWS.
 * - `differs`: AWS differs from the config.
 * - `drift`: AWS was changed outside stepgate.
 * - `dependency`: something it depends on is created or replaced.
 * - `removed`: the environment owns it but the config no longer has it.
 * - `duplicate`: a second tagged copy where one is expected.
 * - `rollback`: put back as it was before a deploy that failed verification.
 * - `none`: nothing to do.
 */
export type ChangeReason =
  'missing' | 'differs' | 'drift' | 'dependency' | 'removed' | 'duplicate' | 'rollback' | 'none';

export interface Change {
  readonly resource: ResourceKind;
  readonly name: string;
  readonly action: ChangeAction;
  readonly fields: readonly FieldChange[];
  readonly reason: ChangeReason;
  /** The AWS id (or ARN) of the existing resource an update or delete acts on. */
  readonly id?: string;
}

export interface Plan {
  /** Every resource, `none` included (the JSON form leaves those out). */
  readonly changes: readonly Change[];
  /** True when at least one change is not `none`. */
  readonly hasChanges: boolean;
}

/** True when the change touches this field (or a field under it, e.g. `throttle` for `throttle.rateLimit`). */
export function touches(change: Change, field: string): boolean {
  return change.fields.some((f) => f.field === field || f.field.startsWith(`${field}.`));
}
