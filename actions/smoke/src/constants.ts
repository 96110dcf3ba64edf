/** The config file when the `config` input is empty (action.yml's default, as core's). */
export const DEFAULT_CONFIG = 'stepgate.yml';

/** The inputs of action.yml, by name. */
export const Inputs = {
  Config: 'config',
  Environment: 'environment',
  AwsRegion: 'aws-region',
  EndpointUrl: 'endpoint-url',
  Url: 'url',
  ApiKey: 'api-key',
  SmokeFile: 'smoke-file',
} as const;

/** The outputs of action.yml, by name. */
export const Outputs = {
  Passed: 'passed',
  Failed: 'failed',
} as const;
