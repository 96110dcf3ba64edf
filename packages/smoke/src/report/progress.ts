import type { SmokeCaseResult, SmokeReport } from '../run/smoke-report.js';
import { failureSummary } from './failure-diff.js';

/** One line per finished case: `✓ name: 200 in 123 ms`, or `✗ …` with the first failure. */
export function formatProgressLine(result: SmokeCaseResult): string {
  const status = result.status === null ? 'no response' : String(result.status);
  const retried = result.attempts > 1 ? ` after ${result.attempts} attempts` : '';
  const head = `${result.passed ? '✓' : '✗'} ${result.name}: ${status} in ${result.latencyMs} ms${retried}`;
  const [first, ...more] = result.failures;
  if (!first) return head;
  return `${head}; ${failureSummary(first)}${more.length ? ` (and ${more.length} more)` : ''}`;
}

/** `smoke: 3 passed, 1 failed in 4.2 s` */
export function formatSummaryLine(report: SmokeReport): string {
  return `smoke: ${report.passed} passed, ${report.failed} failed in ${seconds(report.durationMs)} s`;
}

export function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}
