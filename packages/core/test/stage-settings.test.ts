// GIVEN the stage options a config asks for and those a stage has, WHEN they are compared,
// THEN each difference names its field and carries the UpdateStage operations that fix it.
import { NO_STAGE_SETTINGS, type DesiredStageSettings } from '../src/desired/stage-settings.js';
import { observedStageSettings } from '../src/observe/observe-stack.js';
import { stageSettingsDiff } from '../src/plan/stage-settings-diff.js';

const LOGS = 'arn:aws:logs:us-east-1:123456789012:log-group:orders-access';
const FULL: DesiredStageSettings = {
  variables: { mode: 'live' },
  throttle: { rateLimit: 100, burstLimit: 200 },
  accessLogs: { destinationArn: LOGS, format: '$context.requestId' },
  tracing: true,
};

describe('stage settings', () => {
  test('a new stage with options: every option set', () => {
    expect(stageSettingsDiff(FULL, null).flatMap((d) => d.patch)).toEqual([
      { op: 'replace', path: '/variables/mode', value: 'live' },
      { op: 'replace', path: '/*/*/throttling/rateLimit', value: '100' },
      { op: 'replace', path: '/*/*/throttling/burstLimit', value: '200' },
      { op: 'replace', path: '/accessLogSettings/destinationArn', value: LOGS },
      { op: 'replace', path: '/accessLogSettings/format', value: '$context.requestId' },
      { op: 'replace', path: '/tracingEnabled', value: 'true' },
    ]);
  });

  test('a stage read back as it was written: nothing to do', () => {
    const observed = observedStageSettings({
      variables: { mode: 'live' },
      methodSettings: { '*/*': { throttlingRateLimit: 100, throttlingBurstLimit: 200 } },
      accessLogSettings: { destinationArn: LOGS, format: '$context.requestId' },
      tracingEnabled: true,
    });
    expect(stageSettingsDiff(FULL, observed)).toEqual([]);
    expect(stageSettingsDiff(NO_STAGE_SETTINGS, observedStageSettings({}))).toEqual([]);
  });

  test('options removed from the config are removed from the stage', () => {
    const diff = stageSettingsDiff(NO_STAGE_SETTINGS, FULL);
    expect(diff.map((d) => [d.field, d.from, d.to])).toEqual([
      ['variables.mode', 'live', null],
      ['throttle', { rateLimit: 100, burstLimit: 200 }, null],
      ['accessLogs', FULL.accessLogs, null],
      ['tracing', true, false],
    ]);
    expect(diff.flatMap((d) => d.patch)).toEqual([
      { op: 'remove', path: '/variables/mode' },
      { op: 'remove', path: '/*/*' },
      { op: 'remove', path: '/accessLogSettings' },
      { op: 'replace', path: '/tracingEnabled', value: 'false' },
    ]);
  });
});
