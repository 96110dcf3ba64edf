#!/usr/bin/env node
// Starts LocalStack community 4.14.0 in host mode (no Docker), offline, on
// http://127.0.0.1:4566. Idempotent: reuses a healthy emulator that is already
// running. Progress goes to stderr; the last stdout line is the endpoint URL.
//
//   node scripts/emulator/start.mjs
//
// Environment (all optional):
//   EMULATOR_PYTHON           Python >= 3.12 used to create the venv
//   EMULATOR_START_TIMEOUT_S  seconds to wait for health (default 120)
//   EMULATOR_PORT             port to listen on (default 4566), so several work trees
//                             can each run their own emulator
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createConnection } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HOST = '127.0.0.1';
const PORT = Number(process.env.EMULATOR_PORT ?? 4566);
const ENDPOINT = `http://${HOST}:${PORT}`;
const HEALTH_URL = `${ENDPOINT}/_localstack/health`;
const REQUIRED_SERVICES = ['apigateway', 'stepfunctions'];
// events: Step Functions publishes execution status changes to EventBridge;
// without it every execution logs two ERROR lines (with the full input).
const SERVICES = 'apigateway,stepfunctions,sts,iam,logs,events';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..');
const emuDir = join(repoRoot, '.emulator');
const venvDir = join(emuDir, 'venv');
const venvPython = join(venvDir, 'bin', 'python');
const stampFile = join(venvDir, '.requirements.sha256');
const requirementsFile = join(here, 'requirements.txt');
const logFile = join(emuDir, 'localstack.log');
const pidFile = join(emuDir, 'localstack.pid');
const fsRoot = join(emuDir, 'filesystem');
const timeoutS = Number(process.env.EMULATOR_START_TIMEOUT_S ?? 120);

