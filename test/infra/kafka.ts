// Apache Kafka for tests and local runs: the broker jars come from Maven
// Central (test/infra/kafka/pom.xml), cached under .cache/infra/kafka/lib;
// one KRaft node (broker + controller) runs on 127.0.0.1 with free ports.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { Kafka, logLevel } from 'kafkajs';

import { freePorts, isAlive, spawnDetached, stopProcess, waitUntil, withLock } from './process';
import {
  clearState,
  INFRA_CACHE,
  KafkaInfo,
  readState,
  REPO_ROOT,
  ServiceStatus,
  UpOptions,
  writeState,
} from './service';

const run = promisify(execFile);

/**
 * 3.9.x: the last line serving every protocol version kafkajs 2.2.4 may
 * send; Kafka 4 removed the old ones (KIP-896). A manual try of 4.1.1 passed
 * produce, group consume and commit, but 3.9 is what the suite pins. The
 * override takes 3.x versions only (4.x logs through log4j2, not reload4j).
 */
export const KAFKA_VERSION = process.env.AUDITORIUM_KAFKA_VERSION ?? '3.9.1';

const NAME = 'kafka';
const HOME = path.join(INFRA_CACHE, NAME);
const LIB = path.join(HOME, 'lib');
const RUN = path.join(HOME, 'run');
const LOG = path.join(RUN, 'kafka.log');
const POM = path.join(REPO_ROOT, 'test', 'infra', 'kafka', 'pom.xml');
/** Written last by a complete download; names the version in lib/. */
const LIB_MARKER = path.join(LIB, '.version');
/** The class that identifies our broker in /proc/<pid>/cmdline. */
const MAIN_CLASS = 'kafka.Kafka';
const DEFAULT_TIMEOUT_MS = 120_000;

export async function up(options: UpOptions = {}): Promise<KafkaInfo> {
  const say = options.log ?? ((line: string) => process.stderr.write(`[infra:kafka] ${line}\n`));
  return withLock(path.join(INFRA_CACHE, `${NAME}.lock`), async () => {
    const running = await status();
    if (running.running && running.info) return running.info;
    if (running.info) clearState(NAME); // stale: the process is gone

    await ensureJars(say);
    const java = javaBinary();
    // A port found free can be taken before the JVM binds it; try again.
    for (let attempt = 1; ; attempt++) {
      try {
        return await start(java, options, say);
      } catch (error) {
        const clash = error instanceof Error && /Address already in use/.test(error.message);
        if (!clash || attempt >= 3) throw error;
        say('port taken meanwhile, retrying with new ports');
      }
    }
  });
}

export async function down(): Promise<void> {
  const info = readState<KafkaInfo>(NAME);
  if (!info) return;
  if (isAlive(info.pid, MAIN_CLASS)) await stopProcess(info.pid);
  clearState(NAME);
}

export async function status(): Promise<ServiceStatus<KafkaInfo>> {
  const info = readState<KafkaInfo>(NAME);
  return { running: !!info && isAlive(info.pid, MAIN_CLASS), info };
}

