import {
  GetApiKeysCommand,
  GetDeploymentCommand,
  GetRestApisCommand,
  GetStagesCommand,
  GetUsagePlanKeysCommand,
  GetUsagePlansCommand,
  type RestApi,
} from '@aws-sdk/client-api-gateway';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-sfn';
import type { AwsClients } from '../aws/clients.js';
import type { DesiredState } from '../desired/desired-state.js';
import { isOwnedBy, TAG_APP, TAG_ENVIRONMENT } from '../desired/naming.js';
import { OwnershipConflict } from '../errors.js';
import type {
  ActualApiKey,
  ActualLogGroup,
  ActualRestApi,
  ActualStage,
  ActualState,
  ActualStateMachine,
  ActualUsagePlan,
} from './actual-state.js';

export interface ObserveOptions {
  /** Read the API key's value too (only to compare an imposed value). */
  readonly readApiKeyValue?: boolean;
}

/**
 * Reads, in parallel, everything stepgate owns for this app and environment. Resources are
 * found by their ownership tags; a same-named resource without them stops everything with an
 * OwnershipConflict before anything is changed.
 */
export async function observeStack(
  desired: DesiredState,
  clients: AwsClients,
  options: ObserveOptions = {},
): Promise<ActualState> {
  const [stateMachine, logGroup, restApi, apiKey, usagePlan] = await Promise.all([
    observeStateMachine(desired, clients),
    desired.logGroup ? observeLogGroup(desired.logGroup.name, clients) : Promise.resolve(null),
    observeRestApi(desired, clients),
    desired.apiKey
      ? observeApiKey(desired, clients, options.readApiKeyValue ?? false)
      : Promise.resolve(null),
    desired.usagePlan ? observeUsagePlan(desired, clients) : Promise.resolve(null),
  ]);
  return { stateMachine, logGroup, restApi, apiKey, usagePlan };
}

function conflict(kind: string, name: string, desired: DesiredState): OwnershipConflict {
  return new OwnershipConflict(
    `${kind} "${name}" exists but is not stepgate's for app "${desired.app}", environment "${desired.environment}" ` +
      `(it lacks the tags ${TAG_APP}=${desired.app}, ${TAG_ENVIRONMENT}=${desired.environment}); ` +
      'stepgate never changes what it does not own: rename the app or environment, or remove that resource yourself',
  );
}

async function observeStateMachine(
  desired: DesiredState,
  { sfn }: AwsClients,
): Promise<ActualStateMachine | null> {
  const name = desired.stateMachine.name;
  let arn: string | undefined;
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new ListStateMachinesCommand({ maxResults: 1000, nextToken }));
    arn = page.stateMachines?.find((m) => m.name === name)?.stateMachineArn;
    nextToken = page.nextToken;
  } while (!arn && nextToken);
  if (!arn) return null;
  const [description, tagList] = await Promise.all([
    sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn })),
    sfn.send(new ListTagsForResourceCommand({ resourceArn: arn })),
  ]);
  const tags = Object.fromEntries((tagList.tags ?? []).map((t) => [t.key ?? '', t.value ?? '']));
  if (!isOwnedBy(tags, desired.app, desired.environment))
    throw conflict('state machine', name, desired);
  const logGroupArn =
    description.loggingConfiguration?.destinations?.[0]?.cloudWatchLogsLogGroup?.logGroupArn;
  return {
    arn,
    name,
    type: description.type ?? 'STANDARD',
    definition: description.definition ?? '',
    roleArn: description.roleArn ?? '',
    logging: {
      level: description.loggingConfiguration?.level ?? 'OFF',
      includeExecutionData: description.loggingConfiguration?.includeExecutionData ?? false,
      ...(logGroupArn ? { logGroupArn } : {}),
    },
    tracing: description.tracingConfiguration
      ? (description.tracingConfiguration.enabled ?? false)
      : undefined,
    tags,
  };
}

async function observeLogGroup(name: string, { logs }: AwsClients): Promise<ActualLogGroup | null> {
  const found = await logs.send(
    new DescribeLogGroupsCommand({ logGroupNamePrefix: name, limit: 50 }),
  );
  const group = found.logGroups?.find((g) => g.logGroupName === name);
  return group?.arn ? { name, arn: group.arn } : null;
}

