// Runs a bundled action the way a GitHub runner does: `node actions/<name>/dist/index.js`,
// inputs as INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, cwd = workspace.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const ENDPOINT = process.env.STEPGATE_E2E_ENDPOINT ?? 'http://127.0.0.1:4566';

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

export function runAction(
  action: string,
  workspace: string,
  inputs: Record<string, string>,
): ActionRun {
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
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const run = spawnSync(process.execPath, [path.join(ROOT, 'actions', action, 'dist/index.js')], {
    cwd: workspace,
    env,
    encoding: 'utf8',
    timeout: 110_000,
  });
  return {
    status: run.status,
    stdout: run.stdout,
    stderr: run.stderr,
    outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    calls: readFileSync(callLog, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line)),
  };
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
