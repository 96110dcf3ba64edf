import { apiDocument, documentTarget, validateProject } from '@stepgate/core';
import { stringify } from 'yaml';
import type { CliIo } from '../io.js';
import type { CommonOptions } from '../options.js';

export interface OpenApiCommandOptions extends CommonOptions {
  readonly yaml?: boolean;
}

/**
 * `stepgate openapi`: the OpenAPI document a deploy writes, offline. The state machine ARN in
 * the request template is the one AWS will give it: the account comes from its role ARN, the
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
