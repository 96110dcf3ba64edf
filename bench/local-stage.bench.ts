// Benchmark: requests/s and p50/p99 latency of the example app (workflows-examples/orders) on the
// local stage under concurrent load, and the same request through LocalStack's stage when one
// answers at http://127.0.0.1:$EMULATOR_PORT (default 4566); without one it fails (exit 1). Run: `node bench/local-stage.bench.ts`
// (BENCH_SECONDS, BENCH_CLIENTS to change the load). Aim: ≥ 2,000 req/s, p99 < 10 ms on two cores.
//
// The example's usage plan allows 50 req/s (burst 100), as AWS would: the benchmark serves a copy
// whose plan is raised to the maximum, so it measures the stage rather than the throttle.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 20);
const LOCALSTACK = `http://127.0.0.1:${process.env.EMULATOR_PORT ?? 4566}`;
const API_KEY = `bench-key-${Date.now().toString(36)}-0123456789`;
const BODY = JSON.stringify({ quantity: 2, item: 'book' });

interface Result {
  target: string;
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
  note?: string;
}

/** The orders app with its usage plan raised to the maximum. */
function unthrottledOrdersApp(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'stepgate-bench-'));
  cpSync(path.join(ROOT, 'workflows-examples/orders'), dir, { recursive: true });
  const config = path.join(dir, 'stepgate.yml');
  writeFileSync(
    config,
    readFileSync(config, 'utf8')
      .replace(/throttle: \{[^}]*\}/, 'throttle: { rateLimit: 10000, burstLimit: 5000 }')
      .replace(/quota: \{[^}]*\}/, 'quota: { limit: 2147483647, period: DAY }'),
  );
  return dir;
}

/** `stepgate local` in its own process (the load generator must not share its core). */
async function startLocal(dir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [
      path.join(ROOT, 'packages/stepgate/bin/stepgate.js'),
      'local',
      '--config',
      path.join(dir, 'stepgate.yml'),
      '--port',
      '0',
      '--api-key',
      API_KEY,
      '--no-watch',
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  let stdout = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d;
      const match = /^url: (\S+)$/m.exec(stdout);
      if (match && stdout.includes('api-key:')) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`stepgate local exited with ${code}`)));
  });
  return { url, child };
}

function post(agent: Agent, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'x-api-key': API_KEY,
          'content-length': Buffer.byteLength(BODY),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(BODY);
  });
}

async function load(target: string, url: string, seconds: number): Promise<Result> {
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  // Warm up: JIT, connections, first-request costs.
  await Promise.all(Array.from({ length: CLIENTS * 5 }, () => post(agent, url)));
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  const client = async () => {
    while (performance.now() < until) {
      const t = performance.now();
      const status = await post(agent, url).catch(() => 0);
      latencies.push(performance.now() - t);
      if (status !== 200) errors++;
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return {
    target,
    requests: latencies.length,
    errors,
    // Only successful requests count: an error answered fast is not throughput.
    rps: (latencies.length - errors) / elapsed,
    p50: pct(0.5),
    p99: pct(0.99),
  };
}

async function localstackStage(
  dir: string,
): Promise<{ url: string; cleanup: () => void } | string> {
  const healthy = await fetch(`${LOCALSTACK}/_localstack/health`)
    .then((r) => r.ok)
    .catch(() => false);
  if (!healthy) return `skipped: no LocalStack at ${LOCALSTACK} (npm run emulator:start)`;
  const { runAction } = await import('../e2e/support/run-action.ts');
  const inputs = {
    config: 'stepgate.yml',
    environment: `bench-${Date.now().toString(36)}`,
    'endpoint-url': LOCALSTACK,
  };
  const deployed = runAction('deploy', dir, {
    ...inputs,
    'api-key-value': API_KEY,
    smoke: 'false',
  });
  if (deployed.status !== 0)
    return `skipped: deploy to LocalStack failed (${deployed.stderr.trim().split('\n').pop()})`;
  return {
    url: deployed.outputs['invoke-url']!,
    cleanup: () => void runAction('destroy', dir, inputs),
  };
}

function table(results: Result[]): string {
  const header = ['target', 'requests', 'non-200', 'req/s (200 only)', 'p50 ms', 'p99 ms'];
  const measured = results.map((r) => [
    r.target,
    String(r.requests),
    String(r.errors),
    r.rps.toFixed(0),
    r.p50.toFixed(2),
    r.p99.toFixed(2),
  ]);
  const widths = header.map((h, i) =>
    Math.max(h.length, ...results.map((r, j) => (r.note && i > 0 ? 0 : measured[j]![i]!.length))),
  );
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [
    line(header),
    ...results.map((r, j) =>
      r.note ? `${r.target.padEnd(widths[0]!)}  ${r.note}` : line(measured[j]!),
    ),
  ].join('\n');
}

async function main(): Promise<void> {
  const dir = unthrottledOrdersApp();
  console.log(
    `local stage benchmark: POST ${BODY} to the orders app, ${CLIENTS} keep-alive clients, ${SECONDS} s each, ${cpus().length} cores, Node ${process.version}`,
  );
  const results: Result[] = [];
  const { url, child } = await startLocal(dir);
  try {
    results.push(await load('local stage (stepgate local)', url, SECONDS));
  } finally {
    child.kill('SIGTERM');
  }
  const ls = await localstackStage(dir);
  if (typeof ls === 'string') {
    results.push({
      target: 'LocalStack stage',
      requests: 0,
      errors: 0,
      rps: 0,
      p50: 0,
      p99: 0,
      note: ls,
    });
  } else {
    try {
      results.push(await load('LocalStack stage (same request)', ls.url, SECONDS));
    } finally {
      ls.cleanup();
    }
  }
  console.log(`\n${table(results)}\n`);
  const local = results[0]!;
  const ok = local.rps >= 2000 && local.p99 < 10;
  console.log(
    `aim (≥ 2,000 req/s and p99 < 10 ms on two cores): ${ok ? 'met' : 'not met'} by the local stage`,
  );
  // A target that could not be measured (no emulator, or no successful request) fails the run.
  const unmeasured = results.filter((r) => r.note || r.requests - r.errors === 0);
  if (unmeasured.length) {
    console.error(`not measured: ${unmeasured.map((r) => r.target).join(', ')}`);
    process.exitCode = 1;
  }
}

await main();
