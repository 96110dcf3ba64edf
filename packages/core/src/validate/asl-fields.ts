import { closestMatch, didYouMean } from '../errors.js';

/**
 * What the Amazon States Language allows where, to name a misspelt key, state type or
 * intrinsic function with what is allowed — before asl-validator, whose schema messages
 * ("must match exactly one schema in oneOf") name neither.
 */

type FieldPath = (string | number)[];
type Json = Record<string, unknown>;

const COMMON = ['Type', 'Comment', 'QueryLanguage'];
const IO = ['InputPath', 'OutputPath'];
const FLOW = ['Next', 'End'];
const JSONATA = ['Arguments', 'Output', 'Assign'];
const ERRORS = ['Retry', 'Catch'];

export const STATE_FIELDS: Record<string, readonly string[]> = {
  Pass: [...COMMON, ...FLOW, ...IO, 'ResultPath', 'Parameters', 'Result', 'Assign', 'Output'],
  Task: [
    ...COMMON,
    ...FLOW,
    ...IO,
    'Resource',
    'ResultPath',
    'Parameters',
    'ResultSelector',
    ...ERRORS,
    'TimeoutSeconds',
    'TimeoutSecondsPath',
    'HeartbeatSeconds',
    'HeartbeatSecondsPath',
    'Credentials',
    ...JSONATA,
  ],
  Choice: [...COMMON, ...IO, 'Choices', 'Default', 'Assign', 'Output'],
  Wait: [
    ...COMMON,
    ...FLOW,
    ...IO,
    'Seconds',
    'SecondsPath',
    'Timestamp',
    'TimestampPath',
    'Assign',
    'Output',
  ],
  Succeed: [...COMMON, ...IO, 'Output'],
  Fail: [...COMMON, 'Error', 'ErrorPath', 'Cause', 'CausePath'],
  Parallel: [
    ...COMMON,
    ...FLOW,
    ...IO,
    'Branches',
    'ResultPath',
    'Parameters',
    'ResultSelector',
    ...ERRORS,
    ...JSONATA,
  ],
  Map: [
    ...COMMON,
    ...FLOW,
    ...IO,
    'Iterator',
    'ItemProcessor',
    'ItemsPath',
    'Items',
    'ItemReader',
    'ItemSelector',
    'ItemBatcher',
    'ResultWriter',
    'MaxConcurrency',
    'MaxConcurrencyPath',
    'ToleratedFailurePercentage',
    'ToleratedFailurePercentagePath',
    'ToleratedFailureCount',
    'ToleratedFailureCountPath',
    'Label',
    'Parameters',
    'ResultPath',
    'ResultSelector',
    ...ERRORS,
    ...JSONATA,
  ],
};

export const STATE_TYPES = Object.keys(STATE_FIELDS);

const MACHINE_FIELDS = [
  'Comment',
  'StartAt',
  'States',
  'TimeoutSeconds',
  'Version',
  'QueryLanguage',
];
const BRANCH_FIELDS = ['Comment', 'StartAt', 'States', 'QueryLanguage', 'ProcessorConfig'];

const COMPARISONS = ['String', 'Numeric', 'Timestamp'].flatMap((kind) =>
  ['Equals', 'LessThan', 'GreaterThan', 'LessThanEquals', 'GreaterThanEquals'].flatMap((op) => [
    `${kind}${op}`,
    `${kind}${op}Path`,
  ]),
);
export const CHOICE_RULE_FIELDS = [
  'Variable',
  'Next',
  'Comment',
  'And',
  'Or',
  'Not',
  'Condition',
  'Assign',
  'Output',
  ...COMPARISONS,
  'StringMatches',
  'BooleanEquals',
  'BooleanEqualsPath',
  'IsNull',
  'IsPresent',
  'IsNumeric',
  'IsString',
  'IsBoolean',
  'IsTimestamp',
];

export const INTRINSIC_FUNCTIONS = [
  'States.Format',
  'States.StringToJson',
  'States.JsonToString',
  'States.Array',
  'States.ArrayPartition',
  'States.ArrayContains',
  'States.ArrayRange',
  'States.ArrayGetItem',
  'States.ArrayLength',
  'States.ArrayUnique',
  'States.Base64Encode',
  'States.Base64Decode',
  'States.Hash',
  'States.JsonMerge',
  'States.MathRandom',
  'States.MathAdd',
  'States.StringSplit',
  'States.UUID',
];

/** Fields whose `key.$` values may be intrinsic function calls. */
const PAYLOAD_TEMPLATES = ['Parameters', 'ResultSelector', 'ItemSelector'];

/** One problem found, at its field path. */
export interface FieldProblem {
  readonly at: FieldPath;
  readonly problem: string;
}

