import {
  DeleteApiKeyCommand,
  DeleteRestApiCommand,
  DeleteUsagePlanCommand,
  UpdateUsagePlanCommand,
} from '@aws-sdk/client-api-gateway';
import {
  DeleteLogGroupCommand,
  ListTagsForResourceCommand as ListLogTagsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { DeleteStateMachineCommand, ListTagsForResourceCommand } from '@aws-sdk/client-sfn';
import type { AwsSettings } from '../aws/aws-settings.js';
import { createAwsClients, isAwsErrorNamed, type AwsClients } from '../aws/clients.js';
import type { ResourceOutcome } from '../deploy/deploy-types.js';
import {
  DEFAULT_ENVIRONMENT,
  ENVIRONMENT_PATTERN,
  isOwnedBy,
  resourceName,
} from '../desired/naming.js';
import { ConfigError } from '../errors.js';
import { loadConfig } from '../load/load-config.js';
import { listRestApis, logGroupName } from '../observe/observe-stack.js';
import { findLogGroup, listApiKeys, listStateMachines, listUsagePlans } from '../observe/pages.js';

export interface DestroyOptions {
  readonly configFile?: string;
  readonly environment?: string;
  readonly aws?: AwsSettings;
  /** Required to destroy `prod`. */
  readonly confirm?: boolean;
  readonly log?: (line: string) => void;
  /** Waits between DeleteRestApi attempts (AWS allows one every 30 s per account); injectable for tests. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface DestroyResult {
  readonly app: string;
  readonly environment: string;
  readonly deleted: readonly ResourceOutcome[];
}

const DELETE_REST_API_INTERVAL_MS = 30_000;
const DELETE_REST_API_ATTEMPTS = 10;

/**
 * Deletes everything stepgate owns for one app and environment, found by its ownership tags
 * (whatever the config says today): usage plans, API keys, REST APIs (with their stages and
 * deployments), the state machine and the log group stepgate created. Idempotent; never
 * touches a resource without this environment's tags.
 */
export async function destroy(options: DestroyOptions = {}): Promise<DestroyResult> {
  const environment = options.environment ?? DEFAULT_ENVIRONMENT;
  if (!ENVIRONMENT_PATTERN.test(environment)) {
    throw new ConfigError(
      { file: '--environment' },
      `"${environment}" is not a valid environment: lowercase letters, digits and -, starting with a letter`,
    );
  }
  const { config } = loadConfig(options.configFile ?? 'stepgate.yml');
  if (environment === 'prod' && !options.confirm) {
    throw new ConfigError(
      { file: '--yes' },
      'destroying prod needs confirmation: pass --yes (confirm: true in the Action)',
    );
  }
  const clients = createAwsClients(options.aws);
  const log = options.log ?? (() => {});
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const app = config.name;
  const name = resourceName(app, environment);
  const owned = (tags: Record<string, string> | undefined) => isOwnedBy(tags, app, environment);
  const deleted: ResourceOutcome[] = [];
  const done = (kind: string, what: string) => {
    deleted.push({ kind, name: what, outcome: 'deleted', fields: [] });
    log(`deleted ${kind} ${what}`);
  };
  const { apiGateway, sfn, logs } = clients;

  log(
    `Destroying ${app} (${environment}) in ${clients.region}${clients.endpointUrl ? ` at ${clients.endpointUrl}` : ''}`,
  );
  const [plans, keys, apis, machines] = await Promise.all([
    listUsagePlans(clients).then((all) => all.filter((p) => owned(p.tags))),
    listApiKeys(clients, undefined, false).then((all) => all.filter((k) => owned(k.tags))),
    listRestApis(clients).then((all) => all.filter((a) => owned(a.tags))),
    findOwnedStateMachines(app, owned, clients),
  ]);
  // Each state machine's log group, and the one-workflow form's even when its machine is gone.
  const logGroupNames = [...new Set([name, ...machines.map((m) => m.name)])].map(logGroupName);
  const logGroups = (
    await Promise.all(logGroupNames.map((group) => findOwnedLogGroup(group, owned, clients)))
  ).filter((group): group is string => group !== undefined);

  // Usage plans first: AWS refuses to delete one that still names API stages.
  for (const plan of plans) {
    const stages = (plan.apiStages ?? []).map((s) => ({
      op: 'remove' as const,
      path: '/apiStages',
      value: `${s.apiId}:${s.stage}`,
    }));
    if (stages.length)
      await apiGateway.send(
        new UpdateUsagePlanCommand({ usagePlanId: plan.id!, patchOperations: stages }),
      );
    await ignoreNotFound(apiGateway.send(new DeleteUsagePlanCommand({ usagePlanId: plan.id! })));
    done('usagePlan', plan.name ?? plan.id!);
  }
  for (const key of keys) {
    await ignoreNotFound(apiGateway.send(new DeleteApiKeyCommand({ apiKey: key.id! })));
    done('apiKey', key.name ?? key.id!);
  }
  for (const api of apis) {
    await deleteRestApi(api.id!, clients, sleep, log);
    done('restApi', `${api.name ?? ''} (${api.id})`);
  }
  for (const machine of machines) {
    await ignoreNotFound(sfn.send(new DeleteStateMachineCommand({ stateMachineArn: machine.arn })));
    done('stateMachine', machine.name);
  }
  for (const group of logGroups) {
    await ignoreNotFound(logs.send(new DeleteLogGroupCommand({ logGroupName: group })));
    done('logGroup', group);
  }
  log(
    deleted.length
      ? `Destroyed ${app} (${environment}): ${deleted.length} resources`
      : `Nothing to destroy: ${app} (${environment}) does not exist`,
  );
  return { app, environment, deleted };
}

/** DeleteRestApi is limited to one every 30 s per account: wait and retry instead of failing. */
export async function deleteRestApi(
  restApiId: string,
  { apiGateway }: AwsClients,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  log: (line: string) => void = () => {},
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await apiGateway.send(new DeleteRestApiCommand({ restApiId }));
      return;
    } catch (error) {
      if (isAwsErrorNamed(error, 'NotFoundException')) return;
      if (
        !isAwsErrorNamed(error, 'TooManyRequestsException') ||
        attempt >= DELETE_REST_API_ATTEMPTS
      )
        throw error;
      log(`DeleteRestApi is throttled (one per 30 s per account): waiting to retry ${restApiId}`);
      await sleep(DELETE_REST_API_INTERVAL_MS);
    }
  }
}

