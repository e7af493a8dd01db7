// What test/support/global-setup.js and global-teardown.js call: start the
// services the integration tests need, unless the environment already points
// at running ones, and later stop only what was started here.
import { downAll, ServiceName, upAll } from './stack';

export interface InfraSession {
  /** Services started by this run, to stop in teardown. */
  started: ServiceName[];
  env: Record<string, string>;
}

/** Services not already given by KAFKA_BROKERS / SEARCH_URL. */
export function neededServices(env: NodeJS.ProcessEnv = process.env): ServiceName[] {
  const needed: ServiceName[] = [];
  if (!env.KAFKA_BROKERS) needed.push('kafka');
  if (!env.SEARCH_URL) needed.push('search');
  return needed;
}

/**
 * Starts (or reuses, when `npm run infra:up` left them running) what is
 * needed, tied to this process: should jest die without teardown (Ctrl-C,
 * kill -9), a watchdog stops what it started.
 */
export async function setupInfra(): Promise<InfraSession> {
  const needed = neededServices();
  if (!needed.length) return { started: [], env: {} };
  const log = (line: string): void => void process.stderr.write(`[infra] ${line}\n`);
  const started = Date.now();
  const result = await upAll(needed, { ownerPid: process.pid, log });
  for (const info of result.infos) {
    const how = result.started.includes(info.name) ? 'started' : 'reused';
    log(`${how} ${info.name} ${info.version} (${info.pid})`);
  }
  const shown = Object.fromEntries(
    Object.entries(result.env).map(([k, v]) => [k, /PASSWORD/.test(k) ? '(set)' : v] as [string, string]),
  );
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(shown)}`);
  Object.assign(process.env, result.env);
  return { started: result.started, env: result.env };
}

export async function teardownInfra(session: InfraSession | undefined): Promise<void> {
  if (!session?.started.length) return;
  await downAll(session.started);
}
