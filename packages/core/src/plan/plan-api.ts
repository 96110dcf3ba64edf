import {
  apiDocument,
  deploymentDescriptionFor,
  documentHash,
  documentTarget,
  hashInDescription,
  type OpenApiDocument,
} from '../desired/api-document.js';
import type { DesiredState } from '../desired/desired-state.js';
import type { ActualState } from '../observe/actual-state.js';
import type {
  Change,
  ChangeAction,
  ChangeReason,
  FieldChange,
  FieldValue,
  ResourceKind,
} from './plan-types.js';

/** The document a deploy would write now, and its hash. */
export interface PlannedDocument {
  readonly document: OpenApiDocument;
  readonly hash: string;
}

/**
 * The document for the state machine ARNs known at plan time: the existing machine's, or the
 * ARN AWS will give one about to be created.
 */
export function plannedDocument(
  desired: DesiredState,
  actual: ActualState,
  region: string,
): PlannedDocument {
  return documentFor(
    desired,
    region,
    actual.stateMachine ? { [desired.stateMachine.key]: actual.stateMachine.arn } : {},
  );
}

/** The document for the given state machine ARNs (by key; the others are predicted). */
export function documentFor(
  desired: DesiredState,
  region: string,
  stateMachineArns: Readonly<Record<string, string>> = {},
): PlannedDocument {
  const document = apiDocument(desired, documentTarget(desired, region, stateMachineArns));
  return { document, hash: documentHash(document) };
}

/**
 * The API's changes: the REST API (created with its tags; its endpoint type; its document) and
 * the stage (one deployment makes the document live). No-op and drift are decided by the hash
 * the stage's deployment names: nothing else of the API is read. A stage serving a deployment
 * stepgate did not make is drift; edits never deployed are not live and not looked at.
 */
export function planApi(desired: DesiredState, actual: ActualState, region: string): Change[] {
  const { hash } = plannedDocument(desired, actual, region);
  const api = actual.restApi;
  const stageName = desired.stage.name;
  if (!api) {
    return [
      change('restApi', desired.restApi.name, 'create', [field('document', null, hash)], 'missing'),
      ...apiRouteNames(desired).map((name) => change('route', name, 'create', [], 'missing')),
      change('stage', stageName, 'create', [], 'missing'),
    ];
  }
  const fields: FieldChange[] = [];
  if (api.endpointType !== desired.restApi.endpointType)
    fields.push(field('endpointType', api.endpointType, desired.restApi.endpointType));
  const live = api.stage ? hashInDescription(api.stage.deploymentDescription) : null;
  const documentChanged = live !== hash;
  if (documentChanged) fields.push(field('document', live, hash));
  const drift = documentChanged && api.stage !== null && live === null;
  const restApi = change(
    'restApi',
    desired.restApi.name,
    fields.length ? 'update' : 'none',
    fields,
    fields.length ? (drift ? 'drift' : 'differs') : 'none',
    api.id,
  );
  if (!api.stage) return [restApi, change('stage', stageName, 'create', [], 'missing')];
  const want = deploymentDescriptionFor(hash);
  return [
    restApi,
    documentChanged
      ? change(
          'stage',
          stageName,
          'update',
          [field('deployment', api.stage.deploymentDescription, want)],
          drift ? 'drift' : 'dependency',
          api.stage.deploymentId,
        )
      : change('stage', stageName, 'none', [], 'none', api.stage.deploymentId),
  ];
}

/** `POST /orders`: the routes of the desired API, as plans and summaries name them. */
export function apiRouteNames(desired: DesiredState): string[] {
  return desired.routes.map((route) => `${route.httpMethod} ${route.path}`);
}

function change(
  resource: ResourceKind,
  name: string,
  action: ChangeAction,
  fields: readonly FieldChange[],
  reason: ChangeReason,
  id?: string,
): Change {
  return { resource, name, action, fields, reason, ...(id !== undefined ? { id } : {}) };
}

function field(name: string, from: FieldValue, to: FieldValue): FieldChange {
  return { field: name, from, to };
}
