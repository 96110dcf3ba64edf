import type { Command } from 'commander';
import { destroy } from '@stepgate/core';
import { commandIo, type CliContext } from '../context.js';
import type { CliIo } from '../io.js';
import { awsSettings, withCommonOptions, type CommonOptions } from '../options.js';

export function registerDestroy(program: Command, ctx: CliContext): Command {
  return withCommonOptions(program.command('destroy'))
    .description('delete every resource the environment owns (found by its tags); prod needs --yes')
    .option('--yes', 'confirm destroying prod', false)
    .action(async (options: DestroyCommandOptions) => {
      ctx.setExitCode(await destroyCommand(options, commandIo(ctx.io, options)));
    });
}

export interface DestroyCommandOptions extends CommonOptions {
  readonly yes?: boolean;
}

/** `stepgate destroy`: delete every resource the environment owns (`prod` needs --yes). */
export async function destroyCommand(options: DestroyCommandOptions, io: CliIo): Promise<number> {
  const result = await destroy({
    configFile: options.config,
    environment: options.environment,
    aws: awsSettings(options),
    confirm: options.yes ?? false,
    log: (line) => io.stderr(`${line}\n`),
  });
  if (options.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else if (result.deleted.length === 0)
    io.stdout(`Nothing to destroy: environment ${result.environment} does not exist\n`);
  else io.stdout(`${result.deleted.map((d) => `- ${d.kind} ${d.name}`).join('\n')}\n`);
  return 0;
}
