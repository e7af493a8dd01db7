/**
 * Starts the real embedded all-in-one (the built dist/, as `npm start` runs it)
 * on a free loopback port with its own data dir, and mints tokens with the
 * local key it created. Used by the e2e tests.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateLocalAuthKey, mintLocalToken, Role } from '@auditorium/auth';

export const REPO_ROOT = join(__dirname, '..', '..');
export const STANDALONE_MAIN = join(REPO_ROOT, 'dist', 'apps', 'standalone', 'src', 'main.js');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface StandaloneOptions {
  dataDir?: string;
  env?: Record<string, string>;
  /** command to run instead of the built main (e.g. ['scripts/start.js']) */
  args?: string[];
}

export class StandaloneProcess {
  private child?: ChildProcess;
  output = '';
  baseUrl = '';
  adminToken = '';

  /** pid of the running process, for tests that sample its memory */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  constructor(
    readonly dataDir: string,
    private readonly port: number,
    private readonly opts: StandaloneOptions,
  ) {}

  static async start(opts: StandaloneOptions = {}): Promise<StandaloneProcess> {
    const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'auditorium-e2e-'));
    const p = new StandaloneProcess(dataDir, await freePort(), opts);
    await p.boot();
    return p;
  }

  async boot(): Promise<void> {
    this.output = '';
    const child = spawn(process.execPath, this.opts.args ?? [STANDALONE_MAIN], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        TZ: 'UTC',
        AUDITORIUM_HOST: '127.0.0.1',
        AUDITORIUM_PORT: String(this.port),
        AUDITORIUM_DATA_DIR: this.dataDir,
        LOG_LEVEL: 'warn',
        KAFKA_BROKERS: '',
        ...this.opts.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.baseUrl = `http://127.0.0.1:${this.port}`;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`standalone exited with ${child.exitCode}:\n${this.output}`);
      const m = /Admin token \(12 h\):\s+(\S+)/.exec(this.output);
      if (m) {
        this.adminToken = m[1];
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    await this.stop();
    throw new Error(`standalone did not start within 60 s:\n${this.output}`);
  }

  async token(roles: Role[], sub = 'e2e-user', ttlS?: number): Promise<string> {
    const key = await loadOrCreateLocalAuthKey(this.dataDir);
    return mintLocalToken(key, { roles, sub, issuer: 'auditorium-local', audience: 'auditorium', ttlS });
  }

  async fetch(path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('authorization', `Bearer ${init.token}`);
    return fetch(this.baseUrl + path, { ...init, headers });
  }

  async ingest(ndjson: string, token: string): Promise<Response> {
    return this.fetch('/api/v1/ingest', {
      method: 'POST',
      token,
      headers: { 'content-type': 'application/x-ndjson' },
      body: ndjson,
    });
  }

  /** SIGTERM and wait: a graceful stop, as an operator would. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const child = this.child;
    // exited already (a signal leaves exitCode null and sets signalCode)
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.boot();
  }

  async destroy(): Promise<void> {
    await this.stop();
    if (!this.opts.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }
}
