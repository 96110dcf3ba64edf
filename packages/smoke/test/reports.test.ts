// GIVEN a smoke report, WHEN it is formatted, THEN each format matches its golden file
// (UPDATE_GOLDEN=1 rewrites them; review the diff before committing).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  formatProgressLine,
  formatSmokeJson,
  formatSmokeJunit,
  formatSmokeMarkdown,
  formatSmokeText,
  formatSummaryLine,
} from '../src/index.js';
import { REPORT } from './report-fixture.js';

const golden = path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden');

function expectGolden(name: string, actual: string): void {
  const file = path.join(golden, name);
  if (process.env.UPDATE_GOLDEN) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

test('progress: one line per case', () => {
  expectGolden('progress.txt', `${REPORT.cases.map(formatProgressLine).join('\n')}\n`);
  expect(formatSummaryLine(REPORT)).toBe('smoke: 1 passed, 2 failed in 4.2 s');
});

test('text: the summary, then each failure with its diff', () => {
  expectGolden('report.txt', formatSmokeText(REPORT));
});

test('Markdown: a row per case, a fenced diff per failure', () => {
  expectGolden('report.md', formatSmokeMarkdown(REPORT));
});

test('Markdown: a diff holding ``` gets a longer fence', () => {
  const [, failing] = REPORT.cases;
  const report = {
    ...REPORT,
    cases: [{ ...failing!, failures: [{ assertion: 'body', expected: '```', actual: 'x' }] }],
  };
  expect(formatSmokeMarkdown(report)).toContain('````diff\n@@ body @@\n-"```"\n+"x"\n````\n');
});

test('JUnit XML: one testsuite, a testcase per case, the diff in each failure', () => {
  expectGolden('report.xml', formatSmokeJunit(REPORT));
});

test('JUnit XML: characters XML cannot hold are replaced', () => {
  const [, failing] = REPORT.cases;
  const report = {
    ...REPORT,
    cases: [{ ...failing!, failures: [{ assertion: 'body', expected: 'a', actual: 'b\u0001' }] }],
  };
  expect(formatSmokeJunit(report)).toContain('+"b\\u0001"');
  expect(formatSmokeJunit({ ...report, cases: [{ ...failing!, name: 'bell\u0007' }] })).toContain(
    'name="bell\uFFFD"',
  );
});

test('JSON: the report as it is', () => {
  expect(JSON.parse(formatSmokeJson(REPORT))).toEqual(REPORT);
});
