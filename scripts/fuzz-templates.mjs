#!/usr/bin/env node
// `npm run fuzz:templates [-- --seed N --count N]`: the generated-templates comparison
// (packages/vtl/test/generated-templates.test.ts) on a fresh seed, at least 20,000 templates,
// failing (exit 1) on any difference from Apache Velocity 1.7 outside packages/vtl/README.md's
// known differences. The seed is printed so a failure can be replayed.
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import path from 'node:path';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const seed = option('seed', randomInt(1, 2 ** 31 - 1));
const count = option('count', 20_000);
if (!Number.isInteger(seed) || !Number.isInteger(count) || count < 1) {
  process.stderr.write('fuzz:templates: --seed and --count take positive integers\n');
  process.exit(2);
}
process.stdout.write(`fuzz:templates: seed ${seed}, ${count} templates\n`);
const root = path.resolve(import.meta.dirname, '..');
const run = spawnSync(
  process.execPath,
  [
    '--experimental-vm-modules',
    path.join(root, 'node_modules/jest/bin/jest.js'),
    'packages/vtl/test/generated-templates.test.ts',
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      STEPGATE_FUZZ_SEED: String(seed),
      STEPGATE_FUZZ_COUNT: String(count),
    },
  },
);
process.exit(run.status === 0 ? 0 : 1);
