import { z } from 'zod';
import { ConfigError, ConfigErrors, didYouMean, closestMatch } from '../errors.js';
import type { SourceDocument } from './source-file.js';

type FieldPath = readonly (string | number)[];

/**
 * The one formatter of schema (zod) errors, for every file stepgate reads: each issue becomes
 * one line `file:line: field: what is wrong; what is allowed` (unknown keys with a "did you
 * mean"), sorted by line. A "required" issue that an unknown key is a misspelling of is left
 * out: the unknown key's line says it.
 */
export function schemaError(
  schema: z.ZodType,
  error: z.ZodError,
  source: SourceDocument,
): ConfigError {
  const described = error.issues.flatMap((issue) => describeIssues(issue, source.value, schema));
  const suggested = new Set(described.flatMap((d) => (d.suggests ? [d.suggests] : [])));
  const errors = described
    .filter((d) => !(d.required && suggested.has(d.field)))
    .map((d) => {
      const line = source.lineOf(d.at);
      return {
        line: line ?? 0,
        error: new ConfigError(
          { file: source.file, field: d.field, ...(line !== undefined ? { line } : {}) },
          d.problem,
        ),
      };
    })
    .sort((a, b) => a.line - b.line)
    .map((e) => e.error);
  return ConfigErrors.of(errors);
}

interface Described {
  readonly at: FieldPath;
  readonly field: string;
  readonly problem: string;
  /** The field an unknown key probably meant (dotted). */
  readonly suggests?: string;
  readonly required?: boolean;
}

function describeIssues(issue: z.core.$ZodIssue, input: unknown, schema: z.ZodType): Described[] {
  const at = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const got = valueAt(input, at);
  const field = at.length ? at.join('.') : '(top level)';
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowedKeys = allowedKeysAt(schema, at);
      return issue.keys.map((key) => {
        const meant = closestMatch(key, allowedKeys);
        const keyPath = [...at, key];
        return {
          at: keyPath,
          field: keyPath.join('.'),
          problem: `unknown key "${key}"${didYouMean(key, allowedKeys)}${allowedKeys.length ? `; allowed: ${allowedKeys.join(', ')}` : ''}`,
          ...(meant !== undefined ? { suggests: [...at, meant].join('.') } : {}),
        };
      });
    }
    case 'invalid_type':
      return [
        got === undefined
          ? { at, field, problem: `is required (${issue.expected})`, required: true }
          : { at, field, problem: `expected ${issue.expected}, got ${describeValue(got)}` },
      ];
    case 'invalid_value': {
      const allowed = issue.values.map(String);
      if (allowed.length === 1)
        // A literal: its schema says why only that value is allowed.
        return [{ at, field, problem: `${issue.message} (got ${JSON.stringify(got)})` }];
      return [
        {
          at,
          field,
          problem: `${JSON.stringify(got)} is not allowed${typeof got === 'string' ? didYouMean(got, allowed) : ''}; allowed: ${allowed.join(' | ')}`,
        },
      ];
    }
    case 'invalid_key': {
      // A record's key (e.g. a tag name) failed: say what keys allow, and which key.
      const key = at[at.length - 1];
      const reason = issue.issues[0]?.message ?? issue.message;
      return [{ at, field, problem: `${reason} (got ${JSON.stringify(key)})` }];
    }
    default:
      return [{ at, field, problem: `${issue.message} (got ${shortValue(got)})` }];
  }
}

/** The keys the schema accepts at `at` (list indices and record keys step inside). */
export function allowedKeysAt(schema: z.ZodType, at: FieldPath): string[] {
  let node: z.ZodType | undefined = unwrap(schema);
  for (const key of at) {
    if (node instanceof z.ZodObject) {
      node = unwrap((node.shape as Record<string, z.ZodType>)[String(key)]);
    } else if (node instanceof z.ZodArray && typeof key === 'number') {
      node = unwrap(node.element as z.ZodType);
    } else if (node instanceof z.ZodRecord) {
      node = unwrap(node.valueType as z.ZodType);
    } else {
      node = undefined;
    }
  }
  if (node instanceof z.ZodObject) return Object.keys(node.shape).filter((k) => k !== '$schema');
  if (node instanceof z.ZodUnion) {
    // e.g. `stage: name | { … }`: the keys of the object option.
    return (node.options as z.ZodType[]).flatMap((o) => allowedKeysAt(o, []));
  }
  return [];
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let node = schema;
  for (;;) {
    if (node instanceof z.ZodDefault || node instanceof z.ZodOptional)
      node = node.unwrap() as z.ZodType;
    else if (node instanceof z.ZodPipe) node = node.in as z.ZodType;
    else return node;
  }
}

export function valueAt(input: unknown, path: FieldPath): unknown {
  let node = input;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/** A scalar as JSON, a list or mapping in words. */
function shortValue(value: unknown): string {
  return value !== null && typeof value === 'object' ? describeValue(value) : JSON.stringify(value);
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}
