import { StoredSessionBuilder } from '../testing/stored-frame.fixtures';
import { addSeqs, gapsOf, inRanges, mergeFrames, toSessionSummary } from './session-document';

describe('seq ranges', () => {
  it('coalesces, finds and complements', () => {
    const r = addSeqs([{ from: 0, to: 2 }], [5, 3, 9, 4, 10]);
    expect(r).toEqual([
      { from: 0, to: 5 },
      { from: 9, to: 10 },
    ]);
    expect([0, 5, 6, 9, 10, 11].map((s) => inRanges(r, s))).toEqual([true, true, false, true, true, false]);
    expect(gapsOf(r)).toEqual([{ from: 6, to: 8 }]);
    expect(gapsOf(addSeqs([], [2, 3]))).toEqual([{ from: 0, to: 1 }]);
  });
});

describe('mergeFrames', () => {
  const s = new StoredSessionBuilder({ sid: 'm1', startMs: Date.UTC(2030, 0, 1) })
    .start({ labels: { a: 'b' } })
    .decision('allow', { xid: 'x' })
    .request('x', {}, { EMAIL_ADDRESS: 1 })
    .response('x', {}, { EMAIL_ADDRESS: 2 })
    .end('ok');

  it('summarises, and merging the same frames again changes nothing', () => {
    const first = mergeFrames(undefined, 'm1', s.frames, 1);
    expect(first.applied).toBe(5);
    expect(first.startApplied).toBe(true);
    const again = mergeFrames(first.doc, 'm1', s.frames, 2);
    expect(again.applied).toBe(0);
    expect(again.doc).toEqual(first.doc);
    expect(toSessionSummary(first.doc)).toMatchObject({
      frameCount: 5,
      exchangeCount: 1,
      decisions: { allow: 1 },
      findings: { EMAIL_ADDRESS: 3 },
      status: 'ok',
      labels: { a: 'b' },
      gaps: [],
      maxSeq: 4,
    });
    expect(first.doc.head).toEqual({ seq: 4, hash: s.frame(4).hash });
  });

  it('gives the same summary whatever the batch boundaries and order', () => {
    const a = mergeFrames(undefined, 'm1', [s.frames[3], s.frames[4]], 1).doc;
    const b = mergeFrames(a, 'm1', [s.frames[0], s.frames[3], s.frames[1]], 1).doc;
    const c = mergeFrames(b, 'm1', s.frames, 1).doc;
    const whole = mergeFrames(undefined, 'm1', s.frames, 1).doc;
    expect(toSessionSummary(c)).toEqual(toSessionSummary(whole));
    expect(toSessionSummary(b)).toMatchObject({ frameCount: 4, gaps: [{ from: 2, to: 2 }], exchangeCount: 1 });
  });

  it('does not alter the document it was given', () => {
    const a = mergeFrames(undefined, 'm1', [s.frames[0]], 1).doc;
    const snapshot = JSON.stringify(a);
    mergeFrames(a, 'm1', s.frames, 2);
    expect(JSON.stringify(a)).toBe(snapshot);
  });

  it('stays small however many exchanges a session has: completed pairs leave it', () => {
    const long = new StoredSessionBuilder({ sid: 'long', startMs: Date.UTC(2030, 0, 1) }).start();
    for (let i = 0; i < 3000; i++) long.request(`x${i}`, {}).response(`x${i}`, {});
    long.request('unanswered', {});
    let doc: ReturnType<typeof mergeFrames>['doc'] | undefined;
    // batches that cut exchanges in half, and one batch delivered response-first
    for (let i = 0; i < long.frames.length; i += 333) {
      const batch = long.frames.slice(i, i + 333);
      doc = mergeFrames(doc, 'long', i === 999 ? [...batch].reverse() : batch, 1).doc;
    }
    expect(doc?.exchangeCount).toBe(3001);
    expect(doc?.pendingRequests).toEqual(['unanswered']);
    expect(doc?.pendingResponses).toEqual([]);
    expect(JSON.stringify(doc).length).toBeLessThan(2000);
  });

  it('counts a response that came before its request once', () => {
    const x = new StoredSessionBuilder({ sid: 'rev', startMs: Date.UTC(2030, 0, 1) })
      .start()
      .request('q', {})
      .response('q', {});
    const late = mergeFrames(undefined, 'rev', [x.frames[0], x.frames[2]], 1).doc;
    expect(late.pendingResponses).toEqual(['q']);
    const done = mergeFrames(late, 'rev', [x.frames[1]], 1).doc;
    expect(done).toMatchObject({ exchangeCount: 1, pendingRequests: [], pendingResponses: [] });
  });

  it('honours the full xid list of documents written before pending exchanges', () => {
    const x = new StoredSessionBuilder({ sid: 'old', startMs: Date.UTC(2030, 0, 1) })
      .start()
      .request('q', {})
      .response('q', {});
    const before = mergeFrames(undefined, 'old', x.frames.slice(0, 2), 1).doc;
    const legacy = {
      ...before,
      xids: ['q'],
      pendingRequests: undefined,
      pendingResponses: undefined,
    } as unknown as typeof before;
    const after = mergeFrames(legacy, 'old', [x.frames[2]], 1).doc;
    expect(after.exchangeCount).toBe(1);
    expect(after.xids).toEqual(['q']);
  });
});
