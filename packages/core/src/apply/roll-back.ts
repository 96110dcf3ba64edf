import { UpdateStageCommand } from '@aws-sdk/client-api-gateway';
import { UpdateStateMachineCommand } from '@aws-sdk/client-sfn';
import type { AwsClients } from '../aws/clients.js';
import type { RollbackResult } from '../deploy/deploy-types.js';
import type { ActualState } from '../observe/actual-state.js';
import type { Plan } from '../plan/plan-types.js';

/**
 * Undoes a deploy that failed verification: the stage goes back to the deployment it served
 * before (API changes only ever go live through the stage), and the state machine back to its
 * previous definition and role. What the deploy created has nothing to go back to and stays.
 */
export async function rollBack(
  before: ActualState,
  plan: Plan,
  clients: AwsClients,
  log: (line: string) => void,
): Promise<RollbackResult> {
  const steps: string[] = [];
  const notes: string[] = [];
  const change = (kind: string) => plan.changes.find((c) => c.resource === kind)?.action ?? 'none';

  const stage = before.restApi?.stage;
  if (change('stage') === 'update' && stage && before.restApi) {
    await clients.apiGateway.send(
      new UpdateStageCommand({
        restApiId: before.restApi.id,
        stageName: stage.name,
        patchOperations: [{ op: 'replace', path: '/deploymentId', value: stage.deploymentId }],
      }),
    );
    steps.push(`stage ${stage.name} back on deployment ${stage.deploymentId}`);
  } else if (change('stage') === 'create') {
    notes.push(
      'the stage was created by this deploy: there is no previous deployment to go back to',
    );
  }

  const machine = before.stateMachine;
  if (change('stateMachine') === 'update' && machine) {
    await clients.sfn.send(
      new UpdateStateMachineCommand({
        stateMachineArn: machine.arn,
        definition: machine.definition,
        roleArn: machine.roleArn,
      }),
    );
    steps.push(`state machine ${machine.name} back on its previous definition`);
  } else if (change('stateMachine') === 'create') {
    notes.push(
      'the state machine was created by this deploy: there is no previous definition to go back to',
    );
  }

  if (!steps.length && !notes.length) notes.push('nothing this deploy changed can be rolled back');
  for (const line of [...steps, ...notes]) log(`rollback: ${line}`);
  return { steps, notes };
}
