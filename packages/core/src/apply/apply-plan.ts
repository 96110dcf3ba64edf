import {
  CreateApiKeyCommand,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  DeleteApiKeyCommand,
  DeleteMethodCommand,
  type PatchOperation,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateApiKeyCommand,
  UpdateRestApiCommand,
  UpdateStageCommand,
  UpdateUsagePlanCommand,
} from '@aws-sdk/client-api-gateway';
import { CreateLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateStateMachineCommand,
  type LoggingConfiguration,
  TagResourceCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import type { AwsClients } from '../aws/clients.js';
import type { DeployOutputs, ResourceOutcome } from '../deploy/deploy-types.js';
import type { DesiredState } from '../desired/desired-state.js';
import { AwsError } from '../errors.js';
import type { ActualState } from '../observe/actual-state.js';
import {
  deploymentDescription,
  expectedRequestTemplate,
  integrationUri,
} from '../plan/plan-changes.js';
import type { Change, Plan, ResourceKind } from '../plan/plan-types.js';

export interface ApplyContext {
  readonly clients: AwsClients;
  readonly apiKeyValue?: string;
  readonly log?: (line: string) => void;
}

export interface ApplyResult {
  readonly outcomes: ResourceOutcome[];
  readonly outputs: Omit<DeployOutputs, 'invokeUrl' | 'changed'>;
}

/**
 * Makes AWS match the plan, in dependency order: log group, state machine, REST API, route
 * (resource, method, integration, responses), deployment on the stage (the cut-over for API
 * changes), API key, usage plan, usage plan key. Every create carries the ownership tags, so
 * a re-run after an interruption adopts what was made instead of duplicating it.
 */
export async function applyPlan(
  desired: DesiredState,
  actual: ActualState,
  plan: Plan,
  context: ApplyContext,
): Promise<ApplyResult> {
  const { clients } = context;
  const { apiGateway, sfn, logs } = clients;
  const log = context.log ?? (() => {});
  const outcomes: ResourceOutcome[] = [];
  const changeOf = (kind: ResourceKind): Change | undefined =>
    plan.changes.find((c) => c.kind === kind);
  const record = (change: Change) => {
    const outcome =
      change.action === 'create'
        ? 'created'
        : change.action === 'update'
          ? 'updated'
          : change.action === 'delete'
            ? 'deleted'
            : 'unchanged';
    outcomes.push({ kind: change.kind, name: change.name, outcome, details: change.details });
    if (change.action !== 'none')
      log(
        `${outcome} ${change.kind} ${change.name}${change.details.length ? ` (${change.details.join('; ')})` : ''}`,
      );
  };
  const tagged = (tags: Readonly<Record<string, string>>) => ({ ...tags });

  // Log group
  let logGroupArn = desired.stateMachine.logging.logGroupArn ?? actual.logGroup?.arn;
  const logGroupChange = changeOf('logGroup');
  if (desired.logGroup && logGroupChange) {
    if (logGroupChange.action === 'create') {
      await logs.send(
        new CreateLogGroupCommand({
          logGroupName: desired.logGroup.name,
          tags: tagged(desired.logGroup.tags),
        }),
      );
      const found = await logs.send(
        new DescribeLogGroupsCommand({ logGroupNamePrefix: desired.logGroup.name }),
      );
      logGroupArn = found.logGroups?.find((g) => g.logGroupName === desired.logGroup!.name)?.arn;
    }
    record(logGroupChange);
  }

  // State machine
  const machine = desired.stateMachine;
  const loggingConfiguration: LoggingConfiguration =
    machine.logging.level === 'OFF'
      ? { level: 'OFF' }
      : {
          level: machine.logging.level,
          includeExecutionData: machine.logging.includeExecutionData,
          destinations: [
            {
              cloudWatchLogsLogGroup: {
                logGroupArn: logGroupArn?.endsWith(':*') ? logGroupArn : `${logGroupArn}:*`,
              },
            },
          ],
        };
  const machineChange = changeOf('stateMachine')!;
  let stateMachineArn = actual.stateMachine?.arn ?? '';
  if (machineChange.action === 'create') {
    const created = await sfn.send(
      new CreateStateMachineCommand({
        name: machine.name,
        type: 'EXPRESS',
        definition: machine.definition,
        roleArn: machine.roleArn,
        loggingConfiguration,
        tracingConfiguration: { enabled: machine.tracing },
        tags: Object.entries(machine.tags).map(([key, value]) => ({ key, value })),
      }),
    );
    stateMachineArn = created.stateMachineArn ?? '';
  } else if (machineChange.action === 'update') {
    const onlyTags = machineChange.details.every((d) => d.startsWith('tags'));
    if (!onlyTags) {
      await sfn.send(
        new UpdateStateMachineCommand({
          stateMachineArn,
          definition: machine.definition,
          roleArn: machine.roleArn,
          loggingConfiguration,
          tracingConfiguration: { enabled: machine.tracing },
        }),
      );
    }
    if (machineChange.details.some((d) => d.startsWith('tags'))) {
      await sfn.send(
        new TagResourceCommand({
          resourceArn: stateMachineArn,
          tags: Object.entries(machine.tags).map(([key, value]) => ({ key, value })),
        }),
      );
    }
  }
  record(machineChange);

  // REST API
  const apiChange = changeOf('restApi')!;
  let restApiId = actual.restApi?.id ?? '';
  let resources = [...(actual.restApi?.resources ?? [])];
  if (apiChange.action === 'create') {
    const created = await apiGateway.send(
      new CreateRestApiCommand({
        name: desired.restApi.name,
        description: desired.restApi.description,
        endpointConfiguration: { types: [desired.restApi.endpointType] },
        tags: tagged(desired.restApi.tags),
      }),
    );
    restApiId = created.id ?? '';
    resources = created.rootResourceId ? [{ id: created.rootResourceId, path: '/' }] : [];
    if (!resources.length)
      throw new AwsError('apigateway:CreateRestApi', 'the response has no rootResourceId');
  } else if (apiChange.action === 'update') {
    const patchOperations: PatchOperation[] = [
      { op: 'replace', path: '/description', value: desired.restApi.description },
    ];
    if (actual.restApi!.endpointType !== desired.restApi.endpointType) {
      patchOperations.push({
        op: 'replace',
        path: `/endpointConfiguration/types/${actual.restApi!.endpointType}`,
        value: desired.restApi.endpointType,
      });
    }
    await apiGateway.send(new UpdateRestApiCommand({ restApiId, patchOperations }));
  }
  record(apiChange);

  // Route: resource path, method, method responses, integration, integration response.
  const routeChange = changeOf('route')!;
  if (routeChange.action !== 'none') {
    const resourceId = await ensureResourcePath(desired.method.path, resources, restApiId, clients);
    const httpMethod = desired.method.httpMethod;
    // Nothing here is live until the next deployment reaches the stage, so rebuilding the
    // method is safe and avoids patching each of its parts.
    if (actual.restApi?.method)
      await apiGateway.send(new DeleteMethodCommand({ restApiId, resourceId, httpMethod }));
    await apiGateway.send(
      new PutMethodCommand({
        restApiId,
        resourceId,
        httpMethod,
        authorizationType: 'NONE',
        apiKeyRequired: desired.method.apiKeyRequired,
      }),
    );
    for (const statusCode of desired.method.responseStatuses) {
      await apiGateway.send(
        new PutMethodResponseCommand({
          restApiId,
          resourceId,
          httpMethod,
          statusCode,
          responseModels: { 'application/json': 'Empty' },
        }),
      );
    }
    const integration = desired.integration;
    await apiGateway.send(
      new PutIntegrationCommand({
        restApiId,
        resourceId,
        httpMethod,
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
        restApiId,
        resourceId,
        httpMethod,
        statusCode: '200',
        responseTemplates: { [integration.contentType]: integration.templates.response.text },
      }),
    );
  }
  record(routeChange);

  // Deployment and stage: the cut-over.
  const stageChange = changeOf('stage')!;
  let deploymentId = actual.restApi?.stage?.deploymentId ?? '';
  if (stageChange.action !== 'none') {
    const deployment = await apiGateway.send(
      new CreateDeploymentCommand({ restApiId, description: deploymentDescription(desired) }),
    );
    deploymentId = deployment.id ?? '';
    if (stageChange.action === 'create') {
      await apiGateway.send(
        new CreateStageCommand({
          restApiId,
          stageName: desired.stage.name,
          deploymentId,
          tags: tagged(desired.ownershipTags),
        }),
      );
    } else {
      await apiGateway.send(
        new UpdateStageCommand({
          restApiId,
          stageName: desired.stage.name,
          patchOperations: [{ op: 'replace', path: '/deploymentId', value: deploymentId }],
        }),
      );
    }
  }
  record(stageChange);

  // API key
  let apiKeyId = actual.apiKey?.id ?? '';
  const keyChange = changeOf('apiKey');
  if (desired.apiKey && keyChange) {
    const replace = keyChange.details.some((d) => d.startsWith('value'));
    if (keyChange.action === 'create' || replace) {
      if (replace && actual.apiKey)
        await apiGateway.send(new DeleteApiKeyCommand({ apiKey: actual.apiKey.id }));
      const created = await apiGateway.send(
        new CreateApiKeyCommand({
          name: desired.apiKey.name,
          description: `stepgate: ${desired.app} (${desired.environment})`,
          enabled: true,
          ...(context.apiKeyValue !== undefined ? { value: context.apiKeyValue } : {}),
          tags: tagged(desired.apiKey.tags),
        }),
      );
      apiKeyId = created.id ?? '';
    } else if (keyChange.action === 'update') {
      await apiGateway.send(
        new UpdateApiKeyCommand({
          apiKey: apiKeyId,
          patchOperations: [{ op: 'replace', path: '/enabled', value: 'true' }],
        }),
      );
    }
    record(keyChange);
  }

  // Usage plan, bound to the stage (which exists by now).
  let usagePlanId = actual.usagePlan?.id ?? '';
  const planChange = changeOf('usagePlan');
  if (desired.usagePlan && planChange) {
    const want = desired.usagePlan;
    if (planChange.action === 'create') {
      const created = await apiGateway.send(
        new CreateUsagePlanCommand({
          name: want.name,
          description: `stepgate: ${desired.app} (${desired.environment})`,
          throttle: { ...want.throttle },
          quota: { ...want.quota },
          apiStages: [{ apiId: restApiId, stage: desired.stage.name }],
          tags: tagged(want.tags),
        }),
      );
      usagePlanId = created.id ?? '';
    } else if (planChange.action === 'update') {
      const current = actual.usagePlan!;
      const patchOperations: PatchOperation[] = [
        { op: 'replace', path: '/throttle/rateLimit', value: String(want.throttle.rateLimit) },
        { op: 'replace', path: '/throttle/burstLimit', value: String(want.throttle.burstLimit) },
        { op: 'replace', path: '/quota/limit', value: String(want.quota.limit) },
        { op: 'replace', path: '/quota/period', value: want.quota.period },
      ];
      for (const stage of current.apiStages) {
        if (stage.apiId !== restApiId || stage.stage !== desired.stage.name) {
          patchOperations.push({
            op: 'remove',
            path: '/apiStages',
            value: `${stage.apiId}:${stage.stage}`,
          });
        }
      }
      if (!current.apiStages.some((s) => s.apiId === restApiId && s.stage === desired.stage.name)) {
        patchOperations.push({
          op: 'add',
          path: '/apiStages',
          value: `${restApiId}:${desired.stage.name}`,
        });
      }
      await apiGateway.send(new UpdateUsagePlanCommand({ usagePlanId, patchOperations }));
    }
    record(planChange);
  }

  const linkChange = changeOf('usagePlanKey');
  if (linkChange) {
    if (linkChange.action === 'create') {
      await apiGateway.send(
        new CreateUsagePlanKeyCommand({ usagePlanId, keyId: apiKeyId, keyType: 'API_KEY' }),
      );
    }
    record(linkChange);
  }

  return {
    outcomes,
    outputs: {
      apiId: restApiId,
      stage: desired.stage.name,
      stateMachineArn,
      apiKeyId,
      usagePlanId,
      deploymentId,
    },
  };
}

/** Creates the missing segments of `path` under the API's root; returns the leaf's id. */
async function ensureResourcePath(
  path: string,
  resources: { id: string; path: string }[],
  restApiId: string,
  { apiGateway }: AwsClients,
): Promise<string> {
  const byPath = new Map(resources.map((r) => [r.path, r.id]));
  let current = '/';
  const rootId = byPath.get('/');
  if (!rootId)
    throw new AwsError('apigateway:GetResources', `REST API ${restApiId} has no root resource`);
  let parentId: string = rootId;
  for (const part of path.split('/').filter(Boolean)) {
    current = current === '/' ? `/${part}` : `${current}/${part}`;
    let id: string | undefined = byPath.get(current);
    if (!id) {
      const created = await apiGateway.send(
        new CreateResourceCommand({ restApiId, parentId, pathPart: part }),
      );
      id = created.id ?? '';
      byPath.set(current, id);
    }
    parentId = id;
  }
  return parentId;
}