export async function listRestApis({ apiGateway }: AwsClients): Promise<RestApi[]> {
  const apis: RestApi[] = [];
  let position: string | undefined;
  do {
    const page = await apiGateway.send(new GetRestApisCommand({ limit: 500, position }));
    apis.push(...(page.items ?? []));
    position = page.position;
  } while (position);
  return apis;
}

async function observeRestApi(
  desired: DesiredState,
  clients: AwsClients,
): Promise<ActualRestApi | null> {
  const apis = await listRestApis(clients);
  const owned = apis
    .filter((api) => isOwnedBy(api.tags, desired.app, desired.environment))
    .sort((a, b) => (a.createdDate?.getTime() ?? 0) - (b.createdDate?.getTime() ?? 0));
  const api = owned[0];
  if (!api?.id) {
    if (apis.some((a) => a.name === desired.restApi.name))
      throw conflict('REST API', desired.restApi.name, desired);
    return null;
  }
  const restApiId = api.id;
  const stages = await clients.apiGateway.send(new GetStagesCommand({ restApiId }));
  const stageItem = stages.item?.find((s) => s.stageName === desired.stage.name);
  return {
    id: restApiId,
    name: api.name ?? '',
    description: api.description ?? '',
    endpointType: api.endpointConfiguration?.types?.[0] ?? 'EDGE',
    stage: stageItem
      ? await observeStage(
          restApiId,
          stageItem.stageName ?? '',
          stageItem.deploymentId ?? '',
          clients,
        )
      : null,
  };
}

async function observeStage(
  restApiId: string,
  name: string,
  deploymentId: string,
  { apiGateway }: AwsClients,
): Promise<ActualStage> {
  const deployment = deploymentId
    ? await apiGateway.send(new GetDeploymentCommand({ restApiId, deploymentId }))
    : undefined;
  return { name, deploymentId, deploymentDescription: deployment?.description ?? '' };
}

async function observeApiKey(
  desired: DesiredState,
  { apiGateway }: AwsClients,
  includeValue: boolean,
): Promise<ActualApiKey | null> {
  const name = desired.apiKey!.name;
  const keys = await apiGateway.send(
    new GetApiKeysCommand({ nameQuery: name, includeValues: includeValue, limit: 500 }),
  );
  const sameName = (keys.items ?? []).filter((k) => k.name === name);
  const key = sameName.find((k) => isOwnedBy(k.tags, desired.app, desired.environment));
  if (!key?.id) {
    if (sameName.length) throw conflict('API key', name, desired);
    return null;
  }
  return {
    id: key.id,
    name,
    enabled: key.enabled ?? false,
    ...(includeValue && key.value ? { value: key.value } : {}),
  };
}

async function observeUsagePlan(
  desired: DesiredState,
  { apiGateway }: AwsClients,
): Promise<ActualUsagePlan | null> {
  const name = desired.usagePlan!.name;
  const plans = await apiGateway.send(new GetUsagePlansCommand({ limit: 500 }));
  const sameName = (plans.items ?? []).filter((p) => p.name === name);
  const plan = (plans.items ?? []).find((p) => isOwnedBy(p.tags, desired.app, desired.environment));
  if (!plan?.id) {
    if (sameName.length) throw conflict('usage plan', name, desired);
    return null;
  }
  const keys = await apiGateway.send(
    new GetUsagePlanKeysCommand({ usagePlanId: plan.id, limit: 500 }),
  );
  return {
    id: plan.id,
    name: plan.name ?? '',
    throttle: {
      ...(plan.throttle?.rateLimit !== undefined ? { rateLimit: plan.throttle.rateLimit } : {}),
      ...(plan.throttle?.burstLimit !== undefined ? { burstLimit: plan.throttle.burstLimit } : {}),
    },
    quota: {
      ...(plan.quota?.limit !== undefined ? { limit: plan.quota.limit } : {}),
      ...(plan.quota?.period !== undefined ? { period: plan.quota.period } : {}),
    },
    apiStages: (plan.apiStages ?? []).map((s) => ({ apiId: s.apiId ?? '', stage: s.stage ?? '' })),
    keyIds: (keys.items ?? []).map((k) => k.id ?? ''),
  };
}
