// Renders mapping templates with the reference renderer (Apache Velocity 1.7), the second
// implementation stepgate's templates and template engine are checked against. By default that
// is the project's own tools/vtl-reference (a pinned Maven build on JDK 17), so the differential
// tests run wherever the repository is checked out, GitHub's CI included: none is ever skipped.
// STEPGATE_VTL_ORACLE names another renderer with the same command line, e.g.
// ../shared/tools/vtl-oracle/vtl-oracle.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type { RenderRequest, RenderResult } from '@stepgate/vtl';
import type { RenderRequest, RenderResult } from '@stepgate/vtl';

export type OracleResult = RenderResult | { error: string };

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The project's reference renderer. */
export const VTL_REFERENCE_PATH = path.join(repoRoot, 'tools/vtl-reference/vtl-reference');

/** The renderer the template tests compare with: STEPGATE_VTL_ORACLE, else the project's. */
export const ORACLE_PATH = process.env.STEPGATE_VTL_ORACLE
  ? path.resolve(process.env.STEPGATE_VTL_ORACLE)
  : VTL_REFERENCE_PATH;

/**
 * Always true: the reference renderer is part of the repository. A renderer named by
 * STEPGATE_VTL_ORACLE that does not exist is an error, never a reason to skip.
 */
export function oracleAvailable(): boolean {
  if (!existsSync(ORACLE_PATH))
    throw new Error(`The reference renderer ${ORACLE_PATH} does not exist (STEPGATE_VTL_ORACLE)`);
  return true;
}

/** `describe`: kept for the suites that name it; the reference renderer always runs. */
export const describeWithOracle: typeof describe = describe;

/** Renders every job in one JVM (`--batch`). */
export function renderWithOracle(
  jobs: readonly { template: string; request: RenderRequest }[],
): OracleResult[] {
  oracleAvailable();
  const input = jobs.map((job) => JSON.stringify(job)).join('\n') + '\n';
  // `npm run check:vtl-reference` collects every job the tests send (one file per process).
  const record = process.env.STEPGATE_VTL_RECORD;
  if (record) appendFileSync(path.join(record, `${process.pid}.jsonl`), input);
  const run = spawnSync(ORACLE_PATH, ['--batch'], {
    input,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  if (run.status !== 0)
    throw new Error(`${path.basename(ORACLE_PATH)} failed (${run.status}): ${run.stderr}`);
  const lines = run.stdout.split('\n').filter((line) => line.trim() !== '');
  if (lines.length !== jobs.length)
    throw new Error(
      `${path.basename(ORACLE_PATH)} answered ${lines.length} of ${jobs.length} jobs: ${run.stderr}`,
    );
  return lines.map((line) => JSON.parse(line) as OracleResult);
}
