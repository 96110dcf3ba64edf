// What a deploy costs against LocalStack: wall time and AWS calls (all, and mutating) for a
// first deploy, a no-op re-deploy, a definition-only change, an API-only change, and a destroy.
// Run: node bench/deploy.bench.ts   (uses the built packages and a running emulator:
// npm run build && npm run emulator:start; without an emulator it fails: exit 1)
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deploy, destroy } from '@stepgate/core';

const endpointUrl =
  process.env.STEPGATE_BENCH_ENDPOINT ?? `http://127.0.0.1:${process.env.EMULATOR_PORT ?? 4566}`;
const healthy = await fetch(`${endpointUrl}/_localstack/health`).then(
  (r) => r.ok,
  () => false,
);
if (!healthy) {
  // Nothing measured is a failure, never a silent success.
  console.error(`No emulator at ${endpointUrl}: start one with npm run emulator:start`);
  process.exit(1);
}

const dir = mkdtempSync(path.join(tmpdir(), 'stepgate-bench-'));
cpSync(path.resolve(import.meta.dirname, '../workflows-examples/orders'), dir, { recursive: true });
const configFile = path.join(dir, 'stepgate.yml');
const environment = `bench-${Date.now().toString(36)}`;
const rows: string[][] = [];

async function measure(
  name: string,
  action: (callLogFile: string) => Promise<unknown>,
): Promise<void> {
  const callLogFile = path.join(dir, `${rows.length}.jsonl`);
  writeFileSync(callLogFile, '');
  const start = performance.now();
  await action(callLogFile);
  const ms = performance.now() - start;
  const calls = readFileSync(callLogFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { mutating: boolean });
  rows.push([
    name,
    `${ms.toFixed(0)} ms`,
    String(calls.length),
    String(calls.filter((c) => c.mutating).length),
  ]);
}

await measure('first deploy', (callLogFile) =>
  deploy({ configFile, environment, aws: { endpointUrl, callLogFile } }),
);
await measure('re-deploy, nothing changed', (callLogFile) =>
  deploy({ configFile, environment, aws: { endpointUrl, callLogFile } }),
);
const definition = path.join(dir, 'statemachine.asl.json');
writeFileSync(definition, readFileSync(definition, 'utf8').replace('"ACCEPTED"', '"ACCEPTED_V2"'));
await measure('definition-only change', (callLogFile) =>
  deploy({ configFile, environment, aws: { endpointUrl, callLogFile } }),
);
writeFileSync(
  configFile,
  readFileSync(configFile, 'utf8').replace('path: /orders', 'path: /orders\n  timeoutMs: 20000'),
);
await measure('API-only change (timeout)', (callLogFile) =>
  deploy({ configFile, environment, aws: { endpointUrl, callLogFile } }),
);
await measure('destroy', (callLogFile) =>
  destroy({ configFile, environment, aws: { endpointUrl, callLogFile } }),
);

const header = ['step', 'wall time', 'AWS calls', 'mutating'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
console.log(`deploy cost against LocalStack (${endpointUrl}), example app:`);
console.log(line(header));
for (const row of rows) console.log(line(row));
