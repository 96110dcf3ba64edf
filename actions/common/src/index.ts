export * from './sticky-comment.js';
