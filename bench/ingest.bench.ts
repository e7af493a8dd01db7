/**
 * `npm run bench -- ingest [frames] [--replicas n] [--verbose]`
 *
 * End to end: frames already on a Kafka topic → the real ingester process
 * (parse, validate, mask, hash-chain, bulk, commit) → the search engine;
 * against the engine's own bulk rate for the very same documents, loaded
 * directly with the official client (same batch size, same concurrency, same
 * mapping, no refresh). Uses KAFKA_BROKERS/SEARCH_URL when set, otherwise
 * starts Kafka and the engine from test/infra (and stops them after).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Kafka, logLevel, Message } from 'kafkajs';
import { loadOrCreateLocalAuthKey, mintLocalToken } from '@auditorium/auth';
import type { Frame } from '@auditorium/frames';
import { withFrameWords } from '@auditorium/store';
import { downAll, upAll } from '../test/infra/stack';
import { ingesterEnv, IngesterProcess } from '../test/support/ingester-process';
import { removeIndices } from '../test/support/search-engine';
import { fmt } from './support/measure';
import { generateSessions } from './support/workload';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function ensureInfra(): Promise<() => Promise<void>> {
  if (process.env.KAFKA_BROKERS && process.env.SEARCH_URL) return async () => undefined;
  const result = await upAll(['kafka', 'search']);
  for (const [k, v] of Object.entries(result.env)) process.env[k] = v;
  return () => downAll(result.started);
}

/** Frames stored by all the replicas, from their metrics. */
async function storedFrames(procs: IngesterProcess[], token: string): Promise<number> {
  let total = 0;
  for (const proc of procs) {
    const res = await fetch(`${proc.baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    const m = /^auditorium_frames_stored_total (\d+(?:\.\d+)?)/m.exec(await res.text());
    total += m ? Number(m[1]) : 0;
  }
  return total;
}

interface Hit {
  _index: string;
  _id: string;
  /** a frame document without `words`, which `_source` excludes */
  _source: { frame: Frame; words?: string };
  sort: unknown[];
}

/** Every frame document the ingester wrote, read back with PIT + search_after. */
async function readBack(url: string, pattern: string, engine: string): Promise<Hit[]> {
  await fetch(`${url}/${pattern}/_refresh`, { method: 'POST' });
  const pitPath =
    engine === 'opensearch'
      ? `${url}/${pattern}/_search/point_in_time?keep_alive=2m`
      : `${url}/${pattern}/_pit?keep_alive=2m`;
  const pitRes = (await (await fetch(pitPath, { method: 'POST' })).json()) as { id?: string; pit_id?: string };
  const pit = pitRes.id ?? pitRes.pit_id;
  const out: Hit[] = [];
  let after: unknown[] | undefined;
  for (;;) {
    const body = {
      size: 5000,
      pit: { id: pit, keep_alive: '2m' },
      sort: [{ _shard_doc: 'asc' }],
      ...(after ? { search_after: after } : {}),
    };
    const res = (await (
      await fetch(`${url}/_search`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    ).json()) as { hits: { hits: Hit[] } };
    const hits = res.hits.hits;
    if (!hits.length) break;
    out.push(...hits);
    after = hits[hits.length - 1].sort;
  }
  return out;
}

interface EngineWork {
  indexMs: number;
  docs: number;
  refreshes: number;
  refreshMs: number;
  mergeMs: number;
  gets: number;
  getMs: number;
  cpuMs: number;
}

/** The engine's cumulative work (all nodes), to tell in --verbose where a phase spent it. */
async function engineWork(url: string): Promise<EngineWork> {
  const res = (await (await fetch(`${url}/_nodes/stats/indices,process`)).json()) as {
    nodes: Record<
      string,
      { indices: Record<string, Record<string, number>>; process: { cpu: { total_in_millis: number } } }
    >;
  };
  const w: EngineWork = { indexMs: 0, docs: 0, refreshes: 0, refreshMs: 0, mergeMs: 0, gets: 0, getMs: 0, cpuMs: 0 };
  for (const n of Object.values(res.nodes)) {
    const i = n.indices;
    w.indexMs += i.indexing.index_time_in_millis;
    w.docs += i.indexing.index_total;
    w.refreshes += i.refresh.total;
    w.refreshMs += i.refresh.total_time_in_millis;
    w.mergeMs += i.merges.total_time_in_millis;
    w.gets += i.get.total;
    w.getMs += i.get.time_in_millis;
    w.cpuMs += n.process.cpu.total_in_millis;
  }
  return w;
}

/** CPU milliseconds a local process has used (user + system), from /proc (Linux). */
function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    // fields after the command's closing parenthesis: utime and stime are the 12th and 13th
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(')').pop()?.trim().split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}

function workDelta(a: EngineWork, b: EngineWork, wallMs: number): string {
  const d = (k: keyof EngineWork) => b[k] - a[k];
  return (
    `index ${d('docs')} docs in ${d('indexMs')} ms, ${d('refreshes')} refreshes ${d('refreshMs')} ms, ` +
    `merges ${d('mergeMs')} ms, ${d('gets')} gets ${d('getMs')} ms, engine cpu ${fmt((d('cpuMs') / wallMs) * 100)} % of a core`
  );
}

/**
 * The engine's own rate: the same documents, as the ingester sent them (words
 * rebuilt, `_source` excludes them), bulk-created into a copy of the same mapping.
 */
async function engineBulk(url: string, docs: Hit[], batch: number, concurrency: number): Promise<number> {
  const source = docs[0]._index;
  const target = `${source}-bulkcopy`;
  const mapping = (await (await fetch(`${url}/${source}/_mapping`)).json()) as Record<string, { mappings: unknown }>;
  const settings = { number_of_replicas: 0, refresh_interval: '1s' };
  await fetch(`${url}/${target}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ settings, mappings: mapping[source].mappings }),
  });
  const bodies: string[] = [];
  for (let i = 0; i < docs.length; i += batch) {
    bodies.push(
      docs
        .slice(i, i + batch)
        .map(
          (d) =>
            `${JSON.stringify({ create: { _index: target, _id: d._id } })}\n${JSON.stringify(withFrameWords(d._source))}\n`,
        )
        .join(''),
    );
  }
  const t0 = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const res = (await (
          await fetch(`${url}/_bulk`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body })
        ).json()) as { errors: boolean };
        if (res.errors) throw new Error('engine bulk reported item errors');
      }
    }),
  );
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  await fetch(`${url}/${target}`, { method: 'DELETE' });
  return (docs.length / ms) * 1000;
}

