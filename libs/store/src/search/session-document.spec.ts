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
});
