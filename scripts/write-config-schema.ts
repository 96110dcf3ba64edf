// Writes packages/core/stepgate.schema.json from the schema the code uses; --check fails when
// the committed file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { configJsonSchema } from '../packages/core/src/config/schema.ts';

const file = new URL('../packages/core/stepgate.schema.json', import.meta.url);
const text = `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // missing counts as stale
  }
  if (current !== text) {
    console.error(
      'packages/core/stepgate.schema.json is stale: run `npm run schema` and commit it',
    );
    process.exit(1);
  }
} else {
  writeFileSync(file, text);
}
