import { INIT_WORKFLOWS } from './workflows.js';

export interface ScaffoldOptions {
  /** The app name (already checked against the config's rule). */
  readonly name: string;
  /** Where the package's JSON Schemas are, relative to the app's folder (for the editor comments). */
  readonly schemas: string;
}

/** One file `stepgate init` writes: its path relative to the app's folder, and its content. */
export interface ScaffoldFile {
  readonly path: string;
  readonly content: string;
}

/**
 * A working app: POST /hello runs an Express workflow that greets by name (Choice and Pass
 * states only, so it needs no Lambda function and no local handlers), with smoke cases that
 * pass on the local stage and after a deploy, and the GitHub workflows that deploy it.
 */
export function scaffoldFiles(options: ScaffoldOptions): ScaffoldFile[] {
  const { name, schemas } = options;
  const config = `# yaml-language-server: $schema=${schemas}/stepgate.schema.json
# POST /hello runs the workflow in statemachine.asl.json and answers with its output.
name: ${name}
stateMachine:
  definition: statemachine.asl.json
  # The role Step Functions runs the workflow as. 000000000000 is the account of an emulator
  # such as LocalStack: put your own role here before deploying to AWS.
  roleArn: arn:aws:iam::000000000000:role/${name}-sfn
api:
  # The role API Gateway calls states:StartSyncExecution with: replace it as well.
  credentialsRoleArn: arn:aws:iam::000000000000:role/${name}-apigw
  path: /hello
  method: POST
smoke: smoke.yml
`;
  const definition = {
    Comment: `${name}: greets by name; a name that is not a string fails with InvalidName`,
    StartAt: 'HasName',
    States: {
      HasName: {
        Type: 'Choice',
        Choices: [{ Variable: '$.data.name', IsPresent: true, Next: 'CheckName' }],
        Default: 'GreetStranger',
      },
      CheckName: {
        Type: 'Choice',
        Choices: [{ Variable: '$.data.name', IsString: true, Next: 'Greet' }],
        Default: 'InvalidName',
      },
      Greet: {
        Type: 'Pass',
        Parameters: { 'message.$': "States.Format('Hello, {}!', $.data.name)" },
        End: true,
      },
      GreetStranger: { Type: 'Pass', Result: { message: 'Hello, stranger!' }, End: true },
      InvalidName: { Type: 'Fail', Error: 'InvalidName', Cause: 'name must be a string' },
    },
  };
  const smoke = `# yaml-language-server: $schema=${schemas}/smoke.schema.json
# Smoke cases: run by \`stepgate local --smoke\`, after every deploy and by the scheduled workflow.
# The built-in cases (no key → 403, wrong key → 403, right key → 2xx) run as well.
cases:
  - name: greets by name
    request:
      body: { name: Ada }
    expect:
      status: 200
      jsonPath:
        $.message: Hello, Ada!

  - name: refuses a name that is not a string
    request:
      body: { name: 42 }
    expect:
      status: 500
      jsonPath:
        $.error: InvalidName
`;
  return [
    { path: 'stepgate.yml', content: config },
    { path: 'statemachine.asl.json', content: `${JSON.stringify(definition, null, 2)}\n` },
    { path: 'smoke.yml', content: smoke },
    ...Object.entries(INIT_WORKFLOWS).map(([file, content]) => ({
      path: `.github/workflows/${file}`,
      content,
    })),
  ];
}
