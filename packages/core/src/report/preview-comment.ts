import type { DeployResult } from '../deploy/deploy-types.js';
import type { DestroyResult } from '../destroy/destroy.js';
import { code } from './deploy-summary.js';

/** Identifies stepgate's one pull-request comment for an app and environment. */
export function previewCommentMarker(app: string, environment: string): string {
  return `<!-- stepgate-preview app=${app} environment=${environment} -->`;
}

export interface SmokeCounts {
  readonly passed: number;
  readonly failed: number;
}

/** The sticky comment of a preview deploy: where it is, what changed, how the smoke tests went. */
export function renderPreviewComment(result: DeployResult, smoke?: SmokeCounts): string {
  const changed = result.outcomes.filter((o) => o.outcome !== 'unchanged');
  const lines = [
    `### stepgate preview: \`${code(result.app)}\` / \`${code(result.environment)}\``,
    '',
    `**Invoke URL:** ${result.outputs.invokeUrl}`,
    '',
    changed.length
      ? `**Changed:** ${changed.map((o) => `${o.kind} ${o.outcome}`).join(', ')}`
      : '**Changed:** nothing (already up to date)',
  ];
  if (smoke) {
    lines.push(
      '',
      `**Smoke tests:** ${smoke.failed === 0 ? '✅' : '❌'} ${smoke.passed} passed, ${smoke.failed} failed`,
    );
  }
  lines.push(
    '',
    `API key id: \`${code(result.outputs.apiKeyId || 'none')}\` (read the value with \`aws apigateway get-api-key --api-key <id> --include-value\`)`,
  );
  return `${lines.join('\n')}\n`;
}

/** What the comment says once the preview is destroyed. */
export function renderPreviewGoneComment(result: DestroyResult): string {
  return (
    `### stepgate preview: \`${code(result.app)}\` / \`${code(result.environment)}\`\n\n` +
    `🗑️ This preview is gone: ${result.deleted.length} resources deleted.\n`
  );
}
