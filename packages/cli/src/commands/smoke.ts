import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import {
  formatSmokeJson,
  formatSmokeJunit,
  formatSmokeText,
  formatSummaryLine,
  SMOKE_DEFAULTS,
  smokeStage,
} from '@stepgate/smoke';
import { commandIo, type CliContext } from '../context.js';
import type { CliIo } from '../io.js';
import { awsSettings, withCommonOptions, type CommonOptions } from '../options.js';

export interface SmokeCommandOptions extends CommonOptions {
  readonly url?: string;
  readonly apiKey?: string;
  readonly smokeFile?: string;
  readonly junit?: string;
  readonly concurrency?: number;
  readonly attempts?: number;
}

export function registerSmoke(program: Command, ctx: CliContext): Command {
  return withCommonOptions(program.command('smoke'))
    .description(
      'send the smoke cases to the deployed stage (or --url URL --api-key KEY) and report; exit 1 when any fails',
    )
    .option('--url <url>', 'the invoke URL: the stage URL plus the resource path')
    .option('--api-key <key>', 'the API key to send as x-api-key (or set STEPGATE_API_KEY)')
    .option(
      '--smoke-file <file>',
      "the smoke file (default: the config's `smoke` setting, else smoke.yml)",
    )
    .option('--junit <file>', 'also write the report as JUnit XML to this file')
    .addOption(
      new Option('--concurrency <n>', 'cases in flight at once; keep it below the burst limit')
        .argParser(positiveInteger)
        .default(SMOKE_DEFAULTS.concurrency),
    )
    .addOption(
      new Option(
        '--attempts <n>',
        `attempts per failing case while a deploy propagates (default: the smoke file's retry.attempts, else ${SMOKE_DEFAULTS.retry.attempts})`,
      ).argParser(positiveInteger),
    )
    .action(async (options: SmokeCommandOptions) => {
      ctx.setExitCode(await smokeCommand(options, commandIo(ctx.io, options)));
    });
}

/** `stepgate smoke`: run the smoke file against a stage. Exit 0 all passed, 1 any failed, 2 bad input. */
export async function smokeCommand(options: SmokeCommandOptions, io: CliIo): Promise<number> {
  const report = await smokeStage({
    configFile: options.config,
    environment: options.environment,
    aws: awsSettings(options),
    ...(options.url ? { url: options.url } : {}),
    ...((options.apiKey ?? process.env.STEPGATE_API_KEY)
      ? { apiKey: options.apiKey ?? process.env.STEPGATE_API_KEY }
      : {}),
    ...(options.smokeFile ? { smokeFile: options.smokeFile } : {}),
    log: (line) => io.stderr(`${line}\n`),
    smokeOptions: {
      concurrency: options.concurrency ?? SMOKE_DEFAULTS.concurrency,
      ...(options.attempts ? { retry: { attempts: options.attempts } } : {}),
    },
  });
  if (options.junit) {
    mkdirSync(path.dirname(path.resolve(options.junit)), { recursive: true });
    writeFileSync(options.junit, formatSmokeJunit(report));
  }
  io.stdout(options.json ? formatSmokeJson(report) : formatSmokeText(report));
  if (options.json) io.stderr(`${formatSummaryLine(report)}\n`);
  return report.failed > 0 ? 1 : 0;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return n;
}
