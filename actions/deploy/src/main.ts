import * as core from '@actions/core';
import { upsertStickyComment } from '@stepgate/action-common';
import {
  deploy,
  previewCommentMarker,
  renderDeploySummaryMarkdown,
  renderPreviewComment,
} from '@stepgate/core';
import { Outputs } from './constants.js';
import { getInputs } from './input-helper.js';

const SUMMARY_ENV_VAR = 'GITHUB_STEP_SUMMARY';

/** The deploy action: inputs → core's deploy → outputs and the job summary. */
export async function run(): Promise<void> {
  try {
    const settings = getInputs();
    // Masked first: from here on the runner redacts the value from every log line.
    if (settings.apiKeyValue !== undefined) core.setSecret(settings.apiKeyValue);

    const result = await deploy({
      configFile: settings.configFile,
      environment: settings.environment,
      aws: { region: settings.region, endpointUrl: settings.endpointUrl },
      apiKeyValue: settings.apiKeyValue,
      dryRun: settings.dryRun,
      log: (line) => core.info(line),
    });

    const { outputs } = result;
    core.setOutput(Outputs.InvokeUrl, outputs.invokeUrl);
    core.setOutput(Outputs.ApiId, outputs.apiId);
    core.setOutput(Outputs.Stage, outputs.stage);
    core.setOutput(Outputs.StateMachineArn, outputs.stateMachineArn);
    core.setOutput(Outputs.ApiKeyId, outputs.apiKeyId);
    core.setOutput(Outputs.UsagePlanId, outputs.usagePlanId);
    core.setOutput(Outputs.DeploymentId, outputs.deploymentId);
    core.setOutput(Outputs.Changed, String(outputs.changed));

    if (settings.githubToken && !result.dryRun) {
      const comment = await upsertStickyComment({
        token: settings.githubToken,
        marker: previewCommentMarker(result.app, result.environment),
        body: renderPreviewComment(result),
        create: true,
      });
      core.info(`Pull request comment: ${comment}`);
    }

    // A runner always provides the summary file; a local run without one still succeeds.
    if (process.env[SUMMARY_ENV_VAR]) {
      await core.summary.addRaw(renderDeploySummaryMarkdown(result)).write();
    } else {
      core.debug(`${SUMMARY_ENV_VAR} is not set: no job summary written`);
    }
  } catch (error) {
    // StepgateError messages are the one line a user needs; the rest is for debugging.
    if (error instanceof Error && error.stack) core.debug(error.stack);
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}
