// Builds what the `stepgate` package ships besides bin/ (run by `npm pack` through prepack):
//   dist/stepgate.js      the CLI and every workspace package it uses, bundled by @vercel/ncc
//                         into one ESM file with no runtime dependencies (+ dist/licenses.txt)
//   schemas/*.schema.json the JSON Schemas of stepgate.yml and of the smoke file
//   templates/<name>/{request,response}.vtl   the built-in mapping templates (default, seed)
// None of it is committed; `--clean` (postpack) removes it again, so inside the repository
// bin/stepgate.js always runs the workspace's own build.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

const here = path.resolve(import.meta.dirname, '..');
const root = path.resolve(here, '../..');
const generated = ['dist', 'schemas', 'templates'].map((name) => path.join(here, name));

const clean = () => {
  for (const dir of generated) rmSync(dir, { recursive: true, force: true });
};
clean();
if (process.argv.includes('--clean')) process.exit(0);
// A failed build leaves nothing behind: a half-built dist/ would shadow the workspace's CLI.
process.on('exit', (code) => {
  if (code !== 0) clean();
});

// The workspace's JavaScript, as `npm ci` builds it.
execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-b'], {
  cwd: root,
  stdio: 'inherit',
});

const require = createRequire(import.meta.url);
const nccPackage = require.resolve('@vercel/ncc/package.json');
const nccCli = path.join(path.dirname(nccPackage), require(nccPackage).bin.ncc);
const work = mkdtempSync(path.join(tmpdir(), 'stepgate-package-'));
try {
  execFileSync(
    process.execPath,
    [
      nccCli,
      'build',
      path.join(root, 'packages/cli/dist/index.js'),
      '-o',
      work,
      '--minify',
      '--license',
      'licenses.txt',
      '--no-cache',
      '-q',
    ],
    { cwd: root, stdio: 'inherit' },
  );
  mkdirSync(path.join(here, 'dist'));
  renameSync(path.join(work, 'index.js'), path.join(here, 'dist/stepgate.js'));
  renameSync(path.join(work, 'licenses.txt'), path.join(here, 'dist/licenses.txt'));
} finally {
  rmSync(work, { recursive: true, force: true });
}

mkdirSync(path.join(here, 'schemas'));
copyFileSync(
  path.join(root, 'packages/core/stepgate.schema.json'),
  path.join(here, 'schemas/stepgate.schema.json'),
);
copyFileSync(
  path.join(root, 'packages/smoke/smoke.schema.json'),
  path.join(here, 'schemas/smoke.schema.json'),
);

const { BUILTIN_TEMPLATES } = await import(path.join(here, 'dist/stepgate.js'));
for (const [name, roles] of Object.entries(BUILTIN_TEMPLATES)) {
  mkdirSync(path.join(here, 'templates', name), { recursive: true });
  for (const [role, text] of Object.entries(roles)) {
    writeFileSync(path.join(here, 'templates', name, `${role}.vtl`), text);
  }
}
