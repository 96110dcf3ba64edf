/** The config file when the `config` input is empty (action.yml's default, as core's). */
export const DEFAULT_CONFIG = 'stepgate.yml';

/** The inputs of action.yml, by name. */
export const Inputs = {
  Config: 'config',
  Environment: 'environment',
  Confirm: 'confirm',
  AwsRegion: 'aws-region',
  EndpointUrl: 'endpoint-url',
  GithubToken: 'github-token',
} as const;

/** The outputs of action.yml, by name. */
export const Outputs = {
  Deleted: 'deleted',
  Existed: 'existed',
} as const;
