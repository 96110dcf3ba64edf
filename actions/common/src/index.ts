export * from './inputs.js';
export * from './sticky-comment.js';
