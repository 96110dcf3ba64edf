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
  /** Plan only: read AWS, print and summarise the changes, change nothing. */
  readonly dryRun: boolean;
  /** Run the smoke cases after the deploy. */
  readonly smoke: boolean;
  readonly rollbackOnSmokeFailure: boolean;
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
    dryRun: booleanInput(Inputs.DryRun),
    smoke: booleanInput(Inputs.Smoke, true),
    rollbackOnSmokeFailure: booleanInput(Inputs.RollbackOnSmokeFailure),
  };
}

function optionalInput(name: string): string | undefined {
  return core.getInput(name) || undefined;
}

/** 'true' or 'false' (any case); empty means the default. Anything else is a clear error. */
function booleanInput(name: string, defaultValue = false): boolean {
  const value = (core.getInput(name) || String(defaultValue)).toLowerCase();
  if (value !== 'true' && value !== 'false') {
    throw new Error(`Invalid ${name} '${core.getInput(name)}'. Expected true or false.`);
  }
  return value === 'true';
}
