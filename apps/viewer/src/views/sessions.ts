/** Session search: the API's filters and full text, all in the URL, with cursor paging. */
import { getJson, isAborted } from '../api';
import { DECISION_OUTCOMES, SESSION_STATUSES, type Page, type SessionSummary } from '../api-types';
import { h } from '../dom';
import { formatDateTime, formatDurationMs, isoToLocalInput, localInputToIso, sessionDurationMs } from '../format';
import { href, navigate, sessionHref, type Route } from '../router';
import { decisionBadges, empty, errorBox, findingBadges, heading, loading, statusBadge } from '../ui';

/** URL parameter → API parameter (the same names; listed so unknown ones are dropped). */
export const SEARCH_PARAMS = [
  'q',
  'identity',
  'resource',
  'resourceType',
  'from',
  'to',
  'status',
  'decision',
  'hasMasking',
  'infoType',
] as const;
type SearchParam = (typeof SEARCH_PARAMS)[number];

const PAGE_SIZES = ['25', '50', '100', '200'];

export async function renderSessions(root: HTMLElement, route: Route, signal: AbortSignal): Promise<void> {
  const p = route.params;
  const filters: Partial<Record<SearchParam, string>> = {};
  for (const k of SEARCH_PARAMS) {
    const v = p.get(k);
    if (v) filters[k] = v;
  }
  const limit = PAGE_SIZES.includes(p.get('limit') ?? '') ? (p.get('limit') as string) : '50';
  const cursor = p.get('cursor') ?? undefined;

  root.replaceChildren(
    heading('Sessions', 'Search recorded sessions by identity, resource, time, outcome and masked content.'),
    searchForm(filters, limit),
  );
  const results = h('section', { class: 'page-body', attrs: { 'aria-label': 'Search results' } }, loading('sessions'));
  root.append(results);

  let page: Page<SessionSummary>;
  try {
    page = await getJson<Page<SessionSummary>>('/sessions', { ...filters, limit, cursor }, 'sessions', signal);
  } catch (err) {
    if (isAborted(err)) return;
    results.replaceChildren(errorBox(err, () => navigate(window.location.hash)));
    return;
  }
  if (signal.aborted) return;

  const active = Object.keys(filters).length > 0;
  if (page.items.length === 0) {
    results.replaceChildren(
      empty(
        cursor
          ? 'No more sessions match.'
          : active
            ? 'No sessions match these filters. Loosen a filter or clear the search.'
            : 'No sessions recorded yet.',
      ),
    );
    return;
  }

  const table = h(
    'table',
    { class: 'data sessions' },
    h('caption', { class: 'visually-hidden' }, 'Matching sessions'),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { attrs: { scope: 'col' } }, 'Session'),
        h('th', { attrs: { scope: 'col' } }, 'Identity'),
        h('th', { attrs: { scope: 'col' } }, 'Resource'),
        h('th', { attrs: { scope: 'col' } }, 'Started'),
        h('th', { attrs: { scope: 'col' }, class: 'num' }, 'Exchanges'),
        h('th', { attrs: { scope: 'col' } }, 'Status'),
        h('th', { attrs: { scope: 'col' } }, 'Decisions'),
        h('th', { attrs: { scope: 'col' } }, 'Masked'),
      ),
    ),
  );
  const tbody = h('tbody');
  for (const s of page.items) {
    const start = s.startedAt ?? s.firstTs;
    const duration = formatDurationMs(sessionDurationMs(start, s.endedAt ?? s.lastTs));
    tbody.append(
      h(
        'tr',
        null,
        h('th', { attrs: { scope: 'row' } }, h('a', { class: 'mono', attrs: { href: sessionHref(s.sid) } }, s.sid)),
        h(
          'td',
          null,
          s.identity
            ? h(
                'a',
                { attrs: { href: href('/sessions', { identity: s.identity.sub }) } },
                s.identity.name ?? s.identity.sub,
              )
            : h('span', { class: 'muted' }, 'unknown'),
          s.identity?.name ? h('div', { class: 'sub mono' }, s.identity.sub) : null,
        ),
        h(
          'td',
          null,
          s.resource ? h('span', { class: 'mono' }, s.resource.name) : h('span', { class: 'muted' }, 'unknown'),
          s.resource ? h('div', { class: 'sub' }, [s.resource.type, s.resource.env].filter(Boolean).join(' · ')) : null,
        ),
        h(
          'td',
          null,
          h('time', { attrs: { datetime: start } }, formatDateTime(start)),
          duration ? h('div', { class: 'sub' }, duration) : null,
        ),
        h('td', { class: 'num' }, String(s.exchangeCount)),
        h('td', null, statusBadge(s.status)),
        h('td', null, decisionBadges(s.decisions)),
        h('td', null, findingBadges(s.findings, 'none')),
      ),
    );
  }
  table.append(tbody);

  const query = { ...filters, limit: limit === '50' ? undefined : limit };
  const pager = h('nav', { class: 'pager', attrs: { 'aria-label': 'Result pages' } });
  if (cursor) pager.append(h('a', { attrs: { href: href('/sessions', query) } }, '← First page'));
  if (page.nextCursor)
    pager.append(h('a', { attrs: { href: href('/sessions', { ...query, cursor: page.nextCursor }) } }, 'Next page →'));

  results.replaceChildren(
    h(
      'p',
      { class: 'muted', attrs: { role: 'status' } },
      `${page.items.length} session${page.items.length === 1 ? '' : 's'} on this page${page.nextCursor ? ', more on the next' : ''}.`,
    ),
    h('div', { class: 'table-wrap' }, table),
    pager,
  );
}

