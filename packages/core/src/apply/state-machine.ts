import {
  CreateStateMachineCommand,
  type LoggingConfiguration,
  TagResourceCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import type { DesiredStateMachine } from '../desired/desired-state.js';
import { touches } from '../plan/plan-types.js';
import { required, tagList, type StepInput } from './step.js';

/** Creates or updates the Express state machine; returns its ARN. */
export async function applyStateMachine(
  input: StepInput,
  logGroupArn: string | undefined,
): Promise<string> {
  const { change, desired, actual, clients } = input;
  const machine = desired.stateMachine;
  const settings = {
    definition: machine.definition,
    roleArn: machine.roleArn,
    loggingConfiguration: loggingConfiguration(machine, logGroupArn),
    tracingConfiguration: { enabled: machine.tracing },
  };
  if (change.action === 'create') {
    const created = await clients.sfn.send(
      new CreateStateMachineCommand({
        name: machine.name,
        type: 'EXPRESS',
        ...settings,
        tags: tagList(machine.tags),
      }),
    );
    return required(created.stateMachineArn, 'states:CreateStateMachine', 'stateMachineArn');
  }
  const stateMachineArn = required(actual.stateMachine?.arn, 'states:ListStateMachines', 'ARN');
  if (change.action === 'update') {
    const tagsChanged = touches(change, 'tags');
    // A tags-only change must not touch the definition: that would be a needless update.
    if (change.fields.some((f) => f.field !== 'tags')) {
      await clients.sfn.send(new UpdateStateMachineCommand({ stateMachineArn, ...settings }));
    }
    if (tagsChanged) {
      await clients.sfn.send(
        new TagResourceCommand({ resourceArn: stateMachineArn, tags: tagList(machine.tags) }),
      );
    }
  }
  return stateMachineArn;
}

function loggingConfiguration(
  machine: DesiredStateMachine,
  logGroupArn: string | undefined,
): LoggingConfiguration {
  if (machine.logging.level === 'OFF') return { level: 'OFF' };
  const arn = logGroupArn?.endsWith(':*') ? logGroupArn : `${logGroupArn}:*`;
  return {
    level: machine.logging.level,
    includeExecutionData: machine.logging.includeExecutionData,
    destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: arn } }],
  };
}
