// GIVEN an empty folder, WHEN `stepgate init` runs, THEN it writes a working app — validate
// passes and the local stage passes its smoke cases at once — and GitHub workflows using the
// stepgate actions at @v1; it never overwrites a file without --force, and a refused name or a
// file in the way writes nothing and exits 2 with one line.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { projectDir, runCli } from './run-cli.js';

const FILES = [
  'stepgate.yml',
  'statemachine.asl.json',
  'smoke.yml',
  '.github/workflows/stepgate-deploy.yml',
  '.github/workflows/stepgate-pr-preview.yml',
  '.github/workflows/stepgate-pr-cleanup.yml',
  '.github/workflows/stepgate-smoke.yml',
];

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe('stepgate init', () => {
  test('scaffolds an app that validates and passes its smoke cases on the local stage', async () => {
    const dir = path.join(projectDir({ 'package.json': '{}' }), 'app');
    const run = await runCli(['init', '--dir', dir, '--name', 'greeter', '--json']);
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout);
    expect(printed.name).toBe('greeter');
    expect(printed.files.map((f: string) => path.relative(dir, path.resolve(f)))).toEqual(FILES);
    expect(listFiles(dir)).toEqual([...FILES].sort());

    const config = readFileSync(path.join(dir, 'stepgate.yml'), 'utf8');
    // The editor comment points at the schema `npm i -D stepgate` installs next to package.json.
    expect(config.split('\n')[0]).toBe(
      '# yaml-language-server: $schema=../node_modules/stepgate/schemas/stepgate.schema.json',
    );
    expect(parse(config)).toMatchObject({ name: 'greeter', api: { path: '/hello' } });

    const validate = await runCli(['validate', '--config', path.join(dir, 'stepgate.yml')]);
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain('greeter-prod (EXPRESS)');

    const smoke = await runCli([
      'local',
      '--smoke',
      '--json',
      '--config',
      path.join(dir, 'stepgate.yml'),
    ]);
    expect(smoke.code).toBe(0);
    const report = JSON.parse(smoke.stdout);
    expect(report).toMatchObject({ passed: 5, failed: 0 });
  }, 30_000);

  test('the workflows use the stepgate actions at @v1 and node24 majors of the others', async () => {
    const dir = projectDir({});
    expect((await runCli(['init', '--dir', dir, '--quiet'])).code).toBe(0);
    const uses: string[] = [];
    for (const file of FILES.filter((f) => f.startsWith('.github/'))) {
      const workflow = parse(readFileSync(path.join(dir, file), 'utf8'));
      for (const job of Object.values(workflow.jobs) as { steps: { uses?: string }[] }[])
        for (const step of job.steps) if (step.uses) uses.push(step.uses);
    }
    expect(new Set(uses)).toEqual(
      new Set([
        'actions/checkout@v7',
        'aws-actions/configure-aws-credentials@v6',
        'stepgate/stepgate/actions/deploy@v1',
        'stepgate/stepgate/actions/destroy@v1',
        'stepgate/stepgate/actions/smoke@v1',
      ]),
    );
  });

  test('the default name is the folder name in the config alphabet', async () => {
    const dir = path.join(projectDir({}), 'My_Orders.API');
    mkdirSync(dir);
    expect((await runCli(['init', '--dir', dir])).code).toBe(0);
    expect(parse(readFileSync(path.join(dir, 'stepgate.yml'), 'utf8')).name).toBe('my-orders-api');
  });

  test('files in the way: one line naming them, exit 2, nothing written; --force overwrites', async () => {
    const dir = projectDir({
      'smoke.yml': 'mine\n',
      '.github/workflows/stepgate-deploy.yml': 'mine\n',
    });
    const run = await runCli(['init', '--dir', dir]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^stepgate: init: files in the way: smoke\.yml, \.github\/workflows\/stepgate-deploy\.yml in .* \(nothing was written; --force overwrites them\)\n$/,
    );
    expect(existsSync(path.join(dir, 'stepgate.yml'))).toBe(false);
    expect(readFileSync(path.join(dir, 'smoke.yml'), 'utf8')).toBe('mine\n');

    expect((await runCli(['init', '--dir', dir, '--force'])).code).toBe(0);
    expect(readFileSync(path.join(dir, 'smoke.yml'), 'utf8')).toMatch(/^# yaml-language-server/);
  });

  test.each([['Bad_Name'], ['9lives'], ['a'.repeat(41)], ['']])(
    '--name %j: the config would refuse it → exit 2, one line, nothing written',
    async (name) => {
      const dir = projectDir({});
      const run = await runCli(['init', '--dir', dir, '--name', name]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^stepgate: --name: ".*" is not a valid app name: /);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(readdirSync(dir)).toEqual([]);
    },
  );

  test('an unknown flag: exit 2, one line', async () => {
    const dir = projectDir({});
    writeFileSync(path.join(dir, 'keep'), '');
    const run = await runCli(['init', '--dir', dir, '--nmae', 'x']);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: "stepgate: unknown option '--nmae' (Did you mean --name?)\n",
    });
    expect(readdirSync(dir)).toEqual(['keep']);
  });
});
