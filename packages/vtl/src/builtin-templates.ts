import {
  STATE_MACHINE_ARN_PLACEHOLDER,
  defaultRequestTemplate,
  defaultResponseTemplate,
} from './default-templates.js';

/**
 * The mapping templates stepgate ships. Request templates name the state machine with the
 * guide's placeholder, which `resolveRequestTemplate` replaces with the real ARN at deploy
 * time (in `.vtl` files too).
 */
export { STATE_MACHINE_ARN_PLACEHOLDER };

/**
 * The default request template of a route that asks for nothing more than the guide's input
 * `{"data": <body>, "apiInfo": {"httpMethod", "apiKey"}}`. Unlike the guide, `apiInfo.apiKey`
 * holds the API key's id, never its secret value (the input is stored in execution history
 * and logs), and is "" when the request has no key.
 */
export const DEFAULT_REQUEST_TEMPLATE = defaultRequestTemplate();

/**
 * The default response template with no mapped errors: SUCCEEDED → 200 with the output;
 * FAILED → 500, TIMED_OUT → 504, InvalidExecutionInput → 400, throttling → 429, any other
 * Step Functions error → 500, each with `{"error", "cause"}`. The raw StartSyncExecution
 * result (whole input, execution ARN, billing) never reaches the client.
 */
export const DEFAULT_RESPONSE_TEMPLATE = defaultResponseTemplate();

/** The guide's request template, verbatim. */
export const SEED_REQUEST_TEMPLATE = `#set($body= $input.json('$'))
#set($inputRoot='{ "data" :'+$body+',"apiInfo":{"httpMethod" :"'+ $context.httpMethod+'", "apiKey":"'+ $context.identity.apiKey+'"}}')
#set($apiData=$util.escapeJavaScript($inputRoot))
#set($apiData=$apiData.replaceAll("\\\\'","'"))
{
"input" :"$apiData",
"stateMachineArn": "${STATE_MACHINE_ARN_PLACEHOLDER}"
}
`;

/** The guide's response template, verbatim. */
export const SEED_RESPONSE_TEMPLATE = `#set ($bodyObj = $util.parseJson($input.body))
#if ($bodyObj.status == "SUCCEEDED")
$bodyObj.output
#elseif ($bodyObj.status == "FAILED")
#set($context.responseOverride.status = 500)
{
"cause": "$bodyObj.cause",
"error": "$bodyObj.error"
}
#else
#set($context.responseOverride.status = 500)
$input.body
#end
`;

export function resolveRequestTemplate(text: string, stateMachineArn: string): string {
  return text.replaceAll(STATE_MACHINE_ARN_PLACEHOLDER, stateMachineArn);
}
