// The desired state of the example app and the actual state a completed deploy leaves, shared
// by the plan and write-path tests.
import { NO_STAGE_SETTINGS } from '../../src/desired/stage-settings.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  deploymentDescriptionFor,
  documentFor,
  NO_OTHERS,
  validateProject,
  type ActualState,
  type DesiredState,
} from '@stepgate/core';

const config = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../workflows-examples/orders/stepgate.yml',
);
export const region = 'us-east-1';
export const ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:orders-prod';

let loaded: DesiredState | undefined;

/** The example app's desired state (validated once: it is read-only). */
export function desired(): DesiredState {
  loaded ??= validateProject({ configFile: config }).desired;
  return loaded;
}

/** The actual state that matches `d` exactly, as a completed deploy leaves it. */
export function deployed(d: DesiredState): ActualState {
  return {
    stateMachine: {
      arn: ARN,
      name: d.stateMachine.name,
      type: 'EXPRESS',
      definition: d.stateMachine.definition,
      roleArn: d.stateMachine.roleArn,
      logging: { level: 'OFF', includeExecutionData: false },
      tracing: false,
      tags: { ...d.stateMachine.tags },
    },
    logGroup: null,
    restApi: {
      id: 'api1',
      name: d.restApi.name,
      description: d.restApi.description,
      endpointType: 'REGIONAL',
      stage: {
        name: 'prod',
        deploymentId: 'dep1',
        deploymentDescription: deploymentDescriptionFor(
          documentFor(d, region, { default: ARN }).hash,
        ),
        settings: NO_STAGE_SETTINGS,
      },
    },
    apiKey: { id: 'key1', name: d.apiKey!.name, enabled: true },
    usagePlan: {
      id: 'plan1',
      name: d.usagePlan!.name,
      throttle: { ...d.usagePlan!.throttle },
      quota: { ...d.usagePlan!.quota },
      apiStages: [{ apiId: 'api1', stage: 'prod' }],
      keyIds: ['key1'],
    },
    others: NO_OTHERS,
  };
}
