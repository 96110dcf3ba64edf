// GIVEN a plan, WHEN apply (or rollback, or a whole deploy) runs against a stand-in AWS endpoint
// over HTTP, THEN exactly these calls reach AWS, in this order, through the SDK's middleware
// (its retries included, as users get them). Every create, every kind of update, every delete.
import { NO_STAGE_SETTINGS } from '../src/desired/stage-settings.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  applyPlan,
  AwsError,
  createAwsClients,
  deploy,
  NO_OTHERS,
  planChanges,
  rollBack,
  type ActualState,
  type DesiredState,
} from '@stepgate/core';
import { deployed, desired, region } from './support/stack-states.js';
import { startWireFake, type WireFake } from './support/wire-fake.js';
import { jest } from '@jest/globals';

// Retries wait as the SDK waits (up to a few seconds on a loaded machine).
jest.setTimeout(30_000);

let wire: WireFake;
beforeAll(async () => {
  wire = await startWireFake();
});
afterAll(() => wire.close());
beforeEach(() => wire.reset());

const clients = (callLogFile?: string) =>
  createAwsClients({
    endpointUrl: wire.endpointUrl,
    region,
    ...(callLogFile ? { callLogFile } : {}),
  });

async function apply(d: DesiredState, actual: ActualState, apiKeyValue?: string) {
  const plan = planChanges(d, actual, { region, ...(apiKeyValue ? { apiKeyValue } : {}) });
  const result = await applyPlan(d, actual, plan, {
    clients: clients(),
    sleep: async () => {},
    ...(apiKeyValue ? { apiKeyValue } : {}),
  });
  return { plan, result };
}

const body = (call: string) => wire.calls.find((c) => c.call === call)?.body;

const nothing: ActualState = {
  stateMachine: null,
  logGroup: null,
  restApi: null,
  apiKey: null,
  usagePlan: null,
  others: NO_OTHERS,
};

/** What a first deploy sends, in order: the API is one document, written and deployed once. */
function firstDeployCalls(): string[] {
  return [
    'states:CreateStateMachine',
    'POST /restapis',
    'PUT /restapis/api-new',
    'POST /restapis/api-new/deployments',
    'POST /apikeys',
    'POST /usageplans',
    'POST /usageplans/plan-new/keys',
  ];
}

describe('creates', () => {
  test('a first deploy: every resource created once, with its tags, in dependency order', async () => {
    const d = desired();
    const { result } = await apply(d, nothing);
    expect(wire.mutations()).toEqual(firstDeployCalls());
    for (const call of ['POST /restapis', 'POST /apikeys', 'POST /usageplans'])
      expect(body(call)?.tags).toEqual(d.ownershipTags);
    expect(body('states:CreateStateMachine')?.tags).toEqual(
      Object.entries(d.stateMachine.tags).map(([key, value]) => ({ key, value })),
    );
    expect(result.outputs).toMatchObject({
      apiId: 'api-new',
      apiKeyId: 'key-new',
      usagePlanId: 'plan-new',
      deploymentId: 'dep-new',
    });
  });

  test('logging on: the log group is created with its tags before the state machine that logs to it', async () => {
    const base = desired();
    const stateMachine = {
      ...base.stateMachine,
      logging: { level: 'ERROR' as const, includeExecutionData: false },
    };
    const logGroup = {
      stateMachine: stateMachine.key,
      name: `/aws/vendedlogs/states/${base.stateMachine.name}`,
      tags: base.ownershipTags,
    };
    const d: DesiredState = {
      ...base,
      stateMachine,
      stateMachines: [stateMachine],
      logGroup,
      logGroups: [logGroup],
    };
    await apply(d, nothing);
    expect(wire.mutations().slice(0, 2)).toEqual([
      'logs:CreateLogGroup',
      'states:CreateStateMachine',
    ]);
    expect(body('logs:CreateLogGroup')?.tags).toEqual(d.ownershipTags);
    expect(body('states:CreateStateMachine')?.loggingConfiguration).toEqual({
      level: 'ERROR',
      includeExecutionData: false,
      destinations: [
        {
          cloudWatchLogsLogGroup: {
            logGroupArn: `arn:aws:logs:us-east-1:000000000000:log-group:${d.logGroup!.name}:*`,
          },
        },
      ],
    });
  });

  test('a create whose response has no id is an error (exit 3), never an empty id to act on', async () => {
    const d = desired();
    const actual = deployed(d);
    wire.fail({ call: 'POST /apikeys', status: 201, type: '', body: { name: 'orders-prod' } });
    const failure = apply(d, { ...actual, apiKey: null });
    await expect(failure).rejects.toThrow('apigateway:CreateApiKey: the response has no id');
    await failure.catch((error: AwsError) => expect(error.exitCode).toBe(3));
    expect(wire.mutations()).toEqual(['POST /apikeys']);
  });
});

