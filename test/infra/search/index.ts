// A real search engine for tests and local runs: Elasticsearch 9 (default)
// or OpenSearch 2.19, chosen by SEARCH_ENGINE. The server jars come from
// Maven Central (pom.xml beside each launcher), cached under
// .cache/infra/search/<engine>-<version>/lib; a tiny launcher compiled into
// .../classes starts one node on 127.0.0.1 with free ports. See README.md.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { freePorts, isAlive, spawnDetached, stopProcess, waitUntil, withLock } from '../process';
import {
  clearState,
  INFRA_CACHE,
  readState,
  REPO_ROOT,
  SearchEngine,
  SearchInfo,
  ServiceStatus,
  UpOptions,
  writeState,
} from '../service';
import { DEFAULT_ENGINE, EngineSpec, ENGINES, isSearchEngine, RootInfo, sourceDir } from './engines';
import { findJdk, Jdk } from './java';

export { ENGINES, DEFAULT_ENGINE } from './engines';

const run = promisify(execFile);

const NAME = 'search';
const HOME = path.join(INFRA_CACHE, NAME);
const DEFAULT_TIMEOUT_MS = 120_000;

export interface SearchUpOptions extends UpOptions {
  /** Defaults to SEARCH_ENGINE, then elasticsearch. */
  engine?: SearchEngine;
}

/** The engine asked for by `options` or SEARCH_ENGINE, if any. */
function requestedEngine(options: SearchUpOptions): SearchEngine | undefined {
  if (options.engine) return options.engine;
  const fromEnv = process.env.SEARCH_ENGINE;
  if (fromEnv === undefined || fromEnv === '') return undefined;
  if (!isSearchEngine(fromEnv)) {
    throw new Error(`SEARCH_ENGINE=${fromEnv}: expected elasticsearch or opensearch`);
  }
  return fromEnv;
}

/**
 * Starts the engine detached (it outlives this process unless `ownerPid` is
 * given) and resolves once it answers with cluster health yellow or green.
 * Idempotent: a running, answering engine is returned as it is.
 */
export async function up(options: SearchUpOptions = {}): Promise<SearchInfo> {
  const say = options.log ?? ((line: string) => process.stderr.write(`[infra:search] ${line}\n`));
  const requested = requestedEngine(options);
  return withLock(path.join(INFRA_CACHE, `${NAME}.lock`), async () => {
    const running = await status();
    if (running.running && running.info) {
      const info = running.info;
      if (requested && info.engine !== requested) {
        throw new Error(
          `${info.engine} ${info.version} is already running at ${info.url} (pid ${info.pid}), ` +
            `but ${requested} was asked for; stop it first: npm run infra:down -- search`,
        );
      }
      const spec = ENGINES[info.engine];
      const answers = await probe(info.url, spec).catch(() => undefined);
      if (answers) return info;
      say(`pid ${info.pid} is alive but ${info.url} does not answer; restarting`);
      await stopProcess(info.pid, 10_000);
    }
    if (running.info) clearState(NAME);

    const spec = ENGINES[requested ?? DEFAULT_ENGINE];
    const jdk = findJdk(spec.java, `${spec.engine} ${spec.version}`);
    const dirs = cacheDirs(spec);
    await ensureJars(spec, dirs, say);
    await ensureLauncher(spec, dirs, jdk, say);
    // A port found free can be taken before the JVM binds it; try again.
    for (let attempt = 1; ; attempt++) {
      try {
        return await start(spec, dirs, jdk, options, say);
      } catch (error) {
        const clash = error instanceof Error && /BindException|Address already in use/.test(error.message);
        if (!clash || attempt >= 3) throw error;
        say('port taken meanwhile, retrying with new ports');
      }
    }
  });
}

export async function down(): Promise<void> {
  const info = readState<SearchInfo>(NAME);
  if (!info) return;
  // Only a process whose command line names our launcher is ours to stop.
  const mainClass = ENGINES[info.engine]?.mainClass;
  if (mainClass && isAlive(info.pid, mainClass)) await stopProcess(info.pid);
  clearState(NAME);
}

export async function status(): Promise<ServiceStatus<SearchInfo>> {
  const info = readState<SearchInfo>(NAME);
  const mainClass = info && ENGINES[info.engine]?.mainClass;
  return { running: !!info && !!mainClass && isAlive(info.pid, mainClass), info };
}

interface CacheDirs {
  /** .cache/infra/search/<engine>-<version> */
  base: string;
  lib: string;
  classes: string;
  /** Fresh on every start: home, data, logs, tmp. */
  run: string;
  log: string;
}

