import { TokenBuckets } from './token-buckets';

function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 0;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

describe('TokenBuckets', () => {
  it('lets a burst through, then refuses with the seconds until the next token', () => {
    const c = clock();
    const b = new TokenBuckets({ ratePerSecond: 2, burst: 3 }, c.now);
    expect([b.take('poller'), b.take('poller'), b.take('poller')].map((r) => r.ok)).toEqual([true, true, true]);
    expect(b.take('poller')).toEqual({ ok: false, retryAfterS: 1 });
    c.advance(500); // one token back at 2/s
    expect(b.take('poller')).toEqual({ ok: true, remaining: 0 });
    expect(b.take('poller').ok).toBe(false);
  });

  it('keeps callers apart: a runaway caller does not spend anyone else’s tokens', () => {
    const b = new TokenBuckets({ ratePerSecond: 1, burst: 2 }, clock().now);
    for (let i = 0; i < 50; i++) b.take('runaway');
    expect(b.take('runaway').ok).toBe(false);
    expect(b.take('auditor')).toEqual({ ok: true, remaining: 1 });
  });

  it('refills up to the burst, never beyond', () => {
    const c = clock();
    const b = new TokenBuckets({ ratePerSecond: 10, burst: 2 }, c.now);
    b.take('k');
    c.advance(60_000);
    expect(b.take('k')).toEqual({ ok: true, remaining: 1 });
    expect(b.take('k')).toEqual({ ok: true, remaining: 0 });
    expect(b.take('k').ok).toBe(false);
  });

  it('rounds Retry-After up to whole seconds for slow rates', () => {
    const b = new TokenBuckets({ ratePerSecond: 0.25, burst: 1 }, clock().now);
    b.take('k');
    expect(b.take('k')).toEqual({ ok: false, retryAfterS: 4 });
  });

  it('is off at rate 0', () => {
    const b = new TokenBuckets({ ratePerSecond: 0, burst: 1 }, clock().now);
    for (let i = 0; i < 10; i++) expect(b.take('k').ok).toBe(true);
    expect(b.size).toBe(0);
  });

  it('stays bounded: forgets refilled buckets first, and an empty one only when it must', () => {
    const c = clock();
    const b = new TokenBuckets({ ratePerSecond: 1, burst: 1, maxKeys: 3 }, c.now);
    b.take('a');
    b.take('b');
    c.advance(2000); // a and b are full again
    b.take('c');
    b.take('d'); // a and b forgotten
    expect(b.size).toBe(2);
    expect(b.take('c').ok).toBe(false); // c's state kept
    b.take('e');
    b.take('f'); // full: c, d, e are empty, so the oldest goes
    expect(b.size).toBe(3);
  });
});
