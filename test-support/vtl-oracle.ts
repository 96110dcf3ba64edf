// Renders mapping templates with ../shared/tools/vtl-oracle (Apache Velocity 1.7), the second
// implementation stepgate's templates and template engine are checked against.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type { RenderRequest, RenderResult } from '@stepgate/vtl';
import type { RenderRequest, RenderResult } from '@stepgate/vtl';

export type OracleResult = RenderResult | { error: string };

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const ORACLE_PATH =
  process.env.STEPGATE_VTL_ORACLE ??
  path.resolve(repoRoot, '../shared/tools/vtl-oracle/vtl-oracle');

/**
 * Whether oracle tests can run. Without the oracle they are skipped (e.g. on a fork's GitHub CI,
 * which has no ../shared), except where STEPGATE_REQUIRE_ORACLE=1 (.ci/run sets it): there a
 * missing oracle fails the run instead of silently skipping the tests.
 */
export function oracleAvailable(): boolean {
  if (existsSync(ORACLE_PATH)) return true;
  if (process.env.STEPGATE_REQUIRE_ORACLE === '1') {
    throw new Error(
      `vtl-oracle is required (STEPGATE_REQUIRE_ORACLE=1) but not found at ${ORACLE_PATH}`,
    );
  }
  return false;
}

/** `describe` when the oracle can run, else `describe.skip`. */
export const describeWithOracle: typeof describe = oracleAvailable() ? describe : describe.skip;

/** Renders every job in one JVM (`--batch`). */
export function renderWithOracle(
  jobs: readonly { template: string; request: RenderRequest }[],
): OracleResult[] {
  if (!oracleAvailable())
    throw new Error(`vtl-oracle not found at ${ORACLE_PATH} (set STEPGATE_VTL_ORACLE)`);
  const input = jobs.map((job) => JSON.stringify(job)).join('\n') + '\n';
  const run = spawnSync(ORACLE_PATH, ['--batch'], {
    input,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`vtl-oracle failed (${run.status}): ${run.stderr}`);
  const lines = run.stdout.split('\n').filter((line) => line.trim() !== '');
  if (lines.length !== jobs.length)
    throw new Error(`vtl-oracle answered ${lines.length} of ${jobs.length} jobs: ${run.stderr}`);
  return lines.map((line) => JSON.parse(line) as OracleResult);
}
