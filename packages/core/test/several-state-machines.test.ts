// GIVEN a config with two state machines (`stateMachines` by key), WHEN deploy (or plan and
// apply) runs against a stand-in AWS endpoint over HTTP, THEN each state machine is created or
// updated on its own, named `<name>-<key>-<environment>`, with its own log group, and the
// outputs name every ARN by key.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  applyPlan,
  createAwsClients,
  deploy,
  planChanges,
  validateProject,
  type ActualState,
} from '@stepgate/core';
import { deployed, region } from './support/stack-states.js';
import { startWireFake, type WireFake } from './support/wire-fake.js';
import { jest } from '@jest/globals';

jest.setTimeout(30_000);

let wire: WireFake;
beforeAll(async () => {
  wire = await startWireFake();
});
afterAll(() => wire.close());
beforeEach(() => wire.reset());

const ROLE = 'arn:aws:iam::000000000000:role/orders-sfn';
const pass = (name: string) =>
  JSON.stringify({ StartAt: name, States: { [name]: { Type: 'Pass', End: true } } });

/** A project with two state machines (`lookup` logs to a log group stepgate makes) and one route. */
function project(lookupState = 'Lookup'): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'stepgate-machines-'));
  writeFileSync(path.join(dir, 'create.asl.json'), pass('Create'));
  writeFileSync(path.join(dir, 'lookup.asl.json'), pass(lookupState));
  writeFileSync(
    path.join(dir, 'stepgate.yml'),
    `name: orders
stateMachines:
  create: { definition: create.asl.json, roleArn: ${ROLE} }
  lookup:
    definition: lookup.asl.json
    roleArn: ${ROLE}
    logging: { level: ERROR }
api:
  credentialsRoleArn: arn:aws:iam::000000000000:role/orders-apigw
  routes:
    - path: /orders
      method: POST
      stateMachine: create
`,
  );
  return path.join(dir, 'stepgate.yml');
}

const arnOf = (name: string) => `arn:aws:states:us-east-1:000000000000:stateMachine:${name}`;

test('a first deploy creates both state machines, each after its log group, and outputs every ARN', async () => {
  const result = await deploy({
    configFile: project(),
    environment: 'prod',
    aws: { endpointUrl: wire.endpointUrl, region },
  });
  const machines = wire.calls
    .filter((c) => c.call === 'states:CreateStateMachine')
    .map((c) => c.body.name);
  expect(machines).toEqual(['orders-create-prod', 'orders-lookup-prod']);
  expect(wire.mutations().slice(0, 3)).toEqual([
    'states:CreateStateMachine',
    'logs:CreateLogGroup',
    'states:CreateStateMachine',
  ]);
  expect(wire.calls.find((c) => c.call === 'logs:CreateLogGroup')?.body.logGroupName).toBe(
    '/aws/vendedlogs/states/orders-lookup-prod',
  );
  expect(
    result.outcomes
      .filter((o) => o.kind === 'stateMachine' || o.kind === 'logGroup')
      .map((o) => `${o.outcome} ${o.kind} ${o.name}`),
  ).toEqual([
    'created stateMachine orders-create-prod',
    'created logGroup /aws/vendedlogs/states/orders-lookup-prod',
    'created stateMachine orders-lookup-prod',
  ]);
  expect(result.outputs.stateMachineArn).toBe(arnOf('orders-create-prod'));
  expect(result.outputs.stateMachineArns).toEqual({
    create: arnOf('orders-create-prod'),
    lookup: arnOf('orders-lookup-prod'),
  });
});

test('a change to one state machine updates that one only: exactly one UpdateStateMachine', async () => {
  const before = validateProject({ configFile: project(), environment: 'prod' }).desired;
  const d = validateProject({ configFile: project('Changed'), environment: 'prod' }).desired;
  const lookup = before.stateMachines[1]!;
  const group = before.logGroups[0]!;
  const groupArn = `arn:aws:logs:us-east-1:000000000000:log-group:${group.name}:*`;
  const actual: ActualState = {
    ...deployed(before),
    laterStateMachines: {
      lookup: {
        stateMachine: {
          arn: arnOf(lookup.name),
          name: lookup.name,
          type: 'EXPRESS',
          definition: lookup.definition,
          roleArn: lookup.roleArn,
          logging: { level: 'ERROR', includeExecutionData: false, logGroupArn: groupArn },
          tracing: false,
          tags: { ...lookup.tags },
        },
        logGroup: { name: group.name, arn: groupArn },
      },
    },
  };
  const plan = planChanges(d, actual, { region });
  expect(
    plan.changes
      .filter((c) => c.action !== 'none')
      .map((c) => `${c.action} ${c.resource} ${c.name} ${c.fields.map((f) => f.field).join()}`),
  ).toEqual(['update stateMachine orders-lookup-prod definition']);
  const result = await applyPlan(d, actual, plan, {
    clients: createAwsClients({ endpointUrl: wire.endpointUrl, region }),
  });
  expect(wire.mutations()).toEqual(['states:UpdateStateMachine']);
  expect(wire.calls.find((c) => c.call === 'states:UpdateStateMachine')?.body).toMatchObject({
    stateMachineArn: arnOf('orders-lookup-prod'),
    definition: d.stateMachines[1]!.definition,
  });
  expect(result.outputs.stateMachineArns).toEqual({
    create: deployed(before).stateMachine!.arn,
    lookup: arnOf('orders-lookup-prod'),
  });
});
