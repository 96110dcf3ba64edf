import {
  CreateDeploymentCommand,
  CreateRestApiCommand,
  PutRestApiCommand,
  UpdateRestApiCommand,
} from '@aws-sdk/client-api-gateway';
import { deploymentDescriptionFor, documentText } from '../desired/api-document.js';
import type { DesiredState } from '../desired/desired-state.js';
import { AwsError } from '../errors.js';
import { apiRouteNames, documentFor, type PlannedDocument } from '../plan/plan-api.js';
import { required, tagMap, type StepInput } from './step.js';

export interface AppliedRestApi {
  readonly restApiId: string;
  /** The document the REST API holds after this step, with the real state machine ARN. */
  readonly document: PlannedDocument;
}

/**
 * The REST API: created with its ownership tags the first time (ImportRestApi takes none), its
 * endpoint type kept as an attribute of the API, and the whole document written over whatever
 * the API held (PutRestApi mode=overwrite, failing on warnings). A removed route is gone by
 * construction. Nothing here is live until the stage gets the next deployment.
 */
export async function applyRestApi(
  { change, desired, actual, clients }: StepInput,
  stateMachineArn: string,
  writeDocument: boolean,
): Promise<AppliedRestApi> {
  const { apiGateway } = clients;
  const document = documentFor(desired, clients.region, {
    [desired.stateMachine.key]: stateMachineArn,
  });
  let restApiId = actual.restApi?.id ?? '';
  if (change.action === 'create') {
    const created = await apiGateway.send(
      new CreateRestApiCommand({
        name: desired.restApi.name,
        description: desired.restApi.description,
        endpointConfiguration: { types: [desired.restApi.endpointType] },
        tags: tagMap(desired.restApi.tags),
      }),
    );
    restApiId = required(created.id, 'apigateway:CreateRestApi', 'id');
  } else if (actual.restApi && actual.restApi.endpointType !== desired.restApi.endpointType) {
    await apiGateway.send(
      new UpdateRestApiCommand({
        restApiId,
        patchOperations: [
          {
            op: 'replace',
            path: `/endpointConfiguration/types/${actual.restApi.endpointType}`,
            value: desired.restApi.endpointType,
          },
        ],
      }),
    );
  }
  if (writeDocument) {
    try {
      await apiGateway.send(
        new PutRestApiCommand({
          restApiId,
          mode: 'overwrite',
          failOnWarnings: true,
          body: new TextEncoder().encode(documentText(document.document)),
        }),
      );
    } catch (error) {
      throw refusedDocument(error, desired);
    }
  }
  return { restApiId, document };
}

/**
 * The cut-over: one deployment of the document, named by its hash, attached to the stage
 * (CreateDeployment with stageName creates the stage the first time). Returns its id.
 */
export async function applyDeployment(
  { change, actual, desired, clients }: StepInput,
  api: AppliedRestApi,
): Promise<string> {
  if (change.action === 'none') return actual.restApi?.stage?.deploymentId ?? '';
  const deployment = await clients.apiGateway.send(
    new CreateDeploymentCommand({
      restApiId: api.restApiId,
      stageName: desired.stage.name,
      description: deploymentDescriptionFor(api.document.hash),
    }),
  );
  return required(deployment.id, 'apigateway:CreateDeployment', 'id');
}

/**
 * PutRestApi's refusal (its warnings or errors), with AWS's own words and the part of the config
 * the document comes from. The stage still serves its previous deployment.
 */
function refusedDocument(error: unknown, desired: DesiredState): AwsError {
  const original = (error instanceof AwsError ? error.cause : error) as
    { name?: string; message?: string; $metadata?: { requestId?: string } } | undefined;
  const routes = apiRouteNames(desired)
    .map((name) => `route ${name}`)
    .join(', ');
  const requestId = original?.$metadata?.requestId;
  return new AwsError(
    'apigateway:PutRestApi',
    `API Gateway refused the OpenAPI document built from the config's api section (${routes}): ` +
      `${original?.name ?? 'Error'}: ${original?.message ?? String(error)}; ` +
      '`stepgate openapi` prints that document. Nothing went live: fix the config and deploy again',
    {
      code: original?.name ?? 'AWS_ERROR',
      cause: error,
      ...(requestId ? { requestId } : {}),
    },
  );
}
