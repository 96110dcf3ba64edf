import type { DesiredStageSettings } from '../desired/stage-settings.js';
import {
  GetDeploymentCommand,
  GetRestApisCommand,
  GetStagesCommand,
  type Stage,
  type RestApi,
} from '@aws-sdk/client-api-gateway';
import { ListTagsForResourceCommand as ListTagsForResourceCommand_Logs } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeStateMachineCommand, ListTagsForResourceCommand } from '@aws-sdk/client-sfn';
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
import { pickKept } from '../plan/keep.js';
import {
  findLogGroup,
  listApiKeys,
  listStateMachines,
  listUsagePlanKeys,
  listUsagePlans,
} from './pages.js';

export interface ObserveOptions {
  /** Read the API key's value too (only to compare an imposed value). */
  readonly readApiKeyValue?: boolean;
}

/**
 * Reads, in parallel, everything stepgate owns for this app and environment. Resources are
 * found by their ownership tags; a same-named resource without them stops everything with an
 * OwnershipConflict before anything is changed. Every list is read to its last page. Besides
 * the one copy of each resource the config asks for, `others` holds whatever else the
 * environment owns (duplicates, resources the config no longer has), for the plan to delete.
 */
export async function observeStack(
  desired: DesiredState,
  clients: AwsClients,
  options: ObserveOptions = {},
): Promise<ActualState> {
  const [{ machines, logGroups }, apis, keys, plans] = await Promise.all([
    observeStateMachines(desired, clients).then(async (machines) => ({
      machines,
      logGroups: await observeLogGroups(
        desired,
        clients,
        machines.others.map((m) => m.name),
        machines.kept,
      ),
    })),
    observeRestApis(desired, clients),
    observeApiKeys(desired, clients, options.readApiKeyValue ?? false),
    observeUsagePlans(desired, clients),
  ]);
  const stageName = desired.stage.name;
  // The kept API is the one an owned usage plan serves; the kept plan the one bound to its stage;
  // the kept key the one bound to that plan.
  const servedApis = new Set(
    plans.flatMap((p) => p.apiStages.filter((s) => s.stage === stageName).map((s) => s.apiId)),
  );
  const restApi = pickKept(
    apis,
    (api) => servedApis.has(api.id),
    (api) => api.createdAt,
  );
  const plan = pickKept(
    plans,
    (p) => p.apiStages.some((s) => s.apiId === restApi.kept?.id && s.stage === stageName),
    (p) => p.createdAt,
  );
  const key = pickKept(
    keys,
    (k) => Boolean(plan.kept?.keyIds.includes(k.id)),
    (k) => k.createdAt,
  );
  const wantsKey = desired.apiKey !== null;
  const wantsPlan = desired.usagePlan !== null;
  const keptApi = restApi.kept ? await observeRestApi(desired, restApi.kept, clients) : null;
  return {
    stateMachine: machines.kept,
    logGroup: logGroups.kept,
    restApi: keptApi,
    apiKey: wantsKey ? key.kept : null,
    usagePlan: wantsPlan ? plan.kept : null,
    others: {
      stateMachines: machines.others,
      logGroups: logGroups.others,
      restApis: restApi.others.map(({ id, name }) => ({ id, name })),
      apiKeys: wantsKey ? key.others : keys,
      usagePlans: wantsPlan ? plan.others : plans,
    },
  };
}

function conflict(kind: string, name: string, desired: DesiredState): OwnershipConflict {
  return new OwnershipConflict(
    `${kind} "${name}" exists but is not stepgate's for app "${desired.app}", environment "${desired.environment}" ` +
      `(it lacks the tags ${TAG_APP}=${desired.app}, ${TAG_ENVIRONMENT}=${desired.environment}); ` +
      'stepgate never changes what it does not own: rename the app or environment, or remove that resource yourself',
  );
}

/** Tags as a map, from Step Functions' list of {key, value}. */
function tagMapOf(tags: readonly { key?: string; value?: string }[] | undefined) {
  return Object.fromEntries((tags ?? []).map((t) => [t.key ?? '', t.value ?? '']));
}

/**
 * The config's first state machine, and every state machine this environment owns that the
 * config no longer has: any `<app>-…-<environment>` whose tags say so.
 */
