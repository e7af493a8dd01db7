import { createHash } from 'node:crypto';

import type { Frame } from '@auditorium/frames';

import { canonicalFrame } from './canonical';
import { ChainTracker, chainHash, GENESIS_HASH } from './hash-chain';
import type { ChainHead } from './hash-chain';
import { fixtureFrames } from './integrity.fixtures';

describe('chainHash', () => {
  const [first, second] = fixtureFrames();

  it('starts from 32 zero bytes', () => {
    const expected = createHash('sha256').update(Buffer.alloc(32)).update(canonicalFrame(first)).digest('hex');
    expect(chainHash(null, first)).toBe(expected);
    expect(chainHash(GENESIS_HASH, first)).toBe(expected);
  });

  it('links each frame to the previous hash', () => {
    const h0 = chainHash(null, first);
    const expected = createHash('sha256').update(Buffer.from(h0, 'hex')).update(canonicalFrame(second)).digest('hex');
    expect(chainHash(h0, second)).toBe(expected);
  });

  it('does not depend on key order', () => {
    const reordered = Object.fromEntries(Object.entries(first).reverse()) as Frame;
    expect(chainHash(null, reordered)).toBe(chainHash(null, first));
  });

  it('rejects a malformed prev', () => {
    expect(() => chainHash('abc', first)).toThrow('64 lowercase hex');
  });
});

describe('ChainTracker', () => {
  const frames = fixtureFrames('s1', 4); // seq 0..9

  function expectedChain(fs: Frame[]): string[] {
    const out: string[] = [];
    for (const f of fs) out.push(chainHash(out[out.length - 1] ?? null, f));
    return out;
  }

  it('assigns the chain in seq order across batches and sessions', async () => {
    const other = fixtureFrames('s2', 1);
    const tracker = new ChainTracker({ load: async () => null });
    const a = await tracker.assignBatch([frames[0], other[0], frames[1], frames[2], other[1]]);
    const b = await tracker.assignBatch(frames.slice(3));
    const mine = [a[0], a[2], a[3], ...b].map((h) => h.hash);
    expect(mine).toEqual(expectedChain(frames));
    expect([a[1].hash, a[4].hash]).toEqual(expectedChain(other).slice(0, 2));
    expect(new Set([...a, ...b].map((h) => h.link))).toEqual(new Set(['next']));
    expect(tracker.head('s1')).toEqual({ seq: 9, hash: mine[9] });
  });

  it('continues from the stored head after a miss', async () => {
    const full = expectedChain(frames);
    const load = jest.fn(async (): Promise<ChainHead | null> => ({ seq: 4, hash: full[4] }));
    const tracker = new ChainTracker({ load });
    const [h5, h6] = await Promise.all([tracker.assign(frames[5]), tracker.assign(frames[6])]);
    expect([h5.hash, h6.hash]).toEqual([full[5], full[6]]);
    expect(load).toHaveBeenCalledTimes(1); // concurrent misses share one load
  });

  it('links across a gap', async () => {
    const tracker = new ChainTracker({ load: async () => null });
    const [h0, h3] = await tracker.assignBatch([frames[0], frames[3]]);
    expect(h3).toEqual({ hash: chainHash(h0.hash, frames[3]), link: 'next' });
  });

  it('links a late frame to its nearest lower seq and keeps the head', async () => {
    const tracker = new ChainTracker({ load: async () => null });
    const [h0, h1, h3, h2] = await tracker.assignBatch([frames[0], frames[1], frames[3], frames[2]]);
    expect(h3.hash).toBe(chainHash(h1.hash, frames[3]));
    expect(h2).toEqual({ hash: chainHash(h1.hash, frames[2]), link: 'late' });
    expect(tracker.head('s1')?.seq).toBe(3);
    const h4 = await tracker.assign(frames[4]);
    expect(h4.hash).toBe(chainHash(h3.hash, frames[4]));
    expect(h0.link).toBe('next');
  });

  it('hands a re-delivered frame the hash already assigned', async () => {
    const tracker = new ChainTracker({ load: async () => null });
    const first = await tracker.assignBatch(frames.slice(0, 5));
    const again = await tracker.assignBatch(frames.slice(2, 5));
    expect(again).toEqual(first.slice(2, 5).map((h) => ({ hash: h.hash, link: 'duplicate' })));
    expect(tracker.head('s1')?.seq).toBe(4);
  });

  it('marks frames older than the window as unlinked', async () => {
    const tracker = new ChainTracker({ load: async () => null, window: 2 });
    await tracker.assignBatch([frames[0], frames[2], frames[3], frames[4]]);
    expect((await tracker.assign(frames[1])).link).toBe('unlinked');
    const reloaded = new ChainTracker({ load: async () => ({ seq: 5, hash: GENESIS_HASH }) });
    expect((await reloaded.assign(frames[3])).link).toBe('unlinked');
  });

  it('keeps at most maxSessions heads, reloading evicted ones', async () => {
    const load = jest.fn(async (): Promise<ChainHead | null> => null);
    const tracker = new ChainTracker({ load, maxSessions: 2 });
    for (const sid of ['a', 'b', 'c']) await tracker.assign({ ...frames[0], sid });
    expect(tracker.size).toBe(2);
    expect(tracker.head('a')).toBeUndefined();
    await tracker.assign({ ...frames[1], sid: 'c' }); // cached, no load
    expect(load).toHaveBeenCalledTimes(3);
    await tracker.assign({ ...frames[1], sid: 'a' });
    expect(load).toHaveBeenCalledTimes(4);
    tracker.forget('a');
    expect(tracker.head('a')).toBeUndefined();
  });
});
