import * as core from '@actions/core';
import { upsertStickyComment } from '@stepgate/action-common';
import { Outputs } from './constants.js';
import { getInputs } from './input-helper.js';

const SUMMARY_ENV_VAR = 'GITHUB_STEP_SUMMARY';

/** The deploy action: inputs → deploy and smoke → outputs, the job summary and the PR comment. */
export async function run(): Promise<void> {
  try {
    const settings = getInputs();
    // Masked first: from here on the runner redacts the value from every log line.
    if (settings.apiKeyValue !== undefined) core.setSecret(settings.apiKeyValue);
    // The libraries load once the inputs are good: a bad input fails the step at once
    // (the bundle keeps them in a chunk of their own).
    const {
      deployAndSmoke,
      formatSmokeMarkdown,
      previewCommentMarker,
      renderDeploySummaryMarkdown,
      renderPreviewComment,
    } = await import('./libraries.js');

    const result = await deployAndSmoke({
      configFile: settings.configFile,
      environment: settings.environment,
      aws: { region: settings.region, endpointUrl: settings.endpointUrl },
      apiKeyValue: settings.apiKeyValue,
      dryRun: settings.dryRun,
      smoke: settings.smoke,
      rollbackOnSmokeFailure: settings.rollbackOnSmokeFailure,
      // The generated key's value is read for the smoke tests: masked before any use.
      onSecret: (value) => core.setSecret(value),
      log: (line) => core.info(line),
    });
    const smoke = result.verification;

    const { outputs } = result;
    core.setOutput(Outputs.InvokeUrl, outputs.invokeUrl);
    core.setOutput(Outputs.ApiId, outputs.apiId);
    core.setOutput(Outputs.Stage, outputs.stage);
    core.setOutput(Outputs.StateMachineArn, outputs.stateMachineArn);
    core.setOutput(Outputs.ApiKeyId, outputs.apiKeyId);
    core.setOutput(Outputs.UsagePlanId, outputs.usagePlanId);
    core.setOutput(Outputs.DeploymentId, outputs.deploymentId);
    core.setOutput(Outputs.StageUrl, outputs.stageUrl);
    core.setOutput(Outputs.StateMachineArns, JSON.stringify(outputs.stateMachineArns));
    core.setOutput(Outputs.Changed, String(outputs.changed));
    core.setOutput(Outputs.SmokePassed, String(smoke?.passed ?? 0));
    core.setOutput(Outputs.SmokeFailed, String(smoke?.failed ?? 0));

    if (settings.githubToken && !result.dryRun) {
      const comment = await upsertStickyComment({
        token: settings.githubToken,
        marker: previewCommentMarker(result.app, result.environment),
        body: renderPreviewComment(result, smoke),
        create: true,
      });
      core.info(`Pull request comment: ${comment}`);
    }

    // A runner always provides the summary file; a local run without one still succeeds.
    if (process.env[SUMMARY_ENV_VAR]) {
      const smokeSection = smoke ? `\n${formatSmokeMarkdown(smoke.report)}` : '';
      await core.summary.addRaw(`${renderDeploySummaryMarkdown(result)}${smokeSection}`).write();
    } else {
      core.debug(`${SUMMARY_ENV_VAR} is not set: no job summary written`);
    }

    if (smoke && smoke.failed > 0) {
      for (const failure of smoke.report.cases.filter((c) => !c.passed)) {
        core.error(`smoke case failed: ${failure.name}`, { title: 'stepgate smoke' });
      }
      const rolledBack = result.rollback ? '; rolled back' : '';
      core.setFailed(
        `${smoke.failed} of ${smoke.failed + smoke.passed} smoke cases failed${rolledBack}`,
      );
    }
  } catch (error) {
    // StepgateError messages are the one line a user needs; the rest is for debugging.
    if (error instanceof Error && error.stack) core.debug(error.stack);
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}
