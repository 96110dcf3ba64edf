import type { SmokeReport } from '../run/smoke-report.js';
import { failureDiff, failureSummary } from './failure-diff.js';

/** JUnit XML for test reporters: one testsuite, one testcase per case, the diff in each failure. */
export function formatSmokeJunit(report: SmokeReport, suiteName = 'stepgate smoke'): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuite name="${attr(suiteName)}" tests="${report.cases.length}" failures="${report.failed}" errors="0" skipped="0" time="${secondsOf(report.durationMs)}">`,
  ];
  for (const result of report.cases) {
    const open = `  <testcase classname="${attr(suiteName)}" name="${attr(result.name)}" time="${secondsOf(result.latencyMs)}"`;
    const [first, ...more] = result.failures;
    if (result.passed || !first) {
      lines.push(`${open}/>`);
      continue;
    }
    const message = `${failureSummary(first)}${more.length ? ` (and ${more.length} more)` : ''}`;
    const body = `${result.method} ${result.url} → ${result.status ?? 'no response'} (${result.attempts} attempt${result.attempts === 1 ? '' : 's'})\n${failureDiff(result)}`;
    lines.push(
      `${open}>`,
      `    <failure message="${attr(message)}" type="${attr(first.assertion)}">${text(body)}</failure>`,
      '  </testcase>',
    );
  }
  lines.push('</testsuite>');
  return `${lines.join('\n')}\n`;
}

function secondsOf(ms: number): string {
  return (ms / 1000).toFixed(3);
}

// Characters XML 1.0 cannot hold at all, even escaped: a response body may contain them.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function text(value: string): string {
  return value
    .replace(NOT_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}
