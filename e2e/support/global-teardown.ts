import { execFileSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/** Stops the emulator if this run started it. */
export default async function globalTeardown(): Promise<void> {
  if (process.env.STEPGATE_E2E_STARTED_EMULATOR === '1' || process.env.CI) {
    execFileSync(process.execPath, [path.join(root, 'scripts/emulator/stop.mjs')], {
      stdio: 'inherit',
    });
  }
}
