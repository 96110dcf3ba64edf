import type { SmokeReport } from '../run/smoke-report.js';
import { failureDiff } from './failure-diff.js';
import { formatSummaryLine } from './progress.js';

/** The report for a terminal: the summary, then each failed case with its request and diff. */
export function formatSmokeText(report: SmokeReport): string {
  const parts = [`${formatSummaryLine(report)} against ${report.invokeUrl}`];
  for (const result of report.cases.filter((c) => !c.passed)) {
    const status = result.status === null ? 'no response' : String(result.status);
    parts.push(
      `\n✗ ${result.name}: ${result.method} ${result.url} → ${status}\n${failureDiff(result)}`,
    );
  }
  return `${parts.join('\n')}\n`;
}

/** The report as one JSON document (`--json`). */
export function formatSmokeJson(report: SmokeReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
