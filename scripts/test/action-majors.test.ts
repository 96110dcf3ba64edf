// Every `uses: owner/repo@ref` in the repository (workflows, the YAML blocks in Markdown, the
// templates `stepgate init` writes, wherever they live) must call a major of that action that
// runs on Node 24: GitHub's runners no longer carry Node 20 for actions. The scan is textual
// on purpose, so a template kept as a string in TypeScript is checked like a .yml file.
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Action → first major whose action.yml says `runs.using: node24` (looked up 2026-12-05 in
 * each action's repository; workflows-examples/README.md lists the current majors used).
 * The next bump is one line here.
 */
const FIRST_NODE24_MAJOR: Record<string, number> = {
  'actions/checkout': 5,
  'actions/setup-node': 5,
  'actions/setup-python': 6,
  'actions/setup-go': 6,
  'actions/setup-java': 5,
  'actions/cache': 5,
  'actions/upload-artifact': 6,
  'actions/download-artifact': 7,
  'aws-actions/configure-aws-credentials': 6,
};

/** stepgate's own actions (`<owner>/stepgate/actions/deploy@v1`) are versioned with the package. */
const OWN_REPOSITORY = 'stepgate';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'lib', 'coverage', '.git', '.nx', '.tools']);
const SCANNED = /\.(ya?ml|md|ts|mts|mjs|js|cjs|json|txt|tmpl|hbs)$/;
const MAX_BYTES = 400_000;

interface ActionUse {
  file: string;
  line: number;
  action: string;
  /** The major the step runs: from `@vN`, or from the `# vN.M.K` comment of a SHA pin. */
  major: number | undefined;
  ref: string;
}

const USES =
  /uses:\s*['"]?([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)(?:\/[^@\s'"]*)?@([^\s'"#]+)['"]?(?:\s*#\s*v?(\d+))?/g;

function findActionUses(file: string, text: string): ActionUse[] {
  const uses: ActionUse[] = [];
  text.split('\n').forEach((content, index) => {
    for (const match of content.matchAll(USES)) {
      const [, owner, repo, ref, commentMajor] = match;
      const tagMajor = /^v?(\d+)(?:\.|$)/.exec(ref!)?.[1];
      const major = tagMajor ?? commentMajor;
      uses.push({
        file,
        line: index + 1,
        action: `${owner}/${repo}`,
        major: major === undefined ? undefined : Number(major),
        ref: ref!,
      });
    }
  });
  return uses;
}

/** One line per step that calls an action not known to run on Node 24. */
function node20Steps(uses: ActionUse[]): string[] {
  return uses.flatMap((use) => {
    const where = `${use.file}:${use.line}: ${use.action}@${use.ref}`;
    if (use.action.split('/')[1] === OWN_REPOSITORY) return [];
    const first = FIRST_NODE24_MAJOR[use.action];
    if (first === undefined) {
      return [`${where}: not in the table of node24 majors (look up its action.yml, add a line)`];
    }
    if (use.major === undefined) return [`${where}: pin a tag or a SHA with a "# vN.M.K" comment`];
    return use.major < first ? [`${where}: runs on Node 20 or older; use v${first} or newer`] : [];
  });
}

function repositoryFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const hidden = entry.name.startsWith('.') && entry.name !== '.github' && entry.name !== '.ci';
      return SKIPPED_DIRS.has(entry.name) || hidden ? [] : repositoryFiles(full);
    }
    return entry.isFile() && SCANNED.test(entry.name) && statSync(full).size <= MAX_BYTES
      ? [full]
      : [];
  });
}

describe('actions called by workflows, docs and templates', () => {
  it('reads the tag form, the SHA-pinned form and quoted forms', () => {
    const text = [
      '      - uses: actions/checkout@v7',
      "      - uses: 'actions/setup-node@v4.1.0'",
      '      - uses: aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c # v6.2.3',
      '      - uses: octo/stepgate/actions/deploy@v1',
      '      - uses: actions/setup-go@main',
      '      - uses: someone/else@v1',
    ].join('\n');
    expect(node20Steps(findActionUses('x.yml', text))).toEqual([
      'x.yml:2: actions/setup-node@v4.1.0: runs on Node 20 or older; use v5 or newer',
      'x.yml:5: actions/setup-go@main: pin a tag or a SHA with a "# vN.M.K" comment',
      'x.yml:6: someone/else@v1: not in the table of node24 majors (look up its action.yml, add a line)',
    ]);
  });

  it('finds no step on a Node 20 major anywhere in the repository', () => {
    const self = path.relative(ROOT, import.meta.filename);
    const files = repositoryFiles(ROOT)
      .map((file) => path.relative(ROOT, file))
      .filter((file) => file !== self);
    const uses = files.flatMap((file) =>
      findActionUses(file, readFileSync(path.join(ROOT, file), 'utf8')),
    );
    // The scan reaches the example workflows, the repo's CI and the README's snippet.
    expect(uses.some((use) => use.file.startsWith('workflows-examples/'))).toBe(true);
    expect(uses.some((use) => use.file.startsWith('.github/workflows/'))).toBe(true);
    expect(uses.some((use) => use.file === 'README.md')).toBe(true);
    expect(node20Steps(uses)).toEqual([]);
  });
});
