import type { DeployOutputs, DeployResult, ResourceOutcome } from '../deploy/deploy-types.js';
import { formatChange, formatFields, formatRollback } from './plan-text.js';

/** The ids of the deploy, labelled with the Action's output names (CONTRACT.md). */
const ID_ROWS: readonly (readonly [string, keyof DeployOutputs])[] = [
  ['api-id', 'apiId'],
  ['stage', 'stage'],
  ['state-machine-arn', 'stateMachineArn'],
  ['api-key-id', 'apiKeyId'],
  ['usage-plan-id', 'usagePlanId'],
  ['deployment-id', 'deploymentId'],
];

/**
 * The job summary of a deploy (GitHub-flavoured Markdown): what happened to each resource and
 * how to reach the stage, or on a dry run what would change. Holds no secret: DeployResult has
 * no API key value.
 */
export function renderDeploySummaryMarkdown(result: DeployResult): string {
  const lines = result.dryRun ? renderDryRun(result) : renderApplied(result);
  return `${lines.join('\n').trimEnd()}\n`;
}

function renderApplied(result: DeployResult): string[] {
  const { outputs } = result;
  const rollback = result.rollback
    ? [
        `> **Rolled back** after ${result.verification?.failed ?? 0} failed smoke case(s):`,
        ...formatRollback(result.rollback).map((line) => `> - ${line}`),
        '',
      ]
    : [];
  return [
    `## stepgate deploy: \`${code(result.environment)}\``,
    '',
    ...rollback,
    outputs.changed ? countLine(result.outcomes) : 'No changes: every resource is up to date.',
    '',
    ...resourceTable(result.outcomes),
    '',
    ...(outputs.invokeUrl ? [`**Invoke URL:** ${outputs.invokeUrl}`, ''] : []),
    ...idTable(outputs),
  ];
}

function renderDryRun(result: DeployResult): string[] {
  const changes = result.plan.changes.filter((change) => change.action !== 'none');
  const body =
    changes.length === 0
      ? ['No changes: every resource is up to date.']
      : ['```diff', ...changes.map(formatChange), '```'];
  return [
    `## stepgate plan: \`${code(result.environment)}\` (dry run, nothing changed)`,
    '',
    ...body,
    '',
    ...idTable(result.outputs),
  ];
}

function countLine(outcomes: readonly ResourceOutcome[]): string {
  const count = (outcome: ResourceOutcome['outcome']) =>
    outcomes.filter((o) => o.outcome === outcome).length;
  return `${count('created')} created, ${count('updated')} updated, ${count('unchanged')} unchanged, ${count('deleted')} deleted.`;
}

export function resourceTable(outcomes: readonly ResourceOutcome[]): string[] {
  if (outcomes.length === 0) return ['No resources.'];
  return [
    '| kind | name | outcome | details |',
    '| --- | --- | --- | --- |',
    ...outcomes.map(
      (o) =>
        `| ${cell(o.kind)} | ${cell(o.name)} | ${o.outcome} | ${formatFields(o.kind, o.fields).map(cell).join('<br>')} |`,
    ),
  ];
}

/** Only the ids already known: a dry run before the first deploy knows none. */
function idTable(outputs: DeployOutputs): string[] {
  const rows = ID_ROWS.filter(([, key]) => outputs[key] !== '');
  if (rows.length === 0) return [];
  return [
    '| output | value |',
    '| --- | --- |',
    ...rows.map(([label, key]) => `| ${label} | \`${code(String(outputs[key]))}\` |`),
  ];
}

/** Text in a table cell: a `|` would end the cell, a newline the row, a `<` could start HTML. */
function cell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/\r?\n/g, ' ');
}

/**
 * Text in a code span inside a table: nothing but `|` is escaped there (GFM splits cells first),
 * and a backtick would end the span.
 */
export function code(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/`/g, "'").replace(/\r?\n/g, ' ');
}
