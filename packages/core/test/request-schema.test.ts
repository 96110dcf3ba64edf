// GIVEN a route's requestSchema file, WHEN it is checked and used, THEN only JSON Schema draft 4
// (the dialect of API Gateway models) is accepted, and bodies are judged by that schema.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '../src/errors.js';
import {
  checkRequestSchema,
  loadRequestSchema,
  requestBodyValidator,
} from '../src/validate/request-schema.js';

const ORDER = {
  $schema: 'http://json-schema.org/draft-04/schema#',
  type: 'object',
  required: ['item', 'quantity'],
  properties: {
    item: { type: 'string', minLength: 1 },
    quantity: { type: 'integer', minimum: 1, exclusiveMinimum: false },
  },
  additionalProperties: false,
};

function refusal(value: unknown): string {
  try {
    checkRequestSchema('order.schema.json', value);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).exitCode).toBe(2);
    return (error as Error).message;
  }
  throw new Error('accepted');
}

describe('requestSchema files', () => {
  test('a draft 4 schema is accepted, with or without $schema', () => {
    expect(checkRequestSchema('order.schema.json', ORDER).schema).toBe(ORDER);
    const bare: Record<string, unknown> = { ...ORDER };
    delete bare.$schema;
    expect(checkRequestSchema('order.schema.json', bare).schema).toEqual(bare);
  });

  test.each([
    [[1, 2], 'order.schema.json: a request schema must be a JSON Schema (draft 4) object'],
    [
      { ...ORDER, $schema: 'https://json-schema.org/draft/2020-12/schema' },
      'order.schema.json: $schema is "https://json-schema.org/draft/2020-12/schema": API Gateway models are JSON Schema draft 4',
    ],
    [{ type: 'objekt' }, 'order.schema.json: not a valid JSON Schema draft 4: /type'],
    // draft 6+ spelling: in draft 4 exclusiveMinimum is a boolean
    [
      { type: 'number', minimum: 1, exclusiveMinimum: 3 },
      'order.schema.json: not a valid JSON Schema draft 4: /exclusiveMinimum',
    ],
    [{ required: [] }, 'order.schema.json: not a valid JSON Schema draft 4: /required'],
    [{ $ref: '#/definitions/missing' }, 'order.schema.json: not a usable JSON Schema draft 4'],
  ])('%j is refused with one line naming the file', (value, start) => {
    const message = refusal(value);
    expect(message.startsWith(start)).toBe(true);
    expect(message).not.toContain('\n');
  });

  test('a file that is not JSON, or missing, is refused naming it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stepgate-schema-'));
    writeFileSync(path.join(dir, 'bad.json'), '{"type": ');
    expect(() => loadRequestSchema(dir, 'bad.json', 'api.routes.0.requestSchema')).toThrow(
      /bad\.json: request schema is not valid JSON/,
    );
    expect(() => loadRequestSchema(dir, 'nope.json', 'api.routes.0.requestSchema')).toThrow(
      /nope\.json: api\.routes\.0\.requestSchema: request schema \(api\.routes\.0\.requestSchema\) does not exist/,
    );
  });
});

describe('request bodies', () => {
  const check = requestBodyValidator(ORDER);

  test('a valid body passes', () => {
    expect(check('{"item": "tea", "quantity": 2}')).toBeNull();
  });

  test.each([
    ['{"item": "tea"}', "(root) must have required property 'quantity'"],
    ['{"item": "tea", "quantity": 0}', '/quantity must be >= 1'],
    ['{"item": "tea", "quantity": 1, "x": 1}', '(root) must NOT have additional properties'],
    ['{"item": ', 'the body is not JSON'],
    ['', "(root) must have required property 'item'"],
  ])('%j is refused: %s', (body, reason) => {
    expect(check(body)).toBe(reason);
  });
});