function cacheDirs(spec: EngineSpec): CacheDirs {
  const base = path.join(HOME, `${spec.engine}-${spec.version}`);
  const run = path.join(HOME, spec.engine, 'run');
  return {
    base,
    lib: path.join(base, 'lib'),
    classes: path.join(base, 'classes'),
    run,
    log: path.join(run, `${spec.engine}.log`),
  };
}

function sha256(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
}

/** Downloads the server and its modules once; later runs reuse them. */
async function ensureJars(spec: EngineSpec, dirs: CacheDirs, say: (line: string) => void): Promise<void> {
  const pom = path.join(sourceDir(spec), 'pom.xml');
  const marker = path.join(dirs.lib, '.stamp');
  const stamp = sha256(spec.version, readFileSync(pom, 'utf8'));
  if (existsSync(marker) && readFileSync(marker, 'utf8').trim() === stamp) return;

  const started = Date.now();
  say(`resolving ${spec.engine} ${spec.version} from Maven Central into ${path.relative(REPO_ROOT, dirs.lib)}`);
  const staging = `${dirs.lib}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  try {
    await run(
      'mvn',
      [
        '-B',
        '-q',
        '-f',
        pom,
        `-D${spec.versionProperty}=${spec.version}`,
        'dependency:copy-dependencies',
        '-DincludeScope=runtime',
        `-DoutputDirectory=${staging}`,
      ],
      { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    const output = error as { stdout?: string; stderr?: string; message?: string };
    throw new Error(
      `could not download ${spec.engine} ${spec.version} with Maven (is mvn on PATH and Maven Central reachable?)\n` +
        `${output.stdout ?? ''}${output.stderr ?? output.message ?? ''}`.slice(-4000),
    );
  }
  if (!readdirSync(staging).includes(spec.serverJar)) throw new Error(`Maven did not deliver ${spec.serverJar}`);
  writeFileSync(path.join(staging, '.stamp'), `${stamp}\n`);
  rmSync(dirs.lib, { recursive: true, force: true });
  // The launcher was compiled against the old jars.
  rmSync(dirs.classes, { recursive: true, force: true });
  renameSync(staging, dirs.lib);
  say(`downloaded in ${Date.now() - started} ms`);
}

/** Compiles the launcher when its source, the jars or the JDK changed. */
async function ensureLauncher(spec: EngineSpec, dirs: CacheDirs, jdk: Jdk, say: (line: string) => void): Promise<void> {
  const source = path.join(sourceDir(spec), spec.launcher);
  const marker = path.join(dirs.classes, '.stamp');
  const stamp = sha256(readFileSync(source, 'utf8'), readFileSync(path.join(dirs.lib, '.stamp'), 'utf8'), jdk.home);
  if (existsSync(marker) && readFileSync(marker, 'utf8').trim() === stamp) return;

  say(`compiling ${spec.launcher} with Java ${jdk.major}`);
  const staging = `${dirs.classes}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    await run(jdk.javac, ['-nowarn', '-encoding', 'UTF-8', '-d', staging, '-cp', path.join(dirs.lib, '*'), source], {
      cwd: REPO_ROOT,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    const output = error as { stdout?: string; stderr?: string; message?: string };
    throw new Error(`compiling ${source} failed:\n${output.stdout ?? ''}${output.stderr ?? output.message ?? ''}`);
  }
  writeFileSync(path.join(staging, '.stamp'), `${stamp}\n`);
  rmSync(dirs.classes, { recursive: true, force: true });
  renameSync(staging, dirs.classes);
}

async function start(
  spec: EngineSpec,
  dirs: CacheDirs,
  jdk: Jdk,
  options: UpOptions,
  say: (line: string) => void,
): Promise<SearchInfo> {
  const [httpPort, transportPort] = await freePorts(2);
  // Every start is a fresh cluster: tests must not see yesterday's indices.
  rmSync(dirs.run, { recursive: true, force: true });
  const home = path.join(dirs.run, 'home');
  const tmp = path.join(dirs.run, 'tmp');
  for (const dir of [home, tmp]) mkdirSync(dir, { recursive: true });

  const settings: Record<string, string> = {
    'path.home': home,
    'path.data': path.join(dirs.run, 'data'),
    'path.logs': path.join(dirs.run, 'logs'),
    'cluster.name': 'auditorium-test',
    'node.name': 'auditorium-test',
    'discovery.type': 'single-node',
    'network.host': '127.0.0.1',
    'http.port': String(httpPort),
    'transport.port': String(transportPort),
    // CI disks can be fuller than the default watermarks allow.
    'cluster.routing.allocation.disk.threshold_enabled': 'false',
    ...spec.settings,
  };
  const jvm = [
    '-Xms512m',
    '-Xmx1g',
    '-XX:+UseG1GC',
    '-XX:+ExitOnOutOfMemoryError',
    '-XX:-OmitStackTraceInFastThrow',
    '-Djava.awt.headless=true',
    '-Dfile.encoding=UTF-8',
    `-Djava.io.tmpdir=${tmp}`,
    // As the distributions' jvm.options set them.
    '-Dio.netty.noUnsafe=true',
    '-Dio.netty.noKeySetOptimization=true',
    '-Dio.netty.recycler.maxCapacityPerThread=0',
    '-Dlog4j.shutdownHookEnabled=false',
    '-Dlog4j2.disable.jmx=true',
    ...spec.jvmFlags,
    ...(spec.engine === 'elasticsearch' ? [`-Des.nativelibs.path=${elasticsearchNativeLibs(dirs.run)}`] : []),
  ];
  const classpath = [dirs.classes, path.join(dirs.lib, '*')].join(path.delimiter);
  const args = [...jvm, '-cp', classpath, spec.mainClass, ...Object.entries(settings).map(([k, v]) => `${k}=${v}`)];

  const startedAt = new Date();
  const child = spawnDetached({
    command: jdk.java,
    args,
    cwd: dirs.run,
    log: dirs.log,
    ownerPid: options.ownerPid,
  });
  const url = `http://127.0.0.1:${httpPort}`;
  say(
    `started ${spec.engine} ${spec.version} (Java ${jdk.major}) pid ${child.pid} on ${url}, ` +
      `waiting for ready (log: ${path.relative(REPO_ROOT, dirs.log)})`,
  );

  let version: string;
  try {
    version = await waitUntil(() => probe(url, spec), {
      what: `${spec.engine} ${spec.version} on ${url}`,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      intervalMs: 250,
      pid: child.pid,
      log: dirs.log,
    });
  } catch (error) {
    await stopProcess(child.pid, 5_000);
    throw error;
  }

  const info: SearchInfo = {
    name: NAME,
    pid: child.pid,
    url,
    engine: spec.engine,
    version,
    startedAt: startedAt.toISOString(),
    readyMs: Date.now() - startedAt.getTime(),
    log: dirs.log,
    ...(options.ownerPid ? { ownerPid: options.ownerPid } : {}),
  };
  writeState(info);
  say(`ready in ${info.readyMs} ms`);
  return info;
}

async function getJson<T>(url: string): Promise<{ body: T; headers: Headers }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return { body: (await response.json()) as T, headers: response.headers };
}

