// GIVEN the JSON Schema generated from the config schema, THEN every key of stepgate.yml has a
// description (what an editor shows on hover) and the schema names its stable URL.
import { CONFIG_SCHEMA_URL, configJsonSchema, undescribedKeys } from '../src/config/schema.js';

test('every key of stepgate.yml has a description', () => {
  expect(undescribedKeys(configJsonSchema())).toEqual([]);
});

test('a key without one is found, however deep', () => {
  const schema = {
    properties: {
      a: { description: 'a', properties: { b: { type: 'string' } } },
      c: { anyOf: [{ properties: { d: {} } }] },
      e: { description: 'e', items: { properties: { f: {} } } },
    },
  };
  expect(undescribedKeys(schema)).toEqual(['a.b', 'c', 'c.d', 'e.*.f']);
});

test('the schema has a stable URL: the committed file at the v1 tag', () => {
  expect(configJsonSchema().$id).toBe(CONFIG_SCHEMA_URL);
  expect(CONFIG_SCHEMA_URL).toBe(
    'https://raw.githubusercontent.com/stepgate/stepgate/v1/packages/core/stepgate.schema.json',
  );
});
