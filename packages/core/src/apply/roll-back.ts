import { UpdateStageCommand, UpdateUsagePlanCommand } from '@aws-sdk/client-api-gateway';
import { UpdateStateMachineCommand, type LoggingConfiguration } from '@aws-sdk/client-sfn';
import type { AwsClients } from '../aws/clients.js';
import type { RollbackResult } from '../deploy/deploy-types.js';
import type { ActualState, ActualStateMachine } from '../observe/actual-state.js';
import type { Change, FieldChange, Plan } from '../plan/plan-types.js';
import { formatRollback } from '../report/plan-text.js';

/**
 * Undoes a deploy that failed verification: the stage goes back to the deployment it served
 * before (API changes only ever go live through the stage), the state machine back to its
 * previous definition, role, logging and tracing, the usage plan back to its previous limits.
 * What the deploy created or deleted has nothing to go back to: those changes are listed in
 * `notes`. Each step is a typed change whose `to` is the value before the deploy.
 */
export async function rollBack(
  before: ActualState,
  plan: Plan,
  clients: AwsClients,
  log: (line: string) => void,
): Promise<RollbackResult> {
  const steps: Change[] = [];
  const notes: Change[] = [];
  const restored = (change: Change, fields: FieldChange[]) =>
    steps.push({ ...change, action: 'update', reason: 'rollback', fields });

  for (const change of plan.changes) {
    if (change.action === 'create' || change.action === 'delete') {
      notes.push(change);
      continue;
    }
    if (change.action !== 'update') continue;
    if (change.resource === 'stage' && before.restApi?.stage) {
      const { stage } = before.restApi;
      await clients.apiGateway.send(
        new UpdateStageCommand({
          restApiId: before.restApi.id,
          stageName: stage.name,
          patchOperations: [{ op: 'replace', path: '/deploymentId', value: stage.deploymentId }],
        }),
      );
      restored(change, [{ field: 'deploymentId', from: null, to: stage.deploymentId }]);
    } else if (change.resource === 'stateMachine' && before.stateMachine) {
      const machine = before.stateMachine;
      const deletedGroup = plan.changes.some(
        (c) =>
          c.resource === 'logGroup' &&
          c.action === 'delete' &&
          machine.logging.logGroupArn?.replace(/:\*$/, '').endsWith(`:log-group:${c.name}`),
      );
      await clients.sfn.send(
        new UpdateStateMachineCommand({
          stateMachineArn: machine.arn,
          definition: machine.definition,
          roleArn: machine.roleArn,
          ...(deletedGroup ? {} : { loggingConfiguration: loggingBefore(machine) }),
          ...(machine.tracing !== undefined
            ? { tracingConfiguration: { enabled: machine.tracing } }
            : {}),
        }),
      );
      restored(
        change,
        change.fields
          .filter((f) => f.field !== 'tags' && !(deletedGroup && f.field.startsWith('logging')))
          .map((f) => ({ field: f.field, from: f.to, to: f.from })),
      );
    } else if (change.resource === 'usagePlan' && before.usagePlan) {
      const limits = change.fields.filter(
        (f) => f.field.startsWith('throttle.') || f.field.startsWith('quota.'),
      );
      if (limits.length === 0 || limits.some((f) => f.from === null)) continue;
      await clients.apiGateway.send(
        new UpdateUsagePlanCommand({
          usagePlanId: before.usagePlan.id,
          patchOperations: limits.map((f) => ({
            op: 'replace',
            path: `/${f.field.replace('.', '/')}`,
            value: String(f.from),
          })),
        }),
      );
      restored(
        change,
        limits.map((f) => ({ field: f.field, from: f.to, to: f.from })),
      );
    }
  }
  const result = { steps, notes };
  for (const line of formatRollback(result)) log(`rollback: ${line}`);
  return result;
}

function loggingBefore(machine: ActualStateMachine): LoggingConfiguration {
  const { level, includeExecutionData, logGroupArn } = machine.logging;
  if (level === 'OFF' || !logGroupArn) return { level: 'OFF' };
  return {
    level: level as LoggingConfiguration['level'],
    includeExecutionData,
    destinations: [{ cloudWatchLogsLogGroup: { logGroupArn } }],
  };
}