async function observeStateMachines(
  desired: DesiredState,
  clients: AwsClients,
): Promise<{ kept: ActualStateMachine | null; others: { name: string; arn: string }[] }> {
  const { sfn } = clients;
  const name = desired.stateMachine.name;
  const desiredNames = new Set(desired.stateMachines.map((m) => m.name));
  const all = await listStateMachines(clients);
  const wanted = all.find((m) => m.name === name);
  const candidates = all.filter(
    (m) =>
      !desiredNames.has(m.name ?? '') &&
      m.stateMachineArn &&
      m.name?.startsWith(`${desired.app}-`) &&
      m.name.endsWith(`-${desired.environment}`),
  );
  const owned = await Promise.all(
    candidates.map(async (m) => {
      const tags = await sfn.send(
        new ListTagsForResourceCommand({ resourceArn: m.stateMachineArn }),
      );
      return isOwnedBy(tagMapOf(tags.tags), desired.app, desired.environment)
        ? [{ name: m.name!, arn: m.stateMachineArn! }]
        : [];
    }),
  );
  const others = owned.flat();
  const arn = wanted?.stateMachineArn;
  if (!arn) return { kept: null, others };
  const [description, tagList] = await Promise.all([
    sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn })),
    sfn.send(new ListTagsForResourceCommand({ resourceArn: arn })),
  ]);
  const tags = tagMapOf(tagList.tags);
  if (!isOwnedBy(tags, desired.app, desired.environment))
    throw conflict('state machine', name, desired);
  const logGroupArn =
    description.loggingConfiguration?.destinations?.[0]?.cloudWatchLogsLogGroup?.logGroupArn;
  const kept: ActualStateMachine = {
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
  return { kept, others };
}

/** True when the state machine logs to the group stepgate creates for it. */
function logsToGroupOf(machine: ActualStateMachine): boolean {
  const arn = machine.logging.logGroupArn?.replace(/:\*$/, '');
  return arn !== undefined && arn.endsWith(`:log-group:${logGroupName(machine.name)}`);
}

/** The log group stepgate creates for a state machine (when logging is on and no ARN is given). */
export function logGroupName(stateMachineName: string): string {
  return `/aws/vendedlogs/states/${stateMachineName}`;
}

/**
 * The log groups stepgate made for the state machines (the config's and those it dropped),
 * adopted only when their tags say they are this environment's: a same-named group without
 * them is a conflict when the config needs it, and left alone otherwise. A group stepgate made
 * that the config no longer needs is in `others`.
 */
