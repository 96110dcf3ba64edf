import { Option, type Command } from 'commander';

/** `--json`, `--quiet`, `--debug`: every command takes them (CONTRACT.md). */
export interface OutputOptions {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly debug: boolean;
}

/** `--config`, `--environment`: the project a command works on. */
export interface ProjectOptions {
  readonly config: string;
  readonly environment: string;
}

/** `--endpoint-url`, `--region`: where AWS is. */
export interface AwsOptions {
  readonly endpointUrl?: string;
  readonly region?: string;
}

/** Options of the commands that work on a project and may reach AWS. */
export interface CommonOptions extends OutputOptions, ProjectOptions, AwsOptions {}

export function withOutputOptions(command: Command): Command {
  return command
    .option('--json', 'print one JSON document on stdout', false)
    .option('--quiet', 'no progress on stderr (errors still go there)', false)
    .addOption(new Option('--debug', 'show the whole error').default(false));
}

export function withProjectOptions(command: Command): Command {
  return command
    .option('--config <file>', 'path of the config file', 'stepgate.yml')
    .option(
      '--environment <env>',
      'environment: an isolated copy of the stack (prod, staging, pr-42)',
      'prod',
    );
}

export function withAwsOptions(command: Command): Command {
  return command
    .option('--endpoint-url <url>', 'AWS endpoint, e.g. an emulator such as http://127.0.0.1:4566')
    .option('--region <region>', 'AWS region');
}

/** Project, AWS and output options: what validate, plan, deploy, smoke and destroy take. */
export function withCommonOptions(command: Command): Command {
  return withOutputOptions(withAwsOptions(withProjectOptions(command)));
}

/** The `aws` settings of core's entry points, from `--region` and `--endpoint-url`. */
export function awsSettings(options: AwsOptions): { region?: string; endpointUrl?: string } {
  return {
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}),
  };
}
