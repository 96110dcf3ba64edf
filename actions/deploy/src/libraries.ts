// Everything the deploy action runs after its inputs are read: imported by main.ts with one
// dynamic import(), so the bundle keeps it in a chunk that a bad input never loads.
export {
  previewCommentMarker,
  renderDeploySummaryMarkdown,
  renderPreviewComment,
} from '@stepgate/core';
export { deployAndSmoke, formatSmokeMarkdown } from '@stepgate/smoke';
