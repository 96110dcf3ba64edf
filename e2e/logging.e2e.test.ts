// GIVEN logging and tracing turned on, WHEN the bundled actions deploy twice and then destroy,
// THEN stepgate creates the log group (tagged), the state machine logs to it, a re-deploy
// changes nothing, and destroy removes the log group with everything else.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  DescribeLogGroupsCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { DescribeStateMachineCommand } from '@aws-sdk/client-sfn';
import { awsClients } from './support/emulator-aws.js';
import { ENDPOINT, runAction, workspaceWith } from './support/run-action.js';

const { logs, sfn } = awsClients();
const environment = `logs-${Date.now().toString(36)}`;
const logGroupName = `/aws/vendedlogs/states/e2e-echo-${environment}`;

async function logGroup() {
  const found = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroupName }));
  return found.logGroups?.find((g) => g.logGroupName === logGroupName);
}

test('log group created with its tags, used by the state machine, idempotent, destroyed', async () => {
  const workspace = workspaceWith('echo');
  const config = path.join(workspace, 'stepgate.yml');
  writeFileSync(
    config,
    readFileSync(config, 'utf8').replace(
      '  roleArn: arn:aws:iam::000000000000:role/e2e-sfn\n',
      '  roleArn: arn:aws:iam::000000000000:role/e2e-sfn\n  logging: { level: ERROR, includeExecutionData: true }\n  tracing: true\n',
    ),
  );
  const inputs = { config: 'stepgate.yml', environment, 'endpoint-url': ENDPOINT };

  const first = runAction('deploy', workspace, inputs);
  expect(first.status).toBe(0);
  expect(first.summary).toMatch(/logGroup.*created/);
  const group = await logGroup();
  expect(group).toBeDefined();
  const tags = await logs.send(
    new ListTagsForResourceCommand({ resourceArn: group!.arn!.replace(/:\*$/, '') }),
  );
  expect(tags.tags).toEqual({ 'stepgate:app': 'e2e-echo', 'stepgate:environment': environment });
  const machine = await sfn.send(
    new DescribeStateMachineCommand({ stateMachineArn: first.outputs['state-machine-arn'] }),
  );
  expect(machine.loggingConfiguration).toMatchObject({
    level: 'ERROR',
    includeExecutionData: true,
  });
  expect(
    machine.loggingConfiguration!.destinations![0]!.cloudWatchLogsLogGroup!.logGroupArn,
  ).toContain(logGroupName);

  const again = runAction('deploy', workspace, inputs);
  expect(again.status).toBe(0);
  expect(again.outputs.changed).toBe('false');
  expect(again.calls.filter((c) => c.mutating)).toEqual([]);

  const destroyed = runAction('destroy', workspace, inputs);
  expect(destroyed.status).toBe(0);
  expect(destroyed.outputs).toEqual({ deleted: '5', existed: 'true' });
  expect(await logGroup()).toBeUndefined();
});
