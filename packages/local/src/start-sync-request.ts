import { MAX_PAYLOAD_BYTES } from './execution.js';

/** A Step Functions API error, as its JSON protocol returns it (what `$input.body` holds on a 4xx). */
export interface StepFunctionsApiError {
  readonly status: number;
  readonly body: { readonly __type: string; readonly message: string };
}

export interface StartSyncRequest {
  readonly input: string;
  readonly name?: string;
}

const SFN = 'com.amazonaws.swf.service.v2.model';

function apiError(type: string, message: string): StepFunctionsApiError {
  return { status: 400, body: { __type: type, message } };
}

/**
 * Reads the rendered request template as Step Functions reads a StartSyncExecution request, with
 * the errors it returns when an execution cannot start.
 */
export function parseStartSyncRequest(
  text: string,
  stateMachineArn: string,
): StartSyncRequest | StepFunctionsApiError {
  let request: unknown;
  try {
    request = JSON.parse(text);
  } catch (error) {
    return apiError(
      'com.amazon.coral.service#SerializationException',
      `The request body is not valid JSON: ${(error as Error).message}`,
    );
  }
  if (request === null || typeof request !== 'object' || Array.isArray(request)) {
    return apiError(
      'com.amazon.coral.service#SerializationException',
      'Start of structure or map expected',
    );
  }
  const fields = request as Record<string, unknown>;
  for (const field of ['stateMachineArn', 'input', 'name', 'traceHeader']) {
    const value = fields[field];
    if (value !== undefined && value !== null && typeof value !== 'string') {
      return apiError(
        'com.amazon.coral.service#SerializationException',
        `Expected a string for field '${field}', got ${Array.isArray(value) ? 'an array' : typeof value}`,
      );
    }
  }
  const arn = fields['stateMachineArn'] as string | undefined | null;
  if (arn === undefined || arn === null) {
    return apiError(
      'com.amazon.coral.validate#ValidationException',
      "1 validation error detected: Value null at 'stateMachineArn' failed to satisfy constraint: Member must not be null",
    );
  }
  if (!/^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[^:]+(:[^:]+)?$/.test(arn)) {
    return apiError(
      `${SFN}#InvalidArn`,
      `Invalid Arn: 'Resource type not valid in this context: ${arn}'`,
    );
  }
  if (arn !== stateMachineArn) {
    return apiError(`${SFN}#StateMachineDoesNotExist`, `State Machine Does Not Exist: '${arn}'`);
  }
  const name = fields['name'] as string | undefined | null;
  if (
    name !== undefined &&
    name !== null &&
    !/^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/.test(name)
  ) {
    return apiError(`${SFN}#InvalidName`, `Invalid Name: '${name}'`);
  }
  const input = (fields['input'] as string | undefined | null) ?? '{}';
  if (Buffer.byteLength(input, 'utf8') > MAX_PAYLOAD_BYTES) {
    return apiError(
      `${SFN}#InvalidExecutionInput`,
      `Invalid State Machine Execution Input: the input is ${Buffer.byteLength(input, 'utf8')} bytes; the maximum is ${MAX_PAYLOAD_BYTES} (256 KiB)`,
    );
  }
  try {
    JSON.parse(input);
  } catch (error) {
    return apiError(
      `${SFN}#InvalidExecutionInput`,
      `Invalid State Machine Execution Input: '${(error as Error).message}'`,
    );
  }
  return name !== undefined && name !== null ? { input, name } : { input };
}

export function isApiError(
  value: StartSyncRequest | StepFunctionsApiError,
): value is StepFunctionsApiError {
  return 'status' in value;
}
