// GIVEN a desired state and what AWS holds, WHEN planning, THEN exactly the differences
// become changes (pure: no AWS involved).
import {
  documentFor,
  formatFields,
  NO_OTHERS,
  planChanges,
  type ActualState,
  type DesiredState,
} from '@stepgate/core';
import { ARN, deployed, desired, region } from './support/stack-states.js';
import { NO_STAGE_SETTINGS } from '../src/desired/stage-settings.js';

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

test('a template change writes the document again and cuts over with one new deployment', () => {
  const d = desired();
  const actual = deployed(d);
  const before = documentFor(d, region, { default: ARN }).hash;
  const route = d.routes[0]!;
  const edited: DesiredState = {
    ...d,
    routes: [{ ...route, integration: { ...route.integration, timeoutMs: 5000 } }],
  };
  const after = documentFor(edited, region, { default: ARN }).hash;
  expect(after).not.toBe(before);
  const plan = planChanges(edited, actual, { region });
  expect(changed(plan)).toEqual([
    ['restApi', 'update', [`document: ${before} → ${after}`]],
    ['stage', 'update', ['new deployment']],
  ]);
  expect(plan.changes.find((c) => c.resource === 'restApi')).toMatchObject({
    reason: 'differs',
    id: 'api1',
  });
  expect(plan.changes.find((c) => c.resource === 'stage')).toMatchObject({
    reason: 'dependency',
    id: 'dep1',
    fields: [{ field: 'deployment', from: `stepgate ${before}`, to: `stepgate ${after}` }],
  });
});

test('a stage serving a deployment stepgate did not make is drift: the document is written again', () => {
  const d = desired();
  const actual = deployed(d);
  const hash = documentFor(d, region, { default: ARN }).hash;
  const plan = planChanges(
    d,
    {
      ...actual,
      restApi: {
        ...actual.restApi!,
        stage: { name: 'prod', deploymentId: 'console', deploymentDescription: '' },
      },
    },
    { region },
  );
  expect(changed(plan)).toEqual([
    ['restApi', 'update', [`document: none → ${hash}`]],
    ['stage', 'update', ['new deployment']],
  ]);
  expect(plan.changes.filter((c) => c.reason === 'drift').map((c) => c.resource)).toEqual([
    'restApi',
    'stage',
  ]);
});

test('a stage on a deployment of the previous version (an older hash) gets the document', () => {
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
          deploymentDescription: 'stepgate 0123456789abcdef',
          settings: NO_STAGE_SETTINGS,
        },
      },
    },
    { region },
  );
  expect(plan.changes.filter((c) => c.action !== 'none')).toMatchObject([
    { resource: 'restApi', action: 'update', reason: 'differs' },
    { resource: 'stage', action: 'update', reason: 'dependency', id: 'old' },
  ]);
});

test('the endpoint type is an attribute of the REST API, not of the document', () => {
  const d = desired();
  const actual = deployed(d);
  const plan = planChanges(
    d,
    { ...actual, restApi: { ...actual.restApi!, endpointType: 'EDGE' } },
    { region },
  );
  expect(changed(plan)).toEqual([['restApi', 'update', ['endpointType: EDGE → REGIONAL']]]);
});

test('a state machine about to be created: the document names the ARN AWS will give it', () => {
  const d = desired();
  const actual = deployed(d);
  // The example's role is in account 000000000000, as is ARN: the predicted ARN is ARN.
  expect(changed(planChanges(d, { ...actual, stateMachine: null }, { region }))).toEqual([
    ['stateMachine', 'create', []],
  ]);
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
    restApi: { ...actual.restApi!, stage: null },
    apiKey: null,
    usagePlan: null,
  };
  expect(
    planChanges(d, partial, { region })
      .changes.filter((c) => c.action !== 'none')
      .map((c) => `${c.action} ${c.resource}`),
  ).toEqual([
    'update restApi',
    'create stage',
    'create apiKey',
    'create usagePlan',
    'create usagePlanKey',
  ]);
});
