// `npm start`: the example app (workflows-examples/orders) on the local stage, smoke-tested, with
// a readable report. No AWS account, no network: everything runs on 127.0.0.1.
// Run as `node scripts/start-local.ts` (Node 24 strips the types); workspace packages load from
// their dist/, built by `npm ci` (prepare: tsc -b).
import path from 'node:path';
import { startLocalStage, type LocalStage } from '@stepgate/local';

const root = path.resolve(import.meta.dirname, '..');
const app = path.join(root, 'workflows-examples/orders');
const configFile = path.join(app, 'stepgate.yml');

interface Outcome {
  readonly name: string;
  readonly passed: boolean;
  readonly detail: string;
}

const out = (line = '') => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const started = performance.now();
  const logs: string[] = [];
  let stage: LocalStage;
  try {
    stage = await startLocalStage({ configFile, port: 0, watch: false, log: (l) => logs.push(l) });
  } catch (error) {
    process.stderr.write(`npm start: ${(error as Error).message}\n`);
    return 2;
  }
  out(`stepgate local stage: ${path.relative(root, configFile)} (no AWS account, no network)`);
  out(`  invoke URL  ${stage.url}`);
  out(`  API key     ${stage.apiKey}`);
  out(`  ready in    ${Math.round(performance.now() - started)} ms`);
  out();
  try {
    const smoke = await loadSmokeRunner();
    const outcomes = smoke
      ? await runSmokeFile(smoke, stage)
      : await runRepresentativeRequests(stage);
    const failed = outcomes.filter((o) => !o.passed);
    out();
    out(
      `${failed.length === 0 ? 'PASS' : 'FAIL'}: ${outcomes.length - failed.length} of ${outcomes.length} cases passed in ${Math.round(performance.now() - started)} ms`,
    );
    for (const line of logs.filter((l) => l.startsWith('warning'))) out(`  ${line}`);
    if (failed.length === 0) {
      out();
      out('Try it yourself: npx stepgate local --config workflows-examples/orders/stepgate.yml');
      out(
        `  curl -H 'x-api-key: <printed key>' -H 'content-type: application/json' -d '{"quantity": 2}' <printed url>`,
      );
    }
    return failed.length === 0 ? 0 : 1;
  } finally {
    await stage.close();
  }
}

type SmokeModule = typeof import('@stepgate/smoke');

/** The smoke runner, when its package is built; otherwise a few representative requests run. */
async function loadSmokeRunner(): Promise<SmokeModule | undefined> {
  try {
    const smoke = (await import('@stepgate/smoke')) as SmokeModule;
    return typeof smoke.runSmoke === 'function' && typeof smoke.loadSmokeSpec === 'function'
      ? smoke
      : undefined;
  } catch {
    return undefined;
  }
}

async function runSmokeFile(smoke: SmokeModule, stage: LocalStage): Promise<Outcome[]> {
  const file = path.join(app, 'smoke.yml');
  out(`smoke cases: ${path.relative(root, file)}`);
  const spec = smoke.loadSmokeSpec(file);
  const report = await smoke.runSmoke({
    spec,
    invokeUrl: stage.url,
    stageUrl: stage.stageUrl,
    apiKey: stage.apiKey,
    // Nothing propagates locally: a failure is a failure.
    retry: { attempts: 1 },
    deadlineMs: 30_000,
    log: (line) => out(`  ${line}`),
  });
  const failed = report.cases.filter((c) => !c.passed);
  if (failed.length > 0) {
    out();
    out(smoke.formatSmokeText(report).trimEnd());
  }
  return report.cases.map((c) => ({ name: c.name, passed: c.passed, detail: '' }));
}

async function runRepresentativeRequests(stage: LocalStage): Promise<Outcome[]> {
  out('smoke cases: representative requests (the smoke runner is not built)');
  const cases: {
    name: string;
    body: unknown;
    key: string | undefined;
    status: number;
    check?: (body: unknown) => boolean;
  }[] = [
    {
      name: 'accepts an order',
      body: { quantity: 2 },
      key: stage.apiKey,
      status: 200,
      check: (b) => (b as { status?: string }).status === 'ACCEPTED',
    },
    {
      name: 'rejects a quantity of 0',
      body: { quantity: 0 },
      key: stage.apiKey,
      status: 500,
      check: (b) => (b as { error?: string }).error === 'InvalidOrder',
    },
    { name: 'no API key → 403', body: { quantity: 1 }, key: undefined, status: 403 },
    {
      name: 'wrong API key → 403',
      body: { quantity: 1 },
      key: 'wrong-key-0123456789abcdefghij',
      status: 403,
    },
  ];
  const outcomes: Outcome[] = [];
  for (const c of cases) {
    const started = performance.now();
    const response = await fetch(stage.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(c.key ? { 'x-api-key': c.key } : {}) },
      body: JSON.stringify(c.body),
    });
    const text = await response.text();
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: the check below fails.
    }
    const passed = response.status === c.status && (c.check?.(body) ?? true);
    const ms = Math.round(performance.now() - started);
    out(`  ${passed ? '✓' : '✗'} ${c.name}  ${response.status}  ${ms} ms`);
    if (!passed) out(`      expected ${c.status}, got ${response.status}: ${text.slice(0, 300)}`);
    outcomes.push({ name: c.name, passed, detail: text });
  }
  return outcomes;
}

process.exitCode = await main();
