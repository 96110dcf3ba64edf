import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../src/index.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `stepgate …` in-process, capturing what it prints. */
export async function runCli(argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
  });
  return { code, stdout, stderr };
}

/** Writes files into a fresh temporary project folder and returns its path. */
export function projectDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'stepgate-test-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

export const VALID_DEFINITION = JSON.stringify(
  { StartAt: 'Echo', States: { Echo: { Type: 'Pass', End: true } } },
  null,
  2,
);

export const VALID_CONFIG = `name: orders
stateMachine:
  definition: statemachine.asl.json
  roleArn: arn:aws:iam::123456789012:role/orders-sfn
api:
  credentialsRoleArn: arn:aws:iam::123456789012:role/orders-apigw
`;
