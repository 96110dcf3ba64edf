import * as core from '@actions/core';
import { Inputs } from './constants.js';

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

/** The one place that reads inputs. */
export function getInputs(): DestroySettings {
  return {
    configFile: core.getInput(Inputs.Config) || undefined,
    environment: core.getInput(Inputs.Environment) || undefined,
    confirm: (core.getInput(Inputs.Confirm) || 'false').toLowerCase() === 'true',
    region: core.getInput(Inputs.AwsRegion) || undefined,
    endpointUrl: core.getInput(Inputs.EndpointUrl) || undefined,
    githubToken: core.getInput(Inputs.GithubToken) || undefined,
  };
}
