/**
 * `$foreach`, Velocity 1.7's ForeachScope: the loop's state (`index`, `count`, `hasNext`,
 * `first`, `last`), the enclosing loop's scope (`parent`, `topmost`), what `$foreach` held
 * before the outermost loop (`replaced`), and a map of its own (`#set($foreach.x = 1)`), which
 * it also prints as (`{}`, `{x=1}`). A key missing here is looked up in the parent scope.
 */
import type { ForeachNode } from './ast.js';
import { javaToString } from './java-values.js';

/** A method the scope does not have (Velocity prints nothing). */
export const NO_SCOPE_METHOD = Symbol('no scope method');

/** The Java class a template sees for `$foreach`. */
export const FOREACH_SCOPE_CLASS = 'org.apache.velocity.runtime.directive.ForeachScope';

export class ForeachScope {
  /** Its Java class (java-values.ts javaClassOf reads it). */
  readonly javaClass = FOREACH_SCOPE_CLASS;
  index = -1;
  hasNext = false;
  /** The scope's own keys (`#set($foreach.x = 1)`); its other Map methods work on these. */
  readonly storage = new Map<unknown, unknown>();
  /** The enclosing loop's scope, or null. */
  readonly parent: ForeachScope | null;
  /** What `$foreach` held before this loop when that was not a scope (Scope.getReplaced). */
  private readonly ownReplaced: unknown;

  /**
   * @param owner the `#foreach` this scope belongs to: `#break($foreach)` ends that loop.
   * @param previous what `$foreach` held when the loop started.
   */
  constructor(
    readonly owner: ForeachNode,
    previous: unknown,
  ) {
    this.parent = previous instanceof ForeachScope ? previous : null;
    this.ownReplaced = previous instanceof ForeachScope ? null : (previous ?? null);
  }

  get topmost(): ForeachScope {
    return this.parent ? this.parent.topmost : this;
  }

  get replaced(): unknown {
    return this.ownReplaced ?? this.parent?.replaced ?? null;
  }

  /** How deep this loop is nested in other loops (1 for the outermost). */
  get depth(): number {
    return this.parent ? this.parent.depth + 1 : 1;
  }

  /** Scope.get: this scope's own key, else the parent's. */
  get(key: unknown): unknown {
    if (this.storage.has(key)) return this.storage.get(key) ?? null;
    return this.parent ? this.parent.get(key) : null;
  }

  put(key: unknown, value: unknown): void {
    this.storage.set(key, value);
  }

  /**
   * `$foreach.name`, as Velocity's introspection finds it: a public getter first (getIndex,
   * getParent, …), else the map's `get(name)`.
   */
  property(name: string): unknown {
    switch (name) {
      case 'index':
        return BigInt(this.index);
      case 'count':
        return BigInt(this.index + 1);
      case 'hasNext':
        return this.hasNext;
      case 'first':
        return this.index < 1;
      case 'last':
        return !this.hasNext;
      case 'parent':
        return this.parent;
      case 'topmost':
        return this.topmost;
      case 'replaced':
        return this.replaced;
      case 'info':
        return new ScopeInfo(this);
    }
    return this.get(name);
  }

  /**
   * A method of ForeachScope itself (its getters, Scope.get); NO_SCOPE_METHOD for the other
   * methods of the java.util.AbstractMap it extends, which work on `storage` as a map's do.
   */
  method(name: string, args: readonly unknown[]): unknown {
    const getter = SCOPE_GETTERS.get(name);
    if (getter !== undefined && args.length === 0) return this.property(getter);
    if (name === 'get' && args.length === 1) return this.get(args[0]);
    if (name === 'toString' && args.length === 0) return this.toJavaString();
    return NO_SCOPE_METHOD;
  }

