/** The errors a render throws, by class (index.ts maps each to a TemplateError kind). */

/** A Java exception thrown while rendering (Velocity's MethodInvocationException). */
export class RenderError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** Thrown by objects that reject a method (`$util.nope()`): always an error, never "". */
export class UnknownFunctionError extends Error {}

/** Part of a Java method stepgate does not implement (a String.format conversion). */
export class UnsupportedFeatureError extends Error {}

/** A public JDK 17 method the template calls that stepgate's engine does not implement. */
export class UnsupportedMethodError extends RenderError {}
