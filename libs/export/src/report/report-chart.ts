import type { ReportBucket } from './access-report.types';

/*
 * Chart helpers shared by the HTML (SVG) and PDF renderers, so both draw the
 * same axes and labels.
 */

/** A "nice" axis maximum ≥ value: 1, 2, 5 × 10^n (at least 1). */
export function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const exp = Math.pow(10, Math.floor(Math.log10(value)));
  for (const step of [1, 2, 5, 10]) {
    if (step * exp >= value) return step * exp;
  }
  return 10 * exp;
}

/** Short label of a bucket start: `01-15 09:00` (hour) or `2026-01-15` (day). */
export function bucketLabel(start: string, bucket: ReportBucket): string {
  return bucket === 'hour' ? `${start.slice(5, 10)} ${start.slice(11, 16)}` : start.slice(0, 10);
}

/** Indexes of the bars that get an x-axis label, so at most `max` labels are drawn. */
export function labelledIndexes(count: number, max: number): number[] {
  if (count <= 0) return [];
  const step = Math.max(1, Math.ceil(count / Math.max(1, max)));
  const out: number[] = [];
  for (let i = 0; i < count; i += step) out.push(i);
  return out;
}

/** 1234567 → "1,234,567" (fixed locale so reports do not depend on the machine). */
export function formatCount(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Bytes in binary units: 1536 → "1.5 KiB". */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${v.toFixed(v >= 10 ? 0 : 1)} ${units[u]}`;
}

/** Shortens long untrusted names for chart labels. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

export function scopeTitle(scope: { identity?: string; resource?: string }): string {
  const parts: string[] = [];
  if (scope.identity !== undefined) parts.push(`identity ${scope.identity}`);
  if (scope.resource !== undefined) parts.push(`resource ${scope.resource}`);
  return parts.length ? parts.join(', ') : 'all identities and resources';
}
