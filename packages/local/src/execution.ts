import { randomUUID } from 'node:crypto';
import {
  ExecutionError,
  ExecutionTimeoutError,
  StateMachine,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';
import type { TaskStateInfo } from './definition-check.js';
import {
  matchTaskHandlers,
  missingHandlerCause,
  TaskFailure,
  type TaskHandler,
  type TaskHandlers,
} from './handlers.js';

/** Step Functions' limit on execution input and output: 256 KiB of UTF-8. */
export const MAX_PAYLOAD_BYTES = 256 * 1024;
/** Express workflows run at most five minutes. */
export const EXPRESS_MAX_DURATION_MS = 5 * 60 * 1000;

export type ExecutionStatus = 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';

/** The StartSyncExecution response, field for field (traceHeader omitted: no X-Ray locally). */
export interface SyncExecutionResult {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  /** Epoch seconds, fractional, as the Step Functions JSON protocol sends them. */
  startDate: number;
  stopDate: number;
  status: ExecutionStatus;
  error?: string;
  cause?: string;
  input: string;
  inputDetails: { included: boolean };
  output?: string;
  outputDetails?: { included: boolean };
  billingDetails: { billedMemoryUsedInMB: number; billedDurationInMilliseconds: number };
}

export interface StateMachineRunnerOptions {
  readonly stateMachineArn: string;
  readonly roleArn: string;
  readonly definition: Record<string, unknown>;
  readonly tasks: readonly TaskStateInfo[];
  readonly handlers: TaskHandlers;
  /** Default five minutes (Express). */
  readonly maxDurationMs?: number;
}

/** Runs one state machine definition the way StartSyncExecution does, with local Task handlers. */
export class StateMachineRunner {
  readonly stateMachineArn: string;
  /** Task states with no handler: executions reaching them fail. */
  readonly missingHandlers: readonly TaskStateInfo[];
  private readonly machine: StateMachine;
  private readonly overrides: Record<string, (input: unknown) => Promise<unknown>>;
  private readonly maxDurationMs: number;
  private readonly roleArn: string;
  private readonly failStateDefaults: { error: boolean; cause: boolean };
  private readonly running = new Set<() => void>();

  constructor(options: StateMachineRunnerOptions) {
    this.stateMachineArn = options.stateMachineArn;
    this.roleArn = options.roleArn;
    this.maxDurationMs = options.maxDurationMs ?? EXPRESS_MAX_DURATION_MS;
    // core validated the definition with asl-validator already.
    this.machine = new StateMachine(options.definition as unknown as StateMachineDefinition, {
      validationOptions: { noValidate: true },
    });
    const { byState, missing } = matchTaskHandlers(options.tasks, options.handlers);
    this.missingHandlers = missing;
    this.overrides = {};
    for (const task of options.tasks) {
      const handler = byState.get(task.name);
      this.overrides[task.name] = handler
        ? wrapHandler(handler, task)
        : () => Promise.reject(new TaskFailure('States.TaskFailed', missingHandlerCause(task)));
    }
    this.failStateDefaults = failStatesWithout(options.definition);
  }

  /** Starts an execution of `input` (already checked to be JSON text ≤ 256 KiB). */
  async run(input: string, name: string = randomUUID()): Promise<SyncExecutionResult> {
    const started = Date.now();
    const machineName = this.stateMachineArn.slice(this.stateMachineArn.lastIndexOf(':') + 1);
    const executionArn = `${this.stateMachineArn.replace(':stateMachine:', ':express:')}:${name}:${randomUUID()}`;
    const execution = this.machine.run(JSON.parse(input), {
      overrides: { taskResourceLocalHandlers: this.overrides as never },
      noThrowOnAbort: true,
      context: {
        Execution: { Id: executionArn, Name: name, RoleArn: this.roleArn, RedriveCount: 0 },
        StateMachine: { Id: this.stateMachineArn, Name: machineName },
      },
    });
    let expired!: () => void;
    const limit = new Promise<'TIMED_OUT'>((resolve) => {
      expired = () => resolve('TIMED_OUT');
    });
    const timer = setTimeout(expired, this.maxDurationMs);
    const abort = () => {
      execution.abort();
      expired();
    };
    this.running.add(abort);
    let outcome: Pick<SyncExecutionResult, 'status' | 'error' | 'cause' | 'output'>;
    try {
      const result = await Promise.race([execution.result, limit]);
      if (result === 'TIMED_OUT') {
        execution.abort();
        outcome = { status: 'TIMED_OUT', error: 'States.Timeout' };
      } else {
        const output = JSON.stringify(result ?? null);
        outcome =
          Buffer.byteLength(output, 'utf8') > MAX_PAYLOAD_BYTES
            ? {
                status: 'FAILED',
                error: 'States.DataLimitExceeded',
                cause: `The execution output has a size exceeding the maximum number of bytes service limit (${MAX_PAYLOAD_BYTES}).`,
              }
            : { status: 'SUCCEEDED', output };
      }
    } catch (error) {
      outcome = this.failure(error);
    } finally {
      clearTimeout(timer);
      this.running.delete(abort);
    }
    const stopped = Date.now();
    return {
      executionArn,
      stateMachineArn: this.stateMachineArn,
      name,
      startDate: started / 1000,
      stopDate: stopped / 1000,
      status: outcome.status,
      ...(outcome.error !== undefined ? { error: outcome.error } : {}),
      ...(outcome.cause !== undefined ? { cause: outcome.cause } : {}),
      input,
      inputDetails: { included: true },
      ...(outcome.status === 'SUCCEEDED'
        ? { output: outcome.output!, outputDetails: { included: true } }
        : {}),
      billingDetails: {
        billedMemoryUsedInMB: 64,
        billedDurationInMilliseconds: Math.max(100, Math.ceil((stopped - started) / 100) * 100),
      },
    };
  }

  /** Stops every running execution (they end TIMED_OUT). */
  abortAll(): void {
    for (const abort of [...this.running]) abort();
  }

  private failure(error: unknown): Pick<SyncExecutionResult, 'status' | 'error' | 'cause'> {
    if (error instanceof ExecutionTimeoutError)
      return { status: 'TIMED_OUT', error: 'States.Timeout' };
    const caught = error instanceof ExecutionError ? (error.cause as Error | undefined) : undefined;
    if (!caught) {
      return {
        status: 'FAILED',
        error: 'States.Runtime',
        cause: String((error as Error)?.message ?? error),
      };
    }
    // A Fail state without Error/Cause: the interpreter invents defaults that AWS leaves out.
    const fromFailState = caught.constructor?.name === 'FailStateError';
    const noError =
      fromFailState && caught.name === 'FailStateError' && this.failStateDefaults.error;
    const noCause =
      fromFailState &&
      caught.message === 'Execution failed because of a Fail state' &&
      this.failStateDefaults.cause;
    return {
      status: 'FAILED',
      ...(noError ? {} : { error: caught.name }),
      ...(noCause ? {} : { cause: caught.message }),
    };
  }
}

/** Errors thrown by a handler become the Task's error as a Lambda's would: `errorType`, JSON cause. */
function wrapHandler(handler: TaskHandler, task: TaskStateInfo) {
  return async (input: unknown): Promise<unknown> => {
    try {
      const result = await handler(input, { stateName: task.name, resource: task.resource });
      return result === undefined ? null : result;
    } catch (error) {
      if (error instanceof TaskFailure) throw error;
      // Lambda's Node.js runtime reports `error.name` as errorType.
      const type = error instanceof Error ? error.name : 'Error';
      const message = error instanceof Error ? error.message : String(error);
      throw new TaskFailure(type, JSON.stringify({ errorMessage: message, errorType: type }));
    }
  };
}

/** Whether some Fail state (at any depth) lacks Error / Cause. */
function failStatesWithout(machine: Record<string, unknown>): { error: boolean; cause: boolean } {
  const found = { error: false, cause: false };
  const visit = (m: Record<string, unknown>): void => {
    for (const state of Object.values(
      (m['States'] ?? {}) as Record<string, Record<string, unknown>>,
    )) {
      if (state['Type'] === 'Fail') {
        if (state['Error'] === undefined && state['ErrorPath'] === undefined) found.error = true;
        if (state['Cause'] === undefined && state['CausePath'] === undefined) found.cause = true;
      }
      for (const branch of (state['Branches'] as Record<string, unknown>[] | undefined) ?? [])
        visit(branch);
      for (const key of ['ItemProcessor', 'Iterator']) {
        const inner = state[key];
        if (inner && typeof inner === 'object') visit(inner as Record<string, unknown>);
      }
    }
  };
  visit(machine);
  return found;
}
