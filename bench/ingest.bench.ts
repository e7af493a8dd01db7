/**
 * `npm run bench -- ingest [frames]`
 *
 * End to end: frames already on a Kafka topic → the real ingester process
 * (parse, validate, mask, hash-chain, bulk, commit) → the search engine;
 * against the engine's own bulk rate for the very same documents, loaded
 * directly with the official client (same batch size, same concurrency, same
 * mapping, no refresh). Uses KAFKA_BROKERS/SEARCH_URL when set, otherwise
 * starts Kafka and the engine from test/infra (and stops them after).
 */
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, Message } from 'kafkajs';
import { loadOrCreateLocalAuthKey, mintLocalToken } from '@auditorium/auth';
import { downAll, upAll } from '../test/infra/stack';
import { ingesterEnv, IngesterProcess } from '../test/support/ingester-process';
import { fmt } from './support/measure';
import { generateSessions } from './support/workload';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function ensureInfra(): Promise<() => Promise<void>> {
  if (process.env.KAFKA_BROKERS && process.env.SEARCH_URL) return async () => undefined;
  const result = await upAll(['kafka', 'search']);
  for (const [k, v] of Object.entries(result.env)) process.env[k] = v;
  return () => downAll(result.started);
}

async function storedFrames(proc: IngesterProcess, token: string): Promise<number> {
  const res = await fetch(`${proc.baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  const m = /^auditorium_frames_stored_total (\d+(?:\.\d+)?)/m.exec(text);
  return m ? Number(m[1]) : 0;
}

interface Hit {
  _index: string;
  _id: string;
  _source: unknown;
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

/** The engine's own rate: the same documents bulk-created into a copy of the same mapping. */
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
        .map((d) => `${JSON.stringify({ create: { _index: target, _id: d._id } })}\n${JSON.stringify(d._source)}\n`)
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
  const total = Number(args[0] ?? 40_000);
  const stop = await ensureInfra();
  const run = `bench-${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const env = ingesterEnv(run);
  const proc = new IngesterProcess({ ...env, extra: { LOG_LEVEL: 'warn' } });
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

    await proc.start();
    const token = await mintLocalToken(await loadOrCreateLocalAuthKey(env.dataDir), {
      roles: ['admin'],
      issuer: 'auditorium-local',
      audience: 'auditorium',
    });
    const t0 = Date.now();
    let stored = 0;
    while (stored < frames.length) {
      await sleep(100);
      stored = await storedFrames(proc, token);
      if (Date.now() - t0 > 600_000) throw new Error(`only ${stored} of ${frames.length} stored after 10 minutes`);
    }
    const ours = (frames.length / (Date.now() - t0)) * 1000;
    console.log(`  auditorium end to end: ${fmt(ours)} frames/s (Kafka → parse → mask → chain → bulk → commit)`);
    await proc.kill('SIGTERM');

    const docs = await readBack(url, `${env.indexPrefix}-frames-*`, engine);
    if (docs.length !== frames.length) throw new Error(`read back ${docs.length} documents, expected ${frames.length}`);
    const base = await engineBulk(url, docs, 1000, 2);
    console.log(
      `  ${engine} bulk of the same ${docs.length} documents (1,000 per request, 2 in flight): ${fmt(base)} docs/s`,
    );
    console.log(`ingest ratio=${fmt(ours / base, 3)} frames_per_s=${fmt(ours)} engine_bulk_per_s=${fmt(base)}`);
  } finally {
    await proc.destroy();
    await fetch(`${url}/${env.indexPrefix}-*`, { method: 'DELETE' }).catch(() => undefined);
    await stop();
  }
}
