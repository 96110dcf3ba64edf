import { contractCases } from '../run/contract-cases.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  ConfigError,
  StageUnreachable,
  deploy,
  displayPath,
  loadConfig,
  locateStage,
  type AwsSettings,
  type DeployOptions,
  type DeployResult,
  type VerifyOutcome,
  validateProject,
} from '@stepgate/core';
import { runSmoke, stageUnreachable, type RunSmokeOptions } from '../run/run-smoke.js';
import type { SmokeReport } from '../run/smoke-report.js';
import { builtinOnlySpec, loadSmokeSpec } from '../spec/load-smoke-spec.js';
import type { SmokeSpec } from '../spec/smoke-spec.js';

export interface ProjectSmokeSpec {
  readonly spec: SmokeSpec;
  /** The smoke file read, or undefined when only the built-in cases run. */
  readonly file: string | undefined;
  /** Where the smoke file was looked for. */
  readonly lookedFor: string;
}

/**
 * The smoke cases of a project: `smokeFile` when given (it must exist), else the config's
 * `smoke` setting relative to the config file, else `smoke.yml`; a smoke file that was not
 * asked for by name may be missing, and then the built-in cases run alone.
 */
export function loadProjectSmokeSpec(options: {
  configFile?: string;
  smokeFile?: string;
}): ProjectSmokeSpec {
  if (options.smokeFile) {
    const file = displayPath(path.resolve(options.smokeFile));
    return { spec: loadSmokeSpec(options.smokeFile), file, lookedFor: file };
  }
  const configFile = options.configFile ?? 'stepgate.yml';
  const file = existsSync(configFile)
    ? (() => {
        const loaded = loadConfig(configFile);
        return path.resolve(loaded.dir, loaded.config.smoke);
      })()
    : path.resolve('smoke.yml');
  if (!existsSync(file))
    return { spec: builtinOnlySpec(), file: undefined, lookedFor: displayPath(file) };
  const spec = loadSmokeSpec(file);
  return {
    spec: spec.contract ? withContractCases(spec, configFile) : spec,
    file: displayPath(file),
    lookedFor: displayPath(file),
  };
}

/** Appends the generated contract cases of every route with a requestSchema. */
function withContractCases(spec: SmokeSpec, configFile: string): SmokeSpec {
  const project = validateProject({ configFile });
  const routes = project.desired.routes.flatMap((route, i) => {
    const requestSchema = project.requestSchemas[i];
    return requestSchema ? [{ method: route.httpMethod, path: route.path, requestSchema }] : [];
  });
  return { ...spec, cases: [...spec.cases, ...contractCases(routes)] };
}

/** A verification by smoke tests, with the whole report for summaries. */
export interface SmokeVerification extends VerifyOutcome {
  readonly report: SmokeReport;
}

export interface DeployAndSmokeOptions extends Omit<
  DeployOptions<SmokeVerification>,
  'verify' | 'rollbackOnVerifyFailure'
> {
  /** Run the smoke cases after the deploy. @default true */
  readonly smoke?: boolean;
  /** On a failed smoke run, put the stage and the state machine back. @default false */
  readonly rollbackOnSmokeFailure?: boolean;
  /** Tuning of the smoke run (concurrency, retries, fetch…). */
  readonly smokeOptions?: Omit<RunSmokeOptions, 'spec' | 'invokeUrl' | 'apiKey'>;
}

/**
 * deploy + smoke (+ rollback): what `stepgate deploy` and the deploy action run. The smoke
 * file is read and checked before the first AWS call, like every other input.
 */
export async function deployAndSmoke(
  options: DeployAndSmokeOptions,
): Promise<DeployResult<SmokeVerification>> {
  const { smoke = true, rollbackOnSmokeFailure = false, smokeOptions, ...deployOptions } = options;
  if (!smoke || deployOptions.dryRun) return deploy<SmokeVerification>(deployOptions);
  const { spec, file } = loadProjectSmokeSpec(
    deployOptions.configFile !== undefined ? { configFile: deployOptions.configFile } : {},
  );
  const log = smokeOptions?.log ?? deployOptions.log;
  return deploy<SmokeVerification>({
    ...deployOptions,
    rollbackOnVerifyFailure: rollbackOnSmokeFailure,
    verify: async ({ invokeUrl, stageUrl, apiKey }) => {
      log?.(file ? `Smoke tests from ${file}` : 'Smoke tests: the built-in cases (no smoke file)');
      const report = await runSmoke({
        ...smokeOptions,
        spec,
        invokeUrl,
        ...(stageUrl ? { stageUrl } : {}),
        ...(apiKey ? { apiKey } : {}),
        ...(log ? { log } : {}),
      });
      if (stageUnreachable(report)) throw unreachable(report);
      return { passed: report.passed, failed: report.failed, report };
    },
  });
}

