/**
 * `$bodyContent`: the body of a block macro call (`#@name()…#end`), Velocity 1.7's
 * Block.Reference. Printed, it renders the body with the variables where it is printed (the
 * macro's); turned into a string some other way (`'a' + $bodyContent`), with the caller's.
 * A `#break` in the body ends only the body. A body that prints itself stops after
 * velocimacro.max.depth (20) levels.
 */
import type { TemplateNode } from './ast.js';
import type { VariableContext } from './macro-context.js';
import { ENGINE_LIMITS } from './limits.js';

/** The name a block macro's body has inside the macro (velocimacro.body.reference). */
export const BODY_REFERENCE = 'bodyContent';

/** The Java class a template sees for `$bodyContent`. */
export const BODY_CONTENT_CLASS = 'org.apache.velocity.runtime.directive.Block$Reference';

export class BodyContent {
  /** Its Java class (java-values.ts javaClassOf reads it). */
  readonly javaClass = BODY_CONTENT_CLASS;
  /** How many renders of this body are under way (a body that prints `$bodyContent`). */
  private depth = 0;

  constructor(
    readonly body: TemplateNode[],
    /** The context of the call, which `toJavaString` renders with. */
    readonly caller: VariableContext,
    private readonly render: (body: BodyContent, context: VariableContext) => string,
    /** How deep it may render itself: velocimacro.max.depth, or directive.define.max.depth. */
    private readonly maxDepth: number = ENGINE_LIMITS.macroDepth,
  ) {}

  /**
   * The body rendered with `context`'s variables; null past velocimacro.max.depth renders of
   * itself, where Velocity stops (and prints nothing).
   */
  renderWith(context: VariableContext): string | null {
    if (this.depth >= this.maxDepth) return null;
    this.depth++;
    try {
      return this.render(this, context);
    } finally {
      this.depth--;
    }
  }

  toJavaString(): string {
    return this.renderWith(this.caller) ?? '';
  }
}
