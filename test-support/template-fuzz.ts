// Differential fuzzing of the template engine: generated templates rendered by stepgate and by
// Apache Velocity 1.7 (the oracle, one --batch run per round), compared body for body or
// failure class for failure class, each difference shrunk to a minimal template.
import { renderMappingTemplate, type RenderRequest } from '@stepgate/vtl';
import { generateTemplate } from './template-generator.js';
import { oracleFailureKind, stepgateFailureKind, type FailureKind } from './vtl-error-kind.js';
import { renderWithOracle, type OracleResult } from './vtl-oracle.js';

/** What one engine made of a template: its output, or the class of its failure. */
export type Outcome =
  | { body: string; status: number | null; headers: Record<string, unknown> }
  | { error: FailureKind; message: string };

/** The one request every generated template is rendered for. */
export const FUZZ_REQUEST: RenderRequest = {
  method: 'POST',
  headers: { 'Content-Type': 'application/json', h: 'v' },
  body: '{"a": [1, 2], "b": {"c": "x"}, "s": "text", "n": 7, "l": 3000000000, "g": 1.000000000000000000001}',
};

export function renderWithStepgate(template: string): Outcome {
  try {
    return renderMappingTemplate(template, FUZZ_REQUEST);
  } catch (error) {
    return { error: stepgateFailureKind(error), message: (error as Error).message };
  }
}

export function oracleOutcome(result: OracleResult): Outcome {
  return 'error' in result
    ? { error: oracleFailureKind(result.error), message: result.error }
    : result;
}

