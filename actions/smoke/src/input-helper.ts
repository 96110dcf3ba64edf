import * as core from '@actions/core';
import { Inputs } from './constants.js';

/** Everything the smoke action reads from its inputs. An empty input means "not set". */
export interface SmokeSettings {
  readonly configFile: string | undefined;
  readonly environment: string | undefined;
  readonly region: string | undefined;
  readonly endpointUrl: string | undefined;
  readonly url: string | undefined;
  /** A secret: mask it before anything can print it. */
  readonly apiKey: string | undefined;
  readonly smokeFile: string | undefined;
}

/** The one place that reads inputs. */
export function getInputs(): SmokeSettings {
  const optional = (name: string) => core.getInput(name) || undefined;
  return {
    configFile: optional(Inputs.Config),
    environment: optional(Inputs.Environment),
    region: optional(Inputs.AwsRegion),
    endpointUrl: optional(Inputs.EndpointUrl),
    url: optional(Inputs.Url),
    apiKey: core.getInput(Inputs.ApiKey, { trimWhitespace: false }) || undefined,
    smokeFile: optional(Inputs.SmokeFile),
  };
}
