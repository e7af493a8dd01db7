import type { Frame } from '@auditorium/frames';
import { RecordingStore, storedFrameOf } from '@auditorium/store';
import type {
  IdentitySummary,
  IngestOrderPage,
  IngestOrderQuery,
  Page,
  RetentionReport,
  SessionSeal,
  SessionSummary,
  StoredFrame,
  StoreHealth,
  WriteReport,
} from '@auditorium/store';

import { ChainTracker } from './hash-chain';

/** A small HTTP session: start, 3 exchanges (one denied), end. */
export function fixtureFrames(sid = 'sess-1', exchanges = 3): Frame[] {
  const ts = (i: number): string => new Date(Date.UTC(2025, 0, 2, 3, 4, 5) + i * 250).toISOString();
  const frames: Frame[] = [];
  let seq = 0;
  frames.push({
    v: 1,
    sid,
    seq: seq++,
    ts: ts(0),
    type: 'session.start',
    identity: { sub: 'agent-7', name: 'Report bot', type: 'machine' },
    resource: { name: 'reports-api', type: 'http' },
  });
  for (let x = 0; x < exchanges; x++) {
    const xid = `x${x}`;
    frames.push({
      v: 1,
      sid,
      seq: seq++,
      ts: ts(seq),
      type: 'request',
      xid,
      method: 'GET',
      target: `/reports/q${x}`,
      headers: { 'content-type': 'application/json', authorization: '[MASKED]' },
    });
    frames.push({
      v: 1,
      sid,
      seq: seq++,
      ts: ts(seq),
      type: 'response',
      xid,
      status: 200,
      body: JSON.stringify({ quarter: x, email: '[EMAIL_ADDRESS]', total: 1e21 }),
      encoding: 'utf8',
      meta: { durationMs: 12.5 },
    });
  }
  frames.push({ v: 1, sid, seq: seq++, ts: ts(seq), type: 'session.end', status: 'ok', exitCode: 0 });
  return frames;
}

/** Frames as the ingest pipeline would store them, hashed by a ChainTracker. */
export async function storeFrames(frames: Frame[], tracker?: ChainTracker): Promise<StoredFrame[]> {
  const t = tracker ?? new ChainTracker({ load: async () => null });
  const hashes = await t.assignBatch(frames);
  return frames.map((frame, i) =>
    storedFrameOf(frame, { hash: hashes[i].hash, bytes: JSON.stringify(frame).length, ingestedAt: 0 }),
  );
}

/** Just enough of a store for verifySession: frames kept as JSON so edits are real byte edits. */
export class MemoryStore extends RecordingStore {
  readonly rows = new Map<string, string>();
  readonly sessions = new Map<string, SessionSummary>();

  constructor(frames: StoredFrame[] = []) {
    super();
    for (const f of frames) this.rows.set(f.id, JSON.stringify(f));
    const first = frames[0];
    if (first) {
      this.sessions.set(first.sid, {
        sid: first.sid,
        status: 'ok',
        firstTs: first.ts,
        lastTs: frames[frames.length - 1].ts,
        frameCount: frames.length,
        exchangeCount: 0,
        bytes: 0,
        maxSeq: frames[frames.length - 1].seq,
        gaps: [],
        decisions: {},
        findings: {},
      });
    }
  }

  async init(): Promise<void> {}
  async writeFrames(): Promise<WriteReport> {
    throw new Error('not used');
  }
  async getChainHead(): Promise<{ seq: number; hash: string } | null> {
    return null;
  }
  async setSeal(sid: string, seal: SessionSeal): Promise<void> {
    const s = this.sessions.get(sid);
    if (s) s.seal = seal;
  }
  async getSession(sid: string): Promise<SessionSummary | null> {
    return this.sessions.get(sid) ?? null;
  }
  async searchSessions(): Promise<Page<SessionSummary>> {
    return { items: [] };
  }
  async listIdentities(): Promise<Page<IdentitySummary>> {
    return { items: [] };
  }
  async getFrames(sid: string): Promise<StoredFrame[]> {
    const out: StoredFrame[] = [];
    for await (const f of this.streamFrames(sid)) out.push(f);
    return out;
  }
  async *streamFrames(sid: string): AsyncIterable<StoredFrame> {
    const rows = [...this.rows.values()]
      .map((r) => JSON.parse(r) as StoredFrame)
      .filter((f) => f.sid === sid)
      .sort((a, b) => a.seq - b.seq);
    yield* rows;
  }
  /** Rows in insertion order, positions are 1-based row numbers. */
  async readIngestOrder(query: IngestOrderQuery): Promise<IngestOrderPage> {
    const after = query.after?.kind === 'rowid' ? query.after.rowid : 0;
    const rows = [...this.rows.values()].slice(after, after + (query.limit ?? 1000));
    const items = rows.map((r) => JSON.parse(r) as StoredFrame);
    return { items, last: items.length ? { kind: 'rowid', rowid: after + items.length } : undefined };
  }
  async setLegalHold(sid: string, hold: boolean): Promise<void> {
    const s = this.sessions.get(sid);
    if (s) s.legalHold = hold;
  }
  async purgeExpired(before: string): Promise<RetentionReport> {
    const report: RetentionReport = { deletedFrames: 0, deletedSessions: 0, keptOnHold: 0 };
    for (const s of [...this.sessions.values()]) {
      if (s.lastTs >= before) continue;
      if (s.legalHold) {
        report.keptOnHold++;
        continue;
      }
      for (const [id, row] of [...this.rows]) {
        if ((JSON.parse(row) as StoredFrame).sid !== s.sid) continue;
        this.rows.delete(id);
        report.deletedFrames++;
      }
      this.sessions.delete(s.sid);
      report.deletedSessions++;
    }
    return report;
  }
  async health(): Promise<StoreHealth> {
    return { ok: true, engine: 'memory' };
  }
  async close(): Promise<void> {}
}
