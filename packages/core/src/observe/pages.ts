import {
  GetApiKeysCommand,
  GetUsagePlanKeysCommand,
  GetUsagePlansCommand,
  type ApiKey,
  type UsagePlan,
  type UsagePlanKey,
} from '@aws-sdk/client-api-gateway';
import { DescribeLogGroupsCommand, type LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import { ListStateMachinesCommand, type StateMachineListItem } from '@aws-sdk/client-sfn';
import type { AwsClients } from '../aws/clients.js';

/** Every item of a paged list: calls `page` with each token until there is none. */
export async function allPages<T>(
  page: (
    token: string | undefined,
  ) => Promise<{ items: T[] | undefined; next: string | undefined }>,
): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const result = await page(token);
    items.push(...(result.items ?? []));
    token = result.next;
  } while (token);
  return items;
}

export function listApiKeys(
  { apiGateway }: AwsClients,
  nameQuery: string | undefined,
  includeValues: boolean,
): Promise<ApiKey[]> {
  return allPages(async (position) => {
    const r = await apiGateway.send(
      new GetApiKeysCommand({
        ...(nameQuery !== undefined ? { nameQuery } : {}),
        includeValues,
        limit: 500,
        position,
      }),
    );
    return { items: r.items, next: r.position };
  });
}

export function listUsagePlans({ apiGateway }: AwsClients): Promise<UsagePlan[]> {
  return allPages(async (position) => {
    const r = await apiGateway.send(new GetUsagePlansCommand({ limit: 500, position }));
    return { items: r.items, next: r.position };
  });
}

export function listUsagePlanKeys(
  { apiGateway }: AwsClients,
  usagePlanId: string,
): Promise<UsagePlanKey[]> {
  return allPages(async (position) => {
    const r = await apiGateway.send(
      new GetUsagePlanKeysCommand({ usagePlanId, limit: 500, position }),
    );
    return { items: r.items, next: r.position };
  });
}

export function listStateMachines({ sfn }: AwsClients): Promise<StateMachineListItem[]> {
  return allPages(async (nextToken) => {
    const r = await sfn.send(new ListStateMachinesCommand({ maxResults: 1000, nextToken }));
    return { items: r.stateMachines, next: r.nextToken };
  });
}

/** The log group of exactly this name, if it exists (the prefix may match others). */
export async function findLogGroup(
  { logs }: AwsClients,
  name: string,
): Promise<LogGroup | undefined> {
  const groups = await allPages(async (nextToken) => {
    const r = await logs.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: name, limit: 50, nextToken }),
    );
    return { items: r.logGroups, next: r.nextToken };
  });
  return groups.find((g) => g.logGroupName === name);
}
