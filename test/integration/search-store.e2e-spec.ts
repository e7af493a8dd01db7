import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
/**
 * The Elasticsearch / OpenSearch RecordingStore against the real engine the jest
 * global setup started (SEARCH_URL, SEARCH_ENGINE): the shared contract suite,
 * then what only a search engine can get wrong — bulk item errors, a crash
 * between the frame write and the summary write, refresh=false visibility, and
 * streaming a 100,000-frame session. Every run has its own index prefix and
 * removes its indices and templates at the end.
 */
import { randomBytes } from 'node:crypto';

import {
  EngineRequest,
  EngineResponse,
  SearchEngineClient,
  SearchRecordingStore,
  SearchRecordingStoreOptions,
  SessionNotFoundError,
  StoredFrame,
} from '@auditorium/store';
import { recordingStoreContract, StoredSessionBuilder, sumBytes } from '@auditorium/store/testing';

import { engineClient, removeIndices, testEngine } from '../support/search-engine';

jest.setTimeout(300_000);

const { url, engine } = testEngine();

const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
const prefix = `it-store-${run}`;

function makeStore(
  extra: Partial<SearchRecordingStoreOptions> = {},
  client: SearchEngineClient = engineClient(),
): SearchRecordingStore {
  return new SearchRecordingStore(client, {
    node: url,
    indexPrefix: prefix,
    replicas: 0,
    logger: { info: () => undefined, warn: (m) => console.warn(m) },
    ...extra,
  });
}

/** Deletes every index and template of this run. */
const removeRun = (): Promise<void> => removeIndices(prefix);

afterAll(removeRun);

recordingStoreContract(`${engine} (refresh wait_for)`, async () => ({
  store: makeStore(),
  reopen: async () => makeStore(),
  cleanup: async () => undefined,
}));