export function sameOutcome(a: Outcome, b: Outcome): boolean {
  if ('error' in a || 'error' in b)
    return 'error' in a && 'error' in b && a.error === b.error && a.error !== 'other';
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Differences that packages/vtl/README.md lists as known (each says which side AWS matches).
 * A difference is "known" only when one of these recognises it; anything else fails the run.
 */
export const KNOWN_DIFFERENCES: readonly {
  readonly name: string;
  readonly matches: (template: string, oracle: Outcome, stepgate: Outcome) => boolean;
}[] = [
  {
    // Velocity 1.7 crashes with a Java runtime exception (NullPointerException,
    // StringIndexOutOfBoundsException, …) while initialising some malformed constructs:
    // `#foreach` without parentheses, a bad `\u` escape in a string literal. stepgate reports
    // a parse error. Both fail the request.
    name: 'Velocity crashes where stepgate reports a parse error',
    matches: (_t, oracle, stepgate) =>
      'error' in oracle &&
      oracle.error === 'other' &&
      /^java\.lang\.\w+(?:Exception|Error)\b/.test(oracle.message) &&
      'error' in stepgate &&
      stepgate.error === 'parse',
  },
  {
    // API Gateway rejects #include and #parse (aws-facts); stepgate refuses them at compile time,
    // where Velocity would look for another template.
    name: '#include and #parse are refused, as API Gateway does',
    matches: (template, _oracle, stepgate) =>
      /#\{?(?:include|parse)\b/.test(template) &&
      'error' in stepgate &&
      stepgate.error === 'unsupported',
  },
  {
    // `$aClass[k]`: Velocity 1.7 calls the represented class's get(k) on the Class object and
    // lets the IllegalArgumentException escape unwrapped; stepgate reports an invocation error.
    name: 'Velocity lets IllegalArgumentException escape from $aClass[k]',
    matches: (_t, oracle, stepgate) =>
      'error' in oracle &&
      oracle.error === 'other' &&
      // A warm JVM's reflection reports it as `IllegalArgumentException: ClassCastException@…`.
      oracle.message.startsWith('java.lang.IllegalArgumentException') &&
      'error' in stepgate &&
      stepgate.message.includes('object is not an instance of declaring class') &&
      stepgate.error === 'invocation',
  },
  {
    // A loop whose variable is `$foreach` removes the scope; Velocity 1.7 then crashes
    // (NullPointerException in Directive.postRender), stepgate fails with an invocation error.
    name: 'Velocity crashes after a loop over $foreach',
    matches: (_t, oracle, stepgate) =>
      'error' in oracle &&
      oracle.error === 'other' &&
      oracle.message.startsWith('java.lang.NullPointerException') &&
      oracle.message.includes('Scope.getParent()') &&
      'error' in stepgate &&
      stepgate.error === 'invocation',
  },
  {
    // JDK 17's Double.toString and Float.toString sometimes print a digit more than the shortest
    // that reads back (`9.2233720368547763E17`, `2.14748365E9`); README: known differences.
    name: "JDK 17's Double.toString/Float.toString digits",
    matches: (_t, oracle, stepgate) =>
      'body' in oracle && 'body' in stepgate && sameUpToFloatingDigits(oracle.body, stepgate.body),
  },
  {
    // Printing `$input` or `$util` itself: the reference renderer prints its harness's class and
    // an identity hash (`dev.stepgate.vtlreference.Input@1b6d3586`), stepgate `Input` / `Util`.
    name: 'the $input or $util object printed',
    matches: (_t, oracle, stepgate) =>
      'body' in oracle &&
      'body' in stepgate &&
      /[\w.]+\.(?:Input|Util)@[0-9a-f]+/.test(oracle.body) &&
      oracle.body.replace(/[\w.]+\.(Input|Util)@[0-9a-f]+/g, '$1') === stepgate.body,
  },
  {
    // A Class's hashCode() is its identity hash in Java, different on every run; stepgate
    // gives the hash of the class name.
    name: "a Class object's identity hash",
    matches: (template, oracle, stepgate) =>
      /(?:\.class|\.getClass\(\))\.hashCode\(\)/.test(template) &&
      'body' in oracle &&
      'body' in stepgate,
  },
  {
    // A JDK method stepgate does not implement: it fails naming the method (`unsupported`)
    // instead of rendering a guess; Java runs it (or throws, e.g. BigInteger.add(null)).
    name: 'a JDK method stepgate does not implement',
    matches: (template, _oracle, stepgate) =>
      'error' in stepgate &&
      stepgate.error === 'unsupported' &&
      !/#\{?(?:include|parse)\b/.test(template),
  },
  {
    // A map put into itself as a key: Java's hashCode recurses until StackOverflowError;
    // stepgate goes on.
    name: 'Java overflows its stack on a map that contains itself',
    matches: (_t, oracle) =>
      'error' in oracle && oracle.message.startsWith('java.lang.StackOverflowError'),
  },
  {
    // Printing a Java array: Velocity prints its identity hash, stepgate a list.
    name: 'a Java array printed',
    matches: (_t, oracle) =>
      'body' in oracle && /\[(?:Ljava\.lang\.String;|B|C)@/.test(oracle.body),
  },
];

const FLOATING_NUMBER = /(-?\d+\.\d+(?:E-?\d+)?)/;

/** Whether two texts differ only in how decimal numbers of the same double or float are printed. */
function sameUpToFloatingDigits(a: string, b: string): boolean {
  const x = a.split(FLOATING_NUMBER);
  const y = b.split(FLOATING_NUMBER);
  if (x.length !== y.length) return false;
  return x.every((part, i) => {
    const other = y[i]!;
    if (part === other) return true;
    if (i % 2 === 0) return false;
    const [p, q] = [Number(part), Number(other)];
    return p === q || Math.fround(p) === Math.fround(q);
  });
}

export interface FuzzDifference {
  readonly template: string;
  readonly minimal: string;
  readonly oracle: Outcome;
  readonly stepgate: Outcome;
}

export interface FuzzReport {
  readonly seed: number;
  readonly total: number;
  readonly agreed: number;
  readonly known: Record<string, number>;
  readonly differences: FuzzDifference[];
}

function knownDifference(template: string, oracle: Outcome, stepgate: Outcome): string | null {
  return KNOWN_DIFFERENCES.find((k) => k.matches(template, oracle, stepgate))?.name ?? null;
}

/** Renders templates on the oracle in one JVM. */
function oracleOutcomes(templates: readonly string[]): Outcome[] {
  if (templates.length === 0) return [];
  return renderWithOracle(templates.map((template) => ({ template, request: FUZZ_REQUEST }))).map(
    oracleOutcome,
  );
}

function differs(template: string, oracle: Outcome): boolean {
  const stepgate = renderWithStepgate(template);
  return !sameOutcome(oracle, stepgate) && knownDifference(template, oracle, stepgate) === null;
}

/**
 * Shrinks a differing template by dropping pieces (delta debugging): each round tries every
 * removal of a chunk in one oracle batch and keeps the first that still differs.
 */
export function shrink(pieces: readonly string[], maxRounds = 40): string[] {
  let current = [...pieces];
  for (let round = 0; round < maxRounds; round++) {
    const candidates: string[][] = [];
    for (let size = Math.max(1, current.length >> 1); size >= 1; size = size >> 1) {
      for (let start = 0; start < current.length; start += size)
        candidates.push([...current.slice(0, start), ...current.slice(start + size)]);
      if (size === 1) break;
    }
    const texts = candidates.map((c) => c.join(''));
    const outcomes = oracleOutcomes(texts);
    const next = candidates.findIndex((_, i) => differs(texts[i]!, outcomes[i]!));
    if (next < 0) break;
    current = candidates[next]!;
  }
  return current;
}

/** Generates `count` templates from `seed`, renders them on both engines and compares. */
export function runTemplateFuzz(options: {
  seed: number;
  count: number;
  /** How many differences to shrink (each costs a few oracle runs). */
  shrinkLimit?: number;
}): FuzzReport {
  const { seed, count, shrinkLimit = 10 } = options;
  const cases = Array.from({ length: count }, (_, i) => generateTemplate(seed, i));
  const templates = cases.map((pieces) => pieces.join(''));
  const oracle: Outcome[] = [];
  const chunk = 5000;
  for (let i = 0; i < templates.length; i += chunk)
    oracle.push(...oracleOutcomes(templates.slice(i, i + chunk)));
  const known: Record<string, number> = {};
  const differences: FuzzDifference[] = [];
  let agreed = 0;
  templates.forEach((template, i) => {
    const expected = oracle[i]!;
    const actual = renderWithStepgate(template);
    if (sameOutcome(expected, actual)) {
      agreed++;
      return;
    }
    const name = knownDifference(template, expected, actual);
    if (name !== null) {
      known[name] = (known[name] ?? 0) + 1;
      return;
    }
    const minimal = differences.length < shrinkLimit ? shrink(cases[i]!).join('') : template;
    differences.push({ template, minimal, oracle: expected, stepgate: actual });
  });
  return { seed, total: count, agreed, known, differences };
}

/** One difference as readable text (the minimal template first). */
export function describeDifference(d: FuzzDifference): string {
  const minimalOracle = oracleOutcomes([d.minimal])[0]!;
  return [
    `minimal:  ${JSON.stringify(d.minimal)}`,
    `  oracle:   ${JSON.stringify(minimalOracle)}`,
    `  stepgate: ${JSON.stringify(renderWithStepgate(d.minimal))}`,
    `  from:     ${JSON.stringify(d.template)}`,
  ].join('\n');
}
