// GIVEN api.cors and api.stage options, WHEN `stepgate validate` runs, THEN they reach the
// desired state, and the combinations AWS or browsers refuse are exit 2 with one line.
import path from 'node:path';
import { JSON_ACCESS_LOG_FORMAT } from '@stepgate/core';
import { projectDir, runCli, VALID_CONFIG, VALID_DEFINITION } from './run-cli.js';

const LOG_GROUP = 'arn:aws:logs:us-east-1:123456789012:log-group:orders-access';

async function validate(apiExtra: string, definition = VALID_DEFINITION) {
  const dir = projectDir({
    'stepgate.yml': VALID_CONFIG + apiExtra,
    'statemachine.asl.json': definition,
  });
  return runCli(['validate', '--config', path.join(dir, 'stepgate.yml'), '--json']);
}

describe('api.stage and api.cors', () => {
  test('a stage object: name, variables, throttle, json access logs, tracing', async () => {
    const run = await validate(
      [
        '  stage:',
        '    name: v1',
        '    variables: { mode: live }',
        '    throttle: { rateLimit: 100, burstLimit: 200 }',
        `    accessLogs: { destinationArn: "${LOG_GROUP}" }`,
        '    tracing: true',
        '',
      ].join('\n'),
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).stage).toEqual({
      name: 'v1',
      settings: {
        variables: { mode: 'live' },
        throttle: { rateLimit: 100, burstLimit: 200 },
        accessLogs: { destinationArn: LOG_GROUP, format: JSON_ACCESS_LOG_FORMAT },
        tracing: true,
      },
    });
  });

  test('clf and a format string of ones own', async () => {
    const clf = await validate(
      `  stage: { accessLogs: { destinationArn: "${LOG_GROUP}", format: clf } }\n`,
    );
    expect(JSON.parse(clf.stdout).stage.settings.accessLogs.format).toMatch(
      /^\$context\.identity\.sourceIp .* \$context\.requestId$/,
    );
    const own = await validate(
      `  stage: { accessLogs: { destinationArn: "${LOG_GROUP}", format: "$context.requestId $context.status" } }\n`,
    );
    expect(JSON.parse(own.stdout).stage.settings.accessLogs.format).toBe(
      '$context.requestId $context.status',
    );
  });

  test('the string form still names the stage, with no options', async () => {
    const run = await validate('  stage: live\n');
    expect(JSON.parse(run.stdout).stage).toEqual({
      name: 'live',
      settings: { variables: {}, throttle: null, accessLogs: null, tracing: false },
    });
  });

  test.each([
    [
      'allowCredentials with "*"',
      '  cors: { allowOrigins: ["*"], allowCredentials: true }\n',
      /stepgate\.yml:7: api\.cors\.allowCredentials: true is refused with the origin "\*"/,
    ],
    [
      '"*" among other origins',
      '  cors: { allowOrigins: ["*", "https://app.example.com"] }\n',
      /stepgate\.yml:7: api\.cors\.allowOrigins: "\*" already allows every origin/,
    ],
    [
      'an origin with a path',
      '  cors: { allowOrigins: ["https://app.example.com/x"] }\n',
      /stepgate\.yml:7: api\.cors\.allowOrigins\.0: an origin such as https:\/\/app\.example\.com/,
    ],
    [
      'an access log format without the request id',
      `  stage: { accessLogs: { destinationArn: "${LOG_GROUP}", format: "$context.status" } }\n`,
      /stepgate\.yml:7: api\.stage\.accessLogs\.format: json, clf, or a format string containing \$context\.requestId/,
    ],
  ])('%s: exit 2, one line', async (_, extra, message) => {
    const run = await validate(extra);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('a definition allowed longer than timeoutMs: a warning, still valid', async () => {
    const definition = JSON.stringify({
      StartAt: 'Echo',
      TimeoutSeconds: 60,
      States: { Echo: { Type: 'Pass', End: true } },
    });
    const run = await validate('  timeoutMs: 10000\n', definition);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /^stepgate: .*statemachine\.asl\.json: warning: TimeoutSeconds 60 exceeds api\.timeoutMs \(10000 ms\)/,
    );
    const within = await validate('', definition.replace('60', '29'));
    expect(within.stderr).toBe('');
  });
});
