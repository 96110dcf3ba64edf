// GIVEN a deploy result or a plan, WHEN it is rendered for people, THEN the text shows each
// resource's fate, the ids and the invoke URL, or on a dry run the planned changes.
import {
  formatPlan,
  planJson,
  renderDeploySummaryMarkdown,
  type DeployOutputs,
  type DeployResult,
  type Plan,
} from '@stepgate/core';

const OUTPUTS: DeployOutputs = {
  invokeUrl: 'https://a1b2c3.execute-api.us-east-1.amazonaws.com/prod/',
  apiId: 'a1b2c3',
  stage: 'prod',
  stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:orders-prod',
  apiKeyId: 'k3y1d',
  usagePlanId: 'up1',
  deploymentId: 'dep1',
  stageUrl: 'https://a1b2c3.execute-api.us-east-1.amazonaws.com/prod',
  stateMachineArns: {
    default: 'arn:aws:states:us-east-1:123456789012:stateMachine:orders-prod',
  },
  changed: true,
};

const PLAN: Plan = {
  hasChanges: true,
  changes: [
    {
      resource: 'stateMachine',
      name: 'orders-prod',
      action: 'create',
      fields: [],
      reason: 'missing',
    },
    {
      resource: 'route',
      name: 'POST /orders',
      action: 'update',
      fields: [{ field: 'integration.requestTemplate', from: 'old\n', to: 'new\n' }],
      reason: 'differs',
    },
    { resource: 'restApi', name: 'orders-prod', action: 'none', fields: [], reason: 'none' },
    {
      resource: 'usagePlan',
      name: 'orders-prod',
      action: 'update',
      fields: [
        { field: 'throttle.rateLimit', from: 10, to: 50 },
        { field: 'quota.limit', from: 100, to: 200 },
      ],
      reason: 'differs',
    },
    {
      resource: 'logGroup',
      name: '/aws/vendedlogs/orders-prod',
      action: 'delete',
      fields: [],
      reason: 'removed',
    },
  ],
};

describe('formatPlan', () => {
  it('shows one line per change with its mark and details, leaving unchanged resources out', () => {
    expect(formatPlan(PLAN)).toBe(
      [
        '+ stateMachine orders-prod',
        '~ route POST /orders (integration.requestTemplate)',
        '~ usagePlan orders-prod (throttle.rateLimit: 10 → 50, quota.limit: 100 → 200)',
        '- logGroup /aws/vendedlogs/orders-prod: no longer in the config',
      ].join('\n'),
    );
  });

  it('as JSON carries every change but the unchanged ones, with the reason in words', () => {
    const json = planJson(PLAN);
    expect(json.hasChanges).toBe(true);
    expect(json.changes.map((c) => `${c.action} ${c.resource}`)).toEqual([
      'create stateMachine',
      'update route',
      'update usagePlan',
      'delete logGroup',
    ]);
    expect(json.changes[2]).toEqual({
      resource: 'usagePlan',
      name: 'orders-prod',
      action: 'update',
      fields: [
        { field: 'throttle.rateLimit', from: 10, to: 50 },
        { field: 'quota.limit', from: 100, to: 200 },
      ],
      reason: 'differs from the config',
    });
    expect(json.changes[3]!.reason).toBe('no longer in the config');
  });

  it('says so when nothing would change', () => {
    const plan: Plan = {
      hasChanges: false,
      changes: [
        { resource: 'restApi', name: 'orders-prod', action: 'none', fields: [], reason: 'none' },
      ],
    };
    expect(formatPlan(plan)).toBe('  (no changes)');
    expect(formatPlan({ hasChanges: false, changes: [] })).toBe('  (no changes)');
  });
});

