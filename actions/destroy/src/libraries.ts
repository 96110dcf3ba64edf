// Everything the destroy action runs after its inputs are read: imported by main.ts with one
// dynamic import(), so the bundle keeps it in a chunk that a bad input never loads.
export {
  destroy,
  previewCommentMarker,
  renderDestroySummaryMarkdown,
  renderPreviewGoneComment,
} from '@stepgate/core';
