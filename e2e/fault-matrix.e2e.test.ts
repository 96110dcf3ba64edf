// GIVEN an HTTP proxy of our own between the bundled deploy action and the emulator that
// injects throttles, 500s, resets before a call and lost responses after it, or crashes the
// run after its k-th mutating call, WHEN a clean run follows each faulty one, THEN it converges
// (exactly one of each resource) and a further deploy is a no-op. Three previews deploying at
// once under API Gateway's control-plane quotas all succeed. The figures in the README's
// reliability section are the summary lines this suite prints.
import {
  GetApiKeysCommand,
  GetRestApisCommand,
  GetStagesCommand,
  GetUsagePlanKeysCommand,
  GetUsagePlansCommand,
} from '@aws-sdk/client-api-gateway';
import { ListStateMachinesCommand, ListTagsForResourceCommand } from '@aws-sdk/client-sfn';
import { awsClients } from './support/emulator-aws.js';
import {
  FAULTS,
  startFaultProxy,
  type Fault,
  type FaultProxyOptions,
} from './support/fault-proxy.js';
import { ENDPOINT, runActionAsync, workspaceWith, type ActionRun } from './support/run-action.js';

const APP = 'e2e-echo';
const stamp = Date.now().toString(36);
const workspace = workspaceWith('echo');
const { apiGateway, sfn } = awsClients();
const KINDS = ['stateMachine', 'restApi', 'stage', 'apiKey', 'usagePlan', 'usagePlanKey'] as const;
type Counts = Record<(typeof KINDS)[number], number>;

const deploy = (environment: string, endpoint = ENDPOINT, signal?: AbortSignal) =>
  runActionAsync(
    'deploy',
    workspace,
    { config: 'stepgate.yml', environment, 'endpoint-url': endpoint, smoke: 'false' },
    {},
    signal,
  );

const owned = (tags: Record<string, string> | undefined, environment: string) =>
  tags?.['stepgate:app'] === APP && tags['stepgate:environment'] === environment;

/** How many of each resource the environment owns, found by its tags. */
async function counts(environment: string): Promise<Counts> {
  const [machines, apis, keys, plans] = await Promise.all([
    sfn.send(new ListStateMachinesCommand({ maxResults: 1000 })),
    apiGateway.send(new GetRestApisCommand({ limit: 500 })),
    apiGateway.send(new GetApiKeysCommand({ limit: 500 })),
    apiGateway.send(new GetUsagePlansCommand({ limit: 500 })),
  ]);
  const ourMachines = await Promise.all(
    (machines.stateMachines ?? [])
      .filter((m) => m.name === `${APP}-${environment}`)
      .map(async (m) => {
        const t = await sfn.send(
          new ListTagsForResourceCommand({ resourceArn: m.stateMachineArn }),
        );
        return owned(Object.fromEntries((t.tags ?? []).map((x) => [x.key, x.value])), environment);
      }),
  );
  const ourApis = (apis.items ?? []).filter((a) => owned(a.tags, environment));
  const ourPlans = (plans.items ?? []).filter((p) => owned(p.tags, environment));
  const stages = await Promise.all(
    ourApis.map((a) =>
      apiGateway.send(new GetStagesCommand({ restApiId: a.id })).then((s) => s.item?.length ?? 0),
    ),
  );
  const planKeys = await Promise.all(
    ourPlans.map((p) =>
      apiGateway
        .send(new GetUsagePlanKeysCommand({ usagePlanId: p.id }))
        .then((k) => k.items?.length ?? 0),
    ),
  );
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  return {
    stateMachine: ourMachines.filter(Boolean).length,
    restApi: ourApis.length,
    stage: sum(stages),
    apiKey: (keys.items ?? []).filter((k) => owned(k.tags, environment)).length,
    usagePlan: ourPlans.length,
    usagePlanKey: sum(planKeys),
  };
}

const extra = (c: Counts) => KINDS.reduce((n, kind) => n + Math.max(0, c[kind] - 1), 0);
const exactlyOne = (c: Counts) => KINDS.every((kind) => c[kind] === 1);
const mutating = (run: ActionRun) => run.calls.filter((c) => c.mutating).length;

interface Outcome {
  readonly faults: Record<Fault | 'crash', number>;
  readonly duplicatesMade: number;
  readonly duplicatesLeft: number;
  readonly converged: boolean;
  readonly detail: string;
}

