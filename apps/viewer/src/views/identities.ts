/** Identity overview: who has been recorded, how much, what was masked, and when. */
import { getJson, isAborted } from '../api';
import type { IdentitySummary, Page, SessionSummary } from '../api-types';
import { ACTIVITY_BUCKETS, activityChart, type ActivityRange } from '../activity-chart';
import { h } from '../dom';
import { formatAgo, formatDateTime } from '../format';
import { href, type Route } from '../router';
import { empty, errorBox, findingBadges, heading, loading } from '../ui';

const PAGE_SIZE = 50;
/** sessions read per identity for its chart; the API has no activity endpoint (yet) */
const CHART_SESSIONS = 500;
const CHART_CONCURRENCY = 4;

export async function renderIdentities(root: HTMLElement, route: Route, signal: AbortSignal): Promise<void> {
  const cursor = route.params.get('cursor') ?? undefined;
  root.replaceChildren(
    heading('Machine identities', 'Everyone and everything recorded through the gateway, most recent first.'),
  );
  const body = h('div', { class: 'page-body' }, loading('identities'));
  root.append(body);

  let page: Page<IdentitySummary>;
  try {
    page = await getJson<Page<IdentitySummary>>('/identities', { limit: PAGE_SIZE, cursor }, 'identities', signal);
  } catch (err) {
    if (isAborted(err)) return;
    body.replaceChildren(errorBox(err, () => void renderIdentities(root, route, signal)));
    return;
  }
  if (signal.aborted) return;
  if (page.items.length === 0) {
    body.replaceChildren(
      empty(
        cursor ? 'No more identities.' : 'No identities recorded yet. Ingest some sessions (npm run demo) and reload.',
      ),
    );
    return;
  }

  const range = chartRange(page.items);
  const charts = new Map<string, HTMLElement>();
  const table = h(
    'table',
    { class: 'data identities' },
    h('caption', { class: 'visually-hidden' }, 'Machine identities'),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { attrs: { scope: 'col' } }, 'Identity'),
        h('th', { attrs: { scope: 'col' }, class: 'num' }, 'Sessions'),
        h('th', { attrs: { scope: 'col' } }, 'Resources'),
        h('th', { attrs: { scope: 'col' } }, 'Last seen'),
        h('th', { attrs: { scope: 'col' } }, 'Masked data'),
        h('th', { attrs: { scope: 'col' } }, 'Activity'),
      ),
    ),
  );
  const tbody = h('tbody');
  for (const idn of page.items) {
    const chartCell = h('td', { class: 'chart-cell' }, h('span', { class: 'muted' }, '…'));
    charts.set(idn.sub, chartCell);
    tbody.append(
      h(
        'tr',
        null,
        h(
          'th',
          { attrs: { scope: 'row' } },
          h('a', { attrs: { href: href('/sessions', { identity: idn.sub }) } }, idn.name ?? idn.sub),
          h('div', { class: 'sub mono' }, idn.sub, idn.type ? h('span', { class: 'tag' }, idn.type) : null),
        ),
        h('td', { class: 'num' }, String(idn.sessionCount)),
        h('td', null, resourceList(idn.resources)),
        h(
          'td',
          null,
          h('time', { attrs: { datetime: idn.lastSeen } }, formatDateTime(idn.lastSeen)),
          h('div', { class: 'sub' }, formatAgo(idn.lastSeen)),
        ),
        h('td', null, findingBadges(idn.findings, 'none')),
        chartCell,
      ),
    );
  }
  table.append(tbody);

  const pager = h('nav', { class: 'pager', attrs: { 'aria-label': 'Identity pages' } });
  if (cursor) pager.append(h('a', { attrs: { href: href('/identities') } }, '← First page'));
  if (page.nextCursor)
    pager.append(h('a', { attrs: { href: href('/identities', { cursor: page.nextCursor }) } }, 'Next page →'));

  body.replaceChildren(
    h(
      'p',
      { class: 'muted' },
      `${page.items.length} ${page.items.length === 1 ? 'identity' : 'identities'} on this page.`,
    ),
    h('div', { class: 'table-wrap' }, table),
    pager,
  );
  void fillCharts(page.items, charts, range, signal);
}

function resourceList(resources: string[]): HTMLElement {
  const list = h('ul', { class: 'inline-list' });
  for (const r of resources.slice(0, 6)) list.append(h('li', { class: 'mono' }, r));
  if (resources.length > 6) list.append(h('li', { class: 'muted' }, `+${resources.length - 6} more`));
  return list;
}

/** One time axis for every chart on the page, so rows compare at a glance. */
function chartRange(items: IdentitySummary[]): ActivityRange {
  const times = items
    .flatMap((i) => [new Date(i.firstSeen).getTime(), new Date(i.lastSeen).getTime()])
    .filter((t) => Number.isFinite(t));
  const now = Date.now();
  let from = times.length ? Math.min(...times) : now - 86_400_000;
  let to = times.length ? Math.max(...times) : now;
  // At least an hour wide, padded by one bucket on each side.
  const span = Math.max(to - from, 3_600_000);
  const pad = span / ACTIVITY_BUCKETS;
  from = to - span - pad;
  to = to + pad;
  return { from, to };
}

async function fillCharts(
  items: IdentitySummary[],
  cells: Map<string, HTMLElement>,
  range: ActivityRange,
  signal: AbortSignal,
): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let idn = queue.shift(); idn; idn = queue.shift()) {
      const cell = cells.get(idn.sub);
      if (!cell) continue;
      try {
        const page = await getJson<Page<SessionSummary>>(
          '/sessions',
          { identity: idn.sub, from: new Date(range.from).toISOString(), limit: CHART_SESSIONS },
          `sessions of ${idn.sub}`,
          signal,
        );
        if (signal.aborted) return;
        const times = page.items.map((s) => new Date(s.startedAt ?? s.firstTs).getTime());
        cell.replaceChildren(activityChart(idn.name ?? idn.sub, times, range));
        if (page.nextCursor) cell.append(h('div', { class: 'sub' }, `first ${CHART_SESSIONS} sessions`));
      } catch (err) {
        if (isAborted(err)) return;
        cell.replaceChildren(h('span', { class: 'muted', attrs: { title: String(err) } }, 'chart unavailable'));
      }
    }
  };
  await Promise.all(Array.from({ length: CHART_CONCURRENCY }, worker));
}
