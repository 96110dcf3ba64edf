import { execFileSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/** Starts LocalStack unless one already answers; remembers whether to stop it afterwards. */
export default async function globalSetup(): Promise<void> {
  const healthy = await fetch(
    `http://127.0.0.1:${process.env.EMULATOR_PORT ?? 4566}/_localstack/health`,
  )
    .then((r) => r.ok)
    .catch(() => false);
  process.env.STEPGATE_E2E_STARTED_EMULATOR = healthy ? '' : '1';
  const stdout = execFileSync(process.execPath, [path.join(root, 'scripts/emulator/start.mjs')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  process.env.STEPGATE_E2E_ENDPOINT = stdout.trim().split('\n').pop();
}
