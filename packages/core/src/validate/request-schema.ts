import path from 'node:path';
import ajvDraft04, { type ErrorObject, type ValidateFunction } from 'ajv-draft-04';
import { ConfigError } from '../errors.js';
import { displayPath, parseSourceDocument, readTextFile } from '../load/source-file.js';

/**
 * A route's `requestSchema`: JSON Schema draft 4, the dialect of API Gateway models. The file
 * is checked here (so `validate` refuses a schema AWS would refuse) and the same compiled
 * validator checks bodies in the local stage, so both stages agree on what is valid.
 */
export interface RequestSchema {
  /** The file as users see it. */
  readonly file: string;
  /** The schema as written (JSON), without `$schema`-independent changes: it becomes the model. */
  readonly schema: Readonly<Record<string, unknown>>;
}

const DRAFT_04 = /^https?:\/\/json-schema\.org\/draft-04\/schema#?$/;

// A CommonJS module whose module.exports is the class and also carries it as `default`.
const Ajv = ajvDraft04.default;

function newAjv(): InstanceType<typeof Ajv> {
  // strict: false: draft 4 allows keywords it does not define (API Gateway ignores them too).
  return new Ajv({ strict: false, allErrors: false, validateFormats: false });
}

/** Reads and checks a schema file; every problem is a ConfigError naming the file (exit 2). */
export function loadRequestSchema(
  configDir: string,
  relative: string,
  field: string,
): RequestSchema {
  const file = path.resolve(configDir, relative);
  const text = readTextFile(file, `request schema (${field})`, field);
  const source = parseSourceDocument(file, text, 'request schema');
  return checkRequestSchema(source.file, source.value);
}

/** Checks that `value` is a JSON Schema draft 4 document. */
export function checkRequestSchema(file: string, value: unknown): RequestSchema {
  const fail = (problem: string): never => {
    throw new ConfigError({ file: displayPath(file) }, problem);
  };
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    fail('a request schema must be a JSON Schema (draft 4) object');
  const schema = value as Record<string, unknown>;
  const declared = schema.$schema;
  if (declared !== undefined && (typeof declared !== 'string' || !DRAFT_04.test(declared)))
    fail(
      `$schema is ${JSON.stringify(declared)}: API Gateway models are JSON Schema draft 4 (http://json-schema.org/draft-04/schema#)`,
    );
  const ajv = newAjv();
  if (!ajv.validateSchema(schema)) fail(`not a valid JSON Schema draft 4: ${describe(ajv.errors)}`);
  try {
    ajv.compile(schema);
  } catch (error) {
    fail(`not a usable JSON Schema draft 4: ${(error as Error).message}`);
  }
  return { file: displayPath(file), schema };
}

/** Why a body is refused, or null when it is valid. */
export type BodyCheck = (body: string) => string | null;

/**
 * The request validator: a body that is not JSON, or not valid for the schema, is refused.
 * An empty body is checked as `{}`, the value the default request template gives the workflow.
 */
export function requestBodyValidator(schema: RequestSchema['schema']): BodyCheck {
  const validate: ValidateFunction = newAjv().compile(schema);
  return (body) => {
    let value: unknown;
    try {
      value = body.trim() === '' ? {} : JSON.parse(body);
    } catch {
      return 'the body is not JSON';
    }
    return validate(value) ? null : describe(validate.errors);
  };
}

function describe(errors: ErrorObject[] | null | undefined): string {
  const first = errors?.[0];
  if (!first) return 'invalid';
  const at = first.instancePath || '(root)';
  return `${at} ${first.message ?? 'is invalid'}`;
}
