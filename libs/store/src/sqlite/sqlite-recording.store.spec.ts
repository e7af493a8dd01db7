import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';

import { StoreError, StoreNotOpenError } from '../store.errors';
import { recordingStoreContract } from '../testing';
import { StoredSessionBuilder } from '../testing/stored-frame.fixtures';
import { SQLITE_MIGRATIONS } from './migrations';
import { SqliteRecordingStore } from './sqlite-recording.store';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'auditorium-store-'));
}

recordingStoreContract('sqlite', async () => {
  const dir = tempDir();
  const path = join(dir, 'recordings.db');
  return {
    store: new SqliteRecordingStore({ path }),
    reopen: async () => new SqliteRecordingStore({ path }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SqliteRecordingStore', () => {
  let dir: string;
  let path: string;
  let store: SqliteRecordingStore;

  beforeEach(async () => {
    dir = tempDir();
    path = join(dir, 'nested', 'recordings.db');
    store = new SqliteRecordingStore({ path });
    await store.init();
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates its folder and runs in WAL mode with synchronous=NORMAL', async () => {
    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
    expect((await store.health()).detail).toContain('journal_mode=wal, synchronous=NORMAL');
  });

  it('fsyncs every commit when asked for full durability', async () => {
    const full = new SqliteRecordingStore({ path: join(dir, 'full.db'), durability: 'full' });
    await full.init();
    expect((await full.health()).detail).toContain('synchronous=FULL');
    await full.close();
  });

  it('records the applied schema version', async () => {
    await store.close();
    const db = new Database(path, { readonly: true });
    try {
      const rows = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
      expect(rows).toEqual(SQLITE_MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    } finally {
      db.close();
    }
  });

  it('refuses a database written by a newer schema', async () => {
    await store.close();
    const db = new Database(path);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 'now')").run();
    db.close();
    const newer = new SqliteRecordingStore({ path });
    await expect(newer.init()).rejects.toThrow(StoreError);
    await expect(newer.init()).rejects.toThrow(/newer/);
  });

  it('applies only the migrations it has not applied yet', async () => {
    await store.close();
    const migrations = [...SQLITE_MIGRATIONS, { version: 2, name: 'extra', sql: 'CREATE TABLE extra_for_test (x);' }];
    const upgraded = new SqliteRecordingStore({ path, migrations });
    await upgraded.init();
    await upgraded.close();
    store = new SqliteRecordingStore({ path, migrations });
    await store.init(); // "table already exists" if a migration ran twice
  });

  it('keeps FTS syntax out of the query, whatever the user types', async () => {
    const s = new StoredSessionBuilder({ sid: 'fts', startMs: Date.UTC(2025, 0, 1) })
      .start()
      .response('x', { body: 'he said "foo" NEAR(bar) and col:umn' });
    await store.writeFrames(s.frames);
    const hostile = [
      '"foo',
      'NEAR(',
      'NEAR(foo bar',
      'foo AND',
      'OR',
      'NOT foo',
      '*',
      'foo*',
      '^foo',
      'col:umn',
      '"""',
      "'; DROP TABLE frames; --",
      '\u0000',
      'x'.repeat(10_000),
    ];
    for (const text of hostile) {
      await expect(store.searchSessions({ text })).resolves.toEqual(
        expect.objectContaining({ items: expect.any(Array) }),
      );
    }
    expect((await store.searchSessions({ text: '"foo' })).items.map((x) => x.sid)).toEqual(['fts']);
    expect((await store.searchSessions({ text: 'col:umn' })).items.map((x) => x.sid)).toEqual(['fts']);
    expect((await store.getFrames('fts', {})).length).toBe(2);
  });

  it('writes a batch atomically: a failing batch stores nothing', async () => {
    const s = new StoredSessionBuilder({ sid: 'atomic', startMs: Date.UTC(2025, 0, 1) }).start().input('a');
    // JSON.stringify cannot serialise a BigInt: the batch throws after the first insert succeeded
    const poisoned = { ...s.frames[1], findings: { EMAIL_ADDRESS: 1n as unknown as number } };
    await expect(store.writeFrames([s.frames[0], poisoned])).rejects.toThrow();
    expect(await store.getSession('atomic')).toBeNull();
    expect(await store.getFrames('atomic', {})).toEqual([]);
    expect(await store.writeFrames(s.frames)).toEqual({ stored: 2, duplicates: 0, failed: [] });
    expect(await store.getSession('atomic')).toMatchObject({ frameCount: 2, maxSeq: 1 });
  });

  it('treats info types as data, even ones named like object internals', async () => {
    const odd = JSON.parse('{"__proto__": 1, "constructor": 2}') as Record<string, number>;
    const s = new StoredSessionBuilder({ sid: 'odd', startMs: Date.UTC(2025, 0, 1) }).start().input('x', odd);
    await store.writeFrames(s.frames);
    await store.writeFrames(new StoredSessionBuilder({ sid: 'odd', startMs: 0 }).skip(2).input('y', odd).frames);
    const summary = await store.getSession('odd');
    expect(Object.entries(summary?.findings ?? {})).toEqual([
      ['__proto__', 2],
      ['constructor', 4],
    ]);
    expect((await store.searchSessions({ infoType: 'constructor' })).items.map((x) => x.sid)).toEqual(['odd']);
  });

  it('sees what another connection wrote to the same file', async () => {
    const s = new StoredSessionBuilder({
      sid: 'shared',
      identity: { sub: 'two-writers' },
      startMs: Date.UTC(2025, 0, 1),
    })
      .start()
      .input('a', { EMAIL_ADDRESS: 1 })
      .input('b', { EMAIL_ADDRESS: 1 })
      .end();
    const other = new SqliteRecordingStore({ path });
    await other.init();
    try {
      await store.writeFrames([s.frames[0]]);
      await other.writeFrames([s.frames[1]]);
      await store.writeFrames([s.frames[2]]);
      await other.writeFrames([s.frames[3]]);
      const expected = { frameCount: 4, status: 'ok', findings: { EMAIL_ADDRESS: 2 } };
      expect(await store.getSession('shared')).toMatchObject(expected);
      expect(await other.getSession('shared')).toMatchObject(expected);
      const [identity] = (await store.listIdentities({})).items;
      expect(identity).toMatchObject({ sub: 'two-writers', sessionCount: 1, findings: { EMAIL_ADDRESS: 2 } });
    } finally {
      await other.close();
    }
  });

  it('keeps the ingest order in an autoincrement column for export cursors', async () => {
    const a = new StoredSessionBuilder({ sid: 'a', startMs: Date.UTC(2025, 0, 1) }).start().input('1');
    const b = new StoredSessionBuilder({ sid: 'b', startMs: Date.UTC(2024, 0, 1) }).start();
    await store.writeFrames([a.frames[1], b.frames[0]]);
    await store.writeFrames([a.frames[0]]);
    await store.close();
    const db = new Database(path, { readonly: true });
    try {
      const ids = db.prepare('SELECT id FROM frames ORDER BY ingest_seq').pluck().all();
      expect(ids).toEqual(['a:1', 'b:0', 'a:0']);
    } finally {
      db.close();
    }
  });

  it('refuses use before init and after close', async () => {
    const fresh = new SqliteRecordingStore({ path: join(dir, 'other.db') });
    await expect(fresh.getSession('x')).rejects.toBeInstanceOf(StoreNotOpenError);
    expect((await fresh.health()).ok).toBe(false);
    await store.close();
    await expect(store.writeFrames([])).rejects.toBeInstanceOf(StoreNotOpenError);
    expect(await store.health()).toEqual({ ok: false, engine: 'sqlite', detail: 'closed' });
    await store.close(); // idempotent
  });

  it('streams a 100,000-frame session with the first frame fast and flat memory', async () => {
    const body = 'x'.repeat(1000);
    const s = new StoredSessionBuilder({ sid: 'huge', startMs: Date.UTC(2025, 0, 1), stepMicros: 10 }).start();
    for (let i = 1; i < 100_000; i++) s.output(body);
    for (let i = 0; i < s.frames.length; i += 5000) await store.writeFrames(s.frames.slice(i, i + 5000));
    s.frames.length = 0; // drop the fixtures before measuring

    const baseline = process.memoryUsage().heapUsed;
    const started = process.hrtime.bigint();
    let firstMs = -1;
    let count = 0;
    let peak = 0;
    for await (const f of store.streamFrames('huge')) {
      if (count === 0) firstMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (f.seq !== count) throw new Error(`out of order at ${count}`);
      count++;
      if (count % 5000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
    }
    expect(count).toBe(100_000);
    expect(firstMs).toBeLessThan(200);
    // everything at once would hold >100 MB of frames; a page of 500 holds ~1 MB
    expect(peak).toBeLessThan(64 * 1024 * 1024);
  }, 120_000);
});
