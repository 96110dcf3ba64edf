import { CreateLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { required, tagMap, type StepInput } from './step.js';

/** The log group the state machine logs to: given by ARN, found, or created with its tags. */
export async function applyLogGroup({
  change,
  desired,
  actual,
  clients,
}: StepInput): Promise<string | undefined> {
  const given = desired.stateMachine.logging.logGroupArn ?? actual.logGroup?.arn;
  const group = desired.logGroup;
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
