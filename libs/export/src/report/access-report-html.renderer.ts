import type { AccessReport, SeriesPoint } from './access-report.types';
import {
  bucketLabel,
  formatBytes,
  formatCount,
  labelledIndexes,
  valueAxis,
  scopeTitle,
  truncate,
} from './report-chart';
import { escapeHtml as e } from './html-escape';

export const ACCESS_REPORT_HTML_CONTENT_TYPE = 'text/html; charset=utf-8';

/** Nothing may load from anywhere; only the inline style applies. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const STYLE = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1d2430; margin: 2rem auto; max-width: 60rem; padding: 0 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 .5rem; border-bottom: 1px solid #d5dae3; padding-bottom: .25rem; }
.meta { color: #566070; margin: 0 0 1.5rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .75rem; }
.card { border: 1px solid #d5dae3; border-radius: 6px; padding: .6rem .8rem; }
.card b { display: block; font-size: 1.35rem; }
.card span { color: #566070; font-size: .85rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #e6e9ef; vertical-align: top; word-break: break-word; }
th { background: #f3f5f8; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
svg { width: 100%; height: auto; display: block; }
svg text { font: 11px system-ui, sans-serif; fill: #3b4452; }
.bar { fill: #3867d6; } .deny { fill: #d63838; }
.legend i.bar { background: #3867d6; } .legend i.deny { background: #d63838; } .axis { stroke: #9aa3b2; stroke-width: 1; } .grid { stroke: #e6e9ef; }
.legend { font-size: .85rem; color: #566070; }
.legend i { display: inline-block; width: .8em; height: .8em; margin: 0 .3em 0 .8em; vertical-align: -.05em; }
.empty { color: #566070; font-style: italic; }
footer { margin-top: 2.5rem; color: #7a8394; font-size: .8rem; }
@page { size: A4; margin: 16mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 11pt; }
  h2 { break-after: avoid; }
  table, svg, .cards { break-inside: avoid; }
  tr { break-inside: avoid; }
  .card { border-color: #999; }
  .bar, .deny, .legend i { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
`;

/**
 * A printable, self-contained HTML report: no scripts, no external resources
 * (a CSP forbids them too), charts as inline SVG. Every value from the report
 * is escaped — identity and resource names, targets and reasons are untrusted.
 */
