import * as core from '@actions/core';
import { Outputs } from './constants.js';
import { getInputs } from './input-helper.js';

/** The smoke action: inputs → smoke run → outputs, summary, annotations; fails on any failure. */
export async function run(): Promise<void> {
  try {
    const settings = getInputs();
    if (settings.apiKey !== undefined) core.setSecret(settings.apiKey);
    // The libraries load once the inputs are good (a chunk of their own in the bundle).
    const { formatSmokeMarkdown, smokeStage } = await import('./libraries.js');
    const report = await smokeStage({
      configFile: settings.configFile,
      environment: settings.environment,
      aws: { region: settings.region, endpointUrl: settings.endpointUrl },
      url: settings.url,
      apiKey: settings.apiKey,
      smokeFile: settings.smokeFile,
      onSecret: (value) => core.setSecret(value),
      log: (line) => core.info(line),
    });
    core.setOutput(Outputs.Passed, String(report.passed));
    core.setOutput(Outputs.Failed, String(report.failed));
    if (process.env.GITHUB_STEP_SUMMARY)
      await core.summary.addRaw(formatSmokeMarkdown(report)).write();
    for (const failure of report.cases.filter((c) => !c.passed)) {
      core.error(`smoke case failed: ${failure.name}`, { title: 'stepgate smoke' });
    }
    if (report.failed > 0)
      core.setFailed(`${report.failed} of ${report.failed + report.passed} smoke cases failed`);
  } catch (error) {
    if (error instanceof Error && error.stack) core.debug(error.stack);
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}
