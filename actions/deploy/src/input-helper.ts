import * as core from '@actions/core';
import { Inputs } from './constants.js';

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
}

/** The one place that reads inputs. */
export function getInputs(): DeploySettings {
  return {
    configFile: optionalInput(Inputs.Config),
    environment: optionalInput(Inputs.Environment),
    region: optionalInput(Inputs.AwsRegion),
    endpointUrl: optionalInput(Inputs.EndpointUrl),
    // Not trimmed: a key is used exactly as given.
    apiKeyValue: core.getInput(Inputs.ApiKeyValue, { trimWhitespace: false }) || undefined,
    githubToken: optionalInput(Inputs.GithubToken),
  };
}

function optionalInput(name: string): string | undefined {
  return core.getInput(name) || undefined;
}