  /** AbstractMap.toString: `{k=v, …}`, the scope itself as `(this Map)`. */
  toJavaString(): string {
    const text = (x: unknown) => (x === this ? '(this Map)' : javaToString(x));
    return `{${[...this.storage].map(([k, v]) => `${text(k)}=${text(v)}`).join(', ')}}`;
  }
}

/** The name Velocity gives the template (the oracle's `evaluate` log tag; AWS's is unknown). */
const TEMPLATE_NAME = 'template';

/** `$foreach.info` (Scope.Info): where the loop is, and how deep. */
export class ScopeInfo {
  readonly javaClass = 'org.apache.velocity.runtime.directive.Scope$Info';

  constructor(private readonly scope: ForeachScope) {}

  /** `$foreach.info.name` and the others, or `getName()` … as methods. */
  property(name: string): unknown {
    switch (name) {
      case 'name':
        return 'foreach';
      case 'type':
        return 'block';
      case 'depth':
        return BigInt(this.scope.depth);
      case 'template':
        return TEMPLATE_NAME;
      case 'line':
        return BigInt(this.scope.owner.line);
      case 'column':
        return BigInt(this.scope.owner.column);
    }
    return null;
  }

  method(name: string, args: readonly unknown[]): unknown {
    if (name === 'toString' && args.length === 0) return this.toJavaString();
    const getter = /^get([A-Z]\w*)$/.exec(name)?.[1];
    if (!getter || args.length > 0) return NO_SCOPE_METHOD;
    const value = this.property(getter[0]!.toLowerCase() + getter.slice(1));
    return value === null ? NO_SCOPE_METHOD : value;
  }

  toJavaString(): string {
    const { depth, owner } = this.scope;
    return `#foreach[type:block${depth > 1 ? ` depth:${depth}` : ''} template:${TEMPLATE_NAME} line:${owner.line} column:${owner.column}]`;
  }
}

/**
 * ForeachScope's public methods beyond those of java.util.AbstractMap (which are a
 * LinkedHashMap's but `clone()`), in the JDK table's form (java-methods.ts adds both).
 */
export const FOREACH_SCOPE_METHODS: readonly string[] = [
  'getIndex()',
  'getCount()',
  'hasNext()',
  'getHasNext()',
  'isFirst()',
  'getFirst()',
  'isLast()',
  'getLast()',
  'getParent()',
  'getTopmost()',
  'getReplaced()',
  'getInfo()',
];

/** The scope's no-argument methods that read one of its properties. */
const SCOPE_GETTERS: ReadonlyMap<string, string> = new Map([
  ['getIndex', 'index'],
  ['getCount', 'count'],
  ['hasNext', 'hasNext'],
  ['getHasNext', 'hasNext'],
  ['isFirst', 'first'],
  ['getFirst', 'first'],
  ['isLast', 'last'],
  ['getLast', 'last'],
  ['getParent', 'parent'],
  ['getTopmost', 'topmost'],
  ['getReplaced', 'replaced'],
  ['getInfo', 'info'],
]);

/**
 * Ends rendering up to a point (Velocity's StopCommand): `#break` ends the nearest `#foreach`
 * or macro call (or the template), `#break($scope)` ends the loop that scope belongs to,
 * `#stop` ends the template.
 */
export class StopSignal {
  private constructor(
    /** The loop to end, null for "the nearest loop or macro". */
    readonly loop: ForeachNode | null,
    readonly all: boolean,
  ) {}

  static nearest(): StopSignal {
    return new StopSignal(null, false);
  }
  static loop(owner: ForeachNode): StopSignal {
    return new StopSignal(owner, false);
  }
  static template(): StopSignal {
    return new StopSignal(null, true);
  }

  /** Whether the `#foreach` `node` stops here (StopCommand.isFor). */
  endsLoop(node: ForeachNode): boolean {
    return !this.all && (this.loop === null || this.loop === node);
  }

  /** Whether a macro call, or a block macro's body, stops here. */
  get endsMacro(): boolean {
    return !this.all && this.loop === null;
  }
}