/** Downloads kafka_2.13 and its runtime jars once; later runs reuse them. */
async function ensureJars(say: (line: string) => void): Promise<void> {
  if (existsSync(LIB_MARKER) && readFileSync(LIB_MARKER, 'utf8').trim() === KAFKA_VERSION) return;
  const started = Date.now();
  say(`resolving Apache Kafka ${KAFKA_VERSION} from Maven Central into ${path.relative(REPO_ROOT, LIB)}`);
  const staging = `${LIB}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  try {
    await run(
      'mvn',
      [
        '-B',
        '-q',
        '-f',
        POM,
        `-Dkafka.version=${KAFKA_VERSION}`,
        'dependency:copy-dependencies',
        '-DincludeScope=runtime',
        `-DoutputDirectory=${staging}`,
      ],
      { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (error) {
    const output = error as { stdout?: string; stderr?: string; message?: string };
    throw new Error(
      `could not download Kafka ${KAFKA_VERSION} with Maven (is mvn on PATH and Maven Central reachable?)\n` +
        `${output.stdout ?? ''}${output.stderr ?? output.message ?? ''}`.slice(-4000),
    );
  }
  const jar = `kafka_2.13-${KAFKA_VERSION}.jar`;
  if (!readdirSync(staging).includes(jar)) throw new Error(`Maven did not deliver ${jar}`);
  writeFileSync(path.join(staging, '.version'), `${KAFKA_VERSION}\n`);
  rmSync(LIB, { recursive: true, force: true });
  renameSync(staging, LIB);
  say(`downloaded in ${Date.now() - started} ms`);
}

function javaBinary(): string {
  const home = process.env.KAFKA_JAVA_HOME ?? process.env.JAVA_HOME;
  return home ? path.join(home, 'bin', 'java') : 'java';
}

/** The user of the SASL_SSL listener; its password is new on every start. */
const SECURE_USER = 'auditorium';

/**
 * A self-signed certificate for 127.0.0.1 in a PKCS12 keystore (the broker's)
 * and as PEM (the clients' CA file), made with the keytool beside `java`.
 */
async function makeKeystore(java: string, dir: string, storePassword: string): Promise<TlsFiles> {
  const keytool = path.isAbsolute(java) ? path.join(path.dirname(java), 'keytool') : 'keytool';
  const keystore = path.join(dir, 'broker.p12');
  const caFile = path.join(dir, 'ca.pem');
  const common = ['-keystore', keystore, '-storetype', 'PKCS12', '-storepass', storePassword, '-alias', 'broker'];
  await run(keytool, [
    '-genkeypair',
    ...common,
    '-keyalg',
    'EC',
    '-groupname',
    'secp256r1',
    '-validity',
    '30',
    '-dname',
    'CN=127.0.0.1',
    '-ext',
    'SAN=ip:127.0.0.1',
  ]);
  await run(keytool, ['-exportcert', '-rfc', ...common, '-file', caFile]);
  return { keystore, caFile, storePassword };
}

interface TlsFiles {
  keystore: string;
  caFile: string;
  storePassword: string;
}

async function start(java: string, options: UpOptions, say: (line: string) => void): Promise<KafkaInfo> {
  const [brokerPort, controllerPort, securePort] = await freePorts(3);
  const data = path.join(RUN, 'data');
  // Every start is a fresh cluster: tests must not see yesterday's topics.
  rmSync(RUN, { recursive: true, force: true });
  mkdirSync(data, { recursive: true });

  const securePassword = randomBytes(12).toString('base64url');
  const tls = await makeKeystore(java, RUN, randomBytes(12).toString('base64url'));
  const properties = path.join(RUN, 'server.properties');
  writeFileSync(
    properties,
    serverProperties(brokerPort, controllerPort, data, { port: securePort, password: securePassword, tls }),
  );
  const log4j = path.join(RUN, 'log4j.properties');
  writeFileSync(log4j, LOG4J);
  const classpath = `${LIB}${path.sep}*`;
  const jvm = ['-Djava.awt.headless=true', `-Dlog4j.configuration=file:${log4j}`];

  const clusterId = newClusterId();
  // SCRAM credentials live in the KRaft metadata: written when the storage is formatted
  const scram = ['SCRAM-SHA-256', 'SCRAM-SHA-512'].flatMap((m) => [
    '--add-scram',
    `${m}=[name=${SECURE_USER},password=${securePassword}]`,
  ]);
  const format = ['kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', properties, ...scram];
  await run(java, [...jvm, '-cp', classpath, ...format], {
    cwd: RUN,
  }).catch((error: Error & { stdout?: string; stderr?: string }) => {
    throw new Error(`formatting KRaft storage failed: ${error.stdout ?? ''}${error.stderr ?? error.message}`);
  });

  const startedAt = new Date();
  const child = spawnDetached({
    command: java,
    args: [
      '-Xms128m',
      '-Xmx512m',
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      ...jvm,
      '-cp',
      classpath,
      MAIN_CLASS,
      properties,
    ],
    cwd: RUN,
    log: LOG,
    ownerPid: options.ownerPid,
  });
  const brokers = [`127.0.0.1:${brokerPort}`];
  say(`started pid ${child.pid} on ${brokers[0]}, waiting for ready (log: ${path.relative(REPO_ROOT, LOG)})`);

  try {
    await waitUntil(() => probe(brokers, clusterId), {
      what: `Kafka ${KAFKA_VERSION} on ${brokers[0]}`,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      intervalMs: 250,
      pid: child.pid,
      log: LOG,
    });
  } catch (error) {
    await stopProcess(child.pid, 5_000);
    throw error;
  }

  const info: KafkaInfo = {
    name: NAME,
    pid: child.pid,
    brokers,
    version: KAFKA_VERSION,
    clusterId,
    secure: {
      brokers: [`127.0.0.1:${securePort}`],
      caFile: tls.caFile,
      username: SECURE_USER,
      password: securePassword,
    },
    startedAt: startedAt.toISOString(),
    readyMs: Date.now() - startedAt.getTime(),
    log: LOG,
    ...(options.ownerPid ? { ownerPid: options.ownerPid } : {}),
  };
  writeState(info);
  say(`ready in ${info.readyMs} ms`);
  return info;
}

/** Ready = an admin client connects, sees our cluster, lists topics and finds a group coordinator. */
async function probe(brokers: string[], clusterId: string): Promise<boolean> {
  const kafka = new Kafka({
    clientId: 'auditorium-infra-probe',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (cluster.clusterId !== clusterId) throw new Error(`unexpected cluster ${cluster.clusterId} on ${brokers[0]}`);
    await admin.listTopics();
    // Asking for a group's coordinator creates __consumer_offsets now, so
    // the tests' first consumer group joins at once instead of retrying.
    await admin.describeGroups(['auditorium-infra-probe']);
    return true;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** A KRaft cluster id: 16 random bytes, base64url, not starting with '-'. */
function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function serverProperties(
  brokerPort: number,
  controllerPort: number,
  data: string,
  secure: { port: number; password: string; tls: TlsFiles },
): string {
  const jaas = (module: string, users = ''): string => `org.apache.kafka.common.security.${module} required${users};`;
  return [
    '# Written by test/infra/kafka.ts on every start.',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${brokerPort},SASL_SSL://127.0.0.1:${secure.port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${brokerPort},SASL_SSL://127.0.0.1:${secure.port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT',
    'sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
    `listener.name.sasl_ssl.plain.sasl.jaas.config=${jaas('plain.PlainLoginModule', ` user_${SECURE_USER}="${secure.password}"`)}`,
    `listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=${jaas('scram.ScramLoginModule')}`,
    `listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=${jaas('scram.ScramLoginModule')}`,
    `listener.name.sasl_ssl.ssl.keystore.location=${secure.tls.keystore}`,
    'listener.name.sasl_ssl.ssl.keystore.type=PKCS12',
    `listener.name.sasl_ssl.ssl.keystore.password=${secure.tls.storePassword}`,
    `listener.name.sasl_ssl.ssl.key.password=${secure.tls.storePassword}`,
    `log.dirs=${data}`,
    'num.partitions=4',
    'auto.create.topics.enable=true',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=4',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=4',
    'group.initial.rebalance.delay.ms=0',
    'num.network.threads=2',
    'num.io.threads=4',
    'log.flush.interval.messages=9223372036854775807',
    '',
  ].join('\n');
}

const LOG4J = [
  'log4j.rootLogger=INFO, stdout',
  'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
  'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
  'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
  'log4j.logger.kafka.request.logger=WARN',
  'log4j.logger.state.change.logger=WARN',
  'log4j.logger.kafka.log.LogCleaner=WARN',
  'log4j.logger.org.apache.kafka.storage.internals.log=WARN',
  '',
].join('\n');
