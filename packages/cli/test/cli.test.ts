// GIVEN the stepgate command line, WHEN it is called with --version, a bad flag or command, or
// --json/--quiet, THEN: the version alone prints it; every parse error is one `stepgate: …` line
// with exit 2; every command takes --json and --quiet.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { VERSION } from '../src/index.js';
import { projectDir, runCli, VALID_CONFIG, VALID_DEFINITION } from './run-cli.js';

const root = path.resolve(import.meta.dirname, '../../..');
const COMMANDS = [
  'validate',
  'plan',
  'deploy',
  'smoke',
  'destroy',
  'local',
  'render',
  'init',
  'openapi',
];

describe('stepgate --version', () => {
  test('prints the version of the stepgate package', async () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'packages/stepgate/package.json'), 'utf8'));
    expect(VERSION).toBe(pkg.version);
    const run = await runCli(['--version']);
    expect(run).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  test.each([[['--version', 'validate']], [['--version', '--json']], [['validate', '--version']]])(
    '%j: exit 2, one line',
    async (argv) => {
      const run = await runCli(argv);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^stepgate: --version takes no other arguments/);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    },
  );
});

describe('command-line errors: one `stepgate: …` line, exit 2', () => {
  test.each([
    [['deploy', '--bogus'], "stepgate: unknown option '--bogus'"],
    [['validate', '--jsn'], "stepgate: unknown option '--jsn' (Did you mean --json?)"],
    [['deplyo'], "stepgate: unknown command 'deplyo' (Did you mean deploy?)"],
    [['render'], "stepgate: required option '--template <file>' not specified"],
    [['local', '--port'], "stepgate: option '--port <port>' argument missing"],
    [
      ['local', '--port', 'x'],
      "stepgate: option '--port <port>' argument 'x' is invalid. a port number, 0-65535 (0 picks a free port)",
    ],
    [['validate', 'extra'], /^stepgate: too many arguments for 'validate'/],
    [['init', '--dir'], "stepgate: option '--dir <dir>' argument missing"],
  ])('%j', async (argv, expected) => {
    const run = await runCli(argv);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toHaveLength(2);
    if (typeof expected === 'string') expect(run.stderr).toBe(`${expected}\n`);
    else expect(run.stderr).toMatch(expected);
  });

  test('no command: the help on stderr, exit 2', async () => {
    const run = await runCli([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^Usage: stepgate <command> \[options\]/);
  });

  test('--help: the help on stdout, exit 0, listing every command', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const command of COMMANDS) expect(run.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(run.stdout).toContain('--version');
  });
});

describe('--json and --quiet on every command', () => {
  test.each(COMMANDS)('%s --help lists --json and --quiet', async (command) => {
    const run = await runCli([command, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ {2}--json +/m);
    expect(run.stdout).toMatch(/^ {2}--quiet +/m);
  });

  test('--quiet keeps stdout and drops the progress on stderr', async () => {
    const dir = projectDir({
      'stepgate.yml': VALID_CONFIG,
      'statemachine.asl.json': VALID_DEFINITION,
      'smoke.yml': 'builtins: [no-api-key]\n',
    });
    const config = path.join(dir, 'stepgate.yml');
    const loud = await runCli(['local', '--smoke', '--config', config]);
    const quiet = await runCli(['local', '--smoke', '--quiet', '--config', config]);
    expect(loud.code).toBe(0);
    expect(loud.stderr).toContain('no API key → 403');
    expect(quiet).toEqual({
      code: 0,
      stdout: expect.stringMatching(/^smoke: 1 passed, 0 failed/),
      stderr: '',
    });
  }, 30_000);

  test('errors still reach stderr with --quiet', async () => {
    const run = await runCli(['validate', '--quiet', '--config', '/nonexistent/stepgate.yml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^stepgate: .*stepgate\.yml: config file does not exist\n$/);
  });
});