describe('updates', () => {
  const machineUpdate = async (change: (a: ActualState) => ActualState) => {
    const d = desired();
    await apply(d, change(deployed(d)));
    return body('states:UpdateStateMachine');
  };

  test('definition: one UpdateStateMachine, nothing else', async () => {
    const sent = await machineUpdate((a) => ({
      ...a,
      stateMachine: { ...a.stateMachine!, definition: '{"StartAt":"X","States":{}}' },
    }));
    expect(wire.mutations()).toEqual(['states:UpdateStateMachine']);
    expect(sent?.definition).toBe(desired().stateMachine.definition);
  });

  test('logging: UpdateStateMachine turns it off', async () => {
    const sent = await machineUpdate((a) => ({
      ...a,
      stateMachine: { ...a.stateMachine!, logging: { level: 'ALL', includeExecutionData: true } },
    }));
    expect(wire.mutations()).toEqual(['states:UpdateStateMachine']);
    expect(sent?.loggingConfiguration).toEqual({ level: 'OFF' });
  });

  test('tracing: UpdateStateMachine sets it', async () => {
    const sent = await machineUpdate((a) => ({
      ...a,
      stateMachine: { ...a.stateMachine!, tracing: true },
    }));
    expect(wire.mutations()).toEqual(['states:UpdateStateMachine']);
    expect(sent?.tracingConfiguration).toEqual({ enabled: false });
  });

  test('tags only: TagResource, and the definition is left alone', async () => {
    await machineUpdate((a) => ({ ...a, stateMachine: { ...a.stateMachine!, tags: {} } }));
    expect(wire.mutations()).toEqual(['states:TagResource']);
  });

  test('a disabled API key is enabled in place', async () => {
    const d = desired();
    const actual = deployed(d);
    await apply(d, { ...actual, apiKey: { ...actual.apiKey!, enabled: false } });
    expect(wire.mutations()).toEqual(['PATCH /apikeys/key1']);
    expect(body('PATCH /apikeys/key1')?.patchOperations).toEqual([
      { op: 'replace', path: '/enabled', value: 'true' },
    ]);
  });

  test('a new imposed key value replaces the key and binds the new one to the usage plan', async () => {
    const d = desired();
    const actual = deployed(d);
    const value = 'new-value-0123456789abcdef';
    await apply(
      d,
      { ...actual, apiKey: { ...actual.apiKey!, value: 'old-value-0123456789abcdef' } },
      value,
    );
    expect(wire.mutations()).toEqual([
      'DELETE /apikeys/key1',
      'POST /apikeys',
      'POST /usageplans/plan1/keys',
    ]);
    expect(body('POST /apikeys')?.value).toBe(value);
    expect(body('POST /usageplans/plan1/keys')).toEqual({ keyId: 'key-new', keyType: 'API_KEY' });
  });

  test('usage plan throttle and quota: one UpdateUsagePlan with every limit', async () => {
    const d = desired();
    const actual = deployed(d);
    await apply(d, {
      ...actual,
      usagePlan: {
        ...actual.usagePlan!,
        throttle: { rateLimit: 1, burstLimit: 2 },
        quota: { limit: 3, period: 'DAY' },
      },
    });
    expect(wire.mutations()).toEqual(['PATCH /usageplans/plan1']);
    expect(body('PATCH /usageplans/plan1')?.patchOperations).toEqual([
      {
        op: 'replace',
        path: '/throttle/rateLimit',
        value: String(d.usagePlan!.throttle.rateLimit),
      },
      {
        op: 'replace',
        path: '/throttle/burstLimit',
        value: String(d.usagePlan!.throttle.burstLimit),
      },
      { op: 'replace', path: '/quota/limit', value: String(d.usagePlan!.quota.limit) },
      { op: 'replace', path: '/quota/period', value: d.usagePlan!.quota.period },
    ]);
  });

  test('nothing differs: no call at all', async () => {
    const d = desired();
    await apply(d, deployed(d));
    expect(wire.mutations()).toEqual([]);
  });
});

