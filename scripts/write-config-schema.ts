// Writes packages/core/stepgate.schema.json and packages/smoke/smoke.schema.json from the
// schemas the code uses; --check fails when a committed file is stale. Either way, a key of
// stepgate.yml without a description is an error: editors show it to users.
import { readFileSync, writeFileSync } from 'node:fs';
import { configJsonSchema, undescribedKeys } from '../packages/core/src/config/schema.ts';
import { smokeJsonSchema } from '../packages/smoke/src/spec/smoke-schema.ts';

const schemas: [string, Record<string, unknown>][] = [
  ['packages/core/stepgate.schema.json', configJsonSchema()],
  ['packages/smoke/smoke.schema.json', smokeJsonSchema()],
];
const undescribed = undescribedKeys(schemas[0]![1]);
if (undescribed.length) {
  console.error(
    `stepgate.yml keys without a description (add .describe() in packages/core/src/config/schema.ts): ${undescribed.join(', ')}`,
  );
  process.exitCode = 1;
}
for (const [name, schema] of schemas) {
  const file = new URL(`../${name}`, import.meta.url);
  const text = `${JSON.stringify(schema, null, 2)}\n`;
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (current !== text) {
      console.error(`${name} is stale: run \`npm run schema\` and commit it`);
      process.exitCode = 1;
    }
  } else {
    writeFileSync(file, text);
  }
}
