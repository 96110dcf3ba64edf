import {
  CreateApiKeyCommand,
  DeleteApiKeyCommand,
  UpdateApiKeyCommand,
} from '@aws-sdk/client-api-gateway';
import { touches } from '../plan/plan-types.js';
import { describedBy, required, tagMap, type StepInput } from './step.js';

/**
 * Creates the API key (generated, or the imposed value), enables a disabled one, or replaces it
 * when the imposed value changed (a key's value cannot be changed in place). Returns its id.
 */
export async function applyApiKey(
  { change, desired, actual, clients }: StepInput,
  apiKeyValue: string | undefined,
): Promise<string> {
  const key = desired.apiKey;
  const current = actual.apiKey;
  if (!key || change.action === 'none') return current?.id ?? '';
  const { apiGateway } = clients;
  const replace = touches(change, 'value');
  if (change.action === 'update' && !replace && current) {
    await apiGateway.send(
      new UpdateApiKeyCommand({
        apiKey: current.id,
        patchOperations: [{ op: 'replace', path: '/enabled', value: 'true' }],
      }),
    );
    return current.id;
  }
  if (replace && current) await apiGateway.send(new DeleteApiKeyCommand({ apiKey: current.id }));
  const created = await apiGateway.send(
    new CreateApiKeyCommand({
      name: key.name,
      description: describedBy(desired),
      enabled: true,
      ...(apiKeyValue !== undefined ? { value: apiKeyValue } : {}),
      tags: tagMap(key.tags),
    }),
  );
  return required(created.id, 'apigateway:CreateApiKey', 'id');
}
