import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { ConfigError, configSchema } from '@stepgate/core';
import { commandIo, type CliContext } from '../context.js';
import type { CliIo } from '../io.js';
import { scaffoldFiles } from '../init/scaffold.js';
import { withOutputOptions, type OutputOptions } from '../options.js';

export interface InitOptions extends Partial<OutputOptions> {
  readonly name?: string;
  readonly dir: string;
  readonly force?: boolean;
}

export function registerInit(program: Command, ctx: CliContext): Command {
  return withOutputOptions(program.command('init'))
    .description(
      'scaffold a working app: stepgate.yml, a workflow, smoke cases and GitHub workflows',
    )
    .option('--name <name>', "the app's name (default: the folder's name)")
    .option('--dir <dir>', 'the folder to write to (created if missing)', '.')
    .option('--force', 'overwrite files that are in the way', false)
    .action((options: InitOptions) => {
      ctx.setExitCode(initCommand(options, commandIo(ctx.io, options)));
    });
}

/**
 * `stepgate init`: writes the scaffold into `--dir`. Checks everything first: a refused name or a
 * file in the way (without `--force`) writes nothing and exits 2 with one line.
 */
export function initCommand(options: InitOptions, io: CliIo): number {
  const dir = path.resolve(options.dir);
  const name = options.name ?? nameFromFolder(dir);
  const checked = configSchema.shape.name.safeParse(name);
  if (!checked.success) {
    throw new ConfigError(
      { file: '--name' },
      `"${name}" is not a valid app name: ${checked.error.issues.map((i) => i.message).join('; ')}`,
    );
  }
  const files = scaffoldFiles({ name, schemas: schemasFrom(dir) });
  const inTheWay = files.filter((file) => existsSync(path.join(dir, file.path)));
  if (inTheWay.length > 0 && !options.force) {
    throw new ConfigError(
      { file: 'init' },
      `files in the way: ${inTheWay.map((f) => f.path).join(', ')} in ${displayDir(dir)} (nothing was written; --force overwrites them)`,
    );
  }
  for (const file of files) {
    const target = path.join(dir, file.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.content);
  }
  const written = files.map((f) => path.relative(process.cwd(), path.join(dir, f.path)));
  if (options.json) {
    io.stdout(`${JSON.stringify({ name, dir: displayDir(dir), files: written }, null, 2)}\n`);
  } else {
    const config = path.relative(process.cwd(), path.join(dir, 'stepgate.yml'));
    const flag = config === 'stepgate.yml' ? '' : ` --config ${config}`;
    io.stdout(
      `${written.map((f) => `  created  ${f}`).join('\n')}\n` +
        `Next: npx stepgate validate${flag} && npx stepgate local --smoke${flag}\n`,
    );
  }
  return 0;
}

/** The default name: the folder's name in the config's alphabet, else `app`. */
function nameFromFolder(dir: string): string {
  const name = path
    .basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return name === '' ? 'app' : name;
}

/**
 * Where the installed package's schemas are, relative to `dir`: under node_modules/stepgate in the
 * nearest folder with a package.json (the project `npm i -D stepgate` installs into), else `dir`.
 */
function schemasFrom(dir: string): string {
  let project = dir;
  for (let at = dir; ; at = path.dirname(at)) {
    if (existsSync(path.join(at, 'package.json'))) {
      project = at;
      break;
    }
    if (path.dirname(at) === at) break;
  }
  const relative = path.relative(dir, path.join(project, 'node_modules/stepgate/schemas'));
  return relative.split(path.sep).join('/');
}

function displayDir(dir: string): string {
  return path.relative(process.cwd(), dir) || '.';
}