export async function run(args: string[]): Promise<void> {
  const verbose = args.includes('--verbose');
  const total = /^\d+$/.test(args[0] ?? '') ? Number(args[0]) : 100_000;
  const stop = await ensureInfra();
  const run = `bench-${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const env = ingesterEnv(run);
  const at = args.indexOf('--replicas');
  const replicas = at >= 0 ? Math.max(1, Math.min(8, Number(args[at + 1]) || 1)) : 1;
  const procs = Array.from({ length: replicas }, () => new IngesterProcess({ ...env, extra: { LOG_LEVEL: 'warn' } }));
  const url = process.env.SEARCH_URL as string;
  const engine = process.env.SEARCH_ENGINE ?? 'elasticsearch';
  try {
    const perSession = 50;
    const frames = generateSessions(Math.ceil(total / perSession), perSession, 7)
      .flat()
      .slice(0, total);
    const kafka = new Kafka({
      clientId: 'bench',
      brokers: (process.env.KAFKA_BROKERS as string).split(','),
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: env.topic, numPartitions: 4 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    const messages: Message[] = frames.map((f) => ({ key: f.sid, value: JSON.stringify(f) }));
    for (let i = 0; i < messages.length; i += 2000)
      await producer.send({ topic: env.topic, messages: messages.slice(i, i + 2000) });
    await producer.disconnect();
    console.log(`ingest: ${frames.length} frames on ${env.topic} (${engine}); starting the ingester`);

    for (const p of procs) await p.start();
    const before = verbose ? await engineWork(url) : undefined;
    const cpu0 = procs.map((p) => processCpuMs(p.pid));
    const token = await mintLocalToken(await loadOrCreateLocalAuthKey(env.dataDir), {
      roles: ['admin'],
      issuer: 'auditorium-local',
      audience: 'auditorium',
    });
    // timed from here: frames a replica stored while the others were still starting are not counted
    const t0 = Date.now();
    const stored0 = await storedFrames(procs, token);
    let stored = stored0;
    while (stored < frames.length) {
      await sleep(100);
      stored = await storedFrames(procs, token);
      if (Date.now() - t0 > 600_000) throw new Error(`only ${stored} of ${frames.length} stored after 10 minutes`);
    }
    const ours = ((frames.length - stored0) / (Date.now() - t0)) * 1000;
    console.log(`  auditorium end to end: ${fmt(ours)} frames/s (Kafka → parse → mask → chain → bulk → commit)`);
    if (before) {
      const after = await engineWork(url);
      const n = frames.length - stored0;
      const ingesterMs = procs.reduce((sum, p, i) => sum + processCpuMs(p.pid) - cpu0[i], 0);
      console.log(`    engine: ${workDelta(before, after, Date.now() - t0)}`);
      console.log(
        `    cpu per frame: ingester ${fmt((ingesterMs * 1000) / n)} µs, engine ${fmt(((after.cpuMs - before.cpuMs) * 1000) / n)} µs`,
      );
    }
    for (const p of procs) await p.kill('SIGTERM');

    const docs = await readBack(url, `${env.indexPrefix}-frames-*`, engine);
    if (docs.length !== frames.length) throw new Error(`read back ${docs.length} documents, expected ${frames.length}`);
    const beforeBase = verbose ? await engineWork(url) : undefined;
    const tb = Date.now();
    const base = await engineBulk(url, docs, 1000, 2);
    if (beforeBase) {
      const after = await engineWork(url);
      console.log(`    engine: ${workDelta(beforeBase, after, Date.now() - tb)}`);
      console.log(`    cpu per document: engine ${fmt(((after.cpuMs - beforeBase.cpuMs) * 1000) / docs.length)} µs`);
    }
    console.log(
      `  ${engine} bulk of the same ${docs.length} documents (1,000 per request, 2 in flight): ${fmt(base)} docs/s`,
    );
    console.log(`ingest ratio=${fmt(ours / base, 3)} frames_per_s=${fmt(ours)} engine_bulk_per_s=${fmt(base)}`);
  } finally {
    for (const p of procs) await p.destroy();
    await removeIndices(env.indexPrefix).catch(() => undefined);
    await stop();
  }
}
