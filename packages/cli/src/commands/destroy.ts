import { destroy } from '@stepgate/core';
import type { CliIo } from '../io.js';
import type { CommonOptions } from '../options.js';

export interface DestroyCommandOptions extends CommonOptions {
  readonly yes?: boolean;
}

/** `stepgate destroy`: delete every resource the environment owns (`prod` needs --yes). */
export async function destroyCommand(options: DestroyCommandOptions, io: CliIo): Promise<number> {
  const result = await destroy({
    configFile: options.config,
    environment: options.environment,
    aws: {
      ...(options.region ? { region: options.region } : {}),
      ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}),
    },
    confirm: options.yes ?? false,
    log: (line) => io.stderr(`${line}\n`),
  });
  if (options.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else if (result.deleted.length === 0)
    io.stdout(`Nothing to destroy: environment ${result.environment} does not exist\n`);
  else io.stdout(`${result.deleted.map((d) => `- ${d.kind} ${d.name}`).join('\n')}\n`);
  return 0;
}
