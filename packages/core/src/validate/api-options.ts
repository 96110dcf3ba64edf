import { ConfigError } from '../errors.js';
import type { LoadedConfig } from '../load/load-config.js';
import type { StateMachineDefinition } from './definition.js';

/**
 * Cross-field checks of `api.cors` and `api.stage` that the schema cannot express. Each failure
 * is one ConfigError naming the file, the line and the field (exit 2).
 */
export function checkApiOptions({ config, source }: LoadedConfig): void {
  const fail = (at: (string | number)[], problem: string): never => {
    const line = source.lineOf(at);
    throw new ConfigError(
      { file: source.file, field: at.join('.'), ...(line !== undefined ? { line } : {}) },
      problem,
    );
  };
  const cors = config.api.cors;
  if (cors) {
    const any = cors.allowOrigins.includes('*');
    if (any && cors.allowOrigins.length > 1)
      fail(
        ['api', 'cors', 'allowOrigins'],
        '"*" already allows every origin: give ["*"] alone, or only the listed origins',
      );
    if (any && cors.allowCredentials)
      fail(
        ['api', 'cors', 'allowCredentials'],
        'true is refused with the origin "*" (browsers reject credentials with a wildcard origin): list the origins instead',
      );
  }
  const stage = config.api.stage;
  const format = typeof stage === 'object' ? stage.accessLogs?.format : undefined;
  if (
    format !== undefined &&
    format !== 'json' &&
    format !== 'clf' &&
    !format.includes('$context.requestId')
  )
    fail(
      ['api', 'stage', 'accessLogs', 'format'],
      'json, clf, or a format string containing $context.requestId (API Gateway requires it)',
    );
}

/**
 * Warnings that do not stop a deploy: a workflow allowed to run longer than the integration
 * waits gets cut off by API Gateway's 504 while the execution goes on.
 */
export function timeoutWarnings(
  { config }: LoadedConfig,
  definitions: readonly StateMachineDefinition[],
): string[] {
  const timeoutMs = config.api.timeoutMs;
  return definitions.flatMap((definition) => {
    const seconds = definition.json.TimeoutSeconds;
    return typeof seconds === 'number' && seconds * 1000 > timeoutMs
      ? [
          `${definition.file}: warning: TimeoutSeconds ${seconds} exceeds api.timeoutMs (${timeoutMs} ms): API Gateway answers 504 after ${timeoutMs} ms while the execution keeps running`,
        ]
      : [];
  });
}
