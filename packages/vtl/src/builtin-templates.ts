/**
 * The mapping templates stepgate ships. Request templates name the state machine with the
 * guide's placeholder, which `resolveRequestTemplate` replaces with the real ARN at deploy
 * time (in `.vtl` files too).
 */
export const STATE_MACHINE_ARN_PLACEHOLDER = 'REPLACE_STEPFUNCTION_ARN';

/**
 * Keeps the guide's input shape `{"data": <body>, "apiInfo": {"httpMethod", "apiKey"}}` and
 * produces valid JSON for every body: the execution input is escaped with Java's
 * escapeJavaScript, whose one non-JSON escape (`\'`) is undone by a Java-regex replaceAll.
 * Unlike the guide, `apiInfo.apiKey` holds the API key's id, never its secret value (the
 * input is stored in execution history and logs), and is "" rather than the reference's text
 * when the request has no key.
 */
export const DEFAULT_REQUEST_TEMPLATE = `## stepgate default request template
#set($data = $input.json('$'))
#if("$!context.identity.apiKeyId" == "")#set($apiKeyId = "")#else#set($apiKeyId = "$context.identity.apiKeyId")#end
#set($executionInput = '{"data":' + $data + ',"apiInfo":{"httpMethod":"' + $context.httpMethod + '","apiKey":"' + $apiKeyId + '"}}')
#set($escapedInput = $util.escapeJavaScript($executionInput).replaceAll("\\\\'", "'"))
{"input": "$escapedInput", "stateMachineArn": "${STATE_MACHINE_ARN_PLACEHOLDER}"}
`;

/**
 * SUCCEEDED → 200 with the workflow's output; FAILED → 500 `{"error", "cause"}`; anything else
 * (TIMED_OUT, or a Step Functions API error such as InvalidExecutionInput) → 500 with the same
 * shape. Every string is escaped, so the body is valid JSON whatever the cause holds, and the
 * raw StartSyncExecution result (whole input, execution ARN, billing) never reaches the client.
 */
export const DEFAULT_RESPONSE_TEMPLATE = `## stepgate default response template
#set($result = $util.parseJson($input.body))
#if("$!result.status" == "SUCCEEDED")
$result.output
#else
#set($context.responseOverride.status = 500)
#if("$!result.status" == "FAILED")
#set($error = "$!result.error")
#set($cause = "$!result.cause")
#elseif("$!result.status" == "TIMED_OUT")
#set($error = "States.Timeout")
#set($cause = "The execution timed out")
#else
#set($error = "$!result.get('__type')")
#set($error = $error.replaceAll("^.*#", ""))
#set($cause = "$!result.message")
#if("$!result.Message" != "" && $cause == "")#set($cause = "$result.Message")#end
#end
#set($error = $util.escapeJavaScript($error).replaceAll("\\\\'", "'"))
#set($cause = $util.escapeJavaScript($cause).replaceAll("\\\\'", "'"))
{"error": "$error", "cause": "$cause"}
#end
`;

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
