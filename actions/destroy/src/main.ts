import * as core from '@actions/core';
import { upsertStickyComment } from '@stepgate/action-common';
import { Outputs } from './constants.js';
import { getInputs } from './input-helper.js';

/** The destroy action: inputs → core's destroy → outputs and the job summary. */
export async function run(): Promise<void> {
  try {
    const settings = getInputs();
    // The libraries load once the inputs are good (a chunk of their own in the bundle).
    const {
      destroy,
      previewCommentMarker,
      renderDestroySummaryMarkdown,
      renderPreviewGoneComment,
    } = await import('./libraries.js');
    const result = await destroy({
      configFile: settings.configFile,
      environment: settings.environment,
      confirm: settings.confirm,
      aws: { region: settings.region, endpointUrl: settings.endpointUrl },
      log: (line) => core.info(line),
    });
    core.setOutput(Outputs.Deleted, String(result.deleted.length));
    core.setOutput(Outputs.Existed, String(result.deleted.length > 0));
    if (settings.githubToken) {
      const comment = await upsertStickyComment({
        token: settings.githubToken,
        marker: previewCommentMarker(result.app, result.environment),
        body: renderPreviewGoneComment(result),
        create: false,
      });
      core.info(`Pull request comment: ${comment}`);
    }
    if (process.env.GITHUB_STEP_SUMMARY)
      await core.summary.addRaw(renderDestroySummaryMarkdown(result)).write();
  } catch (error) {
    if (error instanceof Error && error.stack) core.debug(error.stack);
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}
