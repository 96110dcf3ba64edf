// Writes the inputs and outputs tables of every action's README from its action.yml (between
// the action-docs markers); --check fails when a README is stale, so the bundle check also
// catches stale docs.
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '..');
const START = '<!-- action-docs:start (generated from action.yml by scripts/action-docs.mjs) -->';
const END = '<!-- action-docs:end -->';
const check = process.argv.includes('--check');
const cell = (text) =>
  String(text ?? '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\|/g, '\\|');

let stale = 0;
for (const name of readdirSync(path.join(root, 'actions')).sort()) {
  const actionFile = path.join(root, 'actions', name, 'action.yml');
  if (!existsSync(actionFile)) continue;
  const action = parse(readFileSync(actionFile, 'utf8'));
  const block = [
    START,
    '',
    `\`uses: <owner>/stepgate/actions/${name}@v1\` — ${cell(action.description)}`,
    '',
    '| input | default | description |',
    '| --- | --- | --- |',
    ...Object.entries(action.inputs ?? {}).map(
      ([input, spec]) =>
        `| \`${input}\` | ${spec.default ? `\`${cell(spec.default)}\`` : ''} | ${cell(spec.description)} |`,
    ),
    '',
    '| output | description |',
    '| --- | --- |',
    ...Object.entries(action.outputs ?? {}).map(
      ([output, spec]) => `| \`${output}\` | ${cell(spec.description)} |`,
    ),
    '',
    END,
  ].join('\n');
  const readmeFile = path.join(root, 'actions', name, 'README.md');
  const readme = readFileSync(readmeFile, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  const next =
    start >= 0 && end > start
      ? `${readme.slice(0, start)}${block}${readme.slice(end + END.length)}`
      : `${readme.trimEnd()}\n\n${block}\n`;
  if (next === readme) continue;
  if (check) {
    console.error(`actions/${name}/README.md is stale: run \`npm run bundle\` and commit it`);
    stale++;
  } else {
    writeFileSync(readmeFile, next);
    console.log(`actions/${name}/README.md`);
  }
}
process.exit(stale ? 1 : 0);
