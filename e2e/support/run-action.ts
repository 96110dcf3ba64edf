// Runs a bundled action the way a GitHub runner does: `node actions/<name>/dist/index.js`,
// inputs as INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, cwd = workspace.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const ENDPOINT =
  process.env.STEPGATE_E2E_ENDPOINT ?? `http://127.0.0.1:${process.env.EMULATOR_PORT ?? 4566}`;

export interface ActionRun {
  status: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** Every AWS call the run made (STEPGATE_CALL_LOG). */
  calls: { service: string; operation: string; mutating: boolean }[];
}

/** A fresh workspace holding a copy of a fixture app. */
export function workspaceWith(fixture: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'stepgate-e2e-'));
  cpSync(path.join(ROOT, 'e2e/fixtures', fixture), dir, { recursive: true });
  return dir;
}

interface PreparedRun {
  env: Record<string, string>;
  outputFile: string;
  summaryFile: string;
  callLog: string;
}

function prepare(
  inputs: Record<string, string>,
  extraEnv: Record<string, string>,
  workspace: string,
): PreparedRun {
  const runnerDir = mkdtempSync(path.join(tmpdir(), 'stepgate-runner-'));
  const outputFile = path.join(runnerDir, 'output');
  const summaryFile = path.join(runnerDir, 'summary');
  const callLog = path.join(runnerDir, 'calls.jsonl');
  for (const file of [outputFile, summaryFile, callLog]) writeFileSync(file, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: runnerDir,
    STEPGATE_CALL_LOG: callLog,
    ...extraEnv,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return { env, outputFile, summaryFile, callLog };
}

function collect(
  prepared: PreparedRun,
  status: number | null,
  stdout: string,
  stderr: string,
): ActionRun {
  return {
    status,
    stdout,
    stderr,
    outputs: parseOutputs(readFileSync(prepared.outputFile, 'utf8')),
    summary: readFileSync(prepared.summaryFile, 'utf8'),
    calls: readFileSync(prepared.callLog, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line)),
  };
}

/** The script of an action: `actions/<action>/dist/index.js`, or a path to another bundle. */
function scriptOf(action: string): string {
  return action.endsWith('.js') ? action : path.join(ROOT, 'actions', action, 'dist/index.js');
}

/** Runs the action and waits (blocking this process). */
export function runAction(
  action: string,
  workspace: string,
  inputs: Record<string, string>,
  extraEnv: Record<string, string> = {},
): ActionRun {
  const prepared = prepare(inputs, extraEnv, workspace);
  const run = spawnSync(process.execPath, [scriptOf(action)], {
    cwd: workspace,
    env: prepared.env,
    encoding: 'utf8',
    timeout: 110_000,
  });
  return collect(prepared, run.status, run.stdout, run.stderr);
}

/** Runs the action without blocking, so servers in this process (e.g. a fake GitHub API) can answer it. */
export function runActionAsync(
  action: string,
  workspace: string,
  inputs: Record<string, string>,
  extraEnv: Record<string, string> = {},
  /** Aborting kills the run with SIGKILL, as a crashed runner would; it then resolves with status null. */
  signal?: AbortSignal,
): Promise<ActionRun> {
  const prepared = prepare(inputs, extraEnv, workspace);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [scriptOf(action)], {
      cwd: workspace,
      env: prepared.env,
      ...(signal ? { signal, killSignal: 'SIGKILL' as const } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => {
      if (error.name !== 'AbortError') reject(error);
    });
    child.on('close', (status) => resolve(collect(prepared, status, stdout, stderr)));
  });
}

/** Parses the `name<<DELIMITER … DELIMITER` blocks @actions/core writes to GITHUB_OUTPUT. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i]!);
    if (!match) continue;
    const [, name, delimiter] = match;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]!);
    outputs[name!] = value.join('\n');
  }
  return outputs;
}
