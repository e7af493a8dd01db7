/**
 * The Elasticsearch / OpenSearch RecordingStore's ingest order (readIngestOrder,
 * what the SIEM export pages through) and retention (purgeExpired), against the
 * real engine the jest global setup started (SEARCH_URL, SEARCH_ENGINE). Each
 * test has its own index prefix under this run's, so ingest order sees only its
 * own frames; every index and template of the run is removed at the end.
 */
import { randomBytes } from 'node:crypto';

import {
  DEFAULT_EXPORT_SETTLE_MS,
  EngineRequest,
  EngineResponse,
  IdentitySummary,
  IngestPosition,
  InvalidCursorError,
  InvalidQueryError,
  SearchEngineClient,
  SearchRecordingStore,
  SearchRecordingStoreOptions,
  StoredFrame,
} from '@auditorium/store';
import { StoredSessionBuilder, sumBytes } from '@auditorium/store/testing';

import { engineClient, removeIndices, testEngine } from '../support/search-engine';

jest.setTimeout(300_000);

const { url, engine } = testEngine();

const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
const prefix = `it-export-${run}`;
/** The settle window of these tests: short, so holding back can be watched. */
const SETTLE_MS = 1500;

const stores: SearchRecordingStore[] = [];

/** A store on its own prefix (`<run prefix>-<name>`), closed after the run. */
async function openStore(
  name: string,
  extra: Partial<SearchRecordingStoreOptions> = {},
): Promise<SearchRecordingStore> {
  const store = new SearchRecordingStore(engineClient(), {
    node: url,
    indexPrefix: `${prefix}-${name}`,
    replicas: 0,
    exportSettleMs: SETTLE_MS,
    logger: { info: () => undefined, warn: (m) => console.warn(m) },
    ...extra,
  });
  await store.init();
  stores.push(store);
  return store;
}

/** Closes the stores, then deletes every index and template of this run. */
async function removeRun(): Promise<void> {
  for (const s of stores) await s.close();
  await removeIndices(prefix);
}

afterAll(removeRun);

/** Makes everything written so far searchable (what the 1 s refresh interval does anyway). */
async function refreshFrames(store: SearchRecordingStore): Promise<void> {
  const admin = engineClient();
  try {
    await admin.request({ method: 'POST', path: `/${store.names.framesPattern},${store.names.sessions}/_refresh` });
  } finally {
    await admin.close();
  }
}

