// GIVEN broken input of every kind a user can write (config, definitions, templates, smoke
// files, request files, flags), WHEN a stepgate command reads it, THEN it exits 2 with exactly
// the expected lines on stderr (one per problem, naming the file and the field or line, saying
// what is allowed) and prints nothing on stdout.
import path from 'node:path';
import { projectDir, runCli, VALID_CONFIG, VALID_DEFINITION } from './run-cli.js';

interface Case {
  readonly name: string;
  /** Files of the project (stepgate.yml and statemachine.asl.json default to valid ones). */
  readonly files?: Record<string, string>;
  /** Raw bytes for files that are not text. */
  readonly bytes?: Record<string, Buffer>;
  /** The command line; DIR stands for the project folder. */
  readonly argv: readonly string[];
  /** Expected stderr lines; DIR stands for the project folder. */
  readonly stderr: readonly string[];
  readonly code?: number;
}

const config = (edit: (text: string) => string): Record<string, string> => ({
  'stepgate.yml': edit(VALID_CONFIG),
});

const validate = ['validate', '--config', 'DIR/stepgate.yml'];

export const CORPUS: Case[] = [
  {
    name: 'config file missing',
    argv: ['validate', '--config', 'DIR/missing.yml'],
    stderr: ['stepgate: DIR/missing.yml: config file does not exist'],
  },
  {
    name: 'config path is a folder',
    files: { 'folder/x': '' },
    argv: ['validate', '--config', 'DIR/folder'],
    stderr: ['stepgate: DIR/folder: config file is a folder, not a file'],
  },
  {
    name: 'config not UTF-8',
    bytes: {
      'stepgate.yml': Buffer.from('name: orders\nstateMachine:\n  definition: \xff\n', 'latin1'),
    },
    argv: validate,
    stderr: ['stepgate: DIR/stepgate.yml:3: config file is not valid UTF-8 text'],
  },
  {
    name: 'YAML alias bomb in the config',
    files: {
      'stepgate.yml': [
        'a: &a [x, x, x, x, x, x, x, x, x, x]',
        ...'bcdefghi'
          .split('')
          .map((k, i) => `${k}: &${k} [${`*${'abcdefghi'[i]}, `.repeat(9)}*${'abcdefghi'[i]}]`),
        'name: orders',
      ].join('\n'),
    },
    argv: validate,
    stderr: [
      'stepgate: DIR/stepgate.yml: config file expands YAML aliases too often (at most 100 alias expansions; Excessive alias count indicates a resource exhaustion attack)',
    ],
  },
  {
    name: 'a misspelt top-level key: the unknown key with a suggestion, not "required"',
    files: config((t) => t.replace('stateMachine:', 'stateMachin:')),
    argv: validate,
    stderr: [
      'stepgate: DIR/stepgate.yml:2: stateMachin: unknown key "stateMachin"; did you mean "stateMachine"?; allowed: name, stateMachine, api, smoke',
    ],
  },
  {
    name: 'every config error, one line each, in file order',
    files: config((t) =>
      t
        .replace('name: orders', 'name: Orders')
        .replace('api:\n', 'api:\n  methd: GET\n  endpointType: REGIONL\n'),
    ),
    argv: validate,
    stderr: [
      'stepgate: DIR/stepgate.yml:1: name: lowercase letters, digits and -, starting with a letter (got "Orders")',
      'stepgate: DIR/stepgate.yml:6: api.methd: unknown key "methd"; did you mean "method"?; allowed: credentialsRoleArn, path, method, endpointType, timeoutMs, templates, stage, apiKey, usagePlan',
      'stepgate: DIR/stepgate.yml:7: api.endpointType: "REGIONL" is not allowed; did you mean "REGIONAL"?; allowed: REGIONAL | EDGE | PRIVATE',
    ],
  },
  {
    name: 'more than 20 config errors: 20 lines, then how many more',
    files: config((t) =>
      t.replace(
        'api:\n',
        `api:\n${Array.from({ length: 23 }, (_, i) => `  extra${i}: 1\n`).join('')}`,
      ),
    ),
    argv: validate,
    stderr: [
      ...Array.from(
        { length: 20 },
        (_, i) =>
          `stepgate: DIR/stepgate.yml:${6 + i}: api.extra${i}: unknown key "extra${i}"; allowed: credentialsRoleArn, path, method, endpointType, timeoutMs, templates, stage, apiKey, usagePlan`,
      ),
      'stepgate: … and 3 more',
    ],
  },
  {
    name: 'definition not JSON (JSON wording)',
    files: { 'statemachine.asl.json': '{\n  "StartAt": "A",\n  States: {}\n}' },
    argv: validate,
    stderr: [
      'stepgate: DIR/statemachine.asl.json:3: state machine definition is not valid JSON: Expected double-quoted property name',
    ],
  },
  {
    name: 'request file missing',
    files: { 'template.vtl': '$input.body' },
    argv: ['render', '--template', 'DIR/template.vtl', '--request', 'DIR/request.json'],
    stderr: ['stepgate: DIR/request.json: request file does not exist'],
  },
  {
    name: 'request file not JSON',
    files: { 'template.vtl': '$input.body', 'request.json': '{\n "body": 1,\n}' },
    argv: ['render', '--template', 'DIR/template.vtl', '--request', 'DIR/request.json'],
    stderr: [
      'stepgate: DIR/request.json:3: request file is not valid JSON: Expected double-quoted property name',
    ],
  },
  {
    name: 'template runs away: the step budget',
    files: { 'template.vtl': '#foreach($i in [1..100000000])x#end', 'request.json': '{}' },
    argv: ['render', '--template', 'DIR/template.vtl', '--request', 'DIR/request.json'],
    stderr: [
      "stepgate: DIR/template.vtl:1: template evaluation exceeded 1000000 steps (stepgate's limit; a runaway loop or range?)",
    ],
  },
];

async function run(c: Case): Promise<{ code: number; stdout: string; stderr: string[] }> {
  const dir = projectDir({
    'stepgate.yml': VALID_CONFIG,
    'statemachine.asl.json': VALID_DEFINITION,
    ...c.files,
  });
  if (c.bytes) {
    const { writeFileSync } = await import('node:fs');
    for (const [name, bytes] of Object.entries(c.bytes)) writeFileSync(path.join(dir, name), bytes);
  }
  const argv = c.argv.map((a) => a.replaceAll('DIR', dir));
  const result = await runCli(argv);
  return {
    code: result.code,
    stdout: result.stdout,
    stderr: result.stderr.replaceAll(dir, 'DIR').trimEnd().split('\n'),
  };
}

describe('bad-input corpus', () => {
  test.each(CORPUS.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const result = await run(c);
    expect(result.stderr).toEqual(c.stderr);
    expect(result.code).toBe(c.code ?? 2);
    expect(result.stdout).toBe('');
  });
});