function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id;
  return h(
    'div',
    { class: 'field' },
    h('label', { attrs: { for: id } }, label),
    control,
    hint ? h('small', { class: 'hint', id: `${id}-hint` }, hint) : null,
  );
}

function textInput(name: SearchParam, value: string | undefined, attrs: Record<string, string> = {}): HTMLInputElement {
  const input = h('input', { id: `f-${name}`, attrs: { type: 'text', name, autocomplete: 'off', ...attrs } });
  input.value = value ?? '';
  return input;
}

function select(name: string, value: string | undefined, options: Array<[string, string]>): HTMLSelectElement {
  const el = h('select', { id: `f-${name}`, attrs: { name } });
  for (const [v, label] of options) {
    const opt = h('option', { attrs: { value: v } }, label);
    if (v === (value ?? '')) opt.selected = true;
    el.append(opt);
  }
  return el;
}

function searchForm(filters: Partial<Record<SearchParam, string>>, limit: string): HTMLFormElement {
  const q = textInput('q', filters.q, { type: 'search', placeholder: 'e.g. customers, 403, [EMAIL_ADDRESS]' });
  const from = h('input', { id: 'f-from', attrs: { type: 'datetime-local', name: 'from' } });
  from.value = isoToLocalInput(filters.from ?? null);
  const to = h('input', { id: 'f-to', attrs: { type: 'datetime-local', name: 'to' } });
  to.value = isoToLocalInput(filters.to ?? null);

  const form = h(
    'form',
    { class: 'search', attrs: { role: 'search', 'aria-label': 'Session search', novalidate: true } },
    h(
      'div',
      { class: 'search-main' },
      field('Full text (masked payloads)', q),
      h('div', { class: 'search-buttons' }, h('button', { class: 'primary', attrs: { type: 'submit' } }, 'Search')),
    ),
    h(
      'details',
      { class: 'filters', attrs: { open: true } },
      h('summary', null, 'Filters'),
      h(
        'div',
        { class: 'filter-grid' },
        field('Identity (sub)', textInput('identity', filters.identity, { spellcheck: 'false' })),
        field('Resource', textInput('resource', filters.resource, { spellcheck: 'false' })),
        field(
          'Resource type',
          textInput('resourceType', filters.resourceType, { placeholder: 'http, postgres, ssh…' }),
        ),
        field('Active from', from, 'your local time'),
        field('Active until', to, 'your local time'),
        field(
          'Status',
          select('status', filters.status, [['', 'any'], ...SESSION_STATUSES.map((s): [string, string] => [s, s])]),
        ),
        field(
          'Decision',
          select('decision', filters.decision, [
            ['', 'any'],
            ...DECISION_OUTCOMES.map((s): [string, string] => [s, s]),
          ]),
        ),
        field(
          'Masked data',
          select('hasMasking', filters.hasMasking, [
            ['', 'any'],
            ['true', 'has masked values'],
            ['false', 'no masked values'],
          ]),
        ),
        field(
          'Info type',
          textInput('infoType', filters.infoType, { placeholder: 'EMAIL_ADDRESS', pattern: '[A-Z0-9_]{1,64}' }),
        ),
        field(
          'Per page',
          select(
            'limit',
            limit,
            PAGE_SIZES.map((s): [string, string] => [s, s]),
          ),
        ),
      ),
      h(
        'div',
        { class: 'search-buttons' },
        h('a', { class: 'button', attrs: { href: href('/sessions') } }, 'Clear all'),
      ),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const query: Record<string, string | undefined> = {};
    for (const k of SEARCH_PARAMS) {
      const v = data.get(k);
      if (typeof v === 'string' && v.trim()) query[k] = v.trim();
    }
    if (query.from) query.from = localInputToIso(query.from);
    if (query.to) query.to = localInputToIso(query.to);
    if (query.infoType) query.infoType = query.infoType.toUpperCase();
    const perPage = data.get('limit');
    navigate(href('/sessions', { ...query, limit: perPage === '50' ? undefined : String(perPage ?? '') }));
  });
  return form;
}
