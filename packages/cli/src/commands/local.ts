import { InvalidArgumentError, type Command } from 'commander';
import { ConfigError } from '@stepgate/core';
import { startLocalStage, type LocalStage } from '@stepgate/local';
import { formatSmokeJson, formatSmokeText, formatSummaryLine, smokeStage } from '@stepgate/smoke';
import { commandIo, type CliContext, type StopSignal } from '../context.js';
import type { CliIo } from '../io.js';
import { withOutputOptions, withProjectOptions, type OutputOptions } from '../options.js';

export type { StopSignal } from '../context.js';

export interface LocalOptions extends Partial<OutputOptions> {
  readonly config: string;
  readonly environment: string;
  readonly port: number;
  readonly apiKey?: string;
  readonly handlers?: string;
  readonly watch: boolean;
  /** Run the smoke cases against the stage, then stop; the exit code is theirs. */
  readonly smoke?: boolean;
  readonly smokeFile?: string;
}

const untilSignal: StopSignal = () =>
  new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

/**
 * `stepgate local`: serves the stage on 127.0.0.1 until SIGINT/SIGTERM. When ready prints
 * `url: <invoke url>`, `stage-url: <stage url>` and `api-key: <key>` on stdout (`--json`: one
 * document with `url`, `stage-url` and `api-key`); request logs go to stderr. `--smoke` runs the
 * smoke cases against it instead of waiting, and exits with their result.
 */
export async function localCommand(
  options: LocalOptions,
  io: CliIo,
  stopped: StopSignal = untilSignal,
): Promise<number> {
  if (options.apiKey !== undefined && !/^[\x21-\x7e]{20,128}$/.test(options.apiKey)) {
    throw new ConfigError(
      { file: '--api-key' },
      'an API key value is 20-128 printable ASCII characters without spaces (as API Gateway requires)',
    );
  }
  const stage: LocalStage = await startLocalStage({
    configFile: options.config,
    environment: options.environment,
    port: options.smoke ? 0 : options.port,
    ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : {}),
    ...(options.handlers !== undefined ? { handlers: options.handlers } : {}),
    watch: options.smoke ? false : options.watch,
    log: (line) => io.stderr(`${line}\n`),
  });
  if (options.smoke) {
    try {
      return await smokeLocalStage(stage, options, io);
    } finally {
      await stage.close();
    }
  }
  const stop = stopped();
  const ready = { url: stage.url, 'stage-url': stage.stageUrl, 'api-key': stage.apiKey };
  io.stdout(
    options.json
      ? `${JSON.stringify(ready)}\n`
      : `url: ${ready.url}\nstage-url: ${ready['stage-url']}\napi-key: ${ready['api-key']}\n`,
  );
  await stop;
  await stage.close();
  return 0;
}

async function smokeLocalStage(
  stage: LocalStage,
  options: LocalOptions,
  io: CliIo,
): Promise<number> {
  io.stderr(`Local stage at ${stage.url}\n`);
  const report = await smokeStage({
    configFile: options.config,
    environment: options.environment,
    url: stage.url,
    stageUrl: stage.stageUrl,
    apiKey: stage.apiKey,
    ...(options.smokeFile !== undefined ? { smokeFile: options.smokeFile } : {}),
    log: (line) => io.stderr(`${line}\n`),
  });
  io.stdout(options.json ? formatSmokeJson(report) : formatSmokeText(report));
  if (options.json) io.stderr(`${formatSummaryLine(report)}\n`);
  return report.failed > 0 ? 1 : 0;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new InvalidArgumentError('a port number, 0-65535 (0 picks a free port)');
  }
  return port;
}

export function registerLocal(program: Command, ctx: CliContext): Command {
  return withOutputOptions(withProjectOptions(program.command('local')))
    .description(
      'serve the stage on 127.0.0.1: API key, usage plan, templates and the state machine, offline',
    )
    .option('--port <port>', 'port to listen on (0 picks a free one)', parsePort, 3000)
    .option('--api-key <value>', 'the API key clients must send (default: a generated one)')
    .option(
      '--handlers <file>',
      'Task handlers: a JS/TS module mapping state names or resource ARNs to functions, or a JSON/YAML file of canned results',
    )
    .option('--no-watch', 'do not reload when the files change')
    .option(
      '--smoke',
      'run the smoke cases against the stage (on a free port), print the report and exit with its result',
      false,
    )
    .option(
      '--smoke-file <file>',
      "with --smoke: the smoke file (default: the config's `smoke` setting, else smoke.yml)",
    )
    .action(async (options: LocalOptions) => {
      ctx.setExitCode(await localCommand(options, commandIo(ctx.io, options), ctx.stopped));
    });
}
