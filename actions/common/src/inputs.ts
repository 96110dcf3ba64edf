import { existsSync } from 'node:fs';
import * as core from '@actions/core';
// One constant: with "sideEffects": false the bundler takes only desired/naming.js of core into
// the actions' front (bench/action-bundles.bench.ts measures it), not the library.
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { ENVIRONMENT_PATTERN } from '@stepgate/core';

/**
 * A bad action input. Its message is the one line a user sees (`::error::` through
 * core.setFailed): the input's name, the value given, and what is allowed.
 */
export class InputError extends Error {
  readonly exitCode = 2;
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(message);
    this.name = 'InputError';
  }
}

const BOOLEAN_VALUES = 'true or false (true | True | TRUE | false | False | FALSE)';
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** How a text input is read and checked. An empty input always means "not set". */
export interface TextInputOptions {
  /** Kept exactly as given (secrets): no trimming. */
  readonly keepWhitespace?: boolean;
}

/**
 * Reads every input of an action through @actions/core, the one place inputs are read. Each
 * reader returns `undefined` for an empty input (action.yml's defaults fill in the rest on a
 * runner) and throws an InputError for a value the action cannot use.
 */
export const inputs = {
  /** Any text; empty → undefined. */
  text(name: string, options: TextInputOptions = {}): string | undefined {
    return core.getInput(name, { trimWhitespace: !options.keepWhitespace }) || undefined;
  },

  /** core.getBooleanInput's YAML 1.2 booleans; empty → `defaultValue`. */
  boolean(name: string, defaultValue: boolean): boolean {
    if (core.getInput(name) === '') return defaultValue;
    try {
      return core.getBooleanInput(name);
    } catch {
      throw new InputError(name, `Input '${name}' is ${quote(name)}: allowed: ${BOOLEAN_VALUES}.`);
    }
  },

  /** An environment name as stepgate names resources with it. */
  environment(name: string): string | undefined {
    const value = inputs.text(name);
    if (value !== undefined && !ENVIRONMENT_PATTERN.test(value)) {
      throw new InputError(
        name,
        `Input '${name}' is ${quote(name)}: allowed: lowercase letters, digits and '-', starting with a letter, at most 63 characters (e.g. prod, pr-42).`,
      );
    }
    return value;
  },

  /** An AWS region name such as us-east-1. */
  region(name: string): string | undefined {
    const value = inputs.text(name);
    if (value !== undefined && !REGION_PATTERN.test(value)) {
      throw new InputError(
        name,
        `Input '${name}' is ${quote(name)}: allowed: an AWS region name such as us-east-1, or empty.`,
      );
    }
    return value;
  },

  /**
   * A file the action reads, relative to the working directory (the workspace on a runner); an
   * empty input means `fallback`. Either must exist: checked before the action loads anything.
   */
  existingFile(name: string, fallback?: string): string | undefined {
    const value = inputs.text(name);
    const file = value ?? fallback;
    if (file !== undefined && !existsSync(file)) {
      const given = value === undefined ? ` (its default)` : '';
      throw new InputError(
        name,
        `Input '${name}' is ${JSON.stringify(file)}${given}: no such file in ${process.cwd()}: allowed: the path of an existing file, relative to the workspace.`,
      );
    }
    return value;
  },

  /** An absolute http(s) URL. */
  url(name: string): string | undefined {
    const value = inputs.text(name);
    if (value !== undefined && !isHttpUrl(value)) {
      throw new InputError(
        name,
        `Input '${name}' is ${quote(name)}: allowed: an absolute http:// or https:// URL, or empty.`,
      );
    }
    return value;
  },
};

function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === 'http:' || protocol === 'https:';
}

/** The value as given, quoted for the message (never a secret input: those are plain text). */
function quote(name: string): string {
  return JSON.stringify(core.getInput(name));
}
