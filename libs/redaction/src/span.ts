import type { InfoType } from './info-types';

/** A half-open range [start, end) of UTF-16 code units in the scanned string. */
export interface Span {
  start: number;
  end: number;
  infoType: InfoType;
  /** higher wins when spans overlap */
  priority: number;
}

function copy(s: Span): Span {
  return { start: s.start, end: s.end, infoType: s.infoType, priority: s.priority };
}

/**
 * Sorts spans and merges overlapping ones into their union, typed by the
 * highest-priority member, so nothing a detector flagged is left half-visible.
 */
export function resolveSpans(spans: Span[]): Span[] {
  if (spans.length < 2) return spans;
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  let cur = copy(spans[0]);
  for (let i = 1; i < spans.length; i++) {
    const s = spans[i];
    if (s.start < cur.end) {
      if (s.end > cur.end) cur.end = s.end;
      if (s.priority > cur.priority) {
        cur.priority = s.priority;
        cur.infoType = s.infoType;
      }
    } else {
      out.push(cur);
      cur = copy(s);
    }
  }
  out.push(cur);
  return out;
}
