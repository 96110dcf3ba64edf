import { CommanderError } from 'commander';
import { exitCodeOf, StepgateError } from '@stepgate/core';
import type { StopSignal } from './context.js';
import { processIo, type CliIo } from './io.js';
import { createProgram } from './program.js';
import { VERSION } from './version.js';

export type { CliIo } from './io.js';
export type { StopSignal } from './context.js';
export { VERSION } from './version.js';
export { BUILTIN_TEMPLATES } from './commands/render.js';

export interface MainOptions {
  /** When `stepgate local` stops; default: SIGINT or SIGTERM. */
  readonly stopped?: StopSignal;
}

/** Commander's codes for help it printed on request: not an error. */
const HELP_CODES = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version']);

/** Runs `stepgate <argv…>` and resolves to the exit code (CONTRACT.md): never calls process.exit. */
export async function main(
  argv: readonly string[],
  io: CliIo = processIo,
  options: MainOptions = {},
): Promise<number> {
  if (argv[0] === '--version') {
    if (argv.length > 1) {
      io.stderr(`stepgate: --version takes no other arguments (got: ${argv.slice(1).join(' ')})\n`);
      return 2;
    }
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  let exitCode = 0;
  const program = createProgram({
    io,
    setExitCode: (code) => (exitCode = code),
    ...(options.stopped ? { stopped: options.stopped } : {}),
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return commandLineError(error, io);
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

/**
 * A parse error (unknown option or command, missing or bad value) as one `stepgate: …` line,
 * exit 2. `--help` ends with 0; help printed because no command was given ends with 2.
 */
function commandLineError(error: CommanderError, io: CliIo): number {
  if (HELP_CODES.has(error.code)) return error.exitCode === 0 ? 0 : 2;
  const message = error.message
    .replace(/^error: /, '')
    .split('\n')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join(' ');
  io.stderr(`stepgate: ${message}\n`);
  return 2;
}