/**
 * Ready = cluster health is yellow or green and `GET /` names the engine and
 * version we started. Resolves the version, undefined while not ready.
 */
async function probe(url: string, spec: EngineSpec): Promise<string | undefined> {
  const health = await getJson<{ status?: string }>(`${url}/_cluster/health?wait_for_status=yellow&timeout=2s`);
  if (health.body.status !== 'yellow' && health.body.status !== 'green') return undefined;
  const root = await getJson<RootInfo>(`${url}/`);
  if (!spec.isReal(root.body, root.headers)) {
    throw new Error(`${url} is not ${spec.engine} ${spec.version}: ${JSON.stringify(root.body)}`);
  }
  return root.body.version?.number;
}

/**
 * Elasticsearch loads zstd (bulk and translog compression) from its
 * distribution's lib/platform folder, which Maven Central does not serve.
 * The system's libzstd (Debian's libzstd1, a base package) is the same
 * library: link it where Elasticsearch looks (-Des.nativelibs.path).
 */
function elasticsearchNativeLibs(runDir: string): string {
  const dir = path.join(runDir, 'native');
  mkdirSync(dir, { recursive: true });
  const target = path.join(dir, 'libzstd.so');
  const candidates = [
    '/usr/lib/x86_64-linux-gnu/libzstd.so.1',
    '/usr/lib/aarch64-linux-gnu/libzstd.so.1',
    '/lib/x86_64-linux-gnu/libzstd.so.1',
    '/usr/lib64/libzstd.so.1',
    '/usr/lib/libzstd.so.1',
  ];
  const found = candidates.find((c) => existsSync(c));
  if (!found)
    throw new Error('libzstd.so.1 not found: install the libzstd1 package (Elasticsearch needs it for bulk requests)');
  rmSync(target, { force: true });
  symlinkSync(found, target);
  return dir;
}