describe('deletes', () => {
  const withOthers = (d: DesiredState): ActualState => ({
    ...deployed(d),
    others: {
      usagePlans: [
        {
          id: 'plan2',
          name: d.usagePlan!.name,
          throttle: {},
          quota: {},
          apiStages: [{ apiId: 'api1', stage: 'prod' }],
          keyIds: [],
        },
      ],
      apiKeys: [{ id: 'key2', name: d.apiKey!.name, enabled: true }],
      restApis: [{ id: 'api2', name: d.restApi.name }],
      stateMachines: [
        {
          name: 'orders-gone-prod',
          arn: 'arn:aws:states:us-east-1:000000000000:stateMachine:orders-gone-prod',
        },
      ],
      logGroups: [{ name: '/aws/vendedlogs/states/orders-gone-prod', arn: 'arn:aws:logs:x' }],
    },
  });

  test('second copies and what the config dropped are deleted, last, usage plans unbound first', async () => {
    const d = desired();
    const { plan, result } = await apply(d, withOthers(d));
    expect(wire.mutations()).toEqual([
      'PATCH /usageplans/plan2',
      'DELETE /usageplans/plan2',
      'DELETE /apikeys/key2',
      'DELETE /restapis/api2',
      'states:DeleteStateMachine',
      'logs:DeleteLogGroup',
    ]);
    expect(body('PATCH /usageplans/plan2')?.patchOperations).toEqual([
      { op: 'remove', path: '/apiStages', value: 'api1:prod' },
    ]);
    expect(
      plan.changes.filter((c) => c.action === 'delete').map((c) => `${c.resource} ${c.reason}`),
    ).toEqual([
      'usagePlan duplicate',
      'apiKey duplicate',
      'restApi duplicate',
      'stateMachine removed',
      'logGroup removed',
    ]);
    expect(result.outcomes.filter((o) => o.outcome === 'deleted')).toHaveLength(5);
  });

  test('the API key turned off: the usage plan and the key are deleted', async () => {
    const base = desired();
    const d: DesiredState = { ...base, apiKey: null, usagePlan: null };
    const actual = deployed(base);
    await apply(d, {
      ...actual,
      apiKey: null,
      usagePlan: null,
      others: { ...NO_OTHERS, apiKeys: [actual.apiKey!], usagePlans: [actual.usagePlan!] },
    });
    expect(wire.mutations().slice(-3)).toEqual([
      'PATCH /usageplans/plan1',
      'DELETE /usageplans/plan1',
      'DELETE /apikeys/key1',
    ]);
  });

  test('already gone counts as deleted (a rerun after a lost response finishes)', async () => {
    const d = desired();
    wire.fail({ call: 'DELETE /apikeys/key2', status: 404, type: 'NotFoundException' });
    await apply(d, withOthers(d));
    expect(wire.mutations()).toContain('logs:DeleteLogGroup');
  });

  test('a resource AWS refuses to delete: exit 3 naming it, and nothing after it is attempted', async () => {
    const d = desired();
    wire.fail({ call: 'DELETE /usageplans/plan2', status: 400, type: 'BadRequestException' });
    const failure = apply(d, withOthers(d));
    await expect(failure).rejects.toThrow(AwsError);
    await expect(failure).rejects.toThrow(/could not delete usagePlan orders-prod \(plan2\)/);
    await failure.catch((error: AwsError) => expect(error.exitCode).toBe(3));
    expect(wire.mutations()).toEqual(['PATCH /usageplans/plan2']);
  });
});

