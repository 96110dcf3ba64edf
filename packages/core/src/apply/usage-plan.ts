import {
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  type PatchOperation,
  UpdateUsagePlanCommand,
} from '@aws-sdk/client-api-gateway';
import { describedBy, required, tagMap, type StepInput } from './step.js';

/** Creates the usage plan (throttle, quota) bound to the stage, or updates its limits and stages. */
export async function applyUsagePlan(
  { change, desired, actual, clients }: StepInput,
  restApiId: string,
): Promise<string> {
  const want = desired.usagePlan;
  const current = actual.usagePlan;
  if (!want || change.action === 'none') return current?.id ?? '';
  const stage = { apiId: restApiId, stage: desired.stage.name };
  if (change.action === 'create') {
    const created = await clients.apiGateway.send(
      new CreateUsagePlanCommand({
        name: want.name,
        description: describedBy(desired),
        throttle: { ...want.throttle },
        quota: { ...want.quota },
        apiStages: [stage],
        tags: tagMap(want.tags),
      }),
    );
    return required(created.id, 'apigateway:CreateUsagePlan', 'id');
  }
  if (!current) throw new Error('a usage plan update needs the usage plan AWS has');
  const usagePlanId = current.id;
  const isOurStage = (s: { apiId: string; stage: string }) =>
    s.apiId === stage.apiId && s.stage === stage.stage;
  const patchOperations: PatchOperation[] = [
    { op: 'replace', path: '/throttle/rateLimit', value: String(want.throttle.rateLimit) },
    { op: 'replace', path: '/throttle/burstLimit', value: String(want.throttle.burstLimit) },
    { op: 'replace', path: '/quota/limit', value: String(want.quota.limit) },
    { op: 'replace', path: '/quota/period', value: want.quota.period },
    ...current.apiStages
      .filter((s) => !isOurStage(s))
      .map((s): PatchOperation => ({
        op: 'remove',
        path: '/apiStages',
        value: `${s.apiId}:${s.stage}`,
      })),
    ...(current.apiStages.some(isOurStage)
      ? []
      : [
          {
            op: 'add',
            path: '/apiStages',
            value: `${stage.apiId}:${stage.stage}`,
          } as PatchOperation,
        ]),
  ];
  await clients.apiGateway.send(new UpdateUsagePlanCommand({ usagePlanId, patchOperations }));
  return usagePlanId;
}

/** Links the API key to the usage plan. */
export async function applyUsagePlanKey(
  { change, clients }: StepInput,
  usagePlanId: string,
  apiKeyId: string,
): Promise<void> {
  if (change.action !== 'create') return;
  await clients.apiGateway.send(
    new CreateUsagePlanKeyCommand({ usagePlanId, keyId: apiKeyId, keyType: 'API_KEY' }),
  );
}
