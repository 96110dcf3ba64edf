import type { SmokeReport } from '../run/smoke-report.js';
import { failureDiff } from './failure-diff.js';
import { seconds } from './progress.js';

/** Markdown for a job summary: one row per case, then a diff of expected vs actual per failure. */
export function formatSmokeMarkdown(report: SmokeReport): string {
  const verdict = report.failed === 0 ? '✅' : '❌';
  const lines = [
    `### ${verdict} Smoke tests: ${report.passed} passed, ${report.failed} failed`,
    '',
    `Against \`${report.invokeUrl}\` in ${seconds(report.durationMs)} s.`,
    '',
    '| | Case | Status | Latency | Attempts |',
    '| :-: | --- | --: | --: | --: |',
    ...report.cases.map(
      (c) =>
        `| ${c.passed ? '✅' : '❌'} | ${cell(c.name)} | ${c.status ?? '—'} | ${c.latencyMs} ms | ${c.attempts} |`,
    ),
  ];
  for (const result of report.cases.filter((c) => !c.passed)) {
    const diff = failureDiff(result);
    const fence = '`'.repeat(Math.max(3, longestBacktickRun(diff) + 1));
    lines.push(
      '',
      `#### ❌ ${result.name}`,
      '',
      `\`${result.method} ${result.url}\``,
      '',
      `${fence}diff`,
      diff,
      fence,
    );
  }
  return `${lines.join('\n')}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function longestBacktickRun(text: string): number {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}