/** Every misspelt key, unknown state type and unknown intrinsic function in a definition. */
export function checkAslFields(machine: Json): FieldProblem[] {
  const problems: FieldProblem[] = [];
  visitMachine(machine, [], MACHINE_FIELDS, problems);
  return problems;
}

function unknownKeys(
  object: Json,
  allowed: readonly string[],
  at: FieldPath,
  what: string,
  problems: FieldProblem[],
): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) {
      problems.push({
        at: [...at, key],
        problem: `unknown key "${key}" ${what}${didYouMean(key, allowed)}; allowed: ${allowed.join(', ')}`,
      });
    }
  }
}

function visitMachine(
  machine: Json,
  at: FieldPath,
  allowed: readonly string[],
  problems: FieldProblem[],
): void {
  unknownKeys(machine, allowed, at, at.length ? 'in a branch' : 'at the top level', problems);
  const states = machine['States'];
  if (!isObject(states)) return;
  for (const [name, state] of Object.entries(states)) {
    if (!isObject(state)) continue;
    const here = [...at, 'States', name];
    const type = state['Type'];
    const fields = typeof type === 'string' ? STATE_FIELDS[type] : undefined;
    if (!fields) {
      problems.push({
        at: [...here, 'Type'],
        problem:
          type === undefined
            ? `state "${name}" has no Type; allowed: ${STATE_TYPES.join(', ')}`
            : `state "${name}": Type ${JSON.stringify(type)} is not allowed${typeof type === 'string' ? didYouMean(type, STATE_TYPES) : ''}; allowed: ${STATE_TYPES.join(', ')}`,
      });
      continue;
    }
    unknownKeys(state, fields, here, `in ${type} state "${name}"`, problems);
    if (type !== 'Choice' && type !== 'Succeed' && type !== 'Fail') {
      const hasNext = Object.hasOwn(state, 'Next');
      const hasEnd = Object.hasOwn(state, 'End');
      const meantFlow = Object.keys(state).some((k) => {
        const near = fields.includes(k) ? undefined : closestMatch(k, fields);
        return near === 'Next' || near === 'End';
      });
      if (hasNext === hasEnd && !meantFlow)
        problems.push({
          at: here,
          problem: `${type} state "${name}" needs exactly one of Next (the name of the next state) or End: true${hasNext ? ', not both' : ''}`,
        });
    }
    const choices = state['Choices'];
    if (type === 'Choice' && Array.isArray(choices))
      choices.forEach((rule, i) => visitChoiceRule(rule, [...here, 'Choices', i], name, problems));
    for (const field of PAYLOAD_TEMPLATES)
      visitPayload(state[field], [...here, field], name, problems);
    const branches = state['Branches'];
    if (Array.isArray(branches))
      branches.forEach((b, i) => {
        if (isObject(b)) visitMachine(b, [...here, 'Branches', i], BRANCH_FIELDS, problems);
      });
    for (const key of ['ItemProcessor', 'Iterator']) {
      const inner = state[key];
      if (isObject(inner)) visitMachine(inner, [...here, key], BRANCH_FIELDS, problems);
    }
  }
}

function visitChoiceRule(
  rule: unknown,
  at: FieldPath,
  state: string,
  problems: FieldProblem[],
): void {
  if (!isObject(rule)) return;
  unknownKeys(rule, CHOICE_RULE_FIELDS, at, `in a choice rule of state "${state}"`, problems);
  for (const key of ['And', 'Or']) {
    const inner = rule[key];
    if (Array.isArray(inner))
      inner.forEach((r, i) => visitChoiceRule(r, [...at, key, i], state, problems));
  }
  if (isObject(rule['Not'])) visitChoiceRule(rule['Not'], [...at, 'Not'], state, problems);
}

function visitPayload(
  value: unknown,
  at: FieldPath,
  state: string,
  problems: FieldProblem[],
): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => visitPayload(v, [...at, i], state, problems));
    return;
  }
  if (!isObject(value)) return;
  for (const [key, inner] of Object.entries(value)) {
    if (key.endsWith('.$') && typeof inner === 'string') {
      for (const call of inner.matchAll(/\b(States\.[A-Za-z0-9]+)\s*\(/g)) {
        const fn = call[1]!;
        if (!INTRINSIC_FUNCTIONS.includes(fn)) {
          const near = closestMatch(fn, INTRINSIC_FUNCTIONS);
          problems.push({
            at: [...at, key],
            problem: `state "${state}": ${fn} is not an intrinsic function${near ? `; did you mean "${near}"?` : ''}; allowed: ${INTRINSIC_FUNCTIONS.join(', ')}`,
          });
        }
      }
    } else {
      visitPayload(inner, [...at, key], state, problems);
    }
  }
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
