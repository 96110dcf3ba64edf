import type { z } from 'zod';

/** Turns the first schema issue into the one line users read: `field: what is wrong; what is allowed`. */
export function describeIssue(
  issue: z.core.$ZodIssue,
  input: unknown,
  allowedKeysAt: (path: (string | number)[]) => string[] = () => [],
): { field: string; problem: string; path: (string | number)[] } {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const parent = valueAt(input, path);
    const allowed = allowedKeysAt(path).join(', ');
    const fieldPath = [...path, key];
    return {
      field: fieldPath.join('.'),
      problem: `unknown key "${key}"${allowed ? `; allowed: ${allowed}` : ''}`,
      path: parent === undefined ? path : fieldPath,
    };
  }
  const field = path.length ? path.join('.') : '(top level)';
  if (issue.code === 'invalid_type' && valueAt(input, path) === undefined) {
    return { field, problem: `is required (${issue.expected})`, path };
  }
  if (issue.code === 'invalid_value') {
    const allowed = issue.values.map((v) => String(v)).join(' | ');
    const got = valueAt(input, path);
    return {
      field,
      problem: issue.message.startsWith('Invalid option')
        ? `${JSON.stringify(got)} is not allowed; allowed: ${allowed}`
        : `${issue.message} (got ${JSON.stringify(got)})`,
      path,
    };
  }
  if (issue.code === 'invalid_type') {
    return {
      field,
      problem: `expected ${issue.expected}, got ${describeValue(valueAt(input, path))}`,
      path,
    };
  }
  return { field, problem: `${issue.message} (got ${JSON.stringify(valueAt(input, path))})`, path };
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

export function valueAt(input: unknown, path: readonly (string | number)[]): unknown {
  let node = input;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}