describe('retries, as the SDK makes them', () => {
  test('a throttled update and a 500 are retried: two wire requests, one call in the call log', async () => {
    const d = desired();
    const actual = deployed(d);
    wire.fail({ call: 'states:UpdateStateMachine', status: 400, type: 'ThrottlingException' });
    wire.fail({ call: 'PATCH /usageplans/plan1', status: 500, type: 'InternalFailure' });
    const log = path.join(mkdtempSync(path.join(tmpdir(), 'calls-')), 'calls.jsonl');
    const changed: ActualState = {
      ...actual,
      stateMachine: { ...actual.stateMachine!, tracing: true },
      usagePlan: { ...actual.usagePlan!, quota: { limit: 1, period: 'DAY' } },
    };
    const plan = planChanges(d, changed, { region });
    await applyPlan(d, changed, plan, { clients: clients(log) });
    expect(wire.calls.map((c) => c.call)).toEqual([
      'states:UpdateStateMachine',
      'states:UpdateStateMachine',
      'PATCH /usageplans/plan1',
      'PATCH /usageplans/plan1',
    ]);
    const logged = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).operation);
    expect(logged).toEqual(['UpdateStateMachine', 'UpdateUsagePlan']);
  }, 20_000);
});

describe('rollBack', () => {
  test('puts back the stage, the state machine with its logging and tracing, and the usage-plan limits', async () => {
    const d = desired();
    const deployedState = deployed(d);
    const before: ActualState = {
      ...deployedState,
      stateMachine: {
        ...deployedState.stateMachine!,
        definition: '{"StartAt":"Old","States":{}}',
        logging: {
          level: 'ERROR',
          includeExecutionData: true,
          logGroupArn: 'arn:aws:logs:us-east-1:000000000000:log-group:mine:*',
        },
        tracing: true,
      },
      restApi: {
        ...deployedState.restApi!,
        stage: {
          name: 'prod',
          deploymentId: 'dep0',
          deploymentDescription: 'stepgate 0',
          settings: NO_STAGE_SETTINGS,
        },
      },
      usagePlan: { ...deployedState.usagePlan!, throttle: { rateLimit: 1, burstLimit: 2 } },
    };
    const plan = planChanges(d, before, { region });
    const lines: string[] = [];
    const result = await rollBack(before, plan, clients(), (line) => lines.push(line));
    expect(wire.mutations()).toEqual([
      'states:UpdateStateMachine',
      'PATCH /restapis/api1/stages/prod',
      'PATCH /usageplans/plan1',
    ]);
    expect(body('states:UpdateStateMachine')).toMatchObject({
      definition: '{"StartAt":"Old","States":{}}',
      loggingConfiguration: {
        level: 'ERROR',
        includeExecutionData: true,
        destinations: [
          {
            cloudWatchLogsLogGroup: {
              logGroupArn: 'arn:aws:logs:us-east-1:000000000000:log-group:mine:*',
            },
          },
        ],
      },
      tracingConfiguration: { enabled: true },
    });
    expect(body('PATCH /restapis/api1/stages/prod')?.patchOperations).toEqual([
      { op: 'replace', path: '/deploymentId', value: 'dep0' },
    ]);
    expect(body('PATCH /usageplans/plan1')?.patchOperations).toEqual([
      { op: 'replace', path: '/throttle/rateLimit', value: '1' },
      { op: 'replace', path: '/throttle/burstLimit', value: '2' },
    ]);
    expect(result.steps.map((s) => s.resource)).toEqual(['stateMachine', 'stage', 'usagePlan']);
    expect(lines).toContain('rollback: stage prod back on deployment dep0');
  });
});

describe('deploy', () => {
  test('an empty account: every list read, then exactly the calls of a first deploy', async () => {
    const configFile = path.resolve(
      import.meta.dirname,
      '../../../workflows-examples/orders/stepgate.yml',
    );
    const result = await deploy({ configFile, aws: { endpointUrl: wire.endpointUrl, region } });
    expect(result.outputs.changed).toBe(true);
    expect(result.outcomes.map((o) => `${o.outcome} ${o.kind}`)).toEqual([
      'created stateMachine',
      'created restApi',
      'created route',
      'created stage',
      'created apiKey',
      'created usagePlan',
      'created usagePlanKey',
    ]);
    expect(wire.mutations()).toEqual(firstDeployCalls());
    expect(
      wire.calls
        .map((c) => c.call)
        .filter((c) => !wire.mutations().includes(c))
        .sort(),
    ).toEqual(['GET /apikeys', 'GET /restapis', 'GET /usageplans', 'states:ListStateMachines']);
  });
});
