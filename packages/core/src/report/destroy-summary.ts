import type { DestroyResult } from '../destroy/destroy.js';
import { code, resourceTable } from './deploy-summary.js';

/** The job summary of a destroy: every resource deleted, or that there was nothing to delete. */
export function renderDestroySummaryMarkdown(result: DestroyResult): string {
  const lines = [
    `## stepgate destroy: \`${code(result.environment)}\``,
    '',
    ...(result.deleted.length === 0
      ? ['Nothing to destroy: the environment does not exist (or is already gone).']
      : [`${result.deleted.length} resources deleted.`, '', ...resourceTable(result.deleted)]),
  ];
  return `${lines.join('\n')}\n`;
}
