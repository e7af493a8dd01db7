/**
 * The production path against the real thing: Apache Kafka → apps/ingester →
 * Elasticsearch (or OpenSearch with SEARCH_ENGINE=opensearch), as started by
 * the jest global setup. Each test has its own topic, group and indices.
 */
import { Kafka, logLevel, Message } from 'kafkajs';
import { aSession } from '@auditorium/frames/testing';
import { loadSealKeys, verifySession } from '@auditorium/integrity';
import { RecordingStore, SessionSummary } from '@auditorium/store';
import { readDeadLetters } from '../support/dead-letters';
import { IngesterRuns, requireInfra } from '../support/ingester-process';

jest.setTimeout(300_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** This spec's ingesters; the newest one's output is added to timeout errors so a failure explains itself. */
const runs = new IngesterRuns();

function kafka(): Kafka {
  return new Kafka({ clientId: 'it-producer', brokers: requireInfra().brokers.split(','), logLevel: logLevel.NOTHING });
}

function sessionMessages(prefix: string, sessions: number, frames: number, sub = `svc-${prefix}`): Message[] {
  const out: Message[] = [];
  for (let i = 0; i < sessions; i++) {
    const s = aSession({ sid: `${prefix}-${i}`, identity: { sub, type: 'machine' } }).start();
    while (s.seq < frames - 2)
      s.exchange({ method: 'GET', target: `/items/${s.seq}` }, { status: 200, body: '{"ok":true}' });
    while (s.seq < frames - 1) s.output('tail\r\n');
    s.end('ok');
    for (const f of s.frames()) out.push({ key: f.sid, value: JSON.stringify(f) });
  }
  return out;
}

async function produce(messages: Message[], topic: string): Promise<void> {
  const producer = kafka().producer({ allowAutoTopicCreation: true });
  await producer.connect();
  try {
    for (let i = 0; i < messages.length; i += 500) await producer.send({ topic, messages: messages.slice(i, i + 500) });
  } finally {
    await producer.disconnect();
  }
}

async function allSessions(store: RecordingStore, identity: string): Promise<SessionSummary[]> {
  const out: SessionSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.searchSessions({ identity, limit: 500, cursor });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** Documents in the frames indices of this run (after a refresh): proves "no duplicates" at the engine. */
async function frameDocCount(prefix: string): Promise<number> {
  const { searchUrl } = requireInfra();
  await fetch(`${searchUrl}/${prefix}-*/_refresh`, { method: 'POST' });
  const res = await fetch(`${searchUrl}/${prefix}-frames*/_count`);
  const body = (await res.json()) as { count?: number };
  return body.count ?? 0;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(1000);
  }
  throw new Error(
    `timed out waiting for ${what}${runs.latest ? `\n--- ingester output (tail) ---\n${runs.latest.output.slice(-6000)}` : ''}`,
  );
}

describe('Kafka → ingester → search engine', () => {
  const setup = (name: string, extra?: Record<string, string>) => runs.setup(name, extra);

  afterAll(() => runs.cleanup());

  it('stores 200 sessions × 50 frames exactly once and dead-letters 500 invalid messages with reasons', async () => {
    const { run, env, store, proc, config } = await setup('exact', { AUDITORIUM_FRAME_MAX_BYTES: String(64 * 1024) });
    await proc.start();
    const valid = sessionMessages(run, 200, 50);
    const invalid: Message[] = [];
    for (let i = 0; i < 500; i++) {
      const kind = i % 5;
      const value =
        kind === 0
          ? '{"v":1,"sid":'
          : kind === 1
            ? JSON.stringify({
                v: 1,
                sid: `${run}-bad`,
                seq: -1,
                ts: '2026-01-01T00:00:00Z',
                type: 'output',
                data: 'x',
              })
            : kind === 2
              ? JSON.stringify({ v: 1, sid: `${run}-bad`, seq: i, ts: '2026-01-01T00:00:00Z', type: 'telepathy' })
              : kind === 3
                ? JSON.stringify({
                    v: 1,
                    sid: `${run}-big`,
                    seq: i,
                    ts: '2026-01-01T00:00:00Z',
                    type: 'output',
                    data: 'x'.repeat(100_000),
                  })
                : 'null';
      invalid.push({ key: `${run}-bad`, value });
    }
    // interleave so the invalid ones land in the middle of real traffic
    const mixed: Message[] = [];
    valid.forEach((m, i) => {
      mixed.push(m);
      if (i % 20 === 0 && invalid.length) mixed.push(invalid.pop() as Message);
    });
    mixed.push(...invalid.splice(0));
    await produce(mixed, env.topic);

    const sub = `svc-${run}`;
    await waitFor('10,000 frames stored', async () => (await frameDocCount(env.indexPrefix)) >= 10_000);
    await waitFor('200 sessions summarised', async () => {
      const s = await allSessions(store, sub);
      return s.length === 200 && s.every((x) => x.frameCount === 50);
    });
    expect(await frameDocCount(env.indexPrefix)).toBe(10_000);
    const sessions = await allSessions(store, sub);
    for (const s of sessions) {
      expect(s).toMatchObject({ frameCount: 50, maxSeq: 49, gaps: [], status: 'ok' });
      expect(s.seal).toBeDefined();
    }

    const letters = await readDeadLetters(kafka(), env.dlqTopic, 500);
    expect(letters).toHaveLength(500);
    const codes = new Map<string, number>();
    for (const l of letters) {
      expect(l.headers['x-auditorium-reason']?.length).toBeGreaterThan(3);
      expect(l.headers['x-auditorium-origin-topic']).toBe(env.topic);
      expect(Number(l.headers['x-auditorium-origin-partition'])).toBeGreaterThanOrEqual(0);
      expect(Number(l.headers['x-auditorium-origin-offset'])).toBeGreaterThanOrEqual(0);
      const code = l.headers['x-auditorium-reason-code'];
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
    expect(Object.fromEntries(codes)).toEqual({
      bad_json: 100,
      invalid: 100,
      unknown_type: 100,
      too_large: 100,
      not_an_object: 100,
    });

    const metrics = await fetch(`${proc.baseUrl}/metrics`);
    expect(metrics.status).toBe(401); // metrics need a token like everything else

    // A stored frame edited directly in the engine: verify names the session and the seq.
    const victim = sessions[7];
    const keys = await loadSealKeys(config);
    expect((await verifySession(store, victim.sid, keys.jwks)).status).toBe('ok');
    const { searchUrl } = requireInfra();
    const hit = (await (
      await fetch(`${searchUrl}/${env.indexPrefix}-frames*/_search`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: { ids: { values: [`${victim.sid}:17`] } } }),
      })
    ).json()) as {
      hits: { hits: Array<{ _index: string; _id: string; _source: { frame: Record<string, unknown> } }> };
    };
    const doc = hit.hits.hits[0];
    expect(doc).toBeDefined();
    const edited = { ...doc._source, frame: { ...doc._source.frame, target: '/items/forged' } };
    const put = await fetch(`${searchUrl}/${doc._index}/_doc/${encodeURIComponent(doc._id)}?refresh=true`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(edited),
    });
    expect(put.ok).toBe(true);
    const result = await verifySession(store, victim.sid, keys.jwks);
    expect(result).toMatchObject({ sid: victim.sid, status: 'tampered', firstBadSeq: 17 });
    expect(result.message).toContain('17');
  });

  it('loses and duplicates nothing when the ingester is killed with SIGKILL mid-stream', async () => {
    const { run, env, store, proc } = await setup('kill');
    const sessions = 600;
    const total = sessions * 50;
    // everything is on the topic first, so the kill lands while the ingester works through it
    await produce(sessionMessages(run, sessions, 50), env.topic);
    await proc.start();
    const deadline = Date.now() + 120_000;
    let before = 0;
    while ((before = await frameDocCount(env.indexPrefix)) <= 500) {
      if (Date.now() > deadline) throw new Error(`no progress before the kill:\n${proc.output.slice(-4000)}`);
      await sleep(50);
    }
    await proc.kill('SIGKILL');
    expect(before).toBeLessThan(total);
    await proc.start();
    await waitFor(`${total} frames stored`, async () => (await frameDocCount(env.indexPrefix)) >= total);
    await waitFor(`${sessions} sessions complete`, async () => {
      const s = await allSessions(store, `svc-${run}`);
      return s.length === sessions && s.every((x) => x.frameCount === 50);
    });
    await sleep(3000); // anything re-delivered twice would show up now
    expect(await frameDocCount(env.indexPrefix)).toBe(total);
    for (const s of await allSessions(store, `svc-${run}`)) expect(s).toMatchObject({ frameCount: 50, gaps: [] });
  });

  it('recovers without a restart when the engine stops answering for 30 s under load', async () => {
    const { run, env, store, proc } = await setup('outage');
    await proc.start();
    const pid = proc.pid;
    const engine = await import('../infra/search');
    const state = (await engine.status()).info;
    if (!state) throw new Error('the search engine state file is missing');
    // First a steady trickle, then freeze the engine (SIGSTOP: it accepts nothing and answers nothing)
    const messages = sessionMessages(run, 80, 50);
    const first = messages.slice(0, 1000);
    await produce(first, env.topic);
    await waitFor('first frames stored', async () => (await frameDocCount(env.indexPrefix)) >= 500, 120_000);
    process.kill(state.pid, 'SIGSTOP');
    try {
      const rest = messages.slice(1000);
      for (let i = 0; i < rest.length; i += 500) {
        await produce(rest.slice(i, i + 500), env.topic);
        await sleep(2000);
      }
      await sleep(Math.max(0, 30_000 - (rest.length / 500) * 2000));
      const h = await proc.health();
      expect(h.status).toBe(503);
    } finally {
      process.kill(state.pid, 'SIGCONT');
    }
    await waitFor(
      'all 4,000 frames stored after the engine came back',
      async () => (await frameDocCount(env.indexPrefix)) >= 4000,
    );
    await waitFor('80 sessions complete', async () => {
      const s = await allSessions(store, `svc-${run}`);
      return s.length === 80 && s.every((x) => x.frameCount === 50);
    });
    expect(await frameDocCount(env.indexPrefix)).toBe(4000);
    expect(proc.pid).toBe(pid);
    expect((await proc.health()).status).toBe(200);
    expect(proc.output).toMatch(/partition paused/);
  });
});
