import { stageSettingsDiff } from './stage-settings-diff.js';
import type { DesiredState } from '../desired/desired-state.js';
import type { ActualMethod, ActualState } from '../observe/actual-state.js';
import { resolveRequestTemplate } from '../templates/builtin-templates.js';
import type { Change, ChangeAction, Plan, ResourceKind } from './plan-types.js';

export interface PlanContext {
  readonly region: string;
  /** The API key value to impose, if any (compared, never shown). */
  readonly apiKeyValue?: string;
}

/** The description stepgate gives a deployment: it names the API configuration it serves. */
export function deploymentDescription(desired: DesiredState): string {
  return `stepgate ${desired.apiHash}`;
}

export function integrationUri(region: string): string {
  return `arn:aws:apigateway:${region}:states:action/StartSyncExecution`;
}

/** What the deployed method's integration must look like once the state machine's ARN is known. */
export function expectedRequestTemplate(desired: DesiredState, stateMachineArn: string): string {
  return resolveRequestTemplate(desired.integration.templates.request.text, stateMachineArn);
}

/** Pure diff of desired and actual state: what apply will create, update or leave alone. */
export function planChanges(
  desired: DesiredState,
  actual: ActualState,
  context: PlanContext,
): Plan {
  const changes: Change[] = [];
  const add = (kind: ResourceKind, name: string, action: ChangeAction, details: string[] = []) =>
    changes.push({ kind, name, action, details });

  if (desired.logGroup) add('logGroup', desired.logGroup.name, actual.logGroup ? 'none' : 'create');

  const machine = desired.stateMachine;
  if (!actual.stateMachine) add('stateMachine', machine.name, 'create');
  else {
    const a = actual.stateMachine;
    const details: string[] = [];
    if (canonicalJson(a.definition) !== canonicalJson(machine.definition))
      details.push('definition');
    if (a.roleArn !== machine.roleArn) details.push(`roleArn: ${a.roleArn} → ${machine.roleArn}`);
    if (a.logging.level !== machine.logging.level)
      details.push(`logging.level: ${a.logging.level} → ${machine.logging.level}`);
    if (
      machine.logging.level !== 'OFF' &&
      a.logging.includeExecutionData !== machine.logging.includeExecutionData
    ) {
      details.push(
        `logging.includeExecutionData: ${a.logging.includeExecutionData} → ${machine.logging.includeExecutionData}`,
      );
    }
    if (machine.logging.logGroupArn && a.logging.logGroupArn !== machine.logging.logGroupArn)
      details.push('logging.logGroupArn');
    if (a.tracing !== undefined && a.tracing !== machine.tracing)
      details.push(`tracing: ${a.tracing} → ${machine.tracing}`);
    const tagDiff = Object.entries(machine.tags)
      .filter(([k, v]) => a.tags[k] !== v)
      .map(([k]) => k);
    if (tagDiff.length) details.push(`tags: ${tagDiff.join(', ')}`);
    add('stateMachine', machine.name, details.length ? 'update' : 'none', details);
  }

  const api = actual.restApi;
  if (!api) add('restApi', desired.restApi.name, 'create');
  else {
    const details: string[] = [];
    if (api.endpointType !== desired.restApi.endpointType)
      details.push(`endpointType: ${api.endpointType} → ${desired.restApi.endpointType}`);
    if (api.description !== desired.restApi.description) details.push('description');
    add('restApi', desired.restApi.name, details.length ? 'update' : 'none', details);
  }

  const routeName = `${desired.method.httpMethod} ${desired.method.path}`;
  let routeAction: ChangeAction;
  if (!api?.method) {
    routeAction = 'create';
    add('route', routeName, 'create');
  } else {
    // A state machine about to be created gets a new ARN: the request template must follow it.
    const details = actual.stateMachine
      ? routeDifferences(desired, api.method, context.region, actual.stateMachine.arn)
      : ['integration.requestTemplate (new state machine)'];
    routeAction = details.length ? 'update' : 'none';
    add('route', routeName, routeAction, details);
  }

  const stageName = desired.stage.name;
  if (!api?.stage) add('stage', stageName, 'create');
  else if (routeAction !== 'none') add('stage', stageName, 'update', ['new deployment']);
  else if (api.stage.deploymentDescription !== deploymentDescription(desired))
    add('stage', stageName, 'update', ['new deployment (configuration changed)']);
  else add('stage', stageName, 'none');
  const settings = stageSettingsDiff(desired.stage.settings, api?.stage?.settings ?? null);
  if (settings.length || api?.stage)
    add(
      'stageSettings',
      stageName,
      settings.length ? 'update' : 'none',
      settings.map((s) => `${s.field}: ${show(s.from)} → ${show(s.to)}`),
    );

  if (desired.apiKey) {
    const key = actual.apiKey;
    if (!key) add('apiKey', desired.apiKey.name, 'create');
    else {
      const details: string[] = [];
      if (!key.enabled) details.push('enabled: false → true');
      if (context.apiKeyValue !== undefined && key.value !== context.apiKeyValue)
        details.push('value (replaced: a key value cannot be changed in place)');
      add('apiKey', desired.apiKey.name, details.length ? 'update' : 'none', details);
    }
  }

  if (desired.usagePlan) {
    const plan = actual.usagePlan;
    const want = desired.usagePlan;
    if (!plan) add('usagePlan', want.name, 'create');
    else {
      const details: string[] = [];
      if (plan.throttle.rateLimit !== want.throttle.rateLimit)
        details.push(
          `throttle.rateLimit: ${plan.throttle.rateLimit ?? 'none'} → ${want.throttle.rateLimit}`,
        );
      if (plan.throttle.burstLimit !== want.throttle.burstLimit)
        details.push(
          `throttle.burstLimit: ${plan.throttle.burstLimit ?? 'none'} → ${want.throttle.burstLimit}`,
        );
      if (plan.quota.limit !== want.quota.limit)
        details.push(`quota.limit: ${plan.quota.limit ?? 'none'} → ${want.quota.limit}`);
      if (plan.quota.period !== want.quota.period)
        details.push(`quota.period: ${plan.quota.period ?? 'none'} → ${want.quota.period}`);
      const boundToStage =
        api && plan.apiStages.some((s) => s.apiId === api.id && s.stage === stageName);
      const extraStages = plan.apiStages.filter(
        (s) => !(api && s.apiId === api.id && s.stage === stageName),
      );
      if (!boundToStage) details.push(`apiStages: + ${stageName}`);
      if (extraStages.length)
        details.push(`apiStages: - ${extraStages.map((s) => `${s.apiId}/${s.stage}`).join(', ')}`);
      add('usagePlan', want.name, details.length ? 'update' : 'none', details);
    }
    const keyReplaced = changes.some(
      (c) =>
        c.kind === 'apiKey' && c.action !== 'none' && c.details.some((d) => d.startsWith('value')),
    );
    const linked = actual.apiKey && plan?.keyIds.includes(actual.apiKey.id) && !keyReplaced;
    add('usagePlanKey', `${desired.apiKey!.name} → ${want.name}`, linked ? 'none' : 'create');
  }

  return { changes, hasChanges: changes.some((c) => c.action !== 'none') };
}

