import { diffLines } from 'diff';
import type { SmokeAssertionFailure, SmokeCaseResult } from '../run/smoke-report.js';

/**
 * Expected vs actual of every failure of a case, as a unified diff: an `@@ assertion @@` line,
 * then `-` expected and `+` actual lines (values as pretty JSON), for a ```diff block.
 */
export function failureDiff(result: SmokeCaseResult): string {
  return result.failures.map(assertionDiff).join('\n');
}

function assertionDiff(failure: SmokeAssertionFailure): string {
  const hasActual = failure.actual !== undefined;
  // With nothing to show as actual, the `+` line says why; otherwise the header does.
  const note = hasActual && failure.message ? `: ${failure.message}` : '';
  const actual = hasActual ? render(failure.actual) : `(${failure.message ?? 'nothing'})`;
  const lines = [`@@ ${failure.assertion}${note} @@`];
  for (const change of diffLines(`${render(failure.expected)}\n`, `${actual}\n`)) {
    const prefix = change.added ? '+' : change.removed ? '-' : ' ';
    for (const line of change.value.replace(/\n$/, '').split('\n')) lines.push(`${prefix}${line}`);
  }
  return lines.join('\n');
}

/** One line for progress output and JUnit messages: `status: expected 200, got 500`. */
export function failureSummary(failure: SmokeAssertionFailure): string {
  const head = `${failure.assertion}: expected ${short(failure.expected)}`;
  if (failure.message) return `${head}; ${failure.message}`;
  return `${head}, got ${short(failure.actual)}`;
}

function render(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? String(value);
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
