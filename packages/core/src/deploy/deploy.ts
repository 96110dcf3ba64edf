import { GetApiKeyCommand } from '@aws-sdk/client-api-gateway';
import { applyPlan } from '../apply/apply-plan.js';
import { rollBack } from '../apply/roll-back.js';
import { createAwsClients } from '../aws/clients.js';
import { ConfigError } from '../errors.js';
import { actualMachine } from '../observe/actual-state.js';
import { observeStack } from '../observe/observe-stack.js';
import { planChanges } from '../plan/plan-changes.js';
import { validateProject } from '../validate/validate-project.js';
import type { DeployOptions, DeployResult, VerifyOutcome, VerifyTarget } from './deploy-types.js';
import { invokeUrl, stageUrl } from './invoke-url.js';

/** API Gateway accepts API key values of 20 to 128 characters. */
const API_KEY_VALUE = /^[\x21-\x7e]{20,128}$/;

/**
 * validate → observe → plan → apply. Every input is checked before the first AWS call, and
 * every ownership conflict is found before the first change.
 */
export async function deploy<V extends VerifyOutcome = VerifyOutcome>(
  options: DeployOptions<V> = {},
): Promise<DeployResult<V>> {
  const log = options.log ?? (() => {});
  if (options.apiKeyValue !== undefined && !API_KEY_VALUE.test(options.apiKeyValue)) {
    throw new ConfigError(
      { file: 'api-key-value' },
      'an API key value is 20 to 128 printable ASCII characters without spaces',
    );
  }
  const project = validateProject({
    ...(options.configFile !== undefined ? { configFile: options.configFile } : {}),
    ...(options.environment !== undefined ? { environment: options.environment } : {}),
  });
  const { desired, warnings } = project;
  for (const warning of warnings) log(warning);
  const clients = createAwsClients(options.aws);
  log(
    `Reading ${desired.app} (${desired.environment}) in ${clients.region}${clients.endpointUrl ? ` at ${clients.endpointUrl}` : ''}`,
  );
  const actual = await observeStack(desired, clients, {
    readApiKeyValue: options.apiKeyValue !== undefined,
  });
  const plan = planChanges(desired, actual, {
    region: clients.region,
    ...(options.apiKeyValue !== undefined ? { apiKeyValue: options.apiKeyValue } : {}),
  });
  const url = (apiId: string) =>
    apiId
      ? invokeUrl({
          apiId,
          stage: desired.stage.name,
          path: desired.method.path,
          region: clients.region,
          endpointUrl: clients.endpointUrl,
        })
      : '';
  const stageUrlOf = (apiId: string) =>
    apiId
      ? stageUrl({
          apiId,
          stage: desired.stage.name,
          region: clients.region,
          endpointUrl: clients.endpointUrl,
        })
      : '';
  const foundArns = Object.fromEntries(
    desired.stateMachines.flatMap((m) => {
      const arn = actualMachine(actual, desired.stateMachine.key, m.key).stateMachine?.arn;
      return arn ? [[m.key, arn]] : [];
    }),
  );

  if (options.dryRun) {
    const apiId = actual.restApi?.id ?? '';
    return {
      app: desired.app,
      environment: desired.environment,
      dryRun: true,
      plan,
      outcomes: [],
      outputs: {
        invokeUrl: url(apiId),
        stageUrl: stageUrlOf(apiId),
        apiId,
        stage: desired.stage.name,
        stateMachineArn: actual.stateMachine?.arn ?? '',
        stateMachineArns: foundArns,
        apiKeyId: actual.apiKey?.id ?? '',
        usagePlanId: actual.usagePlan?.id ?? '',
        deploymentId: actual.restApi?.stage?.deploymentId ?? '',
        changed: false,
      },
    };
  }

  const applied = await applyPlan(desired, actual, plan, {
    clients,
    log,
    ...(options.apiKeyValue !== undefined ? { apiKeyValue: options.apiKeyValue } : {}),
  });
  const changed = applied.outcomes.some((o) => o.outcome !== 'unchanged');
  log(
    changed
      ? `Deployed ${desired.app} (${desired.environment})`
      : `${desired.app} (${desired.environment}) is up to date`,
  );
  const outputs = {
    ...applied.outputs,
    invokeUrl: url(applied.outputs.apiId),
    stageUrl: stageUrlOf(applied.outputs.apiId),
    changed,
  };
  const result: DeployResult<V> = {
    app: desired.app,
    environment: desired.environment,
    dryRun: false,
    plan,
    outcomes: applied.outcomes,
    outputs,
  };
  if (!options.verify) return result;

  const target: VerifyTarget = { invokeUrl: outputs.invokeUrl, stageUrl: outputs.stageUrl };
  if (desired.apiKey) {
    const apiKey =
      options.apiKeyValue ??
      (
        await clients.apiGateway.send(
          new GetApiKeyCommand({ apiKey: outputs.apiKeyId, includeValue: true }),
        )
      ).value;
    if (apiKey) {
      options.onSecret?.(apiKey);
      Object.assign(target, { apiKey });
    }
  }
  const verification = await options.verify(target);
  if (verification.failed === 0 || !options.rollbackOnVerifyFailure)
    return { ...result, verification };
  log(`Verification failed (${verification.failed} failed): rolling back`);
  const rollback = await rollBack(actual, plan, clients, log);
  return { ...result, verification, rollback };
}
