/** The config file when the `config` input is empty (action.yml's default, as core's). */
export const DEFAULT_CONFIG = 'stepgate.yml';

/** The inputs of action.yml, by name. */
export const Inputs = {
  Config: 'config',
  Environment: 'environment',
  AwsRegion: 'aws-region',
  EndpointUrl: 'endpoint-url',
  ApiKeyValue: 'api-key-value',
  GithubToken: 'github-token',
  DryRun: 'dry-run',
  Smoke: 'smoke',
  RollbackOnSmokeFailure: 'rollback-on-smoke-failure',
} as const;

/** The outputs of action.yml, by name: CONTRACT.md's deploy outputs (smoke ones come later). */
export const Outputs = {
  InvokeUrl: 'invoke-url',
  ApiId: 'api-id',
  Stage: 'stage',
  StateMachineArn: 'state-machine-arn',
  ApiKeyId: 'api-key-id',
  UsagePlanId: 'usage-plan-id',
  DeploymentId: 'deployment-id',
  StageUrl: 'stage-url',
  StateMachineArns: 'state-machine-arns',
  Changed: 'changed',
  SmokePassed: 'smoke-passed',
  SmokeFailed: 'smoke-failed',
} as const;
