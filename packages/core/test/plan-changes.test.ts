// GIVEN a desired state and what AWS holds, WHEN planning, THEN exactly the differences
// become changes (pure: no AWS involved).
import { NO_STAGE_SETTINGS } from '../src/desired/stage-settings.js';
import { formatFields, formatPlan, NO_OTHERS, planChanges, type ActualState } from '@stepgate/core';
import { deployed, desired, region } from './support/stack-states.js';

const changed = (plan: ReturnType<typeof planChanges>) =>
  plan.changes
    .filter((c) => c.action !== 'none')
    .map((c) => [c.resource, c.action, formatFields(c.resource, c.fields)]);

const nothing: ActualState = {
  stateMachine: null,
  logGroup: null,
  restApi: null,
  apiKey: null,
  usagePlan: null,
  others: NO_OTHERS,
};

test('nothing in AWS: everything is created, in dependency order', () => {
  const plan = planChanges(desired(), nothing, { region });
  expect(plan.hasChanges).toBe(true);
  expect(plan.changes.map((c) => `${c.action} ${c.resource}`)).toEqual([
    'create stateMachine',
    'create restApi',
    'create route',
    'create stage',
    'create apiKey',
    'create usagePlan',
    'create usagePlanKey',
  ]);
});

test('everything as desired: no changes', () => {
  const d = desired();
  const plan = planChanges(d, deployed(d), { region });
  expect(changed(plan)).toEqual([]);
  expect(plan.hasChanges).toBe(false);
});

test('key order and spacing of the definition are not a change', () => {
  const d = desired();
  const actual = deployed(d);
  const parsed = JSON.parse(d.stateMachine.definition) as Record<string, unknown>;
  const reversed = Object.fromEntries(Object.entries(parsed).reverse());
  const reordered = JSON.stringify(reversed, null, 2);
  expect(reordered).not.toBe(d.stateMachine.definition);
  const plan = planChanges(
    d,
    { ...actual, stateMachine: { ...actual.stateMachine!, definition: reordered } },
    { region },
  );
  expect(changed(plan)).toEqual([]);
});

test('a definition change updates only the state machine (no new deployment)', () => {
  const d = desired();
  const actual = deployed(d);
  const plan = planChanges(
    d,
    {
      ...actual,
      stateMachine: { ...actual.stateMachine!, definition: '{"StartAt":"X","States":{}}' },
    },
    { region },
  );
  expect(changed(plan)).toEqual([['stateMachine', 'update', ['definition']]]);
});

test('a template change rebuilds the route and cuts over with a new deployment', () => {
  const d = desired();
  const actual = deployed(d);
  const method = actual.restApi!.method!;
  const stale = {
    ...method,
    integration: { ...method.integration!, requestTemplates: { 'application/json': 'old' } },
  };
  const plan = planChanges(
    d,
    { ...actual, restApi: { ...actual.restApi!, method: stale } },
    { region },
  );
  expect(changed(plan)).toEqual([
    ['route', 'update', ['integration.requestTemplate']],
    ['stage', 'update', ['new deployment']],
  ]);
});

test('a stage on an older deployment gets a new one', () => {
  const d = desired();
  const actual = deployed(d);
  const plan = planChanges(
    d,
    {
      ...actual,
      restApi: {
        ...actual.restApi!,
        stage: {
          name: 'prod',
          deploymentId: 'old',
          deploymentDescription: 'stepgate 0',
          settings: NO_STAGE_SETTINGS,
        },
      },
    },
    { region },
  );
  expect(changed(plan)).toEqual([['stage', 'update', ['new deployment']]]);
  expect(plan.changes.find((c) => c.resource === 'stage')).toMatchObject({
    reason: 'differs',
    id: 'old',
    fields: [{ field: 'deployment', from: 'stepgate 0', to: `stepgate ${d.apiHash}` }],
  });
});

test('a deployment made outside stepgate is drift: changed outside stepgate', () => {
  const d = desired();
  const actual = deployed(d);
  const plan = planChanges(
    d,
    {
      ...actual,
      restApi: {
        ...actual.restApi!,
        stage: { name: 'prod', deploymentId: 'console', deploymentDescription: 'hotfix' },
      },
    },
    { region },
  );
  expect(plan.changes.filter((c) => c.action !== 'none')).toEqual([
    {
      resource: 'stage',
      name: 'prod',
      action: 'update',
      fields: [{ field: 'deployment', from: 'hotfix', to: `stepgate ${d.apiHash}` }],
      reason: 'drift',
      id: 'console',
    },
  ]);
  expect(formatPlan(plan)).toBe('~ stage prod (new deployment): changed outside stepgate');
});

test('usage plan limits and a missing stage binding are updates with readable details', () => {
  const d = desired();
  const actual = deployed(d);
  const plan = planChanges(
    d,
    {
      ...actual,
      usagePlan: {
        ...actual.usagePlan!,
        throttle: { rateLimit: 1, burstLimit: 100 },
        apiStages: [{ apiId: 'gone', stage: 'prod' }],
      },
    },
    { region },
  );
  expect(changed(plan)).toEqual([
    ['usagePlan', 'update', ['throttle.rateLimit: 1 → 50', 'apiStages: + api1/prod; - gone/prod']],
  ]);
});

test('an imposed key value that differs replaces the key and relinks it', () => {
  const d = desired();
  const actual = deployed(d);
  const plan = planChanges(
    d,
    { ...actual, apiKey: { ...actual.apiKey!, value: 'old-value-01234567890' } },
    { region, apiKeyValue: 'new-value-01234567890' },
  );
  expect(changed(plan)).toEqual([
    ['apiKey', 'update', ['value (replaced: a key value cannot be changed in place)']],
    ['usagePlanKey', 'create', []],
  ]);
  // The plan never holds the value itself.
  const key = plan.changes.find((c) => c.resource === 'apiKey')!;
  expect(key.fields).toEqual([{ field: 'value', from: '(secret)', to: '(secret)' }]);
  expect(JSON.stringify(plan)).not.toContain('value-01234567890');
});

test('an interrupted first deploy (state machine and API exist, nothing else) continues where it stopped', () => {
  const d = desired();
  const actual = deployed(d);
  const partial: ActualState = {
    ...actual,
    restApi: { ...actual.restApi!, method: null, stage: null },
    apiKey: null,
    usagePlan: null,
  };
  expect(
    planChanges(d, partial, { region })
      .changes.filter((c) => c.action !== 'none')
      .map((c) => `${c.action} ${c.resource}`),
  ).toEqual([
    'create route',
    'create stage',
    'create apiKey',
    'create usagePlan',
    'create usagePlanKey',
  ]);
});