describe('renderDeploySummaryMarkdown', () => {
  it('lists every resource with its outcome, the invoke URL and the ids', () => {
    const result: DeployResult = {
      app: 'orders',
      environment: 'prod',
      dryRun: false,
      plan: PLAN,
      outputs: OUTPUTS,
      outcomes: [
        { kind: 'stateMachine', name: 'orders-prod', outcome: 'created', fields: [] },
        {
          kind: 'route',
          name: 'POST /orders',
          outcome: 'updated',
          fields: [
            { field: 'integration.requestTemplate', from: 'x\ny', to: 'y\nz' },
            { field: 'a|b', from: 'x\ny', to: 'z' },
          ],
        },
        { kind: 'restApi', name: 'orders-prod', outcome: 'unchanged', fields: [] },
        { kind: 'logGroup', name: '/aws/vendedlogs/old', outcome: 'deleted', fields: [] },
      ],
    };

    expect(renderDeploySummaryMarkdown(result)).toBe(
      [
        '## stepgate deploy: `prod`',
        '',
        '1 created, 1 updated, 1 unchanged, 1 deleted.',
        '',
        '| kind | name | outcome | details |',
        '| --- | --- | --- | --- |',
        '| stateMachine | orders-prod | created |  |',
        '| route | POST /orders | updated | integration.requestTemplate<br>a\\|b |',
        '| restApi | orders-prod | unchanged |  |',
        '| logGroup | /aws/vendedlogs/old | deleted |  |',
        '',
        '**Invoke URL:** https://a1b2c3.execute-api.us-east-1.amazonaws.com/prod/',
        '',
        '| output | value |',
        '| --- | --- |',
        '| api-id | `a1b2c3` |',
        '| stage | `prod` |',
        '| state-machine-arn | `arn:aws:states:us-east-1:123456789012:stateMachine:orders-prod` |',
        '| api-key-id | `k3y1d` |',
        '| usage-plan-id | `up1` |',
        '| deployment-id | `dep1` |',
        '',
      ].join('\n'),
    );
  });

  it('says nothing changed on a rerun, and leaves out ids that are empty', () => {
    const result: DeployResult = {
      app: 'orders',
      environment: 'pr-42',
      dryRun: false,
      plan: { hasChanges: false, changes: [] },
      outputs: { ...OUTPUTS, stage: 'pr-42', apiKeyId: '', changed: false },
      outcomes: [{ kind: 'restApi', name: 'orders-pr-42', outcome: 'unchanged', fields: [] }],
    };

    const markdown = renderDeploySummaryMarkdown(result);

    expect(markdown).toContain('## stepgate deploy: `pr-42`\n\nNo changes: every resource');
    expect(markdown).toContain('| restApi | orders-pr-42 | unchanged |  |');
    expect(markdown).not.toContain('api-key-id');
  });

  it('shows the planned changes instead of outcomes on a dry run', () => {
    const result: DeployResult = {
      app: 'orders',
      environment: 'prod',
      dryRun: true,
      plan: PLAN,
      outcomes: [],
      outputs: {
        invokeUrl: '',
        apiId: '',
        stage: '',
        stateMachineArn: '',
        apiKeyId: '',
        usagePlanId: '',
        deploymentId: '',
        stageUrl: '',
        stateMachineArns: {},
        changed: false,
      },
    };

    expect(renderDeploySummaryMarkdown(result)).toBe(
      [
        '## stepgate plan: `prod` (dry run, nothing changed)',
        '',
        '```diff',
        '+ stateMachine orders-prod',
        '~ route POST /orders (integration.requestTemplate)',
        '~ usagePlan orders-prod (throttle.rateLimit: 10 → 50, quota.limit: 100 → 200)',
        '- logGroup /aws/vendedlogs/orders-prod: no longer in the config',
        '```',
        '',
      ].join('\n'),
    );
  });

  it('says so on a dry run with nothing to change', () => {
    const result: DeployResult = {
      app: 'orders',
      environment: 'prod',
      dryRun: true,
      plan: { hasChanges: false, changes: [] },
      outcomes: [],
      outputs: { ...OUTPUTS, changed: false },
    };
    const markdown = renderDeploySummaryMarkdown(result);
    expect(markdown).toContain('No changes: every resource is up to date.');
    expect(markdown).toContain('| api-id | `a1b2c3` |');
    expect(markdown).not.toContain('```diff');
  });
});
