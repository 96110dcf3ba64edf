import type { DesiredStageSettings } from '../desired/stage-settings.js';

/** One differing stage option, as a plan shows it, with the UpdateStage operations that fix it. */
export interface StageSettingDifference {
  readonly field: string;
  readonly from: unknown;
  readonly to: unknown;
  readonly patch: readonly { op: 'replace' | 'remove'; path: string; value?: string }[];
}

/**
 * The pure diff of the stage's options: what is set on the stage (the defaults of a new stage
 * when `actual` is null) against what the config asks for. An empty list: nothing to do.
 */
export function stageSettingsDiff(
  desired: DesiredStageSettings,
  actual: DesiredStageSettings | null,
): StageSettingDifference[] {
  const now = actual ?? { variables: {}, throttle: null, accessLogs: null, tracing: false };
  const out: StageSettingDifference[] = [];
  const names = new Set([...Object.keys(now.variables), ...Object.keys(desired.variables)]);
  for (const name of [...names].sort()) {
    const from = now.variables[name];
    const to = desired.variables[name];
    if (from === to) continue;
    out.push({
      field: `variables.${name}`,
      from: from ?? null,
      to: to ?? null,
      patch: [
        to === undefined
          ? { op: 'remove', path: `/variables/${name}` }
          : { op: 'replace', path: `/variables/${name}`, value: to },
      ],
    });
  }
  if (!sameJson(now.throttle, desired.throttle)) {
    const to = desired.throttle;
    out.push({
      field: 'throttle',
      from: now.throttle,
      to,
      patch: to
        ? [
            { op: 'replace', path: '/*/*/throttling/rateLimit', value: String(to.rateLimit) },
            { op: 'replace', path: '/*/*/throttling/burstLimit', value: String(to.burstLimit) },
          ]
        : [{ op: 'remove', path: '/*/*' }],
    });
  }
  if (!sameJson(now.accessLogs, desired.accessLogs)) {
    const to = desired.accessLogs;
    out.push({
      field: 'accessLogs',
      from: now.accessLogs,
      to,
      patch: to
        ? [
            { op: 'replace', path: '/accessLogSettings/destinationArn', value: to.destinationArn },
            { op: 'replace', path: '/accessLogSettings/format', value: to.format },
          ]
        : [{ op: 'remove', path: '/accessLogSettings' }],
    });
  }
  if (now.tracing !== desired.tracing)
    out.push({
      field: 'tracing',
      from: now.tracing,
      to: desired.tracing,
      patch: [{ op: 'replace', path: '/tracingEnabled', value: String(desired.tracing) }],
    });
  return out;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
