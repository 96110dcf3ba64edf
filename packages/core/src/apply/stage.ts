import {
  CreateDeploymentCommand,
  CreateStageCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import { deploymentDescription } from '../plan/plan-changes.js';
import { required, tagMap, type StepInput } from './step.js';

/**
 * The cut-over: a new deployment (named by the API configuration's hash) attached to the stage,
 * which is created on the first deploy. Returns the deployment the stage serves.
 */
export async function applyStage(
  { change, desired, actual, clients }: StepInput,
  restApiId: string,
): Promise<string> {
  if (change.action === 'none') return actual.restApi?.stage?.deploymentId ?? '';
  const { apiGateway } = clients;
  const deployment = await apiGateway.send(
    new CreateDeploymentCommand({ restApiId, description: deploymentDescription(desired) }),
  );
  const deploymentId = required(deployment.id, 'apigateway:CreateDeployment', 'id');
  const stageName = desired.stage.name;
  if (change.action === 'create') {
    await apiGateway.send(
      new CreateStageCommand({
        restApiId,
        stageName,
        deploymentId,
        tags: tagMap(desired.ownershipTags),
      }),
    );
  } else {
    await apiGateway.send(
      new UpdateStageCommand({
        restApiId,
        stageName,
        patchOperations: [{ op: 'replace', path: '/deploymentId', value: deploymentId }],
      }),
    );
  }
  return deploymentId;
}
