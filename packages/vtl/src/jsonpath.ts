import { compareNumbers, isNumber, javaEquals, JsonSmartArray } from './java-values.js';

/**
 * JSONPath as Jayway JsonPath (API Gateway's `$input.path` / `$input.json`) evaluates it:
 * a definite path (only names and single indexes) gives the value or null when it is
 * missing; an indefinite one (`..`, `*`, slices, index lists, filters) gives a list of every
 * match. An index applied to something that is not an array is an error, as in Jayway.
 */

type Filter =
  | { f: 'or' | 'and'; l: Filter; r: Filter }
  | { f: 'not'; x: Filter }
  | { f: 'cmp'; op: string; l: Operand; r: Operand }
  | { f: 'exists'; x: Operand };
type Operand = { o: 'path'; steps: Step[] } | { o: 'lit'; v: unknown };

type Step =
  | { s: 'prop'; names: string[] }
  | { s: 'index'; indexes: number[] }
  | { s: 'slice'; from?: number; to?: number; step?: number }
  | { s: 'wild' }
  | { s: 'scan' }
  | { s: 'filter'; filter: Filter };

export interface CompiledPath {
  readonly steps: Step[];
  readonly definite: boolean;
}

export class JsonPathError extends Error {}

const cache = new Map<string, CompiledPath>();

export function compileJsonPath(path: string): CompiledPath {
  let compiled = cache.get(path);
  if (!compiled) {
    const steps = new PathParser(path.trim()).parse();
    const definite = steps.every(
      (s) =>
        (s.s === 'prop' && s.names.length === 1) || (s.s === 'index' && s.indexes.length === 1),
    );
    compiled = { steps, definite };
    if (cache.size > 1000) cache.clear();
    cache.set(path, compiled);
  }
  return compiled;
}

class PathParser {
  pos = 0;
  constructor(readonly text: string) {}

  fail(what: string): never {
    throw new JsonPathError(`invalid JSONPath '${this.text}': ${what}`);
  }

  parse(): Step[] {
    let t = this.text;
    if (t === '') this.fail('empty path');
    if (!t.startsWith('$')) t = `$.${t}`;
    (this as { text: string }).text = t;
    this.pos = 1;
    return this.steps(false);
  }

