// What each action costs before it does anything: the size of its bundle (dist/index.js) and
// its cold start, the time from `node dist/index.js` to its first error with no inputs (no
// stepgate.yml in an empty folder), median of RUNS runs, side by side with a bare `node -e 0`.
// Targets (issue #14): every dist/index.js ≤ 1.5 MB, every cold start ≤ 6× `node -e 0`.
// Also shown, not a target: the start with the libraries loaded, to the first error of an
// invalid stepgate.yml (the chunk is read and run, as on every real deploy).
// The bundles are built from the current sources into a temp folder (the committed dist/ is
// left alone), so the figures are never those of a stale bundle. Exit 1 when a target is missed
// or a bundle cannot be built or run. Run: node bench/action-bundles.bench.ts (after tsc -b).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const MAX_BYTES = 1.5 * 1000 * 1000;
const MAX_RATIO = 6;

const out = mkdtempSync(path.join(tmpdir(), 'stepgate-bundles-'));
const empty = mkdtempSync(path.join(tmpdir(), 'stepgate-empty-'));
// A config that exists but is invalid: the libraries load, then refuse it.
const invalid = mkdtempSync(path.join(tmpdir(), 'stepgate-invalid-'));
writeFileSync(path.join(invalid, 'stepgate.yml'), 'name: bench\n');
try {
  const built = spawnSync(
    process.execPath,
    [path.join(ROOT, 'scripts/bundle-actions.mjs'), '--out', out],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (built.status !== 0) {
    console.error(`could not build the bundles: ${built.stderr}`);
    process.exit(1);
  }

  const bare = median(() => spawnSync(process.execPath, ['-e', '0']));
  const rows: string[][] = [];
  let missed = 0;
  for (const action of readdirSync(out).sort()) {
    const bundle = path.join(out, action, 'index.js');
    const bytes = statSync(bundle).size;
    const chunks = readdirSync(path.join(out, action)).filter(
      (f) => f.endsWith('.js') && f !== 'index.js',
    );
    // With no INPUT_* variables and no config, each action fails its step: a ::error:: line.
    const env = Object.fromEntries(
      Object.entries(process.env).filter(
        ([k]) => !k.startsWith('INPUT_') && !k.startsWith('GITHUB_'),
      ),
    );
    const probe = spawnSync(process.execPath, [bundle], { cwd: empty, env, encoding: 'utf8' });
    if (!probe.stdout.includes('::error::')) {
      console.error(
        `actions/${action}: no ::error:: line on a run with no inputs:\n${probe.stdout}${probe.stderr}`,
      );
      process.exit(1);
    }
    const ms = median(() => spawnSync(process.execPath, [bundle], { cwd: empty, env }));
    const loaded = median(() => spawnSync(process.execPath, [bundle], { cwd: invalid, env }));
    const ratio = ms / bare;
    const ok = bytes <= MAX_BYTES && ratio <= MAX_RATIO;
    if (!ok) missed++;
    rows.push([
      `actions/${action}`,
      `${(bytes / 1000).toFixed(0)} kB`,
      chunks.length ? `${chunks.length} (${chunkKb(path.join(out, action), chunks)} kB)` : '0',
      `${ms.toFixed(0)} ms`,
      `${ratio.toFixed(1)}×`,
      `${loaded.toFixed(0)} ms (${(loaded / bare).toFixed(1)}×)`,
      ok ? 'met' : 'NOT met',
    ]);
  }
  const header = [
    'action',
    'dist/index.js',
    'lazy chunks',
    'cold start',
    'vs node -e 0',
    'with libraries loaded',
    'targets',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(
    `action bundles: size, and cold start to the first error with no inputs (median of ${RUNS}); node -e 0: ${bare.toFixed(0)} ms (Node ${process.version})`,
  );
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log(`targets: dist/index.js ≤ 1.5 MB and cold start ≤ ${MAX_RATIO}× node -e 0`);
  if (missed) process.exitCode = 1;
} finally {
  rmSync(out, { recursive: true, force: true });
  rmSync(empty, { recursive: true, force: true });
  rmSync(invalid, { recursive: true, force: true });
}

function median(run: () => { status: number | null }): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

function chunkKb(dir: string, files: string[]): string {
  return (files.reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0) / 1000).toFixed(0);
}
