// Runs the stepgate steps of an example workflow the way a GitHub runner would: the event's
// payload and context, `if:` conditions, matrix jobs, `with:` expressions, step outputs, and
// the AWS region set by aws-actions/configure-aws-credentials — against the emulator. Other
// `uses:` steps (checkout) are satisfied by the prepared workspace; `run:` steps are skipped.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { ENDPOINT, ROOT, runActionAsync, type ActionRun } from './run-action.js';

export interface WorkflowEvent {
  readonly name: string;
  readonly payload: Record<string, unknown>;
  readonly ref?: string;
}

export interface HarnessOptions {
  readonly workspace: string;
  readonly event: WorkflowEvent;
  readonly repository?: string;
  readonly secrets?: Record<string, string>;
  readonly vars?: Record<string, string>;
  readonly inputs?: Record<string, string>;
  /** Extra runner environment (e.g. a fake GITHUB_API_URL). */
  readonly env?: Record<string, string>;
}

export interface StepRun {
  readonly id: string | undefined;
  readonly action: string;
  readonly inputs: Record<string, string>;
  readonly run: ActionRun;
}

export interface JobRun {
  readonly name: string;
  readonly matrix: Record<string, string>;
  readonly skipped: boolean;
  readonly steps: StepRun[];
}

interface Step {
  id?: string;
  'continue-on-error'?: boolean;
  uses?: string;
  run?: string;
  with?: Record<string, string | number | boolean>;
}
interface Job {
  if?: string;
  steps: Step[];
  strategy?: { matrix?: Record<string, unknown[]> };
}
interface Workflow {
  on: Record<string, { types?: string[]; branches?: string[] } | null>;
  jobs: Record<string, Job>;
}

const STEPGATE_ACTION = /\/actions\/(deploy|destroy|smoke)@/;

export async function runWorkflow(file: string, options: HarnessOptions): Promise<JobRun[]> {
  const workflow = parse(
    readFileSync(path.join(ROOT, 'workflows-examples', file), 'utf8'),
  ) as Workflow;
  const trigger = workflow.on[options.event.name];
  if (trigger === undefined) throw new Error(`${file} does not run on ${options.event.name}`);
  const action = options.event.payload['action'];
  if (trigger?.types && typeof action === 'string' && !trigger.types.includes(action)) return [];

  const eventPath = path.join(mkdtempSync(path.join(tmpdir(), 'gh-event-')), 'event.json');
  writeFileSync(eventPath, JSON.stringify(options.event.payload));
  const repository = options.repository ?? 'owner/repo';
  const jobs: JobRun[] = [];
  for (const [name, job] of Object.entries(workflow.jobs)) {
    for (const matrix of matrixCombinations(job.strategy?.matrix)) {
      const context = {
        github: {
          event: options.event.payload,
          repository,
          event_name: options.event.name,
          ref: options.event.ref ?? 'refs/heads/main',
        },
        secrets: options.secrets ?? {},
        vars: options.vars ?? {},
        inputs: options.inputs ?? {},
        matrix,
        steps: {} as Record<string, { outputs: Record<string, string> }>,
      };
      if (job.if !== undefined && !truthy(evaluate(job.if, context))) {
        jobs.push({ name, matrix, skipped: true, steps: [] });
        continue;
      }
      const env: Record<string, string> = {
        GITHUB_EVENT_NAME: options.event.name,
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_REPOSITORY: repository,
        ...options.env,
      };
      const steps: StepRun[] = [];
      for (const step of job.steps) {
        const inputs = Object.fromEntries(
          Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(String(v), context)]),
        );
        if (step.uses?.startsWith('aws-actions/configure-aws-credentials')) {
          env['AWS_REGION'] = inputs['aws-region'] ?? '';
          continue;
        }
        const match = step.uses ? STEPGATE_ACTION.exec(step.uses) : null;
        if (!match) continue;
        // The runner's AWS is the emulator here.
        const withEndpoint = { ...inputs, 'endpoint-url': ENDPOINT };
        const run = await runActionAsync(match[1]!, options.workspace, withEndpoint, env);
        if (run.status !== 0 && !step['continue-on-error'])
          throw new Error(`${file}: ${name}: ${step.uses} failed:\n${run.stdout}\n${run.stderr}`);
        if (step.id) context.steps[step.id] = { outputs: run.outputs };
        steps.push({ id: step.id, action: match[1]!, inputs, run });
      }
      jobs.push({ name, matrix, skipped: false, steps });
    }
  }
  return jobs;
}

function matrixCombinations(
  matrix: Record<string, unknown[]> | undefined,
): Record<string, string>[] {
  if (!matrix) return [{}];
  let combinations: Record<string, string>[] = [{}];
  for (const [key, values] of Object.entries(matrix)) {
    combinations = combinations.flatMap((c) => values.map((v) => ({ ...c, [key]: String(v) })));
  }
  return combinations;
}

function interpolate(text: string, context: object): string {
  return text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_m, expr: string) => {
    const value = evaluate(expr, context);
    return value === undefined || value === null ? '' : String(value);
  });
}

/** The small part of GitHub's expression language the examples use: paths, literals, ==, !=. */
function evaluate(expression: string, context: object): unknown {
  const expr = expression.replace(/^\$\{\{\s*|\s*\}\}$/g, '').trim();
  const comparison = /^(.+?)\s*(==|!=)\s*(.+)$/.exec(expr);
  if (comparison) {
    const equal =
      String(evaluate(comparison[1]!, context)) === String(evaluate(comparison[3]!, context));
    return comparison[2] === '==' ? equal : !equal;
  }
  if (/^'.*'$/.test(expr)) return expr.slice(1, -1);
  if (/^\d+$/.test(expr)) return Number(expr);
  let node: unknown = context;
  for (const part of expr.split('.')) {
    if (node === null || typeof node !== 'object') {
      throw new Error(`unsupported expression or missing context: ${expression}`);
    }
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function truthy(value: unknown): boolean {
  return value !== false && value !== 0 && value !== '' && value !== null && value !== undefined;
}
