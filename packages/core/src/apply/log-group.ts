import { CreateLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { DesiredStateMachine } from '../desired/desired-state.js';
import { actualMachine } from '../observe/actual-state.js';
import { required, tagMap, type StepInput } from './step.js';

/** The log group a state machine logs to: given by ARN, found, or created with its tags. */
export async function applyLogGroup(
  { change, desired, actual, clients }: StepInput,
  machine: DesiredStateMachine,
): Promise<string | undefined> {
  const kept = actualMachine(actual, desired.stateMachine.key, machine.key).logGroup;
  const given = machine.logging.logGroupArn ?? kept?.arn;
  const group = desired.logGroups.find((g) => g.stateMachine === machine.key);
  if (!group || change.action !== 'create') return given;
  await clients.logs.send(
    new CreateLogGroupCommand({ logGroupName: group.name, tags: tagMap(group.tags) }),
  );
  const found = await clients.logs.send(
    new DescribeLogGroupsCommand({ logGroupNamePrefix: group.name }),
  );
  return required(
    found.logGroups?.find((g) => g.logGroupName === group.name)?.arn,
    'logs:DescribeLogGroups',
    `log group ${group.name}`,
  );
}