const log = (msg) => process.stderr.write(`[emulator] ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function pythonVersion(cmd) {
  const r = spawnSync(cmd, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  if (r.status !== 0 || !r.stdout) return null;
  const [major, minor] = r.stdout.trim().split('.').map(Number);
  return { major, minor, text: r.stdout.trim() };
}

const supported = (v) => v && v.major === 3 && v.minor >= 12;

// localstack-core 4.14.0 needs Python >= 3.12 (PEP 695 generics in its source).
function findPython() {
  const candidates = [];
  if (process.env.EMULATOR_PYTHON) candidates.push(process.env.EMULATOR_PYTHON);
  candidates.push('python3.13', 'python3.12');
  const pyenvRoot = process.env.PYENV_ROOT || join(homedir(), '.pyenv');
  const versionsDir = join(pyenvRoot, 'versions');
  if (existsSync(versionsDir)) {
    const vers = readdirSync(versionsDir)
      .filter((v) => /^3\.1[2-9]\.\d+$/.test(v))
      .sort((a, b) => {
        const pa = a.split('.').map(Number);
        const pb = b.split('.').map(Number);
        // prefer 3.13 (tested), then 3.12, then newer
        const rank = (p) => (p[1] === 13 ? 0 : p[1] === 12 ? 1 : 2);
        return rank(pa) - rank(pb) || pb[2] - pa[2];
      });
    for (const v of vers) candidates.push(join(versionsDir, v, 'bin', 'python3'));
  }
  candidates.push('python3', '/usr/bin/python3');
  for (const c of candidates) {
    const v = pythonVersion(c);
    if (supported(v)) return { cmd: c, version: v.text };
  }
  return null;
}

function run(cmd, args, what) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 2, 2] });
  if (r.status !== 0) {
    log(`${what} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

function ensureVenv() {
  mkdirSync(emuDir, { recursive: true });
  const current = existsSync(venvPython) ? pythonVersion(venvPython) : null;
  if (!supported(current)) {
    if (existsSync(venvDir)) {
      log(`removing unusable venv at ${venvDir} (python ${current?.text ?? 'missing'})`);
      rmSync(venvDir, { recursive: true, force: true });
    }
    const py = findPython();
    if (!py) {
      log(
        'no Python >= 3.12 found (tried EMULATOR_PYTHON, python3.13, python3.12, ~/.pyenv/versions/3.1x, python3)',
      );
      process.exit(1);
    }
    log(`creating venv with ${py.cmd} (Python ${py.version})`);
    run(py.cmd, ['-m', 'venv', venvDir], 'python -m venv');
  }
  const venvVersion = pythonVersion(venvPython).text;
  const hash = createHash('sha256')
    .update(readFileSync(requirementsFile))
    .update(`\npython=${venvVersion}\n`)
    .digest('hex');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === hash) {
    log('venv up to date');
    return;
  }
  log('installing requirements into venv (first time takes ~30-40 s) ...');
  const t0 = Date.now();
  run(
    venvPython,
    [
      '-m',
      'pip',
      'install',
      '--disable-pip-version-check',
      '--no-input',
      '-q',
      '-r',
      requirementsFile,
    ],
    'pip install',
  );
  writeFileSync(stampFile, `${hash}\n`);
  log(`requirements installed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

async function health() {
  try {
    const res = await fetch(HEALTH_URL, { signal: AbortSignal.timeout(2000) });
    if (!res.ok) return null;
    return await res.json();
  } catch {
    return null;
  }
}

function isHealthy(h) {
  return (
    Boolean(h?.services) &&
    REQUIRED_SERVICES.every((s) => ['available', 'running'].includes(h.services[s]))
  );
}

function portInUse() {
  return new Promise((res) => {
    const sock = createConnection({ host: HOST, port: PORT });
    const done = (v) => {
      sock.destroy();
      res(v);
    };
    sock.setTimeout(1000, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

function logTail(lines = 40) {
  if (!existsSync(logFile)) return '(no log file)';
  return readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
}

function killGroup(pid) {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

async function main() {
  ensureVenv();

  if (isHealthy(await health())) {
    log(`already running and healthy at ${ENDPOINT}`);
    process.stdout.write(`${ENDPOINT}\n`);
    return;
  }

  // LocalStack prints "Ready." and keeps running even when it cannot bind the
  // port, so refuse early instead of waiting for the timeout.
  if (await portInUse()) {
    log(`${HOST}:${PORT} is taken by something that is not a healthy LocalStack; stop it first`);
    process.exit(1);
  }

  mkdirSync(fsRoot, { recursive: true });
  const env = {
    ...process.env,
    // offline host mode
    SKIP_SSL_CERT_DOWNLOAD: '1',
    DISABLE_EVENTS: '1', // LocalStack's own analytics events, not EventBridge
    DNS_ADDRESS: '0',
    GATEWAY_LISTEN: `${HOST}:${PORT}`,
    LOCALSTACK_HOST: `${HOST}:${PORT}`,
    SERVICES,
    EAGER_SERVICE_LOADING: '1',
    // Many CI/dev machines are containers (/.dockerenv): without this LocalStack
    // believes it runs in its own image and writes to /var/lib/localstack and
    // /tmp/localstack. With it, all state goes under FILESYSTEM_ROOT.
    OVERRIDE_IN_DOCKER: '0',
    FILESYSTEM_ROOT: fsRoot,
    LOCALSTACK_VOLUME_DIR: join(fsRoot, 'var', 'lib', 'localstack'),
    PERSISTENCE: '0',
  };
  const out = openSync(logFile, 'w');
  const t0 = Date.now();
  const child = spawn(venvPython, ['-m', 'localstack.runtime.main'], {
    cwd: emuDir,
    env,
    detached: true, // own process group: stop.mjs kills the whole group
    stdio: ['ignore', out, out],
  });
  writeFileSync(pidFile, `${child.pid}\n`);
  log(`started LocalStack pid ${child.pid} (log: ${logFile})`);
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });
  child.unref();

  const deadline = t0 + timeoutS * 1000;
  while (Date.now() < deadline) {
    if (exited) {
      log(`LocalStack exited early (code ${exited.code}, signal ${exited.signal}); log tail:`);
      process.stderr.write(`${logTail()}\n`);
      rmSync(pidFile, { force: true });
      process.exit(1);
    }
    if (isHealthy(await health())) {
      log(`healthy after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      process.stdout.write(`${ENDPOINT}\n`);
      return;
    }
    await sleep(250);
  }
  log(`not healthy after ${timeoutS} s; log tail:`);
  process.stderr.write(`${logTail()}\n`);
  killGroup(child.pid);
  rmSync(pidFile, { force: true });
  process.exit(1);
}

await main();
