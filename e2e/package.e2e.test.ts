// GIVEN the `stepgate` package packed by `npm pack`, WHEN it is installed offline into an empty
// project outside the workspace and the README's "Use it in your repo" steps run as written
// there (the tarball in place of the registry, this run's LocalStack in place of :4566), THEN
// every step exits 0: the version, init, validate, local --smoke, render, and a deploy whose
// smoke cases pass, then destroy, which leaves nothing behind.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resourcesOf } from './support/emulator-aws.js';
import { ENDPOINT } from './support/run-action.js';

const root = path.resolve(import.meta.dirname, '..');
const packageDir = path.join(root, 'packages/stepgate');
const version = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')).version;

/** The shell lines of the README section "Use it in your repo", comments stripped. */
function readmeSteps(): string[] {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Use it in your repo\n');
  expect(start).toBeGreaterThan(0);
  const section = readme.slice(start + 1, readme.indexOf('\n## ', start + 1));
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)]
    .flatMap((block) => block[1]!.split('\n'))
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '');
}

/** The environment of a user's shell: Node 24 first on PATH, no npm, AWS or stepgate settings. */
function userEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_|AWS_|STEPGATE_|INIT_CWD$|NODE_OPTIONS$)/i.test(key)) env[key] = value;
  }
  env.PATH = `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`;
  return env;
}

let work: string;
let tarball: string;

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'stepgate-package-'));
  // prepack builds the bundle, the schemas and the templates; postpack removes them again.
  execFileSync('npm', ['pack', '--pack-destination', work], {
    cwd: packageDir,
    env: userEnvironment(),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  tarball = path.join(work, `stepgate-${version}.tgz`);
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

test('the tarball holds the bundle, the schemas, the templates, README and licence; the repo keeps none of the build', () => {
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
  expect(files.sort()).toEqual(
    [
      'package/LICENSE',
      'package/README.md',
      'package/bin/stepgate.js',
      'package/dist/licenses.txt',
      'package/dist/stepgate.js',
      'package/package.json',
      'package/schemas/smoke.schema.json',
      'package/schemas/stepgate.schema.json',
      'package/templates/default/request.vtl',
      'package/templates/default/response.vtl',
      'package/templates/seed/request.vtl',
      'package/templates/seed/response.vtl',
    ].sort(),
  );
  expect(readdirSync(packageDir).sort()).toEqual(
    ['LICENSE', 'README.md', 'bin', 'package.json', 'project.json', 'scripts'].sort(),
  );
});

test("the README's steps, word for word, in an empty project outside the workspace", async () => {
  const project = path.join(work, 'greeter');
  execFileSync('mkdir', [project]);
  const steps = readmeSteps();
  expect(steps).toEqual(
    expect.arrayContaining([
      'npm i -D stepgate',
      'npx stepgate init',
      'npx stepgate validate',
      'npx stepgate local --smoke',
      'npx stepgate openapi',
      expect.stringMatching(/^npx stepgate deploy --endpoint-url http:\/\/127\.0\.0\.1:4566$/),
    ]),
  );
  const outputs = new Map<string, string>();
  for (const step of steps) {
    const command = step
      .replace(/^npm i -D stepgate$/, `npm i -D --offline --no-audit --no-fund ${tarball}`)
      .replaceAll('http://127.0.0.1:4566', ENDPOINT);
    const run = spawnSync('bash', ['-c', command], {
      cwd: project,
      env: userEnvironment(),
      encoding: 'utf8',
    });
    if (run.status !== 0) {
      throw new Error(
        `README step \`${step}\` exited ${run.status}:\n${run.stdout}\n${run.stderr}`,
      );
    }
    outputs.set(step, run.stdout);
  }

  // Installed from the tarball alone: the bundle, no workspace package anywhere.
  const installed = path.join(project, 'node_modules');
  expect(readdirSync(installed).filter((name) => !name.startsWith('.'))).toEqual(['stepgate']);
  expect(existsSync(path.join(installed, 'stepgate/dist/stepgate.js'))).toBe(true);

  expect(outputs.get('npx stepgate --version')).toBe(`${version}\n`);
  const config = readFileSync(path.join(project, 'stepgate.yml'), 'utf8');
  expect(config.split('\n')[0]).toBe(
    '# yaml-language-server: $schema=node_modules/stepgate/schemas/stepgate.schema.json',
  );
  expect(config).toContain('\nname: greeter\n');
  expect(existsSync(path.join(project, 'node_modules/stepgate/schemas/stepgate.schema.json'))).toBe(
    true,
  );
  expect(readdirSync(path.join(project, '.github/workflows')).sort()).toHaveLength(4);
  expect(outputs.get('npx stepgate validate')).toMatch(/^stepgate\.yml is valid\n/);
  expect(outputs.get('npx stepgate local --smoke')).toMatch(/^smoke: 5 passed, 0 failed/);
  const render = steps.find((step) => step.startsWith('npx stepgate render'))!;
  expect(JSON.parse(JSON.parse(outputs.get(render)!).body)).toMatchObject({
    stateMachineArn: 'REPLACE_STEPFUNCTION_ARN',
  });
  const openapi = JSON.parse(outputs.get('npx stepgate openapi')!) as {
    openapi: string;
    paths: Record<string, Record<string, unknown>>;
  };
  expect(openapi.openapi).toMatch(/^3\.0/);
  expect(Object.keys(openapi.paths)).toEqual(['/hello']);
  expect(Object.keys(openapi.paths['/hello']!)).toContain('post');
  const deploy = steps.find((step) => step.startsWith('npx stepgate deploy'))!;
  expect(outputs.get(deploy)).toMatch(/invoke-url: http.*\/prod\/hello\n/);
  expect(outputs.get(deploy)).toMatch(/smoke: 5 passed, 0 failed/);
  // The last step destroyed the environment.
  expect(await resourcesOf('greeter', 'prod')).toEqual([]);

  // Bad input through the installed binary: one `stepgate: …` line, exit 2.
  for (const [command, message] of [
    ['npx stepgate init', /^stepgate: init: files in the way: stepgate\.yml, /],
    ['npx stepgate --version --json', /^stepgate: --version takes no other arguments/],
    ['npx stepgate deploy --bogus', /^stepgate: unknown option '--bogus'/],
  ] as const) {
    const run = spawnSync('bash', ['-c', command], {
      cwd: project,
      env: userEnvironment(),
      encoding: 'utf8',
    });
    expect({ command, status: run.status, lines: run.stderr.trimEnd().split('\n').length }).toEqual(
      {
        command,
        status: 2,
        lines: 1,
      },
    );
    expect(run.stderr).toMatch(message);
  }
}, 300_000);
