#!/usr/bin/env node
// Stops the LocalStack emulator started by start.mjs. Idempotent.
//
// Kills the process group recorded in .emulator/localstack.pid, any
// descendants that left the group, and any orphaned
// `.emulator/venv/bin/python -m localstack.runtime.main` (e.g. after the pid
// file was lost). SIGTERM first, SIGKILL after a grace period.
import { existsSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..');
const emuDir = join(repoRoot, '.emulator');
const venvDir = join(emuDir, 'venv');
const pidFile = join(emuDir, 'localstack.pid');
const GRACE_MS = 10_000;

const log = (msg) => process.stderr.write(`[emulator] ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function procs() {
  const list = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // fields after "(comm)": state ppid pgrp ...
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (rest[0] === 'Z') continue; // zombie: already dead
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').filter(Boolean);
      let exe = '';
      try {
        exe = readlinkSync(`/proc/${name}/exe`);
      } catch {
        /* no permission / kernel thread */
      }
      list.push({ pid: Number(name), ppid: Number(rest[1]), pgid: Number(rest[2]), cmdline, exe });
    } catch {
      /* process vanished */
    }
  }
  return list;
}

const isOurEmulator = (p) =>
  p.cmdline.includes('localstack.runtime.main') &&
  (p.cmdline[0]?.startsWith(venvDir) || p.exe.startsWith(venvDir));

function targets(groups) {
  const all = procs();
  const set = new Set();
  for (const p of all) {
    if (groups.has(p.pid) || groups.has(p.pgid) || isOurEmulator(p)) set.add(p.pid);
  }
  // descendants of anything selected (children that called setsid keep their ppid)
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of all) {
      if (!set.has(p.pid) && set.has(p.ppid)) {
        set.add(p.pid);
        grew = true;
      }
    }
  }
  set.delete(process.pid);
  return set;
}

function signalAll(pids, groups, sig) {
  for (const g of groups) {
    try {
      process.kill(-g, sig);
    } catch {
      /* group gone */
    }
  }
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      /* gone */
    }
  }
}

function alive(pids) {
  const live = new Set(procs().map((p) => p.pid));
  return [...pids].filter((p) => live.has(p));
}

async function main() {
  // The pid in the pid file is also the process group id (detached spawn).
  const roots = new Set();
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 1) {
      const all = procs();
      const leader = all.find((x) => x.pid === pid);
      if (leader && leader.cmdline.includes('localstack.runtime.main')) {
        roots.add(pid);
      } else if (!leader && all.some((x) => x.pgid === pid)) {
        // leader gone but members of its group remain (Linux keeps a pgid
        // from being reused while the group exists, so they are ours)
        roots.add(pid);
      } else if (leader) {
        log(`pid ${pid} from pid file is not LocalStack (pid reused?); ignoring it`);
      }
    }
  }
  const pids = targets(roots);
  if (pids.size === 0) {
    log('emulator not running');
    rmSync(pidFile, { force: true });
    return;
  }
  log(`stopping pids ${[...pids].join(' ')}`);
  signalAll(pids, roots, 'SIGTERM');
  const deadline = Date.now() + GRACE_MS;
  while (alive(pids).length && Date.now() < deadline) await sleep(200);
  const left = alive(pids);
  if (left.length) {
    log(`still alive after ${GRACE_MS / 1000} s, sending SIGKILL to ${left.join(' ')}`);
    signalAll(new Set(left), roots, 'SIGKILL');
    const killDeadline = Date.now() + 5000;
    while (alive(pids).length && Date.now() < killDeadline) await sleep(100);
  }
  // anything that appeared meanwhile (late-spawned children)
  const stragglers = targets(roots);
  if (stragglers.size) {
    signalAll(stragglers, [], 'SIGKILL');
    await sleep(300);
  }
  const remaining = alive(new Set([...pids, ...stragglers]));
  rmSync(pidFile, { force: true });
  if (remaining.length) {
    log(`could not stop: ${remaining.join(' ')}`);
    process.exit(1);
  }
  log('stopped');
}

await main();
