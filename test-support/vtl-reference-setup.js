// Jest globalSetup: builds tools/vtl-reference once before any test runs (Maven downloads its
// pinned artifacts on a fresh machine), so no test's timeout pays for the build. Up to date, it
// returns in a few milliseconds. Skipped when STEPGATE_VTL_ORACLE names another renderer.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export default function buildVtlReference() {
  if (process.env.STEPGATE_VTL_ORACLE) return;
  const script = path.join(import.meta.dirname, '../tools/vtl-reference/vtl-reference');
  const run = spawnSync(script, ['--build'], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (run.status !== 0)
    throw new Error(`tools/vtl-reference could not be built (exit ${run.status}): see above`);
}