/** A client that fails chosen requests, to stand in for a crash at that point. */
class FailingClient extends SearchEngineClient {
  readonly engine = engine;
  failWhen: ((req: EngineRequest) => boolean) | undefined;
  constructor(private readonly inner: SearchEngineClient) {
    super();
  }
  request<T>(req: EngineRequest, ignore?: number[]): Promise<EngineResponse<T>> {
    if (this.failWhen?.(req)) {
      this.failWhen = undefined;
      return Promise.reject(new Error('simulated crash'));
    }
    return this.inner.request<T>(req, ignore);
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

const writesSessions = (req: EngineRequest): boolean =>
  req.path === '/_bulk' && JSON.stringify(req.bulkBody ?? []).includes(`${prefix}-sessions-v1`);

describe(`${engine}: beyond the contract`, () => {
  const T0 = Date.UTC(2031, 4, 1, 9, 0, 0);
  let store: SearchRecordingStore;
  let admin: SearchEngineClient;

  beforeAll(async () => {
    store = makeStore();
    await store.init();
    admin = engineClient();
  });

  afterAll(async () => {
    await store?.close();
    await admin?.close();
  });

  it('reports a bulk item that violates the mapping, item by item, and stores the rest', async () => {
    const s = new StoredSessionBuilder({ sid: `${run}.mapping`, startMs: T0 })
      .start()
      .input('one', { EMAIL_ADDRESS: 1 })
      .input('two', { EMAIL_ADDRESS: 1 })
      .end();
    // `ts` is a date in the mapping: the engine refuses this document, not the batch
    const bad: StoredFrame = { ...s.frames[2], ts: 'yesterday at noon' };
    const report = await store.writeFrames([s.frames[0], s.frames[1], bad, s.frames[3]]);
    expect(report.stored).toBe(3);
    expect(report.duplicates).toBe(0);
    expect(report.failed).toEqual([{ id: bad.id, reason: expect.stringMatching(/pars/i), retryable: false }]);
    expect((await store.getFrames(s.sid, {})).map((f) => f.seq)).toEqual([0, 1, 3]);
    expect(await store.getSession(s.sid)).toMatchObject({
      frameCount: 3,
      gaps: [{ from: 2, to: 2 }],
      findings: { EMAIL_ADDRESS: 1 },
      bytes: sumBytes([s.frames[0], s.frames[1], s.frames[3]]),
    });
    // the caller fixes and retries it: stored once, the gap closes
    expect(await store.writeFrames(s.frames)).toEqual({ stored: 1, duplicates: 3, failed: [] });
    expect(await store.getSession(s.sid)).toMatchObject({ frameCount: 4, gaps: [], findings: { EMAIL_ADDRESS: 2 } });
  });

  it('reports frames bound for a closed index as retryable and stores the others', async () => {
    // ten minutes apart: seq 0 and 1 in June, seq 2 in July (another monthly index)
    const june = new StoredSessionBuilder({
      sid: `${run}.closed`,
      startMs: Date.UTC(2031, 5, 30, 23, 40, 0),
      stepMicros: 600_000_000,
    });
    june.start().input('still june').input('july');
    const july = june.frames[2];
    const juneFrames = june.frames.slice(0, 2);
    expect(store.names.framesIndex(juneFrames[0].tsMicros)).not.toBe(store.names.framesIndex(july.tsMicros));
    // create June's index, then close it
    await store.writeFrames([juneFrames[0]]);
    const juneIndex = store.names.framesIndex(juneFrames[0].tsMicros);
    await admin.request({ method: 'POST', path: `/${juneIndex}/_close` });
    try {
      const report = await store.writeFrames([juneFrames[1], july]);
      expect(report.stored).toBe(1);
      expect(report.failed).toEqual([
        { id: juneFrames[1].id, reason: expect.stringMatching(/closed/i), retryable: true },
      ]);
    } finally {
      await admin.request({ method: 'POST', path: `/${juneIndex}/_open`, querystring: { wait_for_active_shards: 1 } });
    }
    expect(await store.writeFrames(june.frames)).toEqual({ stored: 1, duplicates: 2, failed: [] });
    expect(await store.getSession(june.sid)).toMatchObject({ frameCount: 3, gaps: [], maxSeq: 2 });
  });

  it('keeps the summary exact after a crash between the frame write and the summary write', async () => {
    const failing = new FailingClient(engineClient());
    const crashy = makeStore({}, failing);
    await crashy.init();
    try {
      const s = new StoredSessionBuilder({ sid: `${run}.crash`, startMs: T0 + 3_600_000 })
        .start()
        .decision('allow', { xid: 'a' })
        .exchange('a', 'q', 'mail [EMAIL_ADDRESS]', { EMAIL_ADDRESS: 1 })
        .exchange('b', 'q', 'card [CREDIT_CARD_NUMBER]', { CREDIT_CARD_NUMBER: 2 })
        .end('ok');
      failing.failWhen = writesSessions;
      await expect(crashy.writeFrames(s.frames.slice(0, 4))).rejects.toThrow('simulated crash');
      // the frames are stored, the summary is not
      expect(await crashy.getSession(s.sid)).toBeNull();
      expect(await crashy.getFrames(s.sid, {})).toHaveLength(4);

      // re-delivered with different batch boundaries: frames already there still count, once
      expect(await crashy.writeFrames(s.frames.slice(0, 6))).toEqual({ stored: 2, duplicates: 4, failed: [] });
      expect(await crashy.writeFrames(s.frames)).toEqual({ stored: 1, duplicates: 6, failed: [] });
      const expected = {
        frameCount: 7,
        exchangeCount: 2,
        bytes: sumBytes(s.frames),
        decisions: { allow: 1 },
        findings: { EMAIL_ADDRESS: 1, CREDIT_CARD_NUMBER: 2 },
        status: 'ok',
        gaps: [],
        identity: s.identity,
      };
      expect(await crashy.getSession(s.sid)).toMatchObject(expected);
      expect(await crashy.getChainHead(s.sid)).toEqual({ seq: 6, hash: s.frame(6).hash });
      // and again: nothing moves
      expect(await crashy.writeFrames(s.frames)).toEqual({ stored: 0, duplicates: 7, failed: [] });
      expect(await crashy.getSession(s.sid)).toMatchObject(expected);
    } finally {
      await crashy.close();
    }
  });

  it('repairs the identity list after a crash before the identity write', async () => {
    const failing = new FailingClient(engineClient());
    const crashy = makeStore({}, failing);
    await crashy.init();
    try {
      const sub = `${run}-crash-identity`;
      const s = new StoredSessionBuilder({ sid: `${run}.crash-id`, identity: { sub }, startMs: Date.UTC(2089, 0, 1) })
        .start()
        .input('x', { IBAN_CODE: 1 })
        .end();
      failing.failWhen = (req) =>
        req.path === '/_bulk' && JSON.stringify(req.bulkBody ?? []).includes(`${prefix}-identities-v1`);
      await expect(crashy.writeFrames(s.frames)).rejects.toThrow('simulated crash');
      expect(await crashy.writeFrames(s.frames)).toEqual({ stored: 0, duplicates: 3, failed: [] });
      let found;
      for (let cursor: string | undefined, i = 0; i < 100 && !found; i++) {
        const page = await crashy.listIdentities({ limit: 500, cursor });
        found = page.items.find((x) => x.sub === sub);
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      expect(found).toMatchObject({ sub, sessionCount: 1, findings: { IBAN_CODE: 1 }, lastSeen: s.frames[2].ts });
    } finally {
      await crashy.close();
    }
  });

  it('puts a session on legal hold and releases it, keeping the summary', async () => {
    const s = new StoredSessionBuilder({ sid: `${run}.hold`, startMs: T0 }).start().input('kept').end();
    await store.writeFrames(s.frames);
    await store.setLegalHold(s.sid, true);
    expect(await store.getSession(s.sid)).toMatchObject({ legalHold: true, frameCount: 3 });
    // later frames do not drop the hold
    expect(await store.writeFrames(s.frames)).toEqual({ stored: 0, duplicates: 3, failed: [] });
    await store.setLegalHold(s.sid, false);
    expect((await store.getSession(s.sid))?.legalHold).toBeUndefined();
    await expect(store.setLegalHold(`${run}.nothing`, true)).rejects.toBeInstanceOf(SessionNotFoundError);
  });

  it('with refresh=false, the session and chain head are readable at once (realtime GET)', async () => {
    const fast = makeStore({ refresh: false });
    await fast.init();
    try {
      const s = new StoredSessionBuilder({ sid: `${run}.norefresh`, startMs: T0 }).start().input('a').input('b');
      expect((await fast.writeFrames(s.frames)).stored).toBe(3);
      expect(await fast.getChainHead(s.sid)).toEqual({ seq: 2, hash: s.frame(2).hash });
      expect(await fast.getSession(s.sid)).toMatchObject({ frameCount: 3, status: 'active' });
      expect(await fast.writeFrames(s.frames)).toEqual({ stored: 0, duplicates: 3, failed: [] });
    } finally {
      await fast.close();
    }
  });

  it('streams a 100,000-frame session in order with bounded memory', async () => {
    const fast = makeStore({ refresh: false });
    await fast.init();
    try {
      const sid = `${run}.huge`;
      const total = 100_000;
      const chunk = 5_000;
      // built chunk by chunk (the builder keeps every frame) so the test itself stays small
      let builder = new StoredSessionBuilder({ sid, startMs: T0, stepMicros: 1000 });
      for (let from = 0; from < total; from += chunk) {
        builder = new StoredSessionBuilder({ sid, startMs: T0, stepMicros: 1000 });
        builder.skip(from);
        for (let seq = from; seq < Math.min(total, from + chunk); seq++) {
          if (seq === 0) builder.start();
          else builder.output(`line ${seq} of the long session\r\n`);
        }
        const report = await fast.writeFrames(builder.frames);
        expect(report.failed).toEqual([]);
        expect(report.stored).toBe(builder.frames.length);
      }
      await admin.request({ method: 'POST', path: `/${fast.names.framesPattern}/_refresh` });
      expect(await fast.getSession(sid)).toMatchObject({ frameCount: total, maxSeq: total - 1, gaps: [] });

      // Live heap after a full GC, not heapUsed as it happens to be: garbage is not retention.
      setFlagsFromString('--expose_gc');
      const gc = runInNewContext('gc') as () => void;
      gc();
      const before = process.memoryUsage().heapUsed;
      let peak = before;
      let expected = 0;
      for await (const f of fast.streamFrames(sid)) {
        if (f.seq !== expected) throw new Error(`expected seq ${expected}, got ${f.seq}`);
        expected++;
        if (expected % 10_000 === 0) {
          gc();
          peak = Math.max(peak, process.memoryUsage().heapUsed);
        }
      }
      expect(expected).toBe(total);
      // one page (1000 frames) at a time: far below what 100,000 frames would take (~100 MB)
      expect(peak - before).toBeLessThan(64 * 1024 * 1024);
    } finally {
      await fast.close();
    }
  });
});
