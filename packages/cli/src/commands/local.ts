import { Command, InvalidArgumentError } from 'commander';
import { ConfigError } from '@stepgate/core';
import { startLocalStage, type LocalStage } from '@stepgate/local';
import type { CliIo } from '../io.js';

export interface LocalOptions {
  readonly config: string;
  readonly environment: string;
  readonly port: number;
  readonly apiKey?: string;
  readonly handlers?: string;
  readonly watch: boolean;
  readonly debug: boolean;
}

/** Resolves when the stage should stop; default: SIGINT or SIGTERM. */
export type StopSignal = () => Promise<void>;

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
 * `url: <invoke url>`, `stage-url: <stage url>` and `api-key: <key>` on stdout; request logs go
 * to stderr.
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
    port: options.port,
    ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : {}),
    ...(options.handlers !== undefined ? { handlers: options.handlers } : {}),
    watch: options.watch,
    log: (line) => io.stderr(`${line}\n`),
  });
  const stop = stopped();
  io.stdout(`url: ${stage.url}\nstage-url: ${stage.stageUrl}\napi-key: ${stage.apiKey}\n`);
  await stop;
  await stage.close();
  return 0;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new InvalidArgumentError('a port number, 0-65535 (0 picks a free port)');
  }
  return port;
}

/** Adds `local` to the program; `setExitCode` receives the command's exit code. */
export function registerLocalCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
  stopped?: StopSignal,
): Command {
  return program
    .command('local')
    .description(
      'serve the stage on 127.0.0.1: API key, usage plan, templates and the state machine, offline',
    )
    .option('--config <file>', 'path of the config file', 'stepgate.yml')
    .option('--environment <env>', 'environment: names the stage as a deploy would', 'prod')
    .option('--port <port>', 'port to listen on (0 picks a free one)', parsePort, 3000)
    .option('--api-key <value>', 'the API key clients must send (default: a generated one)')
    .option(
      '--handlers <file>',
      'Task handlers: a JS/TS module mapping state names or resource ARNs to functions, or a JSON/YAML file of canned results',
    )
    .option('--no-watch', 'do not reload when the files change')
    .option('--debug', 'show the whole error', false)
    .action(async (options: LocalOptions) => {
      setExitCode(await localCommand(options, io, stopped));
    });
}
