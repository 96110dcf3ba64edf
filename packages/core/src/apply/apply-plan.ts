import type { AwsClients } from '../aws/clients.js';
import type { DeployOutputs, Outcome, ResourceOutcome } from '../deploy/deploy-types.js';
import type { DesiredState } from '../desired/desired-state.js';
import type { ActualState } from '../observe/actual-state.js';
import type { Change, ChangeAction, Plan, ResourceKind } from '../plan/plan-types.js';
import { formatOutcome } from '../report/plan-text.js';
import { applyApiKey } from './api-key.js';
import { applyDelete } from './delete.js';
import { applyLogGroup } from './log-group.js';
import { applyDeployment, applyRestApi } from './api.js';
import { applyStageSettings } from './stage-settings.js';
import { applyStateMachine } from './state-machine.js';
import type { StepInput } from './step.js';
import { applyUsagePlan, applyUsagePlanKey } from './usage-plan.js';

export interface ApplyContext {
  readonly clients: AwsClients;
  readonly apiKeyValue?: string;
  readonly log?: (line: string) => void;
  /** Waits between DeleteRestApi attempts (one per 30 s per account); tests pass a fast one. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface ApplyResult {
  readonly outcomes: ResourceOutcome[];
  readonly outputs: Omit<DeployOutputs, 'invokeUrl' | 'stageUrl' | 'stateMachineArns' | 'changed'>;
}

const OUTCOME: Record<ChangeAction, Outcome> = {
  create: 'created',
  update: 'updated',
  delete: 'deleted',
  none: 'unchanged',
};
const NO_CHANGE = (resource: ResourceKind): Change => ({
  resource,
  name: '',
  action: 'none',
  fields: [],
  reason: 'none',
});

/**
 * Makes AWS match the plan, in dependency order: log group, state machine, REST API (created
 * with its tags, then its whole OpenAPI document written), one deployment on the stage (the
 * cut-over for API changes; on a first deploy it creates the stage before the usage plan that
 * names it), API key,
 * usage plan, usage plan key. Every create carries the ownership tags, so a re-run after an
 * interruption adopts what was made instead of duplicating it. One file per resource kind.
 */
export async function applyPlan(
  desired: DesiredState,
  actual: ActualState,
  plan: Plan,
  context: ApplyContext,
): Promise<ApplyResult> {
  const log = context.log ?? (() => {});
  const outcomes: ResourceOutcome[] = [];
  const step = (kind: ResourceKind): StepInput => ({
    change:
      plan.changes.find((c) => c.resource === kind && c.action !== 'delete') ?? NO_CHANGE(kind),
    desired,
    actual,
    clients: context.clients,
  });
  /** Records a change as done, for the summary and the log. */
  const record = (change: Change) => {
    const outcome: ResourceOutcome = {
      kind: change.resource,
      name: change.name,
      outcome: OUTCOME[change.action],
      fields: change.fields,
    };
    outcomes.push(outcome);
    if (change.action !== 'none') log(formatOutcome(outcome));
  };
  /** Runs one step and records its outcome, for the summary and the log. */
  const run = async <T>(
    kind: ResourceKind,
    apply: (input: StepInput) => Promise<T>,
  ): Promise<T> => {
    const input = step(kind);
    const result = await apply(input);
    if (plan.changes.includes(input.change)) record(input.change);
    return result;
  };

  const logGroupArn = await run('logGroup', applyLogGroup);
  const stateMachineArn = await run('stateMachine', (input) =>
    applyStateMachine(input, logGroupArn),
  );
  // The stage's change is the document's deployment: the document is written exactly when a
  // new deployment will make it live. Routes are entries of the document, written with it.
  const deploys = step('stage').change.action !== 'none';
  const api = await run('restApi', (input) => applyRestApi(input, stateMachineArn, deploys));
  for (const route of plan.changes.filter((c) => c.resource === 'route')) record(route);
  const deploymentId = await run('stage', (input) => applyDeployment(input, api));
  await run('stageSettings', (input) => applyStageSettings(input, api.restApiId));
  const apiKeyId = await run('apiKey', (input) => applyApiKey(input, context.apiKeyValue));
  const usagePlanId = await run('usagePlan', (input) => applyUsagePlan(input, api.restApiId));
  await run('usagePlanKey', (input) => applyUsagePlanKey(input, usagePlanId, apiKeyId));

  // Last, when nothing refers to them any more: duplicates and what the config dropped.
  for (const change of plan.changes.filter((c) => c.action === 'delete')) {
    await applyDelete(change, actual, context.clients, context.sleep, log);
    const outcome: ResourceOutcome = {
      kind: change.resource,
      name: change.name,
      outcome: 'deleted',
      fields: [],
    };
    outcomes.push(outcome);
    log(formatOutcome(outcome));
  }

  return {
    outcomes,
    outputs: {
      apiId: api.restApiId,
      stage: desired.stage.name,
      stateMachineArn,
      apiKeyId,
      usagePlanId,
      deploymentId,
    },
  };
}