/**
 * Every state machine of the environment: `<app>-<environment>` and, with `stateMachines`,
 * `<app>-<key>-<environment>` (names may end in a hash when shortened), so only names starting
 * with `<app>-` are looked at, and only those whose tags say so are taken.
 */
async function findOwnedStateMachines(
  app: string,
  owned: (tags: Record<string, string>) => boolean,
  clients: AwsClients,
): Promise<{ name: string; arn: string }[]> {
  const candidates = (await listStateMachines(clients)).filter(
    (m) => m.stateMachineArn && m.name?.startsWith(`${app}-`),
  );
  const found = await Promise.all(
    candidates.map(async (m) => {
      const tags = await clients.sfn.send(
        new ListTagsForResourceCommand({ resourceArn: m.stateMachineArn }),
      );
      const map = Object.fromEntries((tags.tags ?? []).map((t) => [t.key ?? '', t.value ?? '']));
      return owned(map) ? [{ name: m.name!, arn: m.stateMachineArn! }] : [];
    }),
  );
  return found.flat();
}

async function findOwnedLogGroup(
  name: string,
  owned: (tags: Record<string, string>) => boolean,
  clients: AwsClients,
): Promise<string | undefined> {
  const group = await findLogGroup(clients, name);
  if (!group?.arn) return undefined;
  const tags = await clients.logs.send(
    new ListLogTagsCommand({ resourceArn: group.arn.replace(/:\*$/, '') }),
  );
  return owned(tags.tags ?? {}) ? name : undefined;
}

async function ignoreNotFound(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (
      !isAwsErrorNamed(error, 'NotFoundException') &&
      !isAwsErrorNamed(error, 'ResourceNotFoundException') &&
      !isAwsErrorNamed(error, 'StateMachineDoesNotExist')
    )
      throw error;
  }
}
