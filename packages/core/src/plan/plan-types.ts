/** The pure diff between the desired and the actual state. */
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

export interface Change {
  readonly kind: ResourceKind;
  readonly name: string;
  readonly action: ChangeAction;
  /** Human-readable differences, e.g. `definition`, `throttle.rateLimit: 10 → 50`. */
  readonly details: readonly string[];
}

export interface Plan {
  readonly changes: readonly Change[];
  /** True when at least one change is not `none`. */
  readonly hasChanges: boolean;
}
