/**
 * `$bodyContent`: the body of a block macro call (`#@name()…#end`), Velocity 1.7's
 * Block.Reference. Printed, it renders the body with the variables where it is printed (the
 * macro's); turned into a string some other way (`'a' + $bodyContent`), with the caller's.
 * A `#break` in the body ends only the body.
 */
import type { TemplateNode } from './ast.js';
import type { VariableContext } from './macro-context.js';

/** The name a block macro's body has inside the macro (velocimacro.body.reference). */
export const BODY_REFERENCE = 'bodyContent';

/** The Java class a template sees for `$bodyContent`. */
export const BODY_CONTENT_CLASS = 'org.apache.velocity.runtime.directive.Block$Reference';

export class BodyContent {
  constructor(
    readonly body: TemplateNode[],
    /** The context of the call, which `toJavaString` renders with. */
    readonly caller: VariableContext,
    private readonly render: (body: BodyContent, context: VariableContext) => string,
  ) {}

  /** The body rendered with `context`'s variables. */
  renderWith(context: VariableContext): string {
    return this.render(this, context);
  }

  toJavaString(): string {
    return this.render(this, this.caller);
  }
}