export function renderAccessReportHtml(report: AccessReport): string {
  const title = `Access report: ${scopeTitle(report.scope)}`;
  const cards: Array<[string, string]> = [
    ['Sessions', formatCount(report.sessions)],
    ['Exchanges', formatCount(report.exchanges)],
    ['Bytes', formatBytes(report.bytes)],
    ['Resources', formatCount(report.resourcesTouched.length)],
    ['Identities', formatCount(report.identities.length)],
    ['Denied', formatCount(report.deniedTotal)],
  ];
  const decisions = Object.entries(report.decisions).map(([o, n]) => [o, formatCount(n)]);

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${e(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${e(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${e(title)}</h1>
<p class="meta">${e(report.period.from)} – ${e(report.period.to)} · per ${e(report.period.bucket)} · generated ${e(report.generatedAt)}${
    report.firstAccess ? ` · first access ${e(report.firstAccess)}` : ''
  }${report.lastAccess ? ` · last access ${e(report.lastAccess)}` : ''}</p>
<div class="cards">${cards.map(([k, v]) => `<div class="card"><b>${e(v)}</b><span>${e(k)}</span></div>`).join('')}</div>

<h2>Access over time</h2>
${timeChart(report.series, report.period.bucket)}
<p class="legend"><i class="bar"></i>exchanges<i class="deny"></i>denied</p>

<h2>Access by resource</h2>
${resourceChart(report)}

<h2>Decisions</h2>
${table(['Outcome', 'Count'], decisions, [1])}

<h2>Resources touched</h2>
${table(
  ['Resource', 'Type', 'Sessions', 'Exchanges', 'Bytes', 'Denied'],
  report.resourcesTouched.map((r) => [
    r.name,
    r.type ?? '',
    formatCount(r.sessions),
    formatCount(r.exchanges),
    formatBytes(r.bytes),
    formatCount(r.denied),
  ]),
  [2, 3, 4, 5],
)}

<h2>Identities</h2>
${table(
  ['Identity', 'Name', 'Type', 'Sessions', 'Exchanges'],
  report.identities.map((i) => [i.sub, i.name ?? '', i.type ?? '', formatCount(i.sessions), formatCount(i.exchanges)]),
  [3, 4],
)}

<h2>Sensitive info types masked</h2>
${table(
  ['Info type', 'Count'],
  report.infoTypes.map((t) => [t.type, formatCount(t.count)]),
  [1],
)}

<h2>Denied exchanges${report.deniedTotal > report.deniedExchanges.length ? ` (latest ${report.deniedExchanges.length} of ${formatCount(report.deniedTotal)})` : ''}</h2>
${table(
  ['Time', 'Identity', 'Resource', 'Request', 'Policy', 'Reason', 'Session'],
  report.deniedExchanges.map((d) => [
    d.ts,
    d.identity ?? '',
    d.resource ?? '',
    [d.method, d.target].filter(Boolean).join(' '),
    d.policy ?? '',
    d.reason ?? '',
    `${d.sid} #${d.seq}`,
  ]),
  [],
)}

<footer>Auditorium access report · counted from ${e(report.basis)} · sessions by status: ${e(
    Object.entries(report.sessionStatus)
      .map(([s, n]) => `${s} ${n}`)
      .join(', ') || 'none',
  )}</footer>
</body>
</html>
`;
}

function table(header: string[], rows: string[][], numeric: number[]): string {
  if (rows.length === 0) return '<p class="empty">None.</p>';
  const cls = (i: number): string => (numeric.includes(i) ? ' class="n"' : '');
  const head = header.map((h, i) => `<th${cls(i)}>${e(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${e(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const W = 760;

function timeChart(series: SeriesPoint[], bucket: AccessReport['period']['bucket']): string {
  const H = 220;
  const left = 48;
  const right = 10;
  const top = 10;
  const bottom = 40;
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const axis = valueAxis(Math.max(0, ...series.map((p) => p.exchanges), ...series.map((p) => p.denied)));
  const max = axis.max;
  const slot = plotW / Math.max(1, series.length);
  const barW = Math.max(1, slot * 0.8);
  const y = (v: number): number => top + plotH - (v / max) * plotH;
  const parts: string[] = [];
  for (const t of axis.ticks) {
    const yy = y(t).toFixed(1);
    parts.push(`<line class="grid" x1="${left}" x2="${W - right}" y1="${yy}" y2="${yy}"/>`);
    parts.push(
      `<text x="${left - 6}" y="${yy}" text-anchor="end" dominant-baseline="middle">${e(formatCount(t))}</text>`,
    );
  }
  series.forEach((p, i) => {
    const x = left + i * slot + (slot - barW) / 2;
    const label = `${bucketLabel(p.start, bucket)}: ${p.exchanges} exchanges, ${p.denied} denied, ${p.sessions} sessions`;
    if (p.exchanges > 0) {
      parts.push(
        `<rect class="bar" x="${x.toFixed(1)}" y="${y(p.exchanges).toFixed(1)}" width="${barW.toFixed(1)}" height="${(
          top +
          plotH -
          y(p.exchanges)
        ).toFixed(1)}"><title>${e(label)}</title></rect>`,
      );
    }
    if (p.denied > 0) {
      parts.push(
        `<rect class="deny" x="${x.toFixed(1)}" y="${y(p.denied).toFixed(1)}" width="${barW.toFixed(1)}" height="${(
          top +
          plotH -
          y(p.denied)
        ).toFixed(1)}"><title>${e(label)}</title></rect>`,
      );
    }
  });
  for (const i of labelledIndexes(series.length, 8)) {
    const x = left + i * slot + slot / 2;
    parts.push(
      `<text x="${x.toFixed(1)}" y="${H - bottom + 16}" text-anchor="middle">${e(bucketLabel(series[i].start, bucket))}</text>`,
    );
  }
  parts.push(`<line class="axis" x1="${left}" x2="${W - right}" y1="${top + plotH}" y2="${top + plotH}"/>`);
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="Exchanges per ${e(bucket)}">${parts.join('')}</svg>`;
}

function resourceChart(report: AccessReport): string {
  const rows = report.byResource;
  if (rows.length === 0) return '<p class="empty">No resources.</p>';
  const rowH = 24;
  const labelW = 200;
  const right = 70;
  const H = rows.length * rowH + 10;
  const max = valueAxis(Math.max(0, ...rows.map((r) => r.exchanges))).max;
  const plotW = W - labelW - right;
  const parts = rows.map((r, i) => {
    const yy = 5 + i * rowH;
    const w = (r.exchanges / max) * plotW;
    const dw = (r.denied / max) * plotW;
    return [
      `<text x="${labelW - 8}" y="${yy + rowH / 2}" text-anchor="end" dominant-baseline="middle">${e(truncate(r.name, 32))}<title>${e(r.name)}</title></text>`,
      `<rect class="bar" x="${labelW}" y="${yy + 4}" width="${Math.max(r.exchanges > 0 ? 1 : 0, w).toFixed(1)}" height="${rowH - 8}"/>`,
      r.denied > 0
        ? `<rect class="deny" x="${labelW}" y="${yy + 4}" width="${Math.max(1, dw).toFixed(1)}" height="${rowH - 8}"/>`
        : '',
      `<text x="${(labelW + w + 6).toFixed(1)}" y="${yy + rowH / 2}" dominant-baseline="middle">${e(formatCount(r.exchanges))}</text>`,
    ].join('');
  });
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="Exchanges by resource">${parts.join('')}</svg>`;
}
