import type { Command } from 'commander';
import { validateProject, type DesiredState } from '@stepgate/core';
import { loadProjectSmokeSpec } from '@stepgate/smoke';
import { commandIo, type CliContext } from '../context.js';
import type { CliIo } from '../io.js';
import { withCommonOptions, type CommonOptions } from '../options.js';

export function registerValidate(program: Command, ctx: CliContext): Command {
  return withCommonOptions(program.command('validate'))
    .description('load and validate the config, definition and templates (no network)')
    .action((options: CommonOptions) => {
      ctx.setExitCode(validateCommand(options, commandIo(ctx.io, options)));
    });
}

/**
 * `stepgate validate`: load + validate everything a deploy uses (config, definition,
 * templates, smoke file), no network. `--json` prints the desired state. Warnings go to stderr.
 */
export function validateCommand(options: CommonOptions, io: CliIo): number {
  const { desired, loaded, warnings } = validateProject({
    configFile: options.config,
    environment: options.environment,
  });
  const smoke = loadProjectSmokeSpec({ configFile: options.config });
  for (const warning of warnings) io.stderr(`stepgate: ${warning}\n`);
  if (options.json) {
    io.stdout(`${JSON.stringify(desired, null, 2)}\n`);
  } else {
    io.stdout(
      `${loaded.source.file} is valid\n${describeDesiredState(desired)}  smoke cases    ${smoke.file ? `${smoke.spec.cases.length} in ${smoke.file}` : 'none (no smoke file)'}, ${smoke.spec.builtins.length} built-in\n`,
    );
  }
  return 0;
}

export function describeDesiredState(desired: DesiredState): string {
  const lines = [
    `  state machine  ${desired.stateMachine.name} (EXPRESS)`,
    `  REST API       ${desired.restApi.name} (${desired.restApi.endpointType}): ${desired.method.httpMethod} ${desired.method.path} → StartSyncExecution`,
    `  templates      request: ${desired.integration.templates.request.source}, response: ${desired.integration.templates.response.source}`,
    `  stage          ${desired.stage.name}`,
  ];
  if (desired.apiKey && desired.usagePlan) {
    const { throttle, quota } = desired.usagePlan;
    lines.push(
      `  API key        ${desired.apiKey.name} (required)`,
      `  usage plan     ${desired.usagePlan.name}: ${throttle.rateLimit} req/s, burst ${throttle.burstLimit}, ${quota.limit} per ${quota.period}`,
    );
  } else {
    lines.push('  API key        not required');
  }
  if (desired.logGroup) lines.push(`  log group      ${desired.logGroup.name}`);
  return `${lines.join('\n')}\n`;
}
