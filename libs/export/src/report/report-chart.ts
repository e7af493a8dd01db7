import type { ReportBucket } from './access-report.types';

/*
 * Chart helpers shared by the HTML (SVG) and PDF renderers, so both draw the
 * same axes and labels.
 */

/** A value axis: a round step (1, 2, 5 × 10^n, never below 1: counts are whole), its maximum and every gridline. */
export interface ValueAxis {
  max: number;
  step: number;
  ticks: number[];
}

/**
 * The axis for counts up to `value`, with at most `maxSteps` steps, so each
 * gridline carries its own exact label (no 2.5 printed as 3, no 0/1/1 on an
 * empty chart).
 */
export function valueAxis(value: number, maxSteps = 4): ValueAxis {
  const top = value > 0 ? value : 1;
  let step = 1;
  for (let k = 1; step * maxSteps < top; k++) step = [1, 2, 5][k % 3] * 10 ** Math.floor(k / 3);
  const max = Math.max(step, Math.ceil(top / step) * step);
  const ticks: number[] = [];
  for (let t = 0; t <= max; t += step) ticks.push(t);
  return { max, step, ticks };
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
