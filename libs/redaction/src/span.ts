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
 * Sorts as `spans.sort` with the same order would (both are stable), without
 * a comparator call per pair through the builtin: a few spans by insertion,
 * more by merging the ascending runs they come in (each detector finds its
 * spans in text order, so a scan's spans are a handful of runs).
 */
function sortSpans(spans: Span[]): void {
  if (spans.length > 32) mergeRuns(spans);
  else insertionSort(spans);
}

function insertionSort(spans: Span[]): void {
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

function mergeRuns(spans: Span[]): void {
  const n = spans.length;
  let bounds: number[] = [0];
  for (let i = 1; i < n; i++) if (before(spans[i], spans[i - 1])) bounds.push(i);
  bounds.push(n);
  let src = spans;
  let dst: Span[] = new Array<Span>(n);
  while (bounds.length > 2) {
    const next: number[] = [0];
    for (let k = 0; k + 1 < bounds.length; k += 2) {
      const lo = bounds[k];
      const mid = bounds[k + 1];
      const hi = k + 2 < bounds.length ? bounds[k + 2] : mid;
      let i = lo;
      let j = mid;
      let o = lo;
      // the left run first on ties: stable
      while (i < mid && j < hi) dst[o++] = before(src[j], src[i]) ? src[j++] : src[i++];
      while (i < mid) dst[o++] = src[i++];
      while (j < hi) dst[o++] = src[j++];
      next.push(hi);
    }
    bounds = next;
    const t = src;
    src = dst;
    dst = t;
  }
  if (src !== spans) for (let i = 0; i < n; i++) spans[i] = src[i];
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
  // a span is copied only when a merge changes it (the input's spans may be the caller's)
  let cur = spans[0];
  let owned = false;
  for (let i = 1; i < spans.length; i++) {
    const s = spans[i];
    if (s.start < cur.end) {
      if (s.end <= cur.end && s.priority <= cur.priority) continue;
      if (!owned) {
        cur = copy(cur);
        owned = true;
      }
      if (s.end > cur.end) cur.end = s.end;
      if (s.priority > cur.priority) {
        cur.priority = s.priority;
        cur.infoType = s.infoType;
      }
    } else {
      out.push(cur);
      cur = s;
      owned = false;
    }
  }
  out.push(cur);
  return out;
}
