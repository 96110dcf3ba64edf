import { deploy, formatPlan, formatRollback, planJson, type DeployOutputs } from '@stepgate/core';
import { deployAndSmoke, formatSmokeText } from '@stepgate/smoke';
import type { CliIo } from '../io.js';
import type { CommonOptions } from '../options.js';

export interface DeployCommandOptions extends CommonOptions {
  readonly apiKeyValue?: string;
  /** Commander's `--no-smoke`. */
  readonly smoke?: boolean;
  readonly rollbackOnSmokeFailure?: boolean;
}

/** The deploy result with exactly the deploy action's output names as keys (CONTRACT.md). */
export function actionOutputs(
  outputs: DeployOutputs,
  smoke?: { passed: number; failed: number },
): Record<string, string | boolean | number> {
  return {
    'invoke-url': outputs.invokeUrl,
    'api-id': outputs.apiId,
    stage: outputs.stage,
    'state-machine-arn': outputs.stateMachineArn,
    'api-key-id': outputs.apiKeyId,
    'usage-plan-id': outputs.usagePlanId,
    'deployment-id': outputs.deploymentId,
    changed: outputs.changed,
    ...(smoke ? { 'smoke-passed': smoke.passed, 'smoke-failed': smoke.failed } : {}),
  };
}

function deployOptions(options: DeployCommandOptions, io: CliIo, dryRun: boolean) {
  const apiKeyValue = options.apiKeyValue ?? process.env.STEPGATE_API_KEY_VALUE;
  return {
    configFile: options.config,
    environment: options.environment,
    aws: {
      ...(options.region ? { region: options.region } : {}),
      ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}),
    },
    ...(apiKeyValue ? { apiKeyValue } : {}),
    dryRun,
    log: (line: string) => io.stderr(`${line}\n`),
  };
}

/** `stepgate plan`: validate, read AWS, print the changes a deploy would make. */
export async function planCommand(options: DeployCommandOptions, io: CliIo): Promise<number> {
  const result = await deploy(deployOptions(options, io, true));
  if (options.json) io.stdout(`${JSON.stringify(planJson(result.plan), null, 2)}\n`);
  else io.stdout(`Plan for ${result.environment}:\n${formatPlan(result.plan)}\n`);
  return 0;
}

/** `stepgate deploy`: plan, apply, then the smoke cases unless --no-smoke. Exit 1 when one fails. */
export async function deployCommand(options: DeployCommandOptions, io: CliIo): Promise<number> {
  const result = await deployAndSmoke({
    ...deployOptions(options, io, false),
    smoke: options.smoke !== false,
    rollbackOnSmokeFailure: options.rollbackOnSmokeFailure ?? false,
  });
  const smoke = result.verification;
  if (options.json) {
    io.stdout(`${JSON.stringify(actionOutputs(result.outputs, smoke), null, 2)}\n`);
  } else {
    const rows = result.outcomes.map((o) => `  ${o.outcome.padEnd(9)} ${o.kind} ${o.name}`);
    io.stdout(
      `${rows.join('\n')}\ninvoke-url: ${result.outputs.invokeUrl}\napi-key-id: ${result.outputs.apiKeyId}\n`,
    );
    if (smoke) io.stdout(formatSmokeText(smoke.report));
    if (result.rollback) {
      io.stdout(`rolled back: ${formatRollback(result.rollback).join('; ')}\n`);
    }
  }
  return smoke && smoke.failed > 0 ? 1 : 0;
}
