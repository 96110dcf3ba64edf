// npm run check:vtl-reference: proves tools/vtl-reference renders exactly as the shared oracle
// (../shared/tools/vtl-oracle, or the path given as the first argument) on every template the
// tests send to it. Runs the template test suites with the project's renderer while recording
// their jobs, then renders every recorded job with both renderers and compares the results:
// body, status and headers exactly; a failure must be a failure on both sides, with the same
// exception and message (the harnesses' own class names aside). Exit 1 on any difference.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const reference = path.join(root, 'tools/vtl-reference/vtl-reference');
const oracle = path.resolve(
  process.argv[2] ?? path.join(root, '../shared/tools/vtl-oracle/vtl-oracle'),
);
if (!existsSync(oracle)) {
  console.error(
    `check:vtl-reference: the oracle ${oracle} does not exist (give its path as the argument)`,
  );
  process.exit(2);
}

// The suites that use the reference renderer: every test file importing test-support/vtl-oracle.
const suites = spawnSync('git', ['grep', '-l', 'test-support/vtl-oracle', '--', '*.test.ts'], {
  cwd: root,
  encoding: 'utf8',
})
  .stdout.split('\n')
  .filter((file) => file && !file.startsWith('e2e/'));

const record = mkdtempSync(path.join(tmpdir(), 'vtl-reference-check-'));
try {
  console.log(`Recording the template jobs of ${suites.length} suites: ${suites.join(', ')}`);
  const env = { ...process.env, STEPGATE_VTL_RECORD: record };
  delete env.STEPGATE_VTL_ORACLE;
  const tests = spawnSync(
    process.execPath,
    ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', '--maxWorkers=2', ...suites],
    { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (tests.status !== 0) {
    console.error('check:vtl-reference: the template tests failed with tools/vtl-reference');
    process.exit(1);
  }

  const input = readdirSync(record)
    .sort()
    .map((file) => readFileSync(path.join(record, file), 'utf8'))
    .join('');
  const jobs = input.split('\n').filter((line) => line.trim() !== '');
  const ours = renderAll(reference, input, jobs.length);
  const theirs = renderAll(oracle, input, jobs.length);

  let differences = 0;
  for (let i = 0; i < jobs.length; i++) {
    if (normalise(ours[i]) === normalise(theirs[i])) continue;
    if (++differences <= 20) {
      console.error(`job ${i + 1}: ${jobs[i].slice(0, 300)}`);
      console.error(`  vtl-reference: ${ours[i].slice(0, 300)}`);
      console.error(`  vtl-oracle:    ${theirs[i].slice(0, 300)}`);
    }
  }
  console.log(
    `check:vtl-reference: ${jobs.length} templates rendered by both: ${jobs.length - differences} agree, ${differences} differ`,
  );
  process.exitCode = differences === 0 && jobs.length > 0 ? 0 : 1;
} finally {
  rmSync(record, { recursive: true, force: true });
}

function renderAll(renderer, input, count) {
  const run = spawnSync(renderer, ['--batch'], {
    input,
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`${renderer} failed (${run.status}): ${run.stderr}`);
  const lines = run.stdout.split('\n').filter((line) => line.trim() !== '');
  if (lines.length !== count) throw new Error(`${renderer} answered ${lines.length} of ${count}`);
  return lines;
}

/**
 * The two harnesses' class names appear in Velocity's exception messages: one name for both.
 * An object printed without a toString (`[Ljava.lang.String;@69ee81fc`) shows its identity
 * hash, which differs from run to run on any JVM: compared without it. A NullPointerException
 * carries JDK 17's helpful message only until the JIT replaces it with a preallocated one (the
 * shared oracle runs without -XX:-OmitStackTraceInFastThrow): compared by class alone.
 */
function normalise(line) {
  return line
    .replaceAll(
      /java\.lang\.NullPointerException(?::(?:[^"\\]|\\.)*)?"/g,
      'java.lang.NullPointerException"',
    )
    .replaceAll(/(\[L[\w.$]+;|[\w.$]+)@[0-9a-f]{4,8}\b/g, '$1@…')
    .replaceAll(/dev\.stepgate\.vtlreference\.(Input|Util)/g, 'Harness$$$1')
    .replaceAll(/VtlOracle\$(Input|Util)/g, 'Harness$$$1');
}
