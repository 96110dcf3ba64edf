import type { Command } from 'commander';
import { formatRollback, type DeployOutputs } from '@stepgate/core';
import { deployAndSmoke, formatSmokeText } from '@stepgate/smoke';
import { commandIo, type CliContext } from '../context.js';
import type { CliIo } from '../io.js';
import { awsSettings, withCommonOptions, type CommonOptions } from '../options.js';

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
): Record<string, string | boolean | number | Readonly<Record<string, string>>> {
  return {
    'invoke-url': outputs.invokeUrl,
    'api-id': outputs.apiId,
    stage: outputs.stage,
    'state-machine-arn': outputs.stateMachineArn,
    'api-key-id': outputs.apiKeyId,
    'usage-plan-id': outputs.usagePlanId,
    'deployment-id': outputs.deploymentId,
    'stage-url': outputs.stageUrl,
    'state-machine-arns': outputs.stateMachineArns,
    changed: outputs.changed,
    ...(smoke ? { 'smoke-passed': smoke.passed, 'smoke-failed': smoke.failed } : {}),
  };
}

/** core's deploy options from the command line (plan and deploy). */
export function deployOptions(options: DeployCommandOptions, io: CliIo, dryRun: boolean) {
  const apiKeyValue = options.apiKeyValue ?? process.env.STEPGATE_API_KEY_VALUE;
  return {
    configFile: options.config,
    environment: options.environment,
    aws: awsSettings(options),
    ...(apiKeyValue ? { apiKeyValue } : {}),
    dryRun,
    log: (line: string) => io.stderr(`${line}\n`),
  };
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

export function registerDeploy(program: Command, ctx: CliContext): Command {
  return withCommonOptions(program.command('deploy'))
    .description('plan and apply: create or update the whole stack, idempotently')
    .option(
      '--api-key-value <value>',
      'use this API key value instead of a generated one (or set STEPGATE_API_KEY_VALUE)',
    )
    .option('--no-smoke', 'skip the smoke tests after the deploy')
    .option(
      '--rollback-on-smoke-failure',
      'when a smoke case fails, put the stage and the state machine back as they were',
      false,
    )
    .action(async (options: DeployCommandOptions) => {
      ctx.setExitCode(await deployCommand(options, commandIo(ctx.io, options)));
    });
}
