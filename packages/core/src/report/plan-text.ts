import type { Change, ChangeAction, Plan } from '../plan/plan-types.js';

/** The one-character mark of each change, as in CONTRACT.md: `+` create, `~` update, `-` delete. */
export const CHANGE_MARKS: Readonly<Record<Exclude<ChangeAction, 'none'>, string>> = {
  create: '+',
  update: '~',
  delete: '-',
};

/** `~ route POST /orders (integration.requestTemplate)`: the mark, kind, name and what differs. */
export function formatChange(change: Change): string {
  const mark = change.action === 'none' ? ' ' : CHANGE_MARKS[change.action];
  const details = change.details.length > 0 ? ` (${change.details.join(', ')})` : '';
  return `${mark} ${change.kind} ${change.name}${details}`;
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