/** One faulty run through the proxy, then a clean run and a further one that must change nothing. */
async function scenario(
  environment: string,
  options: Omit<FaultProxyOptions, 'target'>,
): Promise<Outcome> {
  const crash = new AbortController();
  const proxy = await startFaultProxy({
    target: ENDPOINT,
    ...options,
    onCrash: () => crash.abort(),
  });
  const faulty = await deploy(environment, proxy.url, crash.signal);
  await proxy.close();
  const left = await counts(environment);
  const clean = await deploy(environment);
  const after = await counts(environment);
  const again = await deploy(environment);
  const converged =
    clean.status === 0 && exactlyOne(after) && again.status === 0 && mutating(again) === 0;
  return {
    faults: { ...proxy.injected, crash: crash.signal.aborted ? 1 : 0 },
    duplicatesMade: extra(left),
    duplicatesLeft: extra(after),
    converged,
    detail: `${environment}: faulty exit ${faulty.status}, clean exit ${clean.status}${clean.status ? ` (${clean.stdout.split('\n').find((l) => l.startsWith('::error::')) ?? ''})` : ''}, after ${JSON.stringify(after)}, again ${mutating(again)} mutating`,
  };
}

/** Runs the jobs `width` at a time (2 cores: more would only queue in the emulator). */
async function pool<T>(jobs: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < jobs.length) {
        const i = next++;
        results[i] = await jobs[i]!();
      }
    }),
  );
  return results;
}

function summary(name: string, outcomes: readonly Outcome[]): string {
  const total = (key: keyof Outcome['faults']) => outcomes.reduce((n, o) => n + o.faults[key], 0);
  const byKind = [...FAULTS, 'crash' as const].map((f) => `${f} ${total(f)}`).join(', ');
  const injected = [...FAULTS, 'crash' as const].reduce((n, f) => n + total(f), 0);
  return (
    `${name}: ${outcomes.length} runs, ${injected} injected faults (${byKind}), ` +
    `${outcomes.reduce((n, o) => n + o.duplicatesMade, 0)} duplicates made, ` +
    `${outcomes.filter((o) => o.converged).length} of ${outcomes.length} converged, ` +
    `${outcomes.reduce((n, o) => n + o.duplicatesLeft, 0)} duplicates left`
  );
}

/** A small seeded generator, so a failing run can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let firstDeployMutations = 0;

test('a first deploy through the proxy without faults: its mutating calls, counted', async () => {
  const proxy = await startFaultProxy({ target: ENDPOINT });
  const run = await deploy(`fm-${stamp}-base`, proxy.url);
  await proxy.close();
  expect(run.status).toBe(0);
  firstDeployMutations = proxy.calls.filter((c) => c.mutating).length;
  expect(firstDeployMutations).toBe(mutating(run));
  expect(exactlyOne(await counts(`fm-${stamp}-base`))).toBe(true);
});

test('a crash after the k-th mutating call, for every k of a first deploy: the next run converges', async () => {
  expect(firstDeployMutations).toBeGreaterThan(0);
  const outcomes = await pool(
    Array.from(
      { length: firstDeployMutations },
      (_, i) => () => scenario(`fm-${stamp}-crash${i + 1}`, { crashAfterMutating: i + 1 }),
    ),
    3,
  );
  console.log(summary('crash matrix', outcomes));
  for (const o of outcomes)
    expect({ converged: o.converged, detail: o.detail }).toEqual({
      converged: true,
      detail: o.detail,
    });
  expect(outcomes.every((o) => o.faults.crash === 1)).toBe(true);
}, 420_000);

test('15 % of calls throttled, failed with 500, reset, or their response lost: every clean rerun converges and heals duplicates', async () => {
  const seed = Number(process.env.FAULT_SEED ?? 20261205);
  const outcomes = await pool(
    Array.from({ length: 8 }, (_, i) => () => {
      const next = random(seed + i);
      return scenario(`fm-${stamp}-faults${i + 1}`, {
        fault: () => (next() < 0.15 ? FAULTS[Math.floor(next() * FAULTS.length)] : undefined),
      });
    }),
    3,
  );
  console.log(summary(`fault matrix (seed ${seed})`, outcomes));
  for (const o of outcomes)
    expect({ converged: o.converged, detail: o.detail }).toEqual({
      converged: true,
      detail: o.detail,
    });
  expect(outcomes.reduce((n, o) => n + o.duplicatesLeft, 0)).toBe(0);
  expect(outcomes.reduce((n, o) => n + o.faults['lost-response'], 0)).toBeGreaterThan(0);
}, 420_000);

test("three previews deploying at once under API Gateway's control-plane quotas all succeed", async () => {
  const proxy = await startFaultProxy({ target: ENDPOINT, quotas: true });
  const environments = [1, 2, 3].map((i) => `fm-${stamp}-quota${i}`);
  const runs = await Promise.all(environments.map((env) => deploy(env, proxy.url)));
  await proxy.close();
  console.log(
    `quotas: 3 previews at once, ${proxy.calls.length} API calls, ${proxy.quotaRefusals.count} refused with 429 and retried, ${runs.filter((r) => r.status === 0).length} of 3 succeeded`,
  );
  expect(runs.map((r) => r.status)).toEqual([0, 0, 0]);
  expect(proxy.quotaRefusals.count).toBeGreaterThan(0);
  for (const env of environments) expect(exactlyOne(await counts(env))).toBe(true);
}, 180_000);
