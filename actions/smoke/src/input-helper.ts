import { inputs } from '@stepgate/action-common';
import { DEFAULT_CONFIG, Inputs } from './constants.js';

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

/** The smoke action's inputs, read and checked by the actions' one input reader. */
export function getInputs(): SmokeSettings {
  // Finding the deployed stage reads the config; with `url` it may be absent.
  const url = inputs.url(Inputs.Url);
  return {
    configFile: url
      ? inputs.text(Inputs.Config)
      : inputs.existingFile(Inputs.Config, DEFAULT_CONFIG),
    environment: inputs.environment(Inputs.Environment),
    region: inputs.region(Inputs.AwsRegion),
    endpointUrl: inputs.url(Inputs.EndpointUrl),
    url,
    // Not trimmed: a key is used exactly as given.
    apiKey: inputs.text(Inputs.ApiKey, { keepWhitespace: true }),
    smokeFile: inputs.existingFile(Inputs.SmokeFile),
  };
}
