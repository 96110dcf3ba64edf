/** `/pattern/flags` in a header expectation is a regular expression; anything else is a value. */
const SLASHED = /^\/(.+)\/([imsu]*)$/s;

export function headerPattern(expected: string): RegExp | undefined {
  const match = SLASHED.exec(expected);
  return match ? new RegExp(match[1]!, match[2]) : undefined;
}

/** The reason a regular expression does not compile, or undefined when it does. */
export function regexProblem(compile: () => unknown): string | undefined {
  try {
    compile();
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/^Invalid regular expression: /, '');
  }
}
