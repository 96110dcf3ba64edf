import type { ResourceOutcome, RollbackResult } from '../deploy/deploy-types.js';
import {
  SECRET,
  type Change,
  type ChangeAction,
  type ChangeReason,
  type FieldChange,
  type FieldValue,
  type Plan,
  type ResourceKind,
} from '../plan/plan-types.js';

/** The one-character mark of each change, as in CONTRACT.md: `+` create, `~` update, `-` delete. */
export const CHANGE_MARKS: Readonly<Record<Exclude<ChangeAction, 'none'>, string>> = {
  create: '+',
  update: '~',
  delete: '-',
};

/** Why a change is planned, in words (the `reason` of `plan --json`). */
export const REASON_WORDS: Readonly<Record<ChangeReason, string>> = {
  missing: 'not found',
  differs: 'differs from the config',
  drift: 'changed outside stepgate',
  dependency: 'follows a resource that is created or replaced',
  removed: 'no longer in the config',
  duplicate: 'a second copy of a resource stepgate keeps one of',
  rollback: 'put back as it was before this deploy',
  none: 'up to date',
};

/** Reasons the text form names; the others are plain from the mark. */
const SAID_IN_TEXT: ReadonlySet<ChangeReason> = new Set<ChangeReason>([
  'drift',
  'dependency',
  'removed',
  'duplicate',
]);

/** A value short enough to show inline: `10`, `true`, `ERROR`. */
function shortValue(value: FieldValue): string | undefined {
  if (value === null) return 'none';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string' && value.length <= 60 && !/[\r\n]/.test(value)) return value;
  return undefined;
}

/** One field change in words: `throttle.rateLimit: 10 → 50`, `tags: team`, or just `definition`. */
export function formatField(resource: ResourceKind | string, change: FieldChange): string {
  const { field, from, to } = change;
  if (resource === 'apiKey' && field === 'value')
    return 'value (replaced: a key value cannot be changed in place)';
  if (from === SECRET || to === SECRET) return `${field}: ${SECRET}`;
  if (resource === 'stage' && field === 'deployment') return 'new deployment';
  if (field === 'tags' && isRecord(from) && isRecord(to)) {
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].filter(
      (k) => k in to && from[k] !== to[k],
    );
    return `tags: ${keys.join(', ')}`;
  }
  if (Array.isArray(from) && Array.isArray(to)) {
    const before = new Set(from.map(String));
    const after = new Set(to.map(String));
    const added = [...after].filter((v) => !before.has(v));
    const removed = [...before].filter((v) => !after.has(v));
    const parts = [
      ...(added.length ? [`+ ${added.join(', ')}`] : []),
      ...(removed.length ? [`- ${removed.join(', ')}`] : []),
    ];
    return parts.length ? `${field}: ${parts.join('; ')}` : field;
  }
  const a = shortValue(from);
  const b = shortValue(to);
  return a !== undefined && b !== undefined ? `${field}: ${a} → ${b}` : field;
}

function isRecord(value: FieldValue): value is { readonly [key: string]: FieldValue } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Every field of a change in words. */
export function formatFields(
  resource: ResourceKind | string,
  fields: readonly FieldChange[],
): string[] {
  return fields.map((f) => formatField(resource, f));
}

/** `~ route POST /orders (integration.requestTemplate)`: the mark, kind, name and what differs. */
export function formatChange(change: Change): string {
  const mark = change.action === 'none' ? ' ' : CHANGE_MARKS[change.action];
  const fields = formatFields(change.resource, change.fields);
  const details = fields.length > 0 ? ` (${fields.join(', ')})` : '';
  const why = SAID_IN_TEXT.has(change.reason) ? `: ${REASON_WORDS[change.reason]}` : '';
  const id = change.reason === 'duplicate' && change.id ? ` [${change.id}]` : '';
  return `${mark} ${change.resource} ${change.name}${id}${details}${why}`;
}

/**
 * The plan as plain text, one line per change, for the CLI and the Action's log. Unchanged
 * resources are left out so the lines show only what a deploy would do.
 */
export function formatPlan(plan: Plan): string {
  const changes = plan.changes.filter((change) => change.action !== 'none');
  if (changes.length === 0) return '  (no changes)';
  return changes.map(formatChange).join('\n');
}

/** One change of `plan --json` (CONTRACT.md, "Plans"). */
export interface PlanJsonChange {
  readonly resource: ResourceKind;
  readonly name: string;
  readonly action: Exclude<ChangeAction, 'none'>;
  readonly fields: readonly FieldChange[];
  readonly reason: string;
  readonly id?: string;
}

/** `plan --json`: the changes a deploy would make (unchanged resources left out), secrets as `(secret)`. */
export function planJson(plan: Plan): {
  changes: PlanJsonChange[];
  hasChanges: boolean;
} {
  const changes = plan.changes.flatMap((c): PlanJsonChange[] =>
    c.action === 'none'
      ? []
      : [
          {
            resource: c.resource,
            name: c.name,
            action: c.action,
            fields: c.fields,
            reason: REASON_WORDS[c.reason],
            ...(c.id !== undefined ? { id: c.id } : {}),
          },
        ],
  );
  return { changes, hasChanges: changes.length > 0 };
}

/** `updated stateMachine orders-prod (tracing: false → true)`: a line of the apply log. */
export function formatOutcome(outcome: ResourceOutcome): string {
  const fields = formatFields(outcome.kind, outcome.fields);
  return `${outcome.outcome} ${outcome.kind} ${outcome.name}${fields.length ? ` (${fields.join('; ')})` : ''}`;
}

/** What a rollback did and what it could not undo, one line each. */
export function formatRollback(result: RollbackResult): string[] {
  const lines = [
    ...result.steps.map((step) => {
      if (step.resource === 'stage') {
        const to = step.fields.find((f) => f.field === 'deploymentId')?.to;
        return `stage ${step.name} back on deployment ${String(to)}`;
      }
      if (step.resource === 'stateMachine') {
        const settings = step.fields.map((f) => f.field).filter((f) => f !== 'definition');
        return `state machine ${step.name} back on its previous definition${settings.length ? ` and ${settings.join(', ')}` : ''}`;
      }
      return `${step.resource} ${step.name} back on its previous ${formatFields(step.resource, step.fields).join(', ')}`;
    }),
    ...result.notes.map((note) =>
      note.action === 'create'
        ? `${note.resource} ${note.name} was created by this deploy: there is nothing to go back to`
        : `${note.resource} ${note.name} was deleted by this deploy and stays deleted`,
    ),
  ];
  return lines.length ? lines : ['nothing this deploy changed can be rolled back'];
}