function routeDifferences(
  desired: DesiredState,
  method: ActualMethod,
  region: string,
  stateMachineArn: string,
): string[] {
  const details: string[] = [];
  const want = desired.integration;
  if (method.apiKeyRequired !== desired.method.apiKeyRequired)
    details.push(`apiKeyRequired: ${method.apiKeyRequired} → ${desired.method.apiKeyRequired}`);
  if (method.authorizationType !== 'NONE')
    details.push(`authorizationType: ${method.authorizationType} → NONE`);
  if (method.responseStatuses.join(',') !== [...desired.method.responseStatuses].sort().join(',')) {
    details.push(
      `methodResponses: ${method.responseStatuses.join(',')} → ${desired.method.responseStatuses.join(',')}`,
    );
  }
  const integration = method.integration;
  if (!integration) return [...details, 'integration: missing'];
  if (integration.type !== want.type)
    details.push(`integration.type: ${integration.type} → ${want.type}`);
  if (integration.httpMethod !== want.httpMethod)
    details.push(`integration.httpMethod: ${integration.httpMethod} → POST`);
  if (integration.uri !== integrationUri(region)) details.push('integration.uri');
  if (integration.credentials !== want.credentialsRoleArn) details.push('integration.credentials');
  if (integration.passthroughBehavior !== want.passthroughBehavior)
    details.push('integration.passthroughBehavior');
  if (integration.timeoutMs !== want.timeoutMs)
    details.push(`integration.timeoutMs: ${integration.timeoutMs} → ${want.timeoutMs}`);
  const requestTemplate = integration.requestTemplates[want.contentType];
  if (!sameTemplate(requestTemplate, expectedRequestTemplate(desired, stateMachineArn)))
    details.push('integration.requestTemplate');
  const responses = integration.responses;
  const response = responses.find((r) => r.statusCode === '200' && !r.selectionPattern);
  if (responses.length !== 1 || !response) details.push('integration.responses');
  else if (
    !sameTemplate(response.responseTemplates[want.contentType], want.templates.response.text)
  )
    details.push('integration.responseTemplate');
  return details;
}

/** Emulators may trim a template's trailing whitespace; AWS keeps it. Neither changes the output. */
function sameTemplate(actual: string | undefined, wanted: string): boolean {
  return actual !== undefined && actual.trimEnd() === wanted.trimEnd();
}

/** JSON text with object keys sorted, so key order and spacing never count as a change. */
export function canonicalJson(text: string): string {
  try {
    return JSON.stringify(sortKeys(JSON.parse(text)));
  } catch {
    return text;
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

function show(value: unknown): string {
  return value === null ? '(none)' : typeof value === 'string' ? value : JSON.stringify(value);
}
