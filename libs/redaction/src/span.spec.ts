import { InfoTypes } from './info-types';
import { resolveSpans } from './span';
import type { Span } from './span';

/** The merge resolveSpans did with the builtin sort, as the reference for its own sort. */
function reference(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  for (const s of sorted) {
    const cur = out[out.length - 1];
    if (cur && s.start < cur.end) {
      if (s.end > cur.end) cur.end = s.end;
      if (s.priority > cur.priority) {
        cur.priority = s.priority;
        cur.infoType = s.infoType;
      }
    } else out.push({ ...s });
  }
  return out;
}

describe('resolveSpans', () => {
  it('merges as a stable sort by start (longer first) would, below and above the insertion-sort size', () => {
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const types = [InfoTypes.EMAIL_ADDRESS, InfoTypes.PHONE_NUMBER, InfoTypes.IP_ADDRESS];
    for (let k = 0; k < 2000; k++) {
      const spans: Span[] = [];
      const count = rnd(k % 10 === 0 ? 80 : 12);
      for (let i = 0; i < count; i++) {
        const start = rnd(60);
        // equal priorities and equal ranges, so ties show whether the order is stable
        spans.push({ start, end: start + 1 + rnd(8), infoType: types[rnd(3)], priority: rnd(3) });
      }
      expect(resolveSpans(spans.map((s) => ({ ...s })))).toEqual(reference(spans));
    }
  });
});
