import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import type { Frame } from '@auditorium/frames';
import type { StoredFrame } from '@auditorium/store';

import { ChainTracker, chainHash } from './hash-chain';
import { fixtureFrames, MemoryStore, storeFrames } from './integrity.fixtures';
import { sealSession } from './seal';
import { loadOrCreateSigningKey } from './signing-key';
import type { SigningKey } from './signing-key';
import { verifyFrames, verifySession } from './verify';

describe('verify', () => {
  let dir: string;
  let key: SigningKey;
  let other: SigningKey;
  const sid = 'sess-1';

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(tmpdir(), 'integrity-verify-'));
    key = await loadOrCreateSigningKey(path.join(dir, 'a'));
    other = await loadOrCreateSigningKey(path.join(dir, 'b'));
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  async function sealed(frames: StoredFrame[], by = key): Promise<MemoryStore> {
    const store = new MemoryStore(frames);
    const last = frames[frames.length - 1];
    const seal = await sealSession({ sid, lastSeq: last.seq, head: last.hash, frames: frames.length, gaps: [] }, by);
    await store.setSeal(sid, seal);
    return store;
  }

  /** Edit one leaf of the frame stored at `seq`, as someone with write access to the engine would. */
  function editRow(store: MemoryStore, seq: number, edit: (f: StoredFrame) => void): void {
    const id = `${sid}:${seq}`;
    const row = JSON.parse(store.rows.get(id) as string) as StoredFrame;
    edit(row);
    store.rows.set(id, JSON.stringify(row));
  }

  it('says ok for an intact sealed session', async () => {
    const frames = await storeFrames(fixtureFrames(sid));
    const result = await verifySession(await sealed(frames), sid, key.jwks());
    expect(result).toMatchObject({ sid, status: 'ok', frames: 8, gaps: [], head: frames[7].hash, lastSeq: 7 });
    expect(result.seal).toMatchObject({ kid: key.kid, valid: true });
    expect(result.message).toMatch(new RegExp(`^ok: 8 frames, seal by kid ${key.kid}`));
    expect(result.firstBadSeq).toBeUndefined();
  });

  it('says unsealed while the session has no seal', async () => {
    const store = new MemoryStore(await storeFrames(fixtureFrames(sid)));
    const result = await verifySession(store, sid, key.jwks());
    expect(result).toMatchObject({ status: 'unsealed', message: 'unsealed: session has no seal yet (still active?)' });
  });

  it('says not_found for an unknown session', async () => {
    expect(await verifySession(new MemoryStore(), 'nope', key.jwks())).toMatchObject({
      status: 'not_found',
      frames: 0,
    });
  });

  const leafEdits: Array<[string, (f: StoredFrame) => void]> = [
    ['ts', (f) => (f.frame.ts = f.frame.ts.replace('Z', '+00:00'))],
    ['a nested leaf', (f) => bumpDeepestLeaf(f.frame)],
    ['a new member', (f) => ((f.frame as unknown as Record<string, unknown>).injected = true)],
    ['the stored hash', (f) => (f.hash = f.hash.replace(/^./, (c) => (c === '0' ? '1' : '0')))],
    ['the record type', (f) => (f.type = f.type === 'request' ? 'response' : 'request')],
  ];

  it.each(leafEdits)('names the seq when %s of any stored frame changes', async (_what, edit) => {
    const frames = await storeFrames(fixtureFrames(sid));
    for (const victim of frames) {
      const store = await sealed(frames);
      editRow(store, victim.seq, edit);
      const result = await verifySession(store, sid, key.jwks());
      expect({ seq: victim.seq, status: result.status, firstBadSeq: result.firstBadSeq }).toEqual({
        seq: victim.seq,
        status: 'tampered',
        firstBadSeq: victim.seq,
      });
      expect(result.message).toMatch(new RegExp(`^tampered at seq ${victim.seq}`));
    }
  });

  it('names a changed byte of the canonical frame at any position', async () => {
    const frames = await storeFrames(fixtureFrames(sid, 1));
    const victim = frames[2]; // the response, with a JSON body
    const json = JSON.stringify(victim.frame);
    let checked = 0;
    for (let i = 0; i < json.length; i++) {
      const ch = json[i];
      const swapped = /[0-9]/.test(ch) ? String((Number(ch) + 1) % 10) : /[a-z]/.test(ch) ? ch.toUpperCase() : null;
      if (!swapped) continue;
      let frame: Frame;
      try {
        frame = JSON.parse(json.slice(0, i) + swapped + json.slice(i + 1)) as Frame;
      } catch {
        continue; // no longer JSON (e.g. `true` → `True`): the engine would not hold it
      }
      const edited = frames.map((f) => (f === victim ? { ...f, frame } : f));
      const result = await verifyFrames(edited, { sid });
      expect([i, result.status, result.firstBadSeq]).toEqual([i, 'tampered', victim.seq]);
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('reports a removed frame as a gap', async () => {
    const frames = await storeFrames(fixtureFrames(sid));
    for (const removed of [3, 0]) {
      const store = await sealed(frames);
      store.rows.delete(`${sid}:${removed}`);
      const result = await verifySession(store, sid, key.jwks());
      expect(result).toMatchObject({ status: 'gap', gaps: [{ from: removed, to: removed }], frames: 7 });
      expect(result.message).toMatch(new RegExp(`^gap at seq ${removed}`));
      expect(result.message).toContain('1 sealed frames missing');
    }
    const store = await sealed(frames);
    store.rows.delete(`${sid}:7`); // the tail: only the seal knows it existed
    expect(await verifySession(store, sid, key.jwks())).toMatchObject({ status: 'gap', gaps: [{ from: 7, to: 7 }] });
    store.rows.delete(`${sid}:6`);
    store.rows.delete(`${sid}:5`);
    expect((await verifySession(store, sid, key.jwks())).message).toMatch(/^gap at seq 5–7/);
  });

  it('keeps a gap that was there at ingest chained across it', async () => {
    const all = fixtureFrames(sid);
    const frames = await storeFrames([...all.slice(0, 3), ...all.slice(5)]);
    const result = await verifyFrames(frames, { sid });
    expect(result).toMatchObject({ status: 'gap', gaps: [{ from: 3, to: 4 }], message: 'gap at seq 3–4' });
  });

  it('says tampered when the seal was made with another key', async () => {
    const frames = await storeFrames(fixtureFrames(sid));
    const result = await verifySession(await sealed(frames, other), sid, key.jwks());
    expect(result.status).toBe('tampered');
    expect(result.seal).toMatchObject({ kid: other.kid, valid: false });
    expect(result.message).toMatch(/^tampered: seal invalid: no known key/);
  });

  it('says tampered when the chain was recomputed after an edit (the seal pins the head)', async () => {
    const frames = await storeFrames(fixtureFrames(sid));
    const store = await sealed(frames);
    const edited = fixtureFrames(sid);
    (edited[2] as { status?: number }).status = 404;
    const rewritten = await storeFrames(edited);
    for (const f of rewritten) store.rows.set(f.id, JSON.stringify(f));
    const result = await verifySession(store, sid, key.jwks());
    expect(result).toMatchObject({ status: 'tampered', firstBadSeq: 7, seal: { valid: false } });
    expect(result.message).toContain('sealed head does not match');
  });

  it('says tampered when the stored seal copy disagrees with its JWS', async () => {
    const frames = await storeFrames(fixtureFrames(sid));
    const store = await sealed(frames);
    const session = store.sessions.get(sid);
    if (session?.seal) session.seal.lastSeq = 3;
    expect((await verifySession(store, sid, key.jwks())).message).toContain('stored seal fields differ');
  });

  it('accepts late frames linked by the tracker and lists them', async () => {
    const all = fixtureFrames(sid, 4); // seq 0..9
    const order = [0, 1, 4, 5, 3, 2, 6, 8, 7, 9];
    const tracker = new ChainTracker({ load: async () => null });
    const stored = await storeFrames(
      order.map((i) => all[i]),
      tracker,
    );
    stored.sort((a, b) => a.seq - b.seq);
    const last = stored[stored.length - 1];
    const seal = await sealSession({ sid, lastSeq: 9, head: last.hash, frames: 10, gaps: [] }, key);
    const result = await verifyFrames(stored, { sid, seal, keys: key.jwks() });
    expect(result).toMatchObject({ status: 'ok', late: [2, 3, 7] });
    expect(result.message).toContain('3 late frames not covered by the chain head');
  });

  it('verifies a bundle as a plain iterable and refuses disorder', async () => {
    const frames = await storeFrames(fixtureFrames(sid));
    const bundle = frames.map(({ seq, frame, hash }) => ({ seq, frame, hash }));
    expect((await verifyFrames(bundle)).status).toBe('unsealed');
    const swapped = [bundle[0], bundle[2], bundle[1], ...bundle.slice(3)];
    expect(await verifyFrames(swapped)).toMatchObject({ status: 'tampered', firstBadSeq: 1 });
    const foreign = [...bundle, { ...bundle[7], seq: 8, frame: { ...bundle[7].frame, seq: 8, sid: 'x' } }];
    expect((await verifyFrames(foreign, { sid })).message).toBe('tampered at seq 8: frame belongs to session x');
  });

  it('streams: reads frames one at a time from an async iterable', async () => {
    let h: string | null = null;
    async function* many(): AsyncGenerator<{ seq: number; frame: Frame; hash: string }> {
      for (let seq = 0; seq < 5000; seq++) {
        const frame: Frame = { v: 1, sid: 'big', seq, ts: '2025-01-01T00:00:00Z', type: 'output', data: `line ${seq}` };
        h = chainHash(h, frame);
        yield { seq, frame, hash: h };
      }
    }
    expect(await verifyFrames(many())).toMatchObject({ status: 'unsealed', frames: 5000, lastSeq: 4999 });
  });
});

function bumpDeepestLeaf(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const obj = value as Record<string, unknown>;
  for (const k of Object.keys(obj).reverse()) {
    const v = obj[k];
    if (bumpDeepestLeaf(v)) return true;
    if (typeof v === 'string' && k !== 'sid' && k !== 'type') {
      obj[k] = v + ' ';
      return true;
    }
    if (typeof v === 'number' && k !== 'seq') {
      obj[k] = v + 1;
      return true;
    }
  }
  return false;
}
