// GIVEN api.stage as an object, WHEN the bundled deploy action runs, THEN the stage carries the
// variables, the stage-wide throttle, the access logs and tracing; a re-deploy changes nothing;
// options removed from the config are removed from the stage.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GetStageCommand } from '@aws-sdk/client-api-gateway';
import { JSON_ACCESS_LOG_FORMAT } from '@stepgate/core';
import { awsClients } from './support/emulator-aws.js';
import { ENDPOINT, runAction, workspaceWith } from './support/run-action.js';

const { apiGateway } = awsClients();
const environment = `stage-${Date.now().toString(36)}`;
const LOGS = 'arn:aws:logs:us-east-1:000000000000:log-group:e2e-access';

function configure(workspace: string, stage: string): void {
  const config = path.join(workspace, 'stepgate.yml');
  const text = readFileSync(config, 'utf8').replace(/\n {2}stage:.*\n(?: {4}.*\n)*/, '\n');
  writeFileSync(config, text.replace(/^api:\n/m, `api:\n${stage}`));
}

test('stage options applied, idempotent, and removed again', async () => {
  const workspace = workspaceWith('echo');
  configure(
    workspace,
    [
      '  stage:',
      '    name: v1',
      '    variables: { mode: live }',
      '    throttle: { rateLimit: 100, burstLimit: 200 }',
      `    accessLogs: { destinationArn: "${LOGS}", format: json }`,
      '    tracing: true',
      '',
    ].join('\n'),
  );
  const inputs = { config: 'stepgate.yml', environment, 'endpoint-url': ENDPOINT };

  const first = runAction('deploy', workspace, inputs);
  expect(first.status).toBe(0);
  expect(first.outputs.stage).toBe('v1');
  const restApiId = first.outputs['api-id']!;
  const stage = await apiGateway.send(new GetStageCommand({ restApiId, stageName: 'v1' }));
  expect(stage.variables).toEqual({ mode: 'live' });
  expect(stage.methodSettings?.['*/*']).toMatchObject({
    throttlingRateLimit: 100,
    throttlingBurstLimit: 200,
  });
  expect(stage.accessLogSettings).toEqual({ destinationArn: LOGS, format: JSON_ACCESS_LOG_FORMAT });
  expect(stage.tracingEnabled).toBe(true);

  const again = runAction('deploy', workspace, inputs);
  expect(again.status).toBe(0);
  expect(again.outputs.changed).toBe('false');
  expect(again.calls.filter((c) => c.mutating)).toEqual([]);

  configure(workspace, '  stage: v1\n');
  const plain = runAction('deploy', workspace, inputs);
  expect(plain.status).toBe(0);
  expect(plain.calls.filter((c) => c.mutating).map((c) => c.operation)).toEqual([
    'UpdateStage',
    'UpdateStage',
  ]);
  const after = await apiGateway.send(new GetStageCommand({ restApiId, stageName: 'v1' }));
  expect(after.variables ?? {}).toEqual({});
  expect(after.accessLogSettings?.destinationArn).toBeUndefined();
  expect(after.tracingEnabled ?? false).toBe(false);
  expect(after.methodSettings?.['*/*']).toBeUndefined();
  expect(runAction('deploy', workspace, inputs).outputs.changed).toBe('false');

  expect(runAction('destroy', workspace, inputs).status).toBe(0);
});
