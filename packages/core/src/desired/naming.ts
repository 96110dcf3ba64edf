import { createHash } from 'node:crypto';

export const TAG_APP = 'stepgate:app';
export const TAG_ENVIRONMENT = 'stepgate:environment';

/** Environments: lowercase letters, digits and -, starting with a letter (prod, staging, pr-42). */
export const ENVIRONMENT_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;
export const DEFAULT_ENVIRONMENT = 'prod';

/** Step Functions allows 80 characters in a state machine name; the same bound keeps every name readable. */
const MAX_NAME = 80;

/** `<app>-<environment>`, shortened with a stable hash when it would exceed AWS's limits. */
export function resourceName(app: string, environment: string): string {
  const full = `${app}-${environment}`;
  if (full.length <= MAX_NAME) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  return `${full.slice(0, MAX_NAME - hash.length - 1)}-${hash}`;
}

export function ownershipTags(app: string, environment: string): Record<string, string> {
  return { [TAG_APP]: app, [TAG_ENVIRONMENT]: environment };
}

/** True when `tags` mark the resource as this app's in this environment. */
export function isOwnedBy(
  tags: Readonly<Record<string, string>> | undefined,
  app: string,
  environment: string,
): boolean {
  return tags?.[TAG_APP] === app && tags?.[TAG_ENVIRONMENT] === environment;
}
