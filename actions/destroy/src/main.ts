import * as core from '@actions/core';
import { destroy, renderDestroySummaryMarkdown } from '@stepgate/core';
import { Outputs } from './constants.js';
import { getInputs } from './input-helper.js';

/** The destroy action: inputs → core's destroy → outputs and the job summary. */
export async function run(): Promise<void> {
  try {
    const settings = getInputs();
    const result = await destroy({
      configFile: settings.configFile,
      environment: settings.environment,
      confirm: settings.confirm,
      aws: { region: settings.region, endpointUrl: settings.endpointUrl },
      log: (line) => core.info(line),
    });
    core.setOutput(Outputs.Deleted, String(result.deleted.length));
    core.setOutput(Outputs.Existed, String(result.deleted.length > 0));
    if (process.env.GITHUB_STEP_SUMMARY)
      await core.summary.addRaw(renderDestroySummaryMarkdown(result)).write();
  } catch (error) {
    if (error instanceof Error && error.stack) core.debug(error.stack);
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}
