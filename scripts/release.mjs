// The release workflow's steps that are not one command (.github/workflows/release.yml):
//
//   node scripts/release.mjs check vX.Y.Z   the tag is vX.Y.Z and equals the version of the
//                                           published package (`stepgate`): exit 2 otherwise
//   node scripts/release.mjs notes vX.Y.Z   release notes on stdout: every commit since the
//                                           previous vX.Y.Z tag, grouped by the issue (#N) its
//                                           subject starts with, then how to use this release
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const PACKAGE = 'stepgate';
const TAG = /^v(\d+)\.(\d+)\.(\d+)$/;
const [command, tag] = process.argv.slice(2);

if (!tag || !TAG.test(tag) || !['check', 'notes'].includes(command)) {
  console.error('usage: node scripts/release.mjs check|notes vX.Y.Z');
  process.exit(2);
}

if (command === 'check') {
  const version = publishedPackage().version;
  if (`v${version}` !== tag) {
    console.error(
      `release: the tag ${tag} is not the version of the ${PACKAGE} package (${version}): set "version" to ${tag.slice(1)} in its package.json, or tag v${version}`,
    );
    process.exit(2);
  }
  console.log(`release: ${tag} = ${PACKAGE}@${version}`);
} else {
  process.stdout.write(notes(tag));
}

/** The workspace package that is published, found by name among the workspaces. */
function publishedPackage() {
  for (const dir of ['packages', 'actions']) {
    for (const name of gitLines('ls-files', `${dir}/*/package.json`)) {
      const pkg = JSON.parse(readFileSync(path.join(root, name), 'utf8'));
      if (pkg.name === PACKAGE) return pkg;
    }
  }
  console.error(`release: no workspace package is named ${PACKAGE}`);
  process.exit(2);
}

function notes(tag) {
  const previous = gitLines(
    'tag',
    '--list',
    'v*.*.*',
    '--sort=-v:refname',
    '--merged',
    `${tag}^{commit}`,
  ).filter((t) => TAG.test(t) && t !== tag)[0];
  const range = previous ? `${previous}..${tag}` : tag;
  const subjects = gitLines('log', '--no-merges', '--format=%s', range);
  const byIssue = new Map();
  for (const subject of subjects) {
    const issue = /^#(\d+)\s/.exec(subject)?.[1] ?? '';
    const list = byIssue.get(issue) ?? [];
    list.push(issue ? subject.replace(/^#\d+\s+/, '') : subject);
    byIssue.set(issue, list);
  }
  const major = tag.split('.')[0];
  const sections = [...byIssue.entries()]
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : Number(a) - Number(b)))
    .map(([issue, list]) =>
      [`### ${issue ? `#${issue}` : 'Other changes'}`, ...list.map((s) => `- ${s}`)].join('\n'),
    );
  return [
    `## stepgate ${tag}`,
    '',
    previous ? `Changes since ${previous}:` : 'First release.',
    '',
    sections.join('\n\n'),
    '',
    '## Use it',
    '',
    `- CLI: \`npm i -D stepgate@${tag.slice(1)}\``,
    `- Actions: \`stepgate/stepgate/actions/deploy@${major}\`, \`…/smoke@${major}\`, \`…/destroy@${major}\` (\`${major}\` now points at ${tag}; pin \`@${tag}\` to stay on this release)`,
    '',
  ].join('\n');
}

function gitLines(...args) {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.trim() !== '');
}
