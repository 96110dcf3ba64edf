import { inputs } from '@stepgate/action-common';
import { DEFAULT_CONFIG, Inputs } from './constants.js';

/** Everything the deploy action reads from its inputs. An empty input means "not set". */
export interface DeploySettings {
  /** Relative to the working directory, which a runner sets to the workspace. */
  readonly configFile: string | undefined;
  readonly environment: string | undefined;
  readonly region: string | undefined;
  readonly endpointUrl: string | undefined;
  /** A secret: mask it before anything can print it. */
  readonly apiKeyValue: string | undefined;
  /** With a token on a pull-request event, the deploy keeps one comment on the PR up to date. */
  readonly githubToken: string | undefined;
  /** Plan only: read AWS, print and summarise the changes, change nothing. */
  readonly dryRun: boolean;
  /** Run the smoke cases after the deploy. */
  readonly smoke: boolean;
  readonly rollbackOnSmokeFailure: boolean;
}

/** The deploy action's inputs, read and checked by the actions' one input reader. */
export function getInputs(): DeploySettings {
  return {
    configFile: inputs.existingFile(Inputs.Config, DEFAULT_CONFIG),
    environment: inputs.environment(Inputs.Environment),
    region: inputs.region(Inputs.AwsRegion),
    endpointUrl: inputs.url(Inputs.EndpointUrl),
    // Not trimmed: a key is used exactly as given.
    apiKeyValue: inputs.text(Inputs.ApiKeyValue, { keepWhitespace: true }),
    githubToken: inputs.text(Inputs.GithubToken),
    dryRun: inputs.boolean(Inputs.DryRun, false),
    smoke: inputs.boolean(Inputs.Smoke, true),
    rollbackOnSmokeFailure: inputs.boolean(Inputs.RollbackOnSmokeFailure, false),
  };
}
