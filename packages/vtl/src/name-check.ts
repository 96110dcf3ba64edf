import { didYouMean } from '@stepgate/errors';
import type { Reference } from './ast.js';
import { isUtilFunction, unknownUtilMessage, UTIL_FUNCTIONS } from './request.js';

/** What `$input` answers to in API Gateway (anything else throws when rendered). */
const INPUT_FUNCTIONS = ['path', 'json', 'params', 'getBody'];
const INPUT_PROPERTIES = ['body', 'params'];

/**
 * The `$context` variables API Gateway documents for mapping templates. `authorizer`,
 * `requestOverride`, `responseOverride`, `error` and `identity.clientCert` hold open sets.
 */
const CONTEXT_VARIABLES = [
  'accountId',
  'apiId',
  'authorizer',
  'awsEndpointRequestId',
  'deploymentId',
  'domainName',
  'domainPrefix',
  'error',
  'extendedRequestId',
  'httpMethod',
  'identity',
  'isCanaryRequest',
  'path',
  'protocol',
  'requestId',
  'requestOverride',
  'requestTime',
  'requestTimeEpoch',
  'resourceId',
  'resourcePath',
  'responseOverride',
  'stage',
  'wafResponseCode',
  'webaclArn',
];
const IDENTITY_VARIABLES = [
  'accountId',
  'apiKey',
  'apiKeyId',
  'caller',
  'clientCert',
  'cognitoAuthenticationProvider',
  'cognitoAuthenticationType',
  'cognitoIdentityId',
  'cognitoIdentityPoolId',
  'principalOrgId',
  'sourceIp',
  'user',
  'userAgent',
  'userArn',
  'vpcId',
  'vpceId',
];

/** A warning about a template, at its line. */
export interface TemplateWarning {
  readonly line: number;
  readonly message: string;
}

/**
 * Checks the names a reference uses on API Gateway's objects: an unknown `$util` or `$input`
 * function is an error (it throws when rendered): returned; an unknown `$context` variable is
 * a warning (it renders as empty text, and AWS adds variables over time): pushed.
 */
export function checkRefNames(ref: Reference, warnings: TemplateWarning[]): string | undefined {
  const [first, second] = ref.parts;
  if (!first || first.type === 'Index') return undefined;
  if (ref.root === 'util' && first.type === 'MethodCall' && !isUtilFunction(first.name)) {
    return `${unknownUtilMessage(first.name)}${didYouMean(first.name, UTIL_FUNCTIONS)}`;
  }
  if (ref.root === 'input') {
    const known = first.type === 'MethodCall' ? INPUT_FUNCTIONS : INPUT_PROPERTIES;
    if (!known.includes(first.name)) {
      return `$input.${first.name}${first.type === 'MethodCall' ? '()' : ''} is not ${first.type === 'MethodCall' ? 'a function' : 'a property'} of API Gateway's $input (it has body, json(p), path(p), params(), params(name))${didYouMean(first.name, [...INPUT_FUNCTIONS, ...INPUT_PROPERTIES])}`;
    }
  }
  if (ref.root === 'context' && first.type === 'Property') {
    if (!CONTEXT_VARIABLES.includes(first.name)) {
      warnings.push({
        line: ref.line,
        message: `$context.${first.name} is not a $context variable API Gateway documents (unknown variables render as empty text)${didYouMean(first.name, CONTEXT_VARIABLES)}`,
      });
    } else if (first.name === 'identity' && second?.type === 'Property') {
      if (!IDENTITY_VARIABLES.includes(second.name))
        warnings.push({
          line: ref.line,
          message: `$context.identity.${second.name} is not a $context.identity variable API Gateway documents (unknown variables render as empty text)${didYouMean(second.name, IDENTITY_VARIABLES)}`,
        });
    }
  }
  return undefined;
}