async function observeLogGroups(
  desired: DesiredState,
  clients: AwsClients,
  removedStateMachines: readonly string[],
  keptMachine: ActualStateMachine | null,
): Promise<{ kept: ActualLogGroup | null; others: ActualLogGroup[] }> {
  // Read only where a group can be: the ones the config needs, those of removed state machines,
  // and the one the kept state machine still logs to (logging turned off: the plan deletes it).
  // A no-op deploy with logging off reads none (issue #9's budget: at most 9 reads).
  const names = [
    ...desired.logGroups.map((g) => g.name),
    ...removedStateMachines.map(logGroupName),
    ...(keptMachine && logsToGroupOf(keptMachine) ? [logGroupName(keptMachine.name)] : []),
  ].filter((name, i, all) => all.indexOf(name) === i);
  const found = await Promise.all(
    names.map(async (name) => {
      const group = await findLogGroup(clients, name);
      if (!group?.arn) return null;
      const tags = await clients.logs.send(
        new ListTagsForResourceCommand_Logs({ resourceArn: group.arn.replace(/:\*$/, '') }),
      );
      return {
        name,
        arn: group.arn,
        owned: isOwnedBy(tags.tags, desired.app, desired.environment),
      };
    }),
  );
  let kept: ActualLogGroup | null = null;
  const others: ActualLogGroup[] = [];
  for (const group of found) {
    if (!group) continue;
    const wanted = desired.logGroups.some((g) => g.name === group.name);
    if (wanted && !group.owned) throw conflict('log group', group.name, desired);
    if (!wanted && group.owned) others.push({ name: group.name, arn: group.arn });
    if (wanted && group.name === desired.logGroup?.name)
      kept = { name: group.name, arn: group.arn };
  }
  return { kept, others };
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

interface OwnedApi {
  readonly api: RestApi;
  readonly id: string;
  readonly name: string;
  readonly createdAt: number | undefined;
}

/** Every REST API with this environment's tags (a same-named one without them is a conflict). */
async function observeRestApis(desired: DesiredState, clients: AwsClients): Promise<OwnedApi[]> {
  const apis = await listRestApis(clients);
  const owned = apis
    .filter((api) => api.id && isOwnedBy(api.tags, desired.app, desired.environment))
    .map((api) => ({
      api,
      id: api.id!,
      name: api.name ?? '',
      createdAt: api.createdDate?.getTime(),
    }));
  if (!owned.length && apis.some((a) => a.name === desired.restApi.name))
    throw conflict('REST API', desired.restApi.name, desired);
  return owned;
}

async function observeRestApi(
  desired: DesiredState,
  { api, id: restApiId }: OwnedApi,
  clients: AwsClients,
): Promise<ActualRestApi> {
  // The API's content is not read: the hash its stage's deployment names stands for it.
  const stages = await clients.apiGateway.send(new GetStagesCommand({ restApiId }));
  const stageItem = stages.item?.find((s) => s.stageName === desired.stage.name);
  return {
    id: restApiId,
    name: api.name ?? '',
    description: api.description ?? '',
    endpointType: api.endpointConfiguration?.types?.[0] ?? 'EDGE',
    stage: stageItem ? await observeStage(restApiId, stageItem, clients) : null,
  };
}

async function observeStage(
  restApiId: string,
  stage: Stage,
  { apiGateway }: AwsClients,
): Promise<ActualStage> {
  const name = stage.stageName ?? '';
  const deploymentId = stage.deploymentId ?? '';
  const deployment = deploymentId
    ? await apiGateway.send(new GetDeploymentCommand({ restApiId, deploymentId }))
    : undefined;
  return {
    name,
    deploymentId,
    deploymentDescription: deployment?.description ?? '',
    settings: observedStageSettings(stage),
  };
}

/**
 * Every API key of this environment (named `<app>-<environment>`, with its tags). A same-named key
 * without them is a conflict only when the config asks for a key.
 */
async function observeApiKeys(
  desired: DesiredState,
  clients: AwsClients,
  includeValue: boolean,
): Promise<ActualApiKey[]> {
  const name = desired.restApi.name;
  const sameName = (await listApiKeys(clients, name, includeValue)).filter((k) => k.name === name);
  const owned = sameName.filter((k) => k.id && isOwnedBy(k.tags, desired.app, desired.environment));
  if (desired.apiKey && !owned.length && sameName.length) throw conflict('API key', name, desired);
  return owned.map((key) => ({
    id: key.id!,
    name,
    enabled: key.enabled ?? false,
    ...(key.createdDate ? { createdAt: key.createdDate.getTime() } : {}),
    ...(includeValue && key.value ? { value: key.value } : {}),
  }));
}

/** Every usage plan of this environment, with its keys. */
async function observeUsagePlans(
  desired: DesiredState,
  clients: AwsClients,
): Promise<ActualUsagePlan[]> {
  const name = desired.restApi.name;
  const plans = await listUsagePlans(clients);
  const owned = plans.filter((p) => p.id && isOwnedBy(p.tags, desired.app, desired.environment));
  if (desired.usagePlan && !owned.length && plans.some((p) => p.name === name))
    throw conflict('usage plan', name, desired);
  return Promise.all(
    owned.map(async (plan) => ({
      id: plan.id!,
      name: plan.name ?? '',
      throttle: {
        ...(plan.throttle?.rateLimit !== undefined ? { rateLimit: plan.throttle.rateLimit } : {}),
        ...(plan.throttle?.burstLimit !== undefined
          ? { burstLimit: plan.throttle.burstLimit }
          : {}),
      },
      quota: {
        ...(plan.quota?.limit !== undefined ? { limit: plan.quota.limit } : {}),
        ...(plan.quota?.period !== undefined ? { period: plan.quota.period } : {}),
      },
      apiStages: (plan.apiStages ?? []).map((s) => ({
        apiId: s.apiId ?? '',
        stage: s.stage ?? '',
      })),
      keyIds: (await listUsagePlanKeys(clients, plan.id!)).map((k) => k.id ?? ''),
    })),
  );
}

/** The stage's options in the desired shape, so the plan compares like with like. */
export function observedStageSettings(stage: Stage): DesiredStageSettings {
  const all = stage.methodSettings?.['*/*'];
  const throttled =
    all?.throttlingRateLimit !== undefined &&
    all.throttlingBurstLimit !== undefined &&
    // -1 is how API Gateway reports "not set" for a method setting.
    all.throttlingRateLimit >= 0;
  const logs = stage.accessLogSettings;
  return {
    variables: { ...(stage.variables ?? {}) },
    throttle: throttled
      ? { rateLimit: all.throttlingRateLimit!, burstLimit: all.throttlingBurstLimit! }
      : null,
    accessLogs:
      logs?.destinationArn && logs.format
        ? { destinationArn: logs.destinationArn, format: logs.format }
        : null,
    tracing: stage.tracingEnabled ?? false,
  };
}
