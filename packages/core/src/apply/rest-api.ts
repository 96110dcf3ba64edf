import {
  CreateResourceCommand,
  CreateRestApiCommand,
  DeleteMethodCommand,
  type PatchOperation,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateRestApiCommand,
} from '@aws-sdk/client-api-gateway';
import type { AwsClients } from '../aws/clients.js';
import { AwsError } from '../errors.js';
import { expectedRequestTemplate, integrationUri } from '../plan/plan-changes.js';
import { required, tagMap, type StepInput } from './step.js';

export interface AppliedRestApi {
  readonly restApiId: string;
  /** Every resource of the API by path, as far as known. */
  readonly resources: readonly { readonly id: string; readonly path: string }[];
}

/** Creates the REST API with its tags, or updates its description and endpoint type. */
export async function applyRestApi({
  change,
  desired,
  actual,
  clients,
}: StepInput): Promise<AppliedRestApi> {
  const { apiGateway } = clients;
  if (change.action === 'create') {
    const created = await apiGateway.send(
      new CreateRestApiCommand({
        name: desired.restApi.name,
        description: desired.restApi.description,
        endpointConfiguration: { types: [desired.restApi.endpointType] },
        tags: tagMap(desired.restApi.tags),
      }),
    );
    if (!created.rootResourceId)
      throw new AwsError('apigateway:CreateRestApi', 'the response has no rootResourceId');
    return {
      restApiId: required(created.id, 'apigateway:CreateRestApi', 'id'),
      resources: [{ id: created.rootResourceId, path: '/' }],
    };
  }
  const api = actual.restApi!;
  if (change.action === 'update') {
    const patchOperations: PatchOperation[] = [
      { op: 'replace', path: '/description', value: desired.restApi.description },
    ];
    if (api.endpointType !== desired.restApi.endpointType) {
      patchOperations.push({
        op: 'replace',
        path: `/endpointConfiguration/types/${api.endpointType}`,
        value: desired.restApi.endpointType,
      });
    }
    await apiGateway.send(new UpdateRestApiCommand({ restApiId: api.id, patchOperations }));
  }
  return { restApiId: api.id, resources: api.resources };
}

/**
 * The route: resource path, method (API key required), method responses, the AWS integration
 * to StartSyncExecution with the request template, and the integration response with the
 * response template. Nothing here is live until the next deployment reaches the stage, so an
 * existing method is rebuilt rather than patched part by part.
 */
export async function applyRoute(
  input: StepInput,
  api: AppliedRestApi,
  stateMachineArn: string,
): Promise<void> {
  const { change, desired, actual, clients } = input;
  if (change.action === 'none') return;
  const { apiGateway } = clients;
  const { restApiId } = api;
  const resourceId = await ensureResourcePath(desired.method.path, api, clients);
  const at = { restApiId, resourceId, httpMethod: desired.method.httpMethod };
  if (actual.restApi?.method) await apiGateway.send(new DeleteMethodCommand(at));
  await apiGateway.send(
    new PutMethodCommand({
      ...at,
      authorizationType: 'NONE',
      apiKeyRequired: desired.method.apiKeyRequired,
    }),
  );
  for (const statusCode of desired.method.responseStatuses) {
    await apiGateway.send(
      new PutMethodResponseCommand({
        ...at,
        statusCode,
        responseModels: { 'application/json': 'Empty' },
      }),
    );
  }
  const integration = desired.integration;
  await apiGateway.send(
    new PutIntegrationCommand({
      ...at,
      type: integration.type,
      integrationHttpMethod: integration.httpMethod,
      uri: integrationUri(clients.region),
      credentials: integration.credentialsRoleArn,
      passthroughBehavior: integration.passthroughBehavior,
      timeoutInMillis: integration.timeoutMs,
      requestTemplates: {
        [integration.contentType]: expectedRequestTemplate(desired, stateMachineArn),
      },
    }),
  );
  await apiGateway.send(
    new PutIntegrationResponseCommand({
      ...at,
      statusCode: '200',
      responseTemplates: { [integration.contentType]: integration.templates.response.text },
    }),
  );
}

/** Creates the missing segments of `path` under the API's root; returns the leaf's id. */
async function ensureResourcePath(
  path: string,
  api: AppliedRestApi,
  { apiGateway }: AwsClients,
): Promise<string> {
  const byPath = new Map(api.resources.map((r) => [r.path, r.id]));
  const rootId = byPath.get('/');
  if (!rootId)
    throw new AwsError('apigateway:GetResources', `REST API ${api.restApiId} has no root resource`);
  let current = '';
  let parentId = rootId;
  for (const part of path.split('/').filter(Boolean)) {
    current = `${current}/${part}`;
    let id = byPath.get(current);
    if (!id) {
      const created = await apiGateway.send(
        new CreateResourceCommand({ restApiId: api.restApiId, parentId, pathPart: part }),
      );
      id = required(created.id, 'apigateway:CreateResource', 'id');
      byPath.set(current, id);
    }
    parentId = id;
  }
  return parentId;
}
