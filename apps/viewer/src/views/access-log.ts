/**
 * The access log (admin): every read of a recording, every refusal and every
 * change to what is kept. Filters and the cursor live in the URL.
 */
import { getJson, isAborted } from '../api';
import type { Page } from '../api-types';
import { h } from '../dom';
import { formatDateTime, isoToLocalInput, localInputToIso } from '../format';
import { href, navigate, type Route } from '../router';
import { empty, errorBox, heading, loading } from '../ui';
import { choice, field, formValues, input } from './forms';

interface AccessEntry {
  id: string;
  at: string;
  actor: string;
  roles: string[];
  action: string;
  target: string;
  ip?: string;
  userAgent?: string;
  status?: number;
}

/** As the API names them (docs/openapi.json, AccessEntryDto.action). */
const ACTIONS = [
  'session.detail',
  'session.frames',
  'session.replay',
  'session.timeline',
  'session.verify',
  'session.bundle',
  'session.search',
  'export.events',
  'report',
  'access.denied',
  'legal_hold.set',
  'legal_hold.release',
  'retention.run',
  'retention.dry_run',
];
const FILTERS = ['actor', 'action', 'target', 'from', 'to'] as const;

export async function renderAccessLog(root: HTMLElement, route: Route, signal: AbortSignal): Promise<void> {
  const filters: Record<string, string> = {};
  for (const k of FILTERS) {
    const v = route.params.get(k);
    if (v) filters[k] = v;
  }
  const cursor = route.params.get('cursor') ?? undefined;
  const results = h(
    'section',
    { class: 'page-body', attrs: { 'aria-label': 'Access log entries' } },
    loading('the access log'),
  );
  root.replaceChildren(
    heading('Access log', 'Who read which recording, when and from where — failed attempts and changes included.'),
    filterForm(filters),
    results,
  );
  let page: Page<AccessEntry>;
  try {
    page = await getJson<Page<AccessEntry>>('/access-log', { ...filters, cursor, limit: 50 }, 'the access log', signal);
  } catch (err) {
    if (!isAborted(err)) results.replaceChildren(errorBox(err));
    return;
  }
  if (signal.aborted) return;
  if (page.items.length === 0) {
    results.replaceChildren(empty(cursor ? 'No more entries.' : 'No entries match these filters.'));
    return;
  }
  const rows = page.items.map((e) =>
    h(
      'tr',
      { attrs: { 'data-action': e.action } },
      h('td', null, h('time', { attrs: { datetime: e.at } }, formatDateTime(e.at))),
      h('td', { class: 'mono' }, e.actor),
      h('td', null, e.roles.join(', ')),
      h('td', { class: 'mono' }, e.action),
      h('td', { class: 'mono break' }, e.target),
      h(
        'td',
        { class: e.status !== undefined && e.status >= 400 ? 'status-failed' : undefined },
        String(e.status ?? ''),
      ),
      h('td', { class: 'mono' }, e.ip ?? ''),
    ),
  );
  const table = h(
    'table',
    { class: 'access-log' },
    h(
      'thead',
      null,
      h('tr', null, ...['When', 'Actor', 'Roles', 'Action', 'Target', 'Status', 'From'].map((t) => h('th', null, t))),
    ),
    h('tbody', null, ...rows),
  );
  const pager = h('nav', { class: 'pager', attrs: { 'aria-label': 'Result pages' } });
  if (cursor) pager.append(h('a', { attrs: { href: href('/access-log', filters) } }, '← First page'));
  if (page.nextCursor)
    pager.append(
      h('a', { attrs: { href: href('/access-log', { ...filters, cursor: page.nextCursor }) } }, 'Next page →'),
    );
  results.replaceChildren(h('div', { class: 'table-wrap' }, table), pager);
}

function filterForm(filters: Record<string, string>): HTMLFormElement {
  const from = input('from', isoToLocalInput(filters.from ?? null), { type: 'datetime-local' });
  const to = input('to', isoToLocalInput(filters.to ?? null), { type: 'datetime-local' });
  const form = h(
    'form',
    { class: 'search', attrs: { role: 'search', 'aria-label': 'Access log filters', novalidate: true } },
    h(
      'div',
      { class: 'filter-grid' },
      field('Actor (token subject)', input('actor', filters.actor, { spellcheck: 'false' })),
      field('Action', choice('action', filters.action, [['', 'any'], ...ACTIONS.map((a): [string, string] => [a, a])])),
      field('Target (exact)', input('target', filters.target, { spellcheck: 'false' })),
      field('From', from, 'your local time'),
      field('Until', to, 'your local time'),
    ),
    h(
      'div',
      { class: 'search-buttons' },
      h('button', { class: 'primary', attrs: { type: 'submit' } }, 'Filter'),
      h('a', { class: 'button', attrs: { href: href('/access-log') } }, 'Clear'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const q = formValues(form);
    if (q.from) q.from = localInputToIso(q.from) ?? '';
    if (q.to) q.to = localInputToIso(q.to) ?? '';
    navigate(href('/access-log', q));
  });
  return form;
}
