import { UpdateStageCommand } from '@aws-sdk/client-api-gateway';
import { isAwsErrorNamed } from '../aws/clients.js';
import { AwsError } from '../errors.js';
import { stageSettingsDiff } from '../plan/stage-settings-diff.js';
import type { StepInput } from './step.js';

/**
 * The stage's options in one UpdateStage, after the stage exists. stepgate does not set the
 * account's CloudWatch role for API Gateway: when access logs are refused for its lack, say so.
 */
export async function applyStageSettings(
  { change, desired, actual, clients }: StepInput,
  restApiId: string,
): Promise<void> {
  if (change.action === 'none') return;
  const diff = stageSettingsDiff(desired.stage.settings, actual.restApi?.stage?.settings ?? null);
  const operations = diff.flatMap((d) => d.patch.map((op) => ({ ...op })));
  // Removing the stage-wide method setting goes in a call of its own, last: LocalStack applies
  // nothing else of a call that holds it (scripts/emulator/FINDINGS.md); AWS takes either form.
  const isMethodSettingsRemoval = (op: { op: string; path: string }) =>
    op.op === 'remove' && op.path === '/*/*';
  const calls = [
    operations.filter((op) => !isMethodSettingsRemoval(op)),
    operations.filter(isMethodSettingsRemoval),
  ].filter((patchOperations) => patchOperations.length);
  try {
    for (const patchOperations of calls)
      await clients.apiGateway.send(
        new UpdateStageCommand({ restApiId, stageName: desired.stage.name, patchOperations }),
      );
  } catch (error) {
    // AWS answers BadRequestException when the account has no CloudWatch Logs role for API
    // Gateway; with access logs in the patch, that is the likely cause, so the message says it.
    if (diff.some((d) => d.field === 'accessLogs') && isAwsErrorNamed(error, 'BadRequestException'))
      throw new AwsError(
        'apigateway:UpdateStage',
        `access logs were refused: ${(error as Error).message}. Access logs need the account's CloudWatch Logs role for API Gateway, set once per account and region (aws apigateway update-account --patch-operations op=replace,path=/cloudwatchRoleArn,value=<role ARN>); stepgate does not set it`,
        { code: 'BadRequestException', cause: error },
      );
    throw error;
  }
}
