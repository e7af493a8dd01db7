// The shape every infra service module (test/infra/kafka.ts,
// test/infra/search/index.ts) exports, and the state file that lets a
// detached process outlive the command that started it.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** Git-ignored home of downloaded jars, data, logs and state files. */
export const INFRA_CACHE = path.join(REPO_ROOT, '.cache', 'infra');

/** What a running service is, as recorded in `.cache/infra/<name>.json`. */
export interface ServiceInfoBase {
  name: string;
  /** pid of the server process (java). */
  pid: number;
  version: string;
  /** ISO timestamp. */
  startedAt: string;
  /** Milliseconds from spawn to ready, for the record. */
  readyMs?: number;
  /** Log file of the server, for humans. */
  log?: string;
  /**
   * pid of the process this service is tied to (the jest run), or absent
   * when started by `npm run infra:up` and meant to outlive it. A watchdog
   * stops the service when the owner dies.
   */
  ownerPid?: number;
}

export interface KafkaInfo extends ServiceInfoBase {
  name: 'kafka';
  /** host:port list, as KAFKA_BROKERS takes it (comma-joined). */
  brokers: string[];
  /** KRaft cluster id, what describeCluster reports for this broker. */
  clusterId: string;
  /**
   * A second listener, SASL_SSL, as production clusters run: TLS with a
   * self-signed certificate (its PEM is the CA file) and one user known to
   * PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512. Absent in state files written
   * before it existed.
   */
  secure?: { brokers: string[]; caFile: string; username: string; password: string };
}

export type SearchEngine = 'elasticsearch' | 'opensearch';

export interface SearchInfo extends ServiceInfoBase {
  name: 'search';
  /** http://127.0.0.1:<port> */
  url: string;
  engine: SearchEngine;
}

export type ServiceInfo = KafkaInfo | SearchInfo;

export interface ServiceStatus<T extends ServiceInfoBase> {
  running: boolean;
  /** The recorded state, also when the process is gone (stale). */
  info?: T;
}

export interface UpOptions {
  /** Tie the service to this pid (see ServiceInfoBase.ownerPid). */
  ownerPid?: number;
  /** Give up waiting for ready after this many ms. */
  timeoutMs?: number;
  /** Progress lines (downloads, formatting); defaults to stderr. */
  log?: (line: string) => void;
}

/**
 * Each service module exports these three functions.
 * `up` is idempotent: when the state file names a live process, it returns
 * that instead of starting another.
 */
export interface ServiceModule<T extends ServiceInfoBase> {
  up(options?: UpOptions): Promise<T>;
  down(): Promise<void>;
  status(): Promise<ServiceStatus<T>>;
}

export function stateFile(name: string): string {
  return path.join(INFRA_CACHE, `${name}.json`);
}

export function readState<T extends ServiceInfoBase>(name: string): T | undefined {
  try {
    return JSON.parse(readFileSync(stateFile(name), 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export function writeState<T extends ServiceInfoBase>(info: T): void {
  const file = stateFile(info.name);
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(info, null, 2) + '\n');
  renameSync(tmp, file);
}

export function clearState(name: string): void {
  rmSync(stateFile(name), { force: true });
}

/** The env lines a service contributes (KAFKA_BROKERS=…, SEARCH_URL=…). */
export function envOf(info: ServiceInfo): Record<string, string> {
  switch (info.name) {
    case 'kafka':
      return {
        KAFKA_BROKERS: info.brokers.join(','),
        // test-only names (not the app's config): what the SASL_SSL e2e connects with
        ...(info.secure && {
          IT_KAFKA_SECURE_BROKERS: info.secure.brokers.join(','),
          IT_KAFKA_SECURE_CA_FILE: info.secure.caFile,
          IT_KAFKA_SECURE_USERNAME: info.secure.username,
          IT_KAFKA_SECURE_PASSWORD: info.secure.password,
        }),
      };
    case 'search':
      return { SEARCH_URL: info.url, SEARCH_ENGINE: info.engine };
  }
}