  steps(inFilter: boolean): Step[] {
    const steps: Step[] = [];
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos];
      if (c === '.') {
        if (t[this.pos + 1] === '.') {
          this.pos += 2;
          steps.push({ s: 'scan' });
          if (t[this.pos] === '[') continue;
        } else this.pos++;
        if (t[this.pos] === '*') {
          this.pos++;
          steps.push({ s: 'wild' });
          continue;
        }
        const m = /[^.[\]()\s!=<>&|,]+/y;
        m.lastIndex = this.pos;
        const name = m.exec(t)?.[0];
        if (!name) this.fail(`expected a property name at ${this.pos}`);
        this.pos += name.length;
        steps.push({ s: 'prop', names: [name] });
      } else if (c === '[') {
        steps.push(this.bracket());
      } else if (inFilter) {
        break;
      } else {
        this.fail(`unexpected '${c}' at ${this.pos}`);
      }
    }
    return steps;
  }

  bracket(): Step {
    const t = this.text;
    this.pos++;
    this.skipWs();
    if (t[this.pos] === '*') {
      this.pos++;
      this.expect(']');
      return { s: 'wild' };
    }
    if (t[this.pos] === '?') {
      this.pos++;
      this.skipWs();
      this.expect('(');
      const filter = this.filterOr();
      this.skipWs();
      this.expect(')');
      this.skipWs();
      this.expect(']');
      return { s: 'filter', filter };
    }
    if (t[this.pos] === "'") {
      const names: string[] = [];
      for (;;) {
        this.skipWs();
        names.push(this.quoted());
        this.skipWs();
        if (t[this.pos] === ',') {
          this.pos++;
          continue;
        }
        this.expect(']');
        return { s: 'prop', names };
      }
    }
    const m = /\s*(-?\d*)\s*(?::\s*(-?\d*)\s*(?::\s*(-?\d*)\s*)?)?\]/y;
    m.lastIndex = this.pos;
    const slice = m.exec(t);
    if (slice && slice[0].includes(':')) {
      this.pos += slice[0].length;
      const num = (s: string | undefined) => (s === undefined || s === '' ? undefined : Number(s));
      return { s: 'slice', from: num(slice[1]), to: num(slice[2]), step: num(slice[3]) };
    }
    const list = /\s*-?\d+\s*(?:,\s*-?\d+\s*)*\]/y;
    list.lastIndex = this.pos;
    const indexes = list.exec(t);
    if (!indexes) this.fail(`could not analyze path component at ${this.pos}`);
    this.pos += indexes[0].length;
    return {
      s: 'index',
      indexes: indexes[0]
        .slice(0, -1)
        .split(',')
        .map((s) => Number(s.trim())),
    };
  }

  quoted(): string {
    const t = this.text;
    const q = t[this.pos];
    if (q !== "'") this.fail(`expected a quoted name at ${this.pos}`);
    let out = '';
    this.pos++;
    while (this.pos < t.length && t[this.pos] !== q) {
      if (t[this.pos] === '\\' && this.pos + 1 < t.length) this.pos++;
      out += t[this.pos++];
    }
    if (t[this.pos] !== q) this.fail('unterminated quoted name');
    this.pos++;
    return out;
  }

  skipWs(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  expect(c: string): void {
    if (this.text[this.pos] !== c) this.fail(`expected '${c}' at ${this.pos}`);
    this.pos++;
  }

  filterOr(): Filter {
    let l = this.filterAnd();
    for (;;) {
      this.skipWs();
      if (!this.text.startsWith('||', this.pos)) return l;
      this.pos += 2;
      l = { f: 'or', l, r: this.filterAnd() };
    }
  }

  filterAnd(): Filter {
    let l = this.filterUnary();
    for (;;) {
      this.skipWs();
      if (!this.text.startsWith('&&', this.pos)) return l;
      this.pos += 2;
      l = { f: 'and', l, r: this.filterUnary() };
    }
  }

  filterUnary(): Filter {
    this.skipWs();
    const t = this.text;
    if (t[this.pos] === '!' && t[this.pos + 1] !== '=') {
      this.pos++;
      return { f: 'not', x: this.filterUnary() };
    }
    if (t[this.pos] === '(') {
      this.pos++;
      const inner = this.filterOr();
      this.skipWs();
      this.expect(')');
      return inner;
    }
    const l = this.operand();
    this.skipWs();
    const m = /==|!=|<=|>=|<|>/y;
    m.lastIndex = this.pos;
    const op = m.exec(t)?.[0];
    if (!op) {
      if (
        /^\s*(=~|in\b|nin\b|subsetof\b|anyof\b|noneof\b|size\b|empty\b|contains\b)/.test(
          t.slice(this.pos),
        )
      ) {
        this.fail(`filter operator at ${this.pos} is not supported`);
      }
      return { f: 'exists', x: l };
    }
    this.pos += op.length;
    return { f: 'cmp', op, l, r: this.operand() };
  }

  operand(): Operand {
    this.skipWs();
    const t = this.text;
    const c = t[this.pos];
    if (c === '@' || c === '$') {
      if (c === '$') this.fail('root references in filters are not supported');
      this.pos++;
      return { o: 'path', steps: this.steps(true) };
    }
    if (c === "'" || c === '"') {
      const q = c;
      let out = '';
      this.pos++;
      while (this.pos < t.length && t[this.pos] !== q) out += t[this.pos++];
      this.expect(q);
      return { o: 'lit', v: out };
    }
    const m = /-?\d+(\.\d+)?([eE][+-]?\d+)?|true\b|false\b|null\b/y;
    m.lastIndex = this.pos;
    const lit = m.exec(t)?.[0];
    if (!lit) this.fail(`unsupported filter expression at ${this.pos}`);
    this.pos += lit.length;
    if (lit === 'true') return { o: 'lit', v: true };
    if (lit === 'false') return { o: 'lit', v: false };
    if (lit === 'null') return { o: 'lit', v: null };
    return { o: 'lit', v: /[.eE]/.test(lit) ? Number(lit) : BigInt(lit) };
  }
}

const MISSING = Symbol('missing');

/** Jayway's PathNotFoundException: the whole read yields null. */
class PathNotFound {}

function isDefiniteStep(step: Step): boolean {
  return (
    (step.s === 'prop' && step.names.length === 1) ||
    (step.s === 'index' && step.indexes.length === 1)
  );
}

/** Evaluates a compiled path on a document; see the module comment for the result's shape. */
export function evaluateJsonPath(path: CompiledPath, doc: unknown): unknown {
  const out = new JsonSmartArray();
  try {
    walk(path.steps, 0, doc, (value) => out.push(value), true);
  } catch (error) {
    if (error instanceof PathNotFound) return null;
    throw error;
  }
  if (path.definite) return out.length === 0 ? null : (out[0] ?? null);
  return out;
}

