import type { CliIo } from './io.js';

/** Resolves when `stepgate local` should stop; default: SIGINT or SIGTERM. */
export type StopSignal = () => Promise<void>;

/** What every command module receives when it registers itself on the program. */
export interface CliContext {
  /** Where results and errors go; a command's progress goes through `commandIo`. */
  readonly io: CliIo;
  /** Records the exit code of the command that ran. */
  readonly setExitCode: (code: number) => void;
  /** When `stepgate local` stops (tests pass their own). */
  readonly stopped?: StopSignal;
}

/** The io a command writes through: `--quiet` silences its progress on stderr. */
export function commandIo(io: CliIo, options: { readonly quiet?: boolean }): CliIo {
  return options.quiet ? { stdout: io.stdout, stderr: () => {} } : io;
}
