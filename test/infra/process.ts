// Process plumbing shared by the infra services: free ports, detached
// spawning with an owner watchdog, readiness polling and clean stops.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** A port the OS considers free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** Distinct free ports (asked for together so they never collide). */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

/**
 * True when `pid` is a live, non-zombie process; with `cmdlineIncludes`, also
 * checks /proc/<pid>/cmdline so a recycled pid is not mistaken for ours.
 */
export function isAlive(pid: number | undefined, cmdlineIncludes?: string): boolean {
  if (!pid || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch {
    // ESRCH: gone; EPERM: someone else's, so not ours either.
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (state === 'Z' || state === 'X') return false;
    if (cmdlineIncludes) {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      return cmdline.includes(cmdlineIncludes);
    }
  } catch {
    // No /proc (not Linux): trust kill(pid, 0).
  }
  return true;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface DetachedProcess {
  pid: number;
  log: string;
}

export interface SpawnOptions {
  command: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** stdout and stderr are appended here. */
  log: string;
  /** Stop the process when this pid dies (see watchdog.js). */
  ownerPid?: number;
}

/**
 * Starts a process in its own session, so it survives the caller (for
 * `infra:up`) and is not hit by a terminal's Ctrl-C aimed at jest; with
 * `ownerPid`, a tiny watchdog stops it once the owner is gone, however the
 * owner ended.
 */
export function spawnDetached(options: SpawnOptions): DetachedProcess {
  mkdirSync(path.dirname(options.log), { recursive: true });
  const fd = openSync(options.log, 'a');
  try {
    const child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    if (!child.pid) throw new Error(`could not start ${options.command}`);
    child.unref();
    if (options.ownerPid) watch(options.ownerPid, child.pid);
    return { pid: child.pid, log: options.log };
  } finally {
    closeSync(fd);
  }
}

function watch(ownerPid: number, pid: number): void {
  const watchdog = spawn(process.execPath, [path.join(__dirname, 'watchdog.js'), String(ownerPid), String(pid)], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();
}

/** SIGTERM to the process group, wait up to `graceMs`, then SIGKILL. */
export async function stopProcess(pid: number, graceMs = 20_000): Promise<void> {
  if (!isAlive(pid)) return;
  signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return;
    await sleep(100);
  }
  signal(pid, 'SIGKILL');
  for (let i = 0; i < 50 && isAlive(pid); i++) await sleep(100);
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    // Detached children lead their own process group.
    process.kill(-pid, sig);
  } catch {
    try {
      process.kill(pid, sig);
    } catch {
      // Already gone.
    }
  }
}

/** The last `lines` lines of a log file ('' when there is none). */
export function tail(file: string, lines = 40): string {
  if (!existsSync(file)) return '';
  const text = readFileSync(file, 'utf8');
  return text
    .split('\n')
    .slice(-lines - 1)
    .join('\n');
}

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** pid that must stay alive while waiting; its death fails fast. */
  pid?: number;
  /** Log shown (tail) in the error. */
  log?: string;
  what: string;
}

/** Polls `probe` until it resolves truthy; fails with the log tail. */
export async function waitUntil<T>(probe: () => Promise<T | undefined>, options: WaitOptions): Promise<T> {
  const started = Date.now();
  let lastError = '';
  while (Date.now() - started < options.timeoutMs) {
    if (options.pid !== undefined && !isAlive(options.pid)) {
      throw new Error(failure(`${options.what}: process ${options.pid} exited`, options));
    }
    try {
      const result = await probe();
      if (result) return result;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await sleep(options.intervalMs ?? 500);
  }
  const why = lastError ? ` (last error: ${lastError})` : '';
  throw new Error(failure(`${options.what}: not ready after ${options.timeoutMs} ms${why}`, options));
}

function failure(message: string, options: WaitOptions): string {
  if (!options.log) return message;
  return `${message}\n--- last lines of ${options.log} ---\n${tail(options.log)}`;
}

/**
 * Runs `fn` holding an exclusive lock file, so two concurrent `up` calls
 * for one service (two terminals, jest and infra:up) start it once. A lock
 * whose holder died is taken over.
 */
export async function withLock<T>(file: string, fn: () => Promise<T>, timeoutMs = 600_000): Promise<T> {
  mkdirSync(path.dirname(file), { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder: number;
      try {
        holder = Number(readFileSync(file, 'utf8').trim());
      } catch {
        continue; // released meanwhile
      }
      // 0: the holder has created the file but not written its pid yet.
      if (holder !== 0 && !isAlive(holder)) {
        rmSync(file, { force: true });
        continue;
      }
      if (Date.now() - started > timeoutMs) {
        throw new Error(`${file} is held by pid ${holder} for over ${timeoutMs} ms`);
      }
      await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(file, { force: true });
  }
}
