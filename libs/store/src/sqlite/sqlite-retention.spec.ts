import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame } from '@auditorium/frames';
import type { StoredFrame } from '../recording.types';
import { storedFrameOf } from '../stored-frame.of';
import { SqliteRecordingStore } from './sqlite-recording.store';

function stored(sid: string, seq: number, ts: string, frame: Partial<Frame>, sub = 'svc-a'): StoredFrame {
  return storedFrameOf({ v: 1, sid, seq, ts, ...frame } as Frame, {
    hash: 'a'.repeat(64),
    bytes: 10,
    identity: { sub },
    resource: { name: 'db', type: 'postgres' },
  });
}

function session(sid: string, day: string, sub = 'svc-a'): StoredFrame[] {
  return [
    stored(
      sid,
      0,
      `${day}T10:00:00Z`,
      { type: 'session.start', identity: { sub }, resource: { name: 'db' } } as Partial<Frame>,
      sub,
    ),
    stored(sid, 1, `${day}T10:00:01Z`, { type: 'output', data: 'hello world' } as Partial<Frame>, sub),
  ];
}

describe('SqliteRecordingStore: ingest order, legal hold and retention', () => {
  let dir: string;
  let store: SqliteRecordingStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'retention-'));
    store = new SqliteRecordingStore({ path: join(dir, 'a.db') });
    await store.init();
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads frames in ingest order from a position, late frames included', async () => {
    await store.writeFrames(session('s-new', '2026-06-01'));
    await store.writeFrames(session('s-late-old-ts', '2020-01-01'));
    const first = await store.readIngestOrder({ limit: 3 });
    expect(first.items.map((f) => f.id)).toEqual(['s-new:0', 's-new:1', 's-late-old-ts:0']);
    const rest = await store.readIngestOrder({ after: first.last, limit: 3 });
    expect(rest.items.map((f) => f.id)).toEqual(['s-late-old-ts:1']);
    const none = await store.readIngestOrder({ after: rest.last });
    expect(none.items).toEqual([]);
    expect(none.last).toBeUndefined();
  });

  it('purges expired sessions but keeps those on legal hold, and rebuilds identities', async () => {
    await store.writeFrames([
      ...session('old-1', '2024-01-01'),
      ...session('old-held', '2024-01-02'),
      ...session('new-1', '2026-06-01'),
    ]);
    await store.writeFrames(session('old-other', '2024-01-03', 'svc-b'));
    await store.setLegalHold('old-held', true);
    expect((await store.getSession('old-held'))?.legalHold).toBe(true);
    const report = await store.purgeExpired('2025-01-01T00:00:00Z');
    expect(report).toEqual({ deletedFrames: 4, deletedSessions: 2, keptOnHold: 1 });
    expect(await store.getSession('old-1')).toBeNull();
    expect(await store.getFrames('old-1', {})).toEqual([]);
    expect(await store.getSession('old-held')).not.toBeNull();
    const ids = await store.listIdentities({});
    expect(ids.items.map((i) => [i.sub, i.sessionCount])).toEqual([['svc-a', 2]]);
    const text = await store.searchSessions({ text: 'hello' });
    expect(text.items.map((s) => s.sid).sort()).toEqual(['new-1', 'old-held']);
    await expect(store.setLegalHold('old-1', true)).rejects.toThrow(/not found/);
  });
});
