import type { AwsClients } from '../aws/clients.js';
import { AwsError } from '../errors.js';
import type { DesiredState } from '../desired/desired-state.js';
import type { ActualState } from '../observe/actual-state.js';
import type { Change } from '../plan/plan-types.js';

/** What every apply step gets: the change to make, and the desired and actual state it comes from. */
export interface StepInput {
  readonly change: Change;
  readonly desired: DesiredState;
  readonly actual: ActualState;
  readonly clients: AwsClients;
}

/** Tags in the shape the SDK's create calls take (a mutable copy). */
export function tagMap(tags: Readonly<Record<string, string>>): Record<string, string> {
  return { ...tags };
}

/** Tags as Step Functions takes them. */
export function tagList(tags: Readonly<Record<string, string>>): { key: string; value: string }[] {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

/** Describes stepgate's resources in their AWS description fields. */
export function describedBy(desired: DesiredState): string {
  return `stepgate: ${desired.app} (${desired.environment})`;
}

/** An id AWS must return: a missing one is AWS's failure (exit 3), never an empty string to act on. */
export function required(value: string | undefined, operation: string, what: string): string {
  if (!value) throw new AwsError(operation, `the response has no ${what}`);
  return value;
}
