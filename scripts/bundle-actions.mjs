// Bundles every action (actions/<name>/ with an action.yml) with @vercel/ncc into its committed
// dist/: one ESM index.js, dist/package.json {"type":"module"} and licenses.txt. Runs on the
// JavaScript that `tsc -b` wrote to actions/<name>/lib/ (ncc's own TypeScript loader fails with
// current TypeScript; see aws-facts), so run `tsc -b` first, as `npm run bundle` does.
//
//   node scripts/bundle-actions.mjs           rebuild every actions/*/dist/
//   node scripts/bundle-actions.mjs --check   rebuild into a temp dir and exit 1 if a committed
//                                             dist/ differs (CI: a stale bundle is a failure)
//   node scripts/bundle-actions.mjs --out DIR build into DIR/<action>/ and leave the committed
//                                             dist/ alone (the bundle benchmark measures these)
import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { minify } from '@swc/core';

const root = path.resolve(import.meta.dirname, '..');
const check = process.argv.includes('--check');
const outIndex = process.argv.indexOf('--out');
const outDir = outIndex > 0 ? path.resolve(process.argv[outIndex + 1]) : undefined;

const require = createRequire(import.meta.url);
const nccPackage = require.resolve('@vercel/ncc/package.json');
const nccCli = path.join(path.dirname(nccPackage), require(nccPackage).bin.ncc);

const actions = readdirSync(path.join(root, 'actions'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .filter((name) => existsSync(path.join(root, 'actions', name, 'action.yml')))
  .sort();

const work = mkdtempSync(path.join(tmpdir(), 'stepgate-bundle-'));
try {
  const results = await Promise.all(actions.map((name) => bundleAction(name)));
  const stale = results.filter((result) => result !== undefined);
  if (stale.length > 0) {
    for (const { name, differences } of stale) {
      console.error(
        `actions/${name}/dist is stale (${differences.join(', ')}): run \`npm run bundle\` and commit actions/${name}/dist.`,
      );
    }
    process.exitCode = 1;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** Builds one action; in check mode returns its differences from the committed dist/, if any. */
async function bundleAction(name) {
  const actionDir = path.join(root, 'actions', name);
  const entry = path.join(actionDir, 'lib', 'index.js');
  if (!existsSync(entry)) {
    throw new Error(`${path.relative(root, entry)} does not exist: run \`tsc -b\` first.`);
  }
  const out = path.join(work, name);
  // --no-cache: the output depends on the sources alone, never on a cache left by an earlier run.
  await promisify(execFile)(
    process.execPath,
    [
      nccCli,
      'build',
      entry,
      '-o',
      out,
      '--minify',
      '--license',
      'licenses.txt',
      '--no-cache',
      '-q',
    ],
    { cwd: root, maxBuffer: 64 * 1024 * 1024 },
  );
  // ncc minifies index.js only: the chunks of lazily imported modules (`<id>.index.js`) come
  // out as written, so they are minified here, with SWC (already the tests' compiler).
  for (const chunk of readdirSync(out).filter((file) => /^\d+\.index\.js$/.test(file))) {
    const file = path.join(out, chunk);
    const { code } = await minify(readFileSync(file, 'utf8'), {
      module: true,
      compress: true,
      mangle: true,
    });
    writeFileSync(file, code);
  }
  if (!existsSync(path.join(out, 'package.json'))) {
    // Without it Node would load the ESM bundle as CommonJS and fail on its first import.
    throw new Error(
      `ncc wrote no package.json for actions/${name}: is the action "type": "module"?`,
    );
  }

  const dist = outDir ? path.join(outDir, name) : path.join(actionDir, 'dist');
  if (check) {
    const differences = compareDirs(out, dist);
    return differences.length > 0 ? { name, differences } : undefined;
  }
  rmSync(dist, { recursive: true, force: true });
  cpSync(out, dist, { recursive: true });
  const size = readFileSync(path.join(dist, 'index.js')).length;
  console.log(`${path.relative(root, path.join(dist, 'index.js'))} ${(size / 1024).toFixed(0)} kB`);
  return undefined;
}

/** Files that differ, are missing from `committed`, or are in it but no longer built. */
function compareDirs(built, committed) {
  const builtFiles = listFiles(built);
  const committedFiles = existsSync(committed) ? listFiles(committed) : [];
  const differences = [];
  for (const file of builtFiles) {
    if (!committedFiles.includes(file)) differences.push(`${file} missing`);
    else if (!readFileSync(path.join(built, file)).equals(readFileSync(path.join(committed, file))))
      differences.push(`${file} differs`);
  }
  for (const file of committedFiles) {
    if (!builtFiles.includes(file)) differences.push(`${file} no longer built`);
  }
  return differences;
}

function listFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}
