import {
  DeleteApiKeyCommand,
  DeleteUsagePlanCommand,
  UpdateUsagePlanCommand,
} from '@aws-sdk/client-api-gateway';
import { DeleteLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DeleteStateMachineCommand } from '@aws-sdk/client-sfn';
import { isAwsErrorNamed, type AwsClients } from '../aws/clients.js';
import { deleteRestApi } from '../destroy/destroy.js';
import { AwsError } from '../errors.js';
import type { ActualState } from '../observe/actual-state.js';
import type { Change } from '../plan/plan-types.js';

const NOT_FOUND = ['NotFoundException', 'ResourceNotFoundException', 'StateMachineDoesNotExist'];

/**
 * Deletes one resource the environment owns and the config does not ask for (a second copy, or
 * one the config dropped). Already gone counts as done, so a rerun after a lost response or a
 * crash finishes the job. A refusal names the resource.
 */
export async function applyDelete(
  change: Change,
  actual: ActualState,
  clients: AwsClients,
  sleep?: (ms: number) => Promise<void>,
  log?: (line: string) => void,
): Promise<void> {
  const id = change.id;
  if (change.action !== 'delete' || id === undefined)
    throw new Error(`applyDelete needs a delete with an id: ${change.resource} ${change.name}`);
  const { apiGateway, sfn, logs } = clients;
  try {
    switch (change.resource) {
      case 'usagePlan': {
        // AWS refuses to delete a usage plan that still names API stages.
        const stages = actual.others.usagePlans.find((p) => p.id === id)?.apiStages ?? [];
        if (stages.length) {
          await apiGateway.send(
            new UpdateUsagePlanCommand({
              usagePlanId: id,
              patchOperations: stages.map((s) => ({
                op: 'remove',
                path: '/apiStages',
                value: `${s.apiId}:${s.stage}`,
              })),
            }),
          );
        }
        await apiGateway.send(new DeleteUsagePlanCommand({ usagePlanId: id }));
        return;
      }
      case 'apiKey':
        await apiGateway.send(new DeleteApiKeyCommand({ apiKey: id }));
        return;
      case 'restApi':
        await deleteRestApi(id, clients, sleep, log);
        return;
      case 'stateMachine':
        await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: id }));
        return;
      case 'logGroup':
        await logs.send(new DeleteLogGroupCommand({ logGroupName: id }));
        return;
      default:
        throw new Error(`stepgate does not delete a ${change.resource} on its own`);
    }
  } catch (error) {
    if (NOT_FOUND.some((name) => isAwsErrorNamed(error, name))) return;
    if (error instanceof AwsError) {
      throw new AwsError(
        error.operation,
        `could not delete ${change.resource} ${change.name} (${id}): ${error.message.slice(error.operation.length + 2)}`,
        { code: error.code, cause: error },
      );
    }
    throw error;
  }
}
