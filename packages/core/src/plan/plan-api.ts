import {
  apiDocument,
  DEFAULT_STATE_MACHINE,
  documentHash,
  hashInDescription,
  predictedStateMachineArn,
  type OpenApiDocument,
} from '../desired/api-document.js';
import type { DesiredState } from '../desired/desired-state.js';
import type { ActualState } from '../observe/actual-state.js';
import type { Change } from './plan-types.js';

/** Why the API is written again although its configuration did not change. */
export const CHANGED_OUTSIDE_STEPGATE = 'changed outside stepgate';

/** The document a deploy would write now, and its hash. */
export interface PlannedDocument {
  readonly document: OpenApiDocument;
  readonly hash: string;
}

/**
 * The document for the state machine ARNs known at plan time: the existing machine's, or the
 * ARN AWS will give the one about to be created (it is derived from its name, region and
 * account, the account being the role's).
 */
export function plannedDocument(
  desired: DesiredState,
  actual: ActualState,
  region: string,
): PlannedDocument {
  const predicted = predictedStateMachineArn(
    desired.stateMachine.name,
    region,
    desired.stateMachine.roleArn,
  );
  return documentFor(desired, region, actual.stateMachine?.arn ?? predicted.arn);
}

/** The document for a known state machine ARN. */
export function documentFor(
  desired: DesiredState,
  region: string,
  stateMachineArn: string,
): PlannedDocument {
  const partition = stateMachineArn.split(':')[1] || 'aws';
  const document = apiDocument(desired, {
    region,
    partition,
    stateMachineArns: { [DEFAULT_STATE_MACHINE]: stateMachineArn },
  });
  return { document, hash: documentHash(document) };
}

/**
 * The API's changes: the REST API (created with its tags; its endpoint type; its document) and
 * the stage (one deployment makes the document live). No-op and drift are decided by the hash
 * the stage's deployment names: nothing else of the API is read.
 */
export function planApi(desired: DesiredState, actual: ActualState, region: string): Change[] {
  const { hash } = plannedDocument(desired, actual, region);
  const api = actual.restApi;
  const stageName = desired.stage.name;
  const routeNames = apiRouteNames(desired);
  if (!api) {
    return [
      {
        kind: 'restApi',
        name: desired.restApi.name,
        action: 'create',
        details: [`document ${hash}`],
      },
      ...routeNames.map((name): Change => ({ kind: 'route', name, action: 'create', details: [] })),
      { kind: 'stage', name: stageName, action: 'create', details: [] },
    ];
  }
  const details: string[] = [];
  if (api.endpointType !== desired.restApi.endpointType)
    details.push(`endpointType: ${api.endpointType} → ${desired.restApi.endpointType}`);
  const live = api.stage ? hashInDescription(api.stage.deploymentDescription) : null;
  const documentChanged = live !== hash;
  if (documentChanged) {
    if (api.stage && live === null) details.push(CHANGED_OUTSIDE_STEPGATE);
    details.push(`document: ${live ?? 'none'} → ${hash}`);
  }
  return [
    {
      kind: 'restApi',
      name: desired.restApi.name,
      action: details.length ? 'update' : 'none',
      details,
    },
    api.stage
      ? {
          kind: 'stage',
          name: stageName,
          action: documentChanged ? 'update' : 'none',
          details: documentChanged ? ['new deployment'] : [],
        }
      : { kind: 'stage', name: stageName, action: 'create', details: [] },
  ];
}

/** `POST /orders`: the routes of the desired API, as plans and summaries name them. */
export function apiRouteNames(desired: DesiredState): string[] {
  return [`${desired.method.httpMethod} ${desired.method.path}`];
}