/** A client whose frame writes (bulk creates into frames indices) answer `delayMs` late: a slow cluster. */
class SlowFrameWrites extends SearchEngineClient {
  readonly engine = engine;
  constructor(
    private readonly inner: SearchEngineClient,
    private readonly delayMs: number,
  ) {
    super();
  }
  async request<T>(req: EngineRequest, ignore?: number[]): Promise<EngineResponse<T>> {
    const res = await this.inner.request<T>(req, ignore);
    const first = req.bulkBody?.[0];
    if (
      req.path === '/_bulk' &&
      typeof first === 'string' &&
      first.includes('"create"') &&
      first.includes('-frames-')
    ) {
      await sleep(this.delayMs);
    }
    return res;
  }
  openPointInTime(index: string, keepAlive: string): Promise<string> {
    return this.inner.openPointInTime(index, keepAlive);
  }
  closePointInTime(id: string): Promise<void> {
    return this.inner.closePointInTime(id);
  }
  putLifecyclePolicy(name: string, pattern: string) {
    return this.inner.putLifecyclePolicy(name, pattern);
  }
  lifecycleIndexSettings(name: string): Record<string, string> {
    return this.inner.lifecycleIndexSettings(name);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The frames with ingestedAt replaced, as an ingester stamps a batch. */
const stamped = (frames: StoredFrame[], ingestedAt: number | ((f: StoredFrame, i: number) => number)): StoredFrame[] =>
  frames.map((f, i) => ({ ...f, ingestedAt: typeof ingestedAt === 'number' ? ingestedAt : ingestedAt(f, i) }));

/** Ingest order as the store defines it: (ingestedAt, sid, seq). */
const byIngestOrder = (a: StoredFrame, b: StoredFrame): number =>
  a.ingestedAt - b.ingestedAt || (a.sid < b.sid ? -1 : a.sid > b.sid ? 1 : 0) || a.seq - b.seq;

/** Reads everything after `after`, `limit` frames per call; the frames and the last position. */
async function readAll(
  store: SearchRecordingStore,
  opts: { after?: IngestPosition; sinceIngestedAt?: number; limit: number },
): Promise<{ frames: StoredFrame[]; last?: IngestPosition; calls: number }> {
  const frames: StoredFrame[] = [];
  let after = opts.after;
  let calls = 0;
  for (;;) {
    const page = await store.readIngestOrder({ after, sinceIngestedAt: opts.sinceIngestedAt, limit: opts.limit });
    calls++;
    frames.push(...page.items);
    if (page.items.length === 0) return { frames, last: after, calls };
    expect(page.last).toEqual({ kind: 'ingest', ingestedAt: page.items.at(-1)?.ingestedAt, id: page.items.at(-1)?.id });
    after = page.last;
    if (page.items.length < opts.limit) return { frames, last: after, calls };
  }
}

describe(`${engine}: readIngestOrder`, () => {
  it('defaults the settle window to 5 s', async () => {
    const store = new SearchRecordingStore(engineClient(), { node: url, indexPrefix: `${prefix}-defaults` });
    expect(store.exportSettleMs).toBe(DEFAULT_EXPORT_SETTLE_MS);
    expect(DEFAULT_EXPORT_SETTLE_MS).toBe(5000);
    await store.close();
  });

  it('pages through every frame exactly once, in (ingestedAt, id) order, across monthly indices', async () => {
    const store = await openStore('order');
    const base = Date.now() - 120_000;
    // three sessions in three months; ingest times interleave them and tie within a batch
    const sessions = [0, 1, 2].map((i) => {
      const s = new StoredSessionBuilder({ sid: `${run}.order-${i}`, startMs: Date.UTC(2030, i, 15) }).start();
      for (let n = 0; n < 9; n++) s.input(`line ${n}`);
      return s.end();
    });
    const written: StoredFrame[] = [];
    for (const [i, s] of sessions.entries()) {
      // batches of 4 frames per session share one ingestedAt; the last session is stamped first,
      // the first two tie (ordered by sid, then seq)
      const frames = stamped(s.frames, (_f, n) => base + Math.floor(n / 4) * 1000 + (i === 2 ? 0 : 10));
      expect(await store.writeFrames(frames)).toMatchObject({ stored: frames.length, failed: [] });
      written.push(...frames);
    }
    const expected = [...written].sort(byIngestOrder).map((f) => f.id);

    for (const limit of [1, 4, 7, 1000]) {
      const { frames, calls } = await readAll(store, { limit });
      expect(frames.map((f) => f.id)).toEqual(expected);
      expect(new Set(frames.map((f) => f.id)).size).toBe(written.length);
      if (limit === 7) expect(calls).toBe(Math.ceil(written.length / 7) + (written.length % 7 === 0 ? 1 : 0));
    }
    // the frames come back as written
    const all = await readAll(store, { limit: 1000 });
    expect([...all.frames].sort(byIngestOrder)).toEqual([...written].sort(byIngestOrder));
    // nothing after the last position
    expect(await store.readIngestOrder({ after: all.last, limit: 10 })).toEqual({ items: [] });
  });

  it('puts frames stored later with an old ts after the cursor, and filters by sinceIngestedAt', async () => {
    const store = await openStore('late');
    const base = Date.now() - 60_000;
    const first = new StoredSessionBuilder({ sid: `${run}.late-a`, startMs: Date.UTC(2031, 2, 1) })
      .start()
      .input('a')
      .end();
    await store.writeFrames(stamped(first.frames, base));
    const seen = await readAll(store, { limit: 2 });
    expect(seen.frames.map((f) => f.id)).toEqual(first.frames.map((f) => f.id));
    const cursor = seen.last;
    expect(cursor).toEqual({ kind: 'ingest', ingestedAt: base, id: first.frames.at(-1)?.id });

    // a gateway's buffer flushed late: frames from years ago, stored after the cursor was handed out
    const old = new StoredSessionBuilder({ sid: `${run}.late-b`, startMs: Date.UTC(2019, 6, 4) })
      .start()
      .input('old news')
      .end();
    const oldFrames = stamped(old.frames, (_f, i) => base + 5_000 + i);
    await store.writeFrames(oldFrames);
    // and one more frame of the first session, same ingestedAt as the cursor, ordered after it by id
    const extra = new StoredSessionBuilder({ sid: `${run}.late-a`, startMs: Date.UTC(2031, 2, 1) })
      .start()
      .input('a')
      .end()
      .input('after the end');
    const tail = stamped([extra.frames.at(-1) as StoredFrame], base);
    await store.writeFrames(tail);

    const next = await readAll(store, { after: cursor, limit: 2 });
    expect(next.frames.map((f) => f.id)).toEqual([...tail, ...oldFrames].map((f) => f.id));
    expect(next.frames[1].ts).toBe(oldFrames[0].ts);

    // sinceIngestedAt: frames stored at or after it, alone or with a cursor
    const since = await readAll(store, { sinceIngestedAt: base + 5_001, limit: 10 });
    expect(since.frames.map((f) => f.id)).toEqual(oldFrames.slice(1).map((f) => f.id));
    const both = await readAll(store, { after: cursor, sinceIngestedAt: base + 1, limit: 10 });
    expect(both.frames.map((f) => f.id)).toEqual(oldFrames.map((f) => f.id));
    expect(await store.readIngestOrder({ sinceIngestedAt: Date.now() + 60_000, limit: 10 })).toEqual({ items: [] });
  });

  it('holds frames back until the settle window passed, so a replica with a lagging clock cannot land behind a cursor', async () => {
    const reader = await openStore('settle');
    // two ingester replicas writing like the real one: refresh=false. B's 400 ms lag stands for
    // its clock running behind; the writers' own guard against slow writes (next test) is kept
    // out of this one by a long window on their side: this test is about the reader.
    const writerA = await openStore('settle', { refresh: false, exportSettleMs: 60_000 });
    const writerB = await openStore('settle', { refresh: false, exportSettleMs: 60_000 });
    const older = Date.now() - 30_000;
    const settled = new StoredSessionBuilder({ sid: `${run}.settle-0`, startMs: Date.UTC(2032, 0, 1) }).start();
    await reader.writeFrames(stamped(settled.frames, older));
    let cursor = (await readAll(reader, { limit: 10 })).last;
    expect(cursor?.kind).toBe('ingest');

    // replica A stamps and writes x at t; replica B stamped y earlier (its clock lags, or its
    // write was slower) and its write lands later: y sorts before x
    const t = Date.now();
    const x = new StoredSessionBuilder({ sid: `${run}.settle-x`, startMs: Date.UTC(2032, 0, 2) }).start();
    const y = new StoredSessionBuilder({ sid: `${run}.settle-y`, startMs: Date.UTC(2032, 0, 3) }).start();
    const xFrames = stamped(x.frames, t);
    const yFrames = stamped(y.frames, t - 400);
    await writerA.writeFrames(xFrames);
    await refreshFrames(reader);
    // x is searchable now, but inside the settle window: not served
    expect(await reader.readIngestOrder({ after: cursor, limit: 10 })).toEqual({ items: [] });
    await sleep(300);
    await writerB.writeFrames(yFrames);

    // poll like a SIEM: whatever arrives, every frame exactly once and in order
    const got: StoredFrame[] = [];
    const deadline = Date.now() + 20_000;
    while (got.length < 2 && Date.now() < deadline) {
      const page = await reader.readIngestOrder({ after: cursor, limit: 10 });
      for (const f of page.items) {
        // nothing is served before it settled
        expect(Date.now() - f.ingestedAt).toBeGreaterThanOrEqual(SETTLE_MS);
      }
      got.push(...page.items);
      cursor = page.last ?? cursor;
      await sleep(100);
    }
    expect(got.map((f) => f.id)).toEqual([yFrames[0].id, xFrames[0].id]);
    expect(Date.now() - t).toBeGreaterThanOrEqual(SETTLE_MS);
  });

  it('stamps frames again when their write took over half the settle window', async () => {
    const settle = 800;
    const slow = new SearchRecordingStore(new SlowFrameWrites(engineClient(), 700), {
      node: url,
      indexPrefix: `${prefix}-slow`,
      replicas: 0,
      refresh: false,
      exportSettleMs: settle,
      logger: { info: () => undefined, warn: () => undefined },
    });
    await slow.init();
    stores.push(slow);
    const reader = await openStore('slow', { exportSettleMs: settle });

    // an import with old stamps is left as given, however slow the write
    const imported = new StoredSessionBuilder({ sid: `${run}.slow-import`, startMs: Date.UTC(2033, 0, 1) }).start();
    const importedFrames = stamped(imported.frames, Date.now() - 60_000);
    await slow.writeFrames(importedFrames);
    await refreshFrames(reader);
    expect(await reader.getFrames(imported.sid, {})).toEqual(importedFrames);
    const cursor = (await readAll(reader, { limit: 10 })).last;

    // live frames: stamped now, stored 700 ms later (> 400 ms, half the window)
    const live = new StoredSessionBuilder({ sid: `${run}.slow-live`, startMs: Date.UTC(2033, 0, 2) })
      .start()
      .input('slowquartz');
    const stampedAt = Date.now();
    const liveFrames = stamped(live.frames, stampedAt);
    const report = await slow.writeFrames(liveFrames);
    expect(report).toMatchObject({ stored: 2, failed: [] });
    await refreshFrames(reader);
    const stored = await reader.getFrames(live.sid, {});
    expect(stored.map((f) => f.id)).toEqual(liveFrames.map((f) => f.id));
    for (const f of stored) expect(f.ingestedAt).toBeGreaterThanOrEqual(stampedAt + 700);
    // the same frames otherwise, still found by their words, and served after the cursor once settled
    expect(stored.map(({ ingestedAt: _i, ...rest }) => rest)).toEqual(
      liveFrames.map(({ ingestedAt: _i, ...rest }) => rest),
    );
    expect((await reader.searchSessions({ text: 'slowquartz' })).items.map((s) => s.sid)).toContain(live.sid);
    await sleep(settle + 50);
    const next = await readAll(reader, { after: cursor, limit: 10 });
    expect(next.frames.map((f) => f.id)).toEqual(liveFrames.map((f) => f.id));
  });

  it('refuses positions it did not hand out', async () => {
    const store = await openStore('cursor');
    await expect(store.readIngestOrder({ after: { kind: 'rowid', rowid: 3 }, limit: 1 })).rejects.toThrow(
      InvalidCursorError,
    );
    for (const id of ['no-seq', ':5', 'a:b', 'a:-1', 'a:1.5', '']) {
      await expect(store.readIngestOrder({ after: { kind: 'ingest', ingestedAt: 1, id }, limit: 1 })).rejects.toThrow(
        InvalidCursorError,
      );
    }
    await expect(store.readIngestOrder({ after: { kind: 'ingest', ingestedAt: -1, id: 'a:1' } })).rejects.toThrow(
      InvalidCursorError,
    );
    // a sid with ':' is fine: the seq follows the last one
    expect(await store.readIngestOrder({ after: { kind: 'ingest', ingestedAt: 1, id: 'urn:x:y:7' } })).toEqual({
      items: [],
    });
    await expect(store.readIngestOrder({ sinceIngestedAt: Number.NaN })).rejects.toThrow(InvalidQueryError);
  });
});

describe(`${engine}: purgeExpired`, () => {
  const CUTOFF = '2025-01-01T00:00:00Z';
  let store: SearchRecordingStore;
  let admin: SearchEngineClient;
  const subA = `${run}-agent-a`;
  const subB = `${run}-agent-b`;
  const sessionOf = (sid: string, sub: string, resource: string, startMs: number): StoredSessionBuilder =>
    new StoredSessionBuilder({
      sid,
      identity: { sub, name: sub, type: 'machine' },
      resource: { name: resource, type: 'postgres' },
      startMs,
    });

  const expiredA = sessionOf(`${run}.p-expired-a`, subA, 'db-1', Date.UTC(2023, 0, 1))
    .start()
    .input('select zebraquartz from t', { EMAIL_ADDRESS: 2 })
    .end();
  const heldA = sessionOf(`${run}.p-held-a`, subA, 'db-2', Date.UTC(2023, 5, 1))
    .start()
    .input('select heldquartz from t', { CREDIT_CARD_NUMBER: 1 })
    .end();
  const freshA = sessionOf(`${run}.p-fresh-a`, subA, 'db-3', Date.UTC(2030, 0, 1))
    .start()
    .input('select freshquartz', { EMAIL_ADDRESS: 1 })
    .end();
  const expiredB = sessionOf(`${run}.p-expired-b`, subB, 'db-9', Date.UTC(2022, 3, 1))
    .start()
    .output('zebraquartz again')
    .end();
  // more frames than one page of frame ids (5000)
  const bigB = sessionOf(`${run}.p-big-b`, subB, 'db-9', Date.UTC(2024, 1, 1)).start();
  for (let i = 0; i < 6200; i++) bigB.output(`row ${i}`);
  bigB.end();
  // frames without session.start: a session without identity
  const orphan = new StoredSessionBuilder({
    sid: `${run}.p-orphan`,
    startMs: Date.UTC(2021, 0, 1),
    copyIdentity: false,
  })
    .skip(1)
    .input('zebraquartz orphan');

  beforeAll(async () => {
    store = await openStore('purge');
    admin = engineClient();
    for (const s of [expiredA, heldA, freshA, expiredB, bigB]) {
      expect(await store.writeFrames(s.frames)).toMatchObject({ stored: s.frames.length, failed: [] });
    }
    // the orphan comes from an ingester writing with refresh=false just before the purge
    const fast = await openStore('purge', { refresh: false });
    expect(await fast.writeFrames(orphan.frames)).toMatchObject({ stored: 1 });
    await store.setLegalHold(heldA.sid, true);
  });

  afterAll(async () => {
    await admin?.close();
  });

  const identities = async (): Promise<IdentitySummary[]> => (await store.listIdentities({ limit: 500 })).items;
  const framesOf = async (sid: string): Promise<number> => {
    const res = await admin.request<{ count: number }>({
      method: 'POST',
      path: `/${store.names.framesPattern}/_count`,
      body: { query: { term: { sid } } },
    });
    return res.body.count;
  };

  it('deletes expired sessions with their frames, keeps held and recent ones, and fixes the identities', async () => {
    // (the orphan's frame, written with refresh=false, may not be searchable yet: purgeExpired refreshes first)
    expect((await store.searchSessions({ text: 'zebraquartz' })).items.map((s) => s.sid)).toEqual(
      expect.arrayContaining([expiredA.sid, expiredB.sid]),
    );
    const before = await identities();
    expect(before.find((i) => i.sub === subA)).toMatchObject({ sessionCount: 3, resources: ['db-1', 'db-2', 'db-3'] });
    expect(before.find((i) => i.sub === subB)).toMatchObject({ sessionCount: 2 });

    const expired = [expiredA, expiredB, bigB, orphan];
    const report = await store.purgeExpired(CUTOFF);
    expect(report).toEqual({
      deletedSessions: 4,
      deletedFrames: expired.reduce((n, s) => n + s.frames.length, 0),
      keptOnHold: 1,
    });

    for (const s of expired) {
      expect(await store.getSession(s.sid)).toBeNull();
      expect(await store.getFrames(s.sid, {})).toEqual([]);
      expect(await framesOf(s.sid)).toBe(0);
    }
    // held and recent sessions are untouched
    for (const s of [heldA, freshA]) {
      expect(await store.getFrames(s.sid, {})).toEqual(s.frames);
      expect(await store.getSession(s.sid)).toMatchObject({ frameCount: s.frames.length, bytes: sumBytes(s.frames) });
    }
    expect((await store.getSession(heldA.sid))?.legalHold).toBe(true);

    // full text no longer finds the purged frames; the held session's words are still there
    expect((await store.searchSessions({ text: 'zebraquartz' })).items).toEqual([]);
    expect((await store.searchSessions({ text: 'heldquartz' })).items.map((s) => s.sid)).toEqual([heldA.sid]);

    // identity A: what its held and fresh sessions add up to; identity B: gone
    const after = await identities();
    expect(after.find((i) => i.sub === subB)).toBeUndefined();
    expect(after.find((i) => i.sub === subA)).toEqual({
      sub: subA,
      name: subA,
      type: 'machine',
      sessionCount: 2,
      resources: ['db-2', 'db-3'],
      firstSeen: heldA.frames[0].ts,
      lastSeen: freshA.frames.at(-1)?.ts,
      findings: { CREDIT_CARD_NUMBER: 1, EMAIL_ADDRESS: 1 },
    });

    // the export no longer serves purged frames
    const exported: StoredFrame[] = [];
    let after2: IngestPosition | undefined;
    for (;;) {
      const page = await store.readIngestOrder({ after: after2, limit: 10_000 });
      exported.push(...page.items);
      if (!page.last) break;
      after2 = page.last;
    }
    expect(new Set(exported.map((f) => f.sid))).toEqual(new Set([heldA.sid, freshA.sid]));
  });

  it('is idempotent, and releases a held session to the next run', async () => {
    expect(await store.purgeExpired(CUTOFF)).toEqual({ deletedSessions: 0, deletedFrames: 0, keptOnHold: 1 });
    await store.setLegalHold(heldA.sid, false);
    expect(await store.purgeExpired(CUTOFF)).toEqual({
      deletedSessions: 1,
      deletedFrames: heldA.frames.length,
      keptOnHold: 0,
    });
    expect(await store.getSession(heldA.sid)).toBeNull();
    const a = (await identities()).find((i) => i.sub === subA);
    expect(a).toMatchObject({
      sessionCount: 1,
      resources: ['db-3'],
      firstSeen: freshA.frames[0].ts,
      lastSeen: freshA.frames.at(-1)?.ts,
      findings: { EMAIL_ADDRESS: 1 },
    });
    // a later cut-off takes the rest
    expect(await store.purgeExpired('2100-01-01T00:00:00Z')).toEqual({
      deletedSessions: 1,
      deletedFrames: freshA.frames.length,
      keptOnHold: 0,
    });
    expect((await identities()).filter((i) => i.sub === subA || i.sub === subB)).toEqual([]);
  });

  it('refuses a cut-off that is not RFC 3339', async () => {
    await expect(store.purgeExpired('last tuesday')).rejects.toThrow(InvalidQueryError);
  });
});