export interface SmokeStageOptions {
  readonly configFile?: string;
  readonly environment?: string;
  readonly aws?: AwsSettings;
  /** Test this URL instead of the deployed environment's stage. */
  readonly url?: string;
  /** With `url`: the key to send. */
  readonly apiKey?: string;
  /** With `url`: the stage's base URL, for case paths starting with `/`. */
  readonly stageUrl?: string;
  readonly smokeFile?: string;
  /** Receives the API key value read from AWS before anything can print it. */
  readonly onSecret?: (value: string) => void;
  readonly log?: (line: string) => void;
  readonly smokeOptions?: Omit<RunSmokeOptions, 'spec' | 'invokeUrl' | 'apiKey' | 'log'>;
}

/**
 * Smoke-tests a stage: `url` (and `apiKey`), else the deployed environment's stage and key,
 * found by the ownership tags. The smoke file is read and checked first.
 */
export async function smokeStage(options: SmokeStageOptions): Promise<SmokeReport> {
  const invokeUrl = options.url ? checkUrl(options.url) : undefined;
  const { spec, file, lookedFor } = loadProjectSmokeSpec({
    ...(options.configFile !== undefined ? { configFile: options.configFile } : {}),
    ...(options.smokeFile !== undefined ? { smokeFile: options.smokeFile } : {}),
  });
  options.log?.(
    file
      ? `Smoke tests from ${file}`
      : `No smoke file at ${lookedFor}: running the built-in cases only`,
  );
  if (options.url && !options.apiKey)
    noteMissingKey(options.configFile ?? 'stepgate.yml', options.log);
  const target = invokeUrl
    ? {
        invokeUrl,
        ...(options.stageUrl ? { stageUrl: checkUrl(options.stageUrl) } : {}),
        ...(options.apiKey ? { apiKey: options.apiKey } : {}),
      }
    : await locateStage({
        ...(options.configFile !== undefined ? { configFile: options.configFile } : {}),
        ...(options.environment !== undefined ? { environment: options.environment } : {}),
        ...(options.aws ? { aws: options.aws } : {}),
        ...(options.onSecret ? { onSecret: options.onSecret } : {}),
      });
  const report = await runSmoke({
    ...options.smokeOptions,
    spec,
    ...target,
    ...(options.log ? { log: options.log } : {}),
  });
  if (stageUnreachable(report)) throw unreachable(report);
  return report;
}

function checkUrl(url: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed?.protocol !== 'http:' && parsed?.protocol !== 'https:') {
    throw new ConfigError(
      { file: '--url' },
      `expected an http(s) URL such as https://abc123.execute-api.us-east-1.amazonaws.com/prod/, got "${url}"`,
    );
  }
  return url;
}

/** Exit 3: the stage answered nothing, so the smoke cases could not run. */
function unreachable(report: SmokeReport): StageUnreachable {
  const first = report.cases[0]!;
  return new StageUnreachable(
    `cannot reach the stage at ${first.url} (${first.failures[0]?.message ?? 'no connection'}): is the URL right and the stage running?`,
  );
}

/** `--url` without a key while the config requires one: say so before every keyed case gets 403. */
function noteMissingKey(configFile: string, log: ((line: string) => void) | undefined): void {
  if (!log || !existsSync(configFile)) return;
  try {
    if (loadConfig(configFile).config.api.apiKey.required)
      log(
        `note: ${displayPath(path.resolve(configFile))} requires an API key (api.apiKey.required) but --url was given without --api-key (or STEPGATE_API_KEY): cases that need the key will get 403`,
      );
  } catch {
    // An invalid config is reported where it is used; the note is only a hint.
  }
}