function walk(
  steps: Step[],
  i: number,
  node: unknown,
  emit: (value: unknown) => void,
  upstreamDefinite: boolean,
): void {
  if (i === steps.length) {
    emit(node);
    return;
  }
  const step = steps[i]!;
  const downstream = upstreamDefinite && isDefiniteStep(step);
  switch (step.s) {
    case 'prop':
      if (step.names.length > 1)
        throw new JsonPathError('multi-property selection is not supported');
      if (!(node instanceof Map)) {
        if (!upstreamDefinite) return;
        throw new PathNotFound();
      }
      // A missing property gives no match (a definite path then reads as null).
      if (node.has(step.names[0])) walk(steps, i + 1, node.get(step.names[0]), emit, downstream);
      return;
    case 'index':
    case 'slice': {
      if (node === null || node === undefined) {
        if (!upstreamDefinite) return;
        throw new PathNotFound();
      }
      if (!Array.isArray(node)) {
        if (!upstreamDefinite) return;
        throw new JsonPathError(
          `Filter: [${step.s === 'index' ? step.indexes.join(',') : '…:…'}] can only be applied to arrays`,
        );
      }
      if (step.s === 'index') {
        for (const j of step.indexes)
          if (j >= 0 && j < node.length) walk(steps, i + 1, node[j], emit, downstream);
        return;
      }
      const len = node.length;
      const norm = (n: number) => (n < 0 ? Math.max(0, len + n) : Math.min(len, n));
      const from = norm(step.from ?? 0);
      const to = norm(step.to ?? len);
      const by = step.step ?? 1;
      if (by <= 0) throw new JsonPathError('slice step must be positive');
      for (let j = from; j < to; j += by) walk(steps, i + 1, node[j], emit, false);
      return;
    }
    case 'wild':
      if (node instanceof Map) for (const v of node.values()) walk(steps, i + 1, v, emit, false);
      else if (Array.isArray(node)) for (const v of node) walk(steps, i + 1, v, emit, false);
      return;
    case 'scan':
      scan(steps, i + 1, node, emit);
      return;
    case 'filter':
      if (Array.isArray(node)) {
        for (const v of node) if (test(step.filter, v)) walk(steps, i + 1, v, emit, false);
      } else if (node instanceof Map) {
        if (test(step.filter, node)) walk(steps, i + 1, node, emit, false);
      } else if (upstreamDefinite)
        throw new JsonPathError('Filter: [?] can not be applied to primitives');
      return;
  }
}

function scan(steps: Step[], i: number, node: unknown, emit: (value: unknown) => void): void {
  walk(steps, i, node, emit, false);
  if (node instanceof Map) {
    for (const v of node.values())
      if (v instanceof Map || Array.isArray(v)) scan(steps, i, v, emit);
  } else if (Array.isArray(node)) {
    for (const v of node) if (v instanceof Map || Array.isArray(v)) scan(steps, i, v, emit);
  }
}

function operandValue(operand: Operand, current: unknown): unknown {
  if (operand.o === 'lit') return operand.v;
  let node: unknown = current;
  for (const step of operand.steps) {
    if (step.s === 'prop' && step.names.length === 1) {
      if (!(node instanceof Map) || !node.has(step.names[0])) return MISSING;
      node = node.get(step.names[0]);
    } else if (step.s === 'index' && step.indexes.length === 1) {
      const i = step.indexes[0]!;
      if (!Array.isArray(node) || i < 0 || i >= node.length) return MISSING;
      node = node[i];
    } else {
      throw new JsonPathError('only simple paths are supported in filters');
    }
  }
  return node;
}

function test(filter: Filter, current: unknown): boolean {
  switch (filter.f) {
    case 'or':
      return test(filter.l, current) || test(filter.r, current);
    case 'and':
      return test(filter.l, current) && test(filter.r, current);
    case 'not':
      return !test(filter.x, current);
    case 'exists':
      return operandValue(filter.x, current) !== MISSING;
    case 'cmp': {
      const l = operandValue(filter.l, current);
      const r = operandValue(filter.r, current);
      if (l === MISSING || r === MISSING) return filter.op === '!=';
      if (filter.op === '==') return valueEquals(l, r);
      if (filter.op === '!=') return !valueEquals(l, r);
      let c: number;
      if (isNumber(l) && isNumber(r)) c = compareNumbers(l, r);
      else if (typeof l === 'string' && typeof r === 'string') c = l < r ? -1 : l > r ? 1 : 0;
      else return false;
      return filter.op === '<'
        ? c < 0
        : filter.op === '<='
          ? c <= 0
          : filter.op === '>'
            ? c > 0
            : c >= 0;
    }
  }
}

function valueEquals(a: unknown, b: unknown): boolean {
  if (isNumber(a) && isNumber(b)) return compareNumbers(a, b) === 0;
  return javaEquals(a, b);
}
