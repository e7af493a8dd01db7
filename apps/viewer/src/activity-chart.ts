/**
 * A small bar chart of sessions over time, drawn with DOM APIs (SVG elements,
 * text nodes for labels), so nothing from the API is ever parsed as markup.
 */
import { svg } from './dom';
import { formatDateTime } from './format';

export interface ActivityRange {
  from: number;
  to: number;
}

export const ACTIVITY_BUCKETS = 24;

export function bucketize(times: number[], range: ActivityRange, buckets = ACTIVITY_BUCKETS): number[] {
  const counts = new Array<number>(buckets).fill(0);
  const span = Math.max(range.to - range.from, 1);
  for (const t of times) {
    if (!Number.isFinite(t) || t < range.from || t > range.to) continue;
    const i = Math.min(buckets - 1, Math.floor(((t - range.from) / span) * buckets));
    counts[i]++;
  }
  return counts;
}

export function activityChart(label: string, times: number[], range: ActivityRange): SVGSVGElement {
  const counts = bucketize(times, range);
  const width = 120;
  const height = 28;
  const barW = width / counts.length;
  const max = Math.max(1, ...counts);
  const total = counts.reduce((a, b) => a + b, 0);
  const summary = `${label}: ${total} session${total === 1 ? '' : 's'} between ${formatDateTime(
    new Date(range.from).toISOString(),
  )} and ${formatDateTime(new Date(range.to).toISOString())}`;
  const chart = svg(
    'svg',
    {
      class: 'activity',
      viewBox: `0 0 ${width} ${height}`,
      width,
      height,
      role: 'img',
      'aria-label': summary,
    },
    svg('title', {}, summary),
    svg('line', { class: 'activity-axis', x1: 0, x2: width, y1: height - 0.5, y2: height - 0.5 }),
  );
  const span = (range.to - range.from) / counts.length;
  counts.forEach((n, i) => {
    if (n === 0) return;
    const barH = Math.max(2, Math.round((n / max) * (height - 2)));
    const start = new Date(range.from + i * span).toISOString();
    chart.append(
      svg(
        'rect',
        {
          class: 'activity-bar',
          x: (i * barW + 0.5).toFixed(2),
          y: height - barH,
          width: (barW - 1).toFixed(2),
          height: barH,
        },
        svg('title', {}, `${n} session${n === 1 ? '' : 's'} from ${formatDateTime(start)}`),
      ),
    );
  });
  return chart;
}
