import { Command, CommanderError } from 'commander';
import { registerDeploy } from './commands/deploy.js';
import { registerDestroy } from './commands/destroy.js';
import { registerInit } from './commands/init.js';
import { registerLocal } from './commands/local.js';
import { registerOpenapi } from './commands/openapi.js';
import { registerPlan } from './commands/plan.js';
import { registerRender } from './commands/render.js';
import { registerSmoke } from './commands/smoke.js';
import { registerValidate } from './commands/validate.js';
import type { CliContext } from './context.js';

/** Every command: a module that adds itself to the program (one file per command). */
const COMMANDS: readonly ((program: Command, ctx: CliContext) => Command)[] = [
  registerValidate,
  registerPlan,
  registerDeploy,
  registerSmoke,
  registerDestroy,
  registerLocal,
  registerRender,
  registerOpenapi,
  registerInit,
];

/**
 * The command-line parser. It never exits the process and prints no errors of its own: a parse
 * error surfaces as a CommanderError, which `main` prints as `stepgate: …` (exit 2).
 */
export function createProgram(ctx: CliContext): Command {
  const program = new Command('stepgate')
    .description(
      'Deploy and test AWS Step Functions Express workflows behind API Gateway REST APIs',
    )
    .usage('<command> [options]')
    .option('--version', 'print the version')
    .exitOverride()
    .configureOutput({ writeOut: ctx.io.stdout, writeErr: ctx.io.stderr, outputError: () => {} })
    .showSuggestionAfterError();
  for (const register of COMMANDS) register(program, ctx).exitOverride();
  // `stepgate --version` alone is answered before parsing; anywhere else it is a mistake.
  program.hook('preAction', () => {
    if (program.opts().version) {
      throw new CommanderError(2, 'stepgate.version', '--version takes no other arguments');
    }
  });
  return program;
}
