// The mapping templates stepgate ships (the guide's, verbatim, and stepgate's defaults) live
// with the template engine that renders and tests them; core re-exports them.
export {
  DEFAULT_REQUEST_TEMPLATE,
  DEFAULT_RESPONSE_TEMPLATE,
  SEED_REQUEST_TEMPLATE,
  SEED_RESPONSE_TEMPLATE,
  STATE_MACHINE_ARN_PLACEHOLDER,
  resolveRequestTemplate,
} from '@stepgate/vtl';
