#!/usr/bin/env node
// The `stepgate` command. The packed package runs its one-file bundle (dist/stepgate.js, built by
// `npm pack`); inside the stepgate repository, where no bundle is kept, it runs the workspace's
// CLI as `tsc -b` built it (`npm ci` does, through `prepare`).
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/stepgate.js', import.meta.url);
const { main } = existsSync(bundle) ? await import(bundle.href) : await import('@stepgate/cli');
process.exitCode = await main(process.argv.slice(2));
