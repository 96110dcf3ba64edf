import { Command, CommanderError, Option } from 'commander';
import { exitCodeOf, StepgateError } from '@stepgate/core';
import { deployCommand, planCommand } from './commands/deploy.js';
import { destroyCommand } from './commands/destroy.js';
import { registerLocalCommand } from './commands/local.js';
import { openapiCommand } from './commands/openapi.js';
import { renderCommand } from './commands/render.js';
import { smokeCommand, withSmokeOptions } from './commands/smoke.js';
import { validateCommand } from './commands/validate.js';
import { processIo, type CliIo } from './io.js';
import type { CommonOptions } from './options.js';

export type { CliIo } from './io.js';

/** Runs `stepgate <argv…>` and resolves to the exit code (CONTRACT.md): never calls process.exit. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let exitCode = 0;
  const program = new Command('stepgate')
    .description(
      'Deploy and test AWS Step Functions Express workflows behind API Gateway REST APIs',
    )
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showSuggestionAfterError();

  const withCommonOptions = (command: Command): Command =>
    command
      .option('--config <file>', 'path of the config file', 'stepgate.yml')
      .option(
        '--environment <env>',
        'environment: an isolated copy of the stack (prod, staging, pr-42)',
        'prod',
      )
      .option(
        '--endpoint-url <url>',
        'AWS endpoint, e.g. an emulator such as http://127.0.0.1:4566',
      )
      .option('--region <region>', 'AWS region')
      .option('--json', 'print one JSON document on stdout', false)
      .addOption(new Option('--debug', 'show the whole error').default(false));

  const run =
    (action: (options: CommonOptions) => number | Promise<number>) =>
    async (options: CommonOptions) => {
      exitCode = await action(options);
    };

  withCommonOptions(program.command('validate'))
    .description('load and validate the config, definition and templates (no network)')
    .action(run((options) => validateCommand(options, io)));

  program
    .command('render')
    .description('render one mapping template for one request, as API Gateway would (no network)')
    .requiredOption('--template <file>', 'the mapping template (.vtl)')
    .requiredOption(
      '--request <file>',
      'the request as JSON: method, resourcePath, headers, body, context, …',
    )
    .addOption(new Option('--debug', 'show the whole error').default(false))
    .action(async (options: { template: string; request: string }) => {
      exitCode = renderCommand(options, io);
    });

  withCommonOptions(program.command('openapi'))
    .description(
      'print the OpenAPI 3 document a deploy writes (offline: the account comes from the role ARNs, the region from --region, default us-east-1)',
    )
    .option('--yaml', 'print YAML instead of JSON', false)
    .action(run((options) => openapiCommand(options, io)));

  withSmokeOptions(withCommonOptions(program.command('smoke'))).action(
    run((options) => smokeCommand(options, io)),
  );

  withCommonOptions(program.command('plan'))
    .description(
      'validate, read AWS and print the changes a deploy would make (+ create, ~ update, - delete)',
    )
    .action(run((options) => planCommand(options, io)));

  withCommonOptions(program.command('deploy'))
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
    .action(run((options) => deployCommand(options, io)));

  withCommonOptions(program.command('destroy'))
    .description('delete every resource the environment owns (found by its tags); prod needs --yes')
    .option('--yes', 'confirm destroying prod', false)
    .action(run((options) => destroyCommand(options, io)));

  registerLocalCommand(program, io, (code) => (exitCode = code));

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end with code 0; any other flag or argument problem is invalid input.
      return error.exitCode === 0 ? 0 : 2;
    }
    const debug = argv.includes('--debug');
    const text =
      error instanceof StepgateError || !debug ? (error as Error).message : (error as Error).stack;
    // Several problems (ConfigErrors) are one line each, every line with the same prefix.
    io.stderr(`${String(text).replace(/^/gm, 'stepgate: ')}\n`);
    if (debug && error instanceof StepgateError && error.cause)
      io.stderr(`${String((error.cause as Error).stack ?? error.cause)}\n`);
    return exitCodeOf(error);
  }
}
