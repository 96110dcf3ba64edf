import type { Command } from 'commander';
import { apiDocument, documentTarget, validateProject } from '@stepgate/core';
import { stringify } from 'yaml';
import type { CliContext } from '../context.js';
import type { CliIo } from '../io.js';
import {
  withOutputOptions,
  withProjectOptions,
  type OutputOptions,
  type ProjectOptions,
} from '../options.js';

export interface OpenApiCommandOptions extends OutputOptions, ProjectOptions {
  readonly region?: string;
  readonly yaml?: boolean;
}

export function registerOpenapi(program: Command, ctx: CliContext): Command {
  return withOutputOptions(withProjectOptions(program.command('openapi')))
    .description(
      'print the OpenAPI 3 document a deploy writes (offline: the account comes from the role ARNs, the region from --region)',
    )
    .option('--region <region>', 'AWS region of the ARNs in the document', 'us-east-1')
    .option('--yaml', 'print YAML instead of JSON', false)
    .action((options: OpenApiCommandOptions) => {
      ctx.setExitCode(openapiCommand(options, ctx.io));
    });
}

/**
 * `stepgate openapi`: the OpenAPI document a deploy writes, offline. Each state machine ARN in
 * the request templates is the one AWS will give it: the account comes from its role ARN, the
 * region from --region (default us-east-1).
 */
export function openapiCommand(options: OpenApiCommandOptions, io: CliIo): number {
  const { desired } = validateProject({
    configFile: options.config,
    environment: options.environment,
  });
  const document = apiDocument(desired, documentTarget(desired, options.region ?? 'us-east-1'));
  io.stdout(
    options.yaml ? stringify(document, { lineWidth: 0 }) : `${JSON.stringify(document, null, 2)}\n`,
  );
  return 0;
}
