import type { InfoType } from './info-types';

/** A half-open range [start, end) of UTF-16 code units in the scanned string. */
export interface Span {
  start: number;
  end: number;
  infoType: InfoType;
  /** higher wins when spans overlap */
  priority: number;
}

/** Orders spans by start, the longer first at the same start. */
function before(a: Span, b: Span): boolean {
  return a.start < b.start || (a.start === b.start && a.end > b.end);
}

/**
 * Sorts as `spans.sort` with the same order would (both are stable): most
 * scans find a handful of spans, often in order already, and an insertion
 * sort does those without a comparator call per pair through the builtin.
 */
function sortSpans(spans: Span[]): void {
  if (spans.length > 32) {
    spans.sort((a, b) => a.start - b.start || b.end - a.end);
    return;
  }
  for (let i = 1; i < spans.length; i++) {
    const s = spans[i];
    let j = i - 1;
    while (j >= 0 && before(s, spans[j])) {
      spans[j + 1] = spans[j];
      j--;
    }
    spans[j + 1] = s;
  }
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
  sortSpans(spans);
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
