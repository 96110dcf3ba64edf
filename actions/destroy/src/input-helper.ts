import { inputs } from '@stepgate/action-common';
import { DEFAULT_CONFIG, Inputs } from './constants.js';

/** Everything the destroy action reads from its inputs. An empty input means "not set". */
export interface DestroySettings {
  readonly configFile: string | undefined;
  readonly environment: string | undefined;
  readonly confirm: boolean;
  readonly region: string | undefined;
  readonly endpointUrl: string | undefined;
  /** With a token, the preview's pull-request comment is edited to say it is gone. */
  readonly githubToken: string | undefined;
}

/** The destroy action's inputs, read and checked by the actions' one input reader. */
export function getInputs(): DestroySettings {
  return {
    configFile: inputs.existingFile(Inputs.Config, DEFAULT_CONFIG),
    environment: inputs.environment(Inputs.Environment),
    confirm: inputs.boolean(Inputs.Confirm, false),
    region: inputs.region(Inputs.AwsRegion),
    endpointUrl: inputs.url(Inputs.EndpointUrl),
    githubToken: inputs.text(Inputs.GithubToken),
  };
}
