import type { Command } from 'commander';
import { deploy, formatPlan, planJson } from '@stepgate/core';
import { commandIo, type CliContext } from '../context.js';
import type { CliIo } from '../io.js';
import { withCommonOptions } from '../options.js';
import { deployOptions, type DeployCommandOptions } from './deploy.js';

export function registerPlan(program: Command, ctx: CliContext): Command {
  return withCommonOptions(program.command('plan'))
    .description(
      'validate, read AWS and print the changes a deploy would make (+ create, ~ update, - delete)',
    )
    .action(async (options: DeployCommandOptions) => {
      ctx.setExitCode(await planCommand(options, commandIo(ctx.io, options)));
    });
}

/** `stepgate plan`: validate, read AWS, print the changes a deploy would make. */
export async function planCommand(options: DeployCommandOptions, io: CliIo): Promise<number> {
  const result = await deploy(deployOptions(options, io, true));
  if (options.json) io.stdout(`${JSON.stringify(planJson(result.plan), null, 2)}\n`);
  else io.stdout(`Plan for ${result.environment}:\n${formatPlan(result.plan)}\n`);
  return 0;
}
