/**
 * Starts the real built ingester (dist/apps/ingester) against the Kafka and
 * search engine the jest global setup started, with its own topic, consumer
 * group and index prefix so tests never see each other's data.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@auditorium/config';
import { createRecordingStore, type RecordingStore } from '@auditorium/store';
import { removeIndices } from './search-engine';
import { freePort, REPO_ROOT } from './standalone-process';

export const INGESTER_MAIN = join(REPO_ROOT, 'dist', 'apps', 'ingester', 'src', 'main.js');

export interface IngesterEnv {
  topic: string;
  dlqTopic: string;
  groupId: string;
  indexPrefix: string;
  dataDir: string;
  extra?: Record<string, string>;
}

export function requireInfra(): { brokers: string; searchUrl: string; engine: 'elasticsearch' | 'opensearch' } {
  const brokers = process.env.KAFKA_BROKERS;
  const searchUrl = process.env.SEARCH_URL;
  if (!brokers || !searchUrl)
    throw new Error('KAFKA_BROKERS and SEARCH_URL must be set (jest global setup starts both)');
  const engine = process.env.SEARCH_ENGINE === 'opensearch' ? 'opensearch' : 'elasticsearch';
  return { brokers, searchUrl, engine };
}

export function ingesterEnv(run: string): IngesterEnv {
  return {
    topic: `it.${run}.frames`,
    dlqTopic: `it.${run}.frames.dlq`,
    groupId: `it-${run}`,
    indexPrefix: `it-${run}`,
    dataDir: mkdtempSync(join(tmpdir(), `ingester-${run}-`)),
  };
}

/** The env the ingester (and a test-side store) use. */
export function configEnv(e: IngesterEnv): Record<string, string> {
  const infra = requireInfra();
  return {
    AUDITORIUM_STORE: infra.engine,
    SEARCH_URL: infra.searchUrl,
    SEARCH_INDEX_PREFIX: e.indexPrefix,
    KAFKA_BROKERS: infra.brokers,
    KAFKA_TOPIC: e.topic,
    KAFKA_DLQ_TOPIC: e.dlqTopic,
    KAFKA_GROUP_ID: e.groupId,
    AUDITORIUM_DATA_DIR: e.dataDir,
    ...e.extra,
  };
}

export class IngesterProcess {
  private child?: ChildProcess;
  output = '';
  baseUrl = '';

  constructor(private readonly env: IngesterEnv) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    const port = await freePort();
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.output = '';
    // INGESTER_NODE_ARGS: extra node flags for a run (e.g. --cpu-prof when profiling a bench)
    const nodeArgs = (process.env.INGESTER_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, INGESTER_MAIN], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        TZ: 'UTC',
        LOG_LEVEL: 'info',
        AUDITORIUM_HOST: '127.0.0.1',
        AUDITORIUM_PORT: String(port),
        ...configEnv(this.env),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`ingester exited with ${child.exitCode}:\n${this.output}`);
      // ready = the HTTP side answers (it starts after the consumer joined), whatever the log level
      const up = await fetch(`${this.baseUrl}/healthz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (up) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    await this.kill('SIGKILL');
    throw new Error(`ingester did not start within 90 s:\n${this.output.slice(-4000)}`);
  }

  async health(): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${this.baseUrl}/healthz`);
    return { status: res.status, body: await res.json() };
  }

  async kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  }

  async destroy(): Promise<void> {
    await this.kill('SIGTERM');
    rmSync(this.env.dataDir, { recursive: true, force: true });
  }
}

/**
 * The ingester runs of one spec, each with its own topic, group, index prefix
 * and a store on that prefix (what the test reads back through); `cleanup`
 * stops the processes, closes the stores and removes the indices.
 */
export class IngesterRuns {
  private readonly envs: IngesterEnv[] = [];
  private readonly procs: IngesterProcess[] = [];
  private readonly stores: RecordingStore[] = [];
  /** the newest process, whose output a timeout message can show */
  latest?: IngesterProcess;

  async setup(name: string, extra: Record<string, string> = {}) {
    const run = `${name}-${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
    const env = { ...ingesterEnv(run), extra };
    this.envs.push(env);
    const config = loadConfig(configEnv(env));
    const store = createRecordingStore(config);
    await store.init();
    this.stores.push(store);
    const proc = new IngesterProcess(env);
    this.procs.push(proc);
    this.latest = proc;
    return { run, env, store, proc, config };
  }

  async cleanup(): Promise<void> {
    for (const p of this.procs) if (process.env.AUDITORIUM_TEST_VERBOSE) console.log(p.output.slice(-8000));
    for (const p of this.procs) await p.destroy();
    for (const s of this.stores) await s.close();
    for (const e of this.envs) await removeIndices(e.indexPrefix).catch(() => undefined);
  }
}
