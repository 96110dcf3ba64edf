export * from './errors.js';
export * from './config/schema.js';
export * from './config/app-model.js';
export * from './load/load-config.js';
export { allowedKeysAt, schemaError } from './load/format-issue.js';
export {
  displayPath,
  lineFinder,
  MAX_YAML_ALIASES,
  parseJson,
  parseSourceDocument,
  readTextFile,
  type SourceDocument,
} from './load/source-file.js';
export * from './validate/definition.js';
export * from './validate/templates.js';
export * from './validate/validate-project.js';
export * from './validate/api-options.js';
export * from './validate/request-schema.js';
export * from './desired/stage-settings.js';
export * from './plan/stage-settings-diff.js';
export * from './desired/naming.js';
export * from './desired/desired-state.js';
export * from './desired/api-document.js';
export * from './templates/builtin-templates.js';
export * from './report/plan-text.js';
export * from './report/deploy-summary.js';
export * from './aws/aws-settings.js';
export * from './aws/clients.js';
export * from './observe/actual-state.js';
export * from './observe/observe-stack.js';
export * from './plan/plan-types.js';
export * from './plan/plan-changes.js';
export * from './plan/plan-api.js';
export * from './apply/apply-plan.js';
export * from './deploy/deploy-types.js';
export * from './deploy/invoke-url.js';
export * from './deploy/deploy.js';
export * from './destroy/destroy.js';
export * from './report/destroy-summary.js';
export * from './report/preview-comment.js';
export * from './apply/roll-back.js';
export * from './deploy/locate-stage.js';
