import { ConfigError, lineFinder, readTextFile, type StateMachineDefinition } from '@stepgate/core';

type Json = Record<string, unknown>;

/** A Task state anywhere in the definition (inside Parallel branches and Map processors too). */
export interface TaskStateInfo {
  readonly name: string;
  readonly resource: string;
  /** Where it is, e.g. `States.Fan.Branches.0.States.Charge`. */
  readonly field: string;
}

/**
 * Fields aws-local-stepfunctions 3.0.0 does not implement. It ignores unknown fields, so a
 * definition using them would run silently wrong: refuse it instead.
 */
const UNSUPPORTED_FIELDS: Record<string, string> = {
  Assign: 'workflow variables (Assign) are not supported by the local stage',
  Arguments: 'Arguments is a JSONata field; the local stage runs JSONPath definitions only',
  Output: 'Output is a JSONata field; the local stage runs JSONPath definitions only',
  ItemReader: 'distributed Map (ItemReader) is not supported by the local stage',
  ItemBatcher: 'distributed Map (ItemBatcher) is not supported by the local stage',
  ResultWriter: 'distributed Map (ResultWriter) is not supported by the local stage',
  ToleratedFailurePercentage: 'distributed Map (ToleratedFailurePercentage) is not supported',
  ToleratedFailureCount: 'distributed Map (ToleratedFailureCount) is not supported',
  Credentials: 'Task Credentials (cross-account roles) are not supported by the local stage',
};

/**
 * Refuses, with one line naming the file, the line and the state, what the interpreter would
 * run silently wrong: JSONata (which it ignores) and fields it does not implement. Returns
 * every Task state so the stage can match them with handlers.
 */
export function checkRunnableDefinition(
  definitionFile: string,
  definition: StateMachineDefinition,
): TaskStateInfo[] {
  const tasks: TaskStateInfo[] = [];
  const lines = definitionLines(definitionFile);
  const fail = (at: (string | number)[], problem: string): never => {
    const line = lines(at);
    throw new ConfigError(
      { file: definition.file, field: at.join('.'), ...(line !== undefined ? { line } : {}) },
      problem,
    );
  };

  const visitMachine = (machine: Json, at: (string | number)[]): void => {
    if (machine['QueryLanguage'] === 'JSONata') fail([...at, 'QueryLanguage'], jsonataProblem());
    const states = (machine['States'] ?? {}) as Record<string, Json>;
    for (const [name, state] of Object.entries(states)) {
      const here = [...at, 'States', name];
      if (state['QueryLanguage'] === 'JSONata')
        fail([...here, 'QueryLanguage'], jsonataProblem(name));
      for (const [field, problem] of Object.entries(UNSUPPORTED_FIELDS)) {
        if (Object.hasOwn(state, field)) fail([...here, field], `state "${name}": ${problem}`);
      }
      if (state['Type'] === 'Task') {
        const resource = String(state['Resource'] ?? '');
        if (/\.(sync(:2)?|waitForTaskToken)$/.test(resource)) {
          fail(
            [...here, 'Resource'],
            `state "${name}": Express workflows do not support the .sync and .waitForTaskToken integration patterns`,
          );
        }
        tasks.push({ name, resource, field: here.join('.') });
      }
      const branches = state['Branches'];
      if (Array.isArray(branches))
        branches.forEach((b: Json, i) => visitMachine(b, [...here, 'Branches', i]));
      for (const key of ['ItemProcessor', 'Iterator']) {
        const inner = state[key];
        if (inner && typeof inner === 'object') visitMachine(inner as Json, [...here, key]);
      }
    }
  };
  visitMachine(definition.json, []);
  return tasks;
}

function jsonataProblem(state?: string): string {
  return `${state ? `state "${state}": ` : ''}QueryLanguage JSONata is not supported by the local stage (its interpreter would ignore the JSONata expressions and run silently wrong); use JSONPath to run it locally`;
}

/** Line of a field in the definition file as written, or undefined when it cannot be found. */
function definitionLines(file: string): (at: (string | number)[]) => number | undefined {
  try {
    return lineFinder(readTextFile(file, 'definition file'));
  } catch {
    return () => undefined;
  }
}
