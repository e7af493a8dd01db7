/**
 * The compliance, SIEM and admin tasks of the viewer: access reports with a
 * period picker and downloads, an export page, and retention. Each calls the
 * same API as the CLI; downloads go through fetch with the bearer header
 * (the token never goes into a URL).
 */
import { apiFetch, apiUrl, errorMessage, getJson, isAborted } from '../api';
import { announce, h } from '../dom';
import { downloadButton, saveBlob } from '../downloads';
import { formatDateTime, isoToLocalInput, localInputToIso } from '../format';
import { href, navigate, type Route } from '../router';
import { errorBox, heading, loading } from '../ui';
import { choice, field, formValues, input } from './forms';

const DAY_MS = 86_400_000;
const PERIODS: Array<[string, string, number]> = [
  ['1d', 'last 24 hours', DAY_MS],
  ['7d', 'last 7 days', 7 * DAY_MS],
  ['30d', 'last 30 days', 30 * DAY_MS],
  ['90d', 'last 90 days', 90 * DAY_MS],
];

interface ReportSummary {
  sessions: number;
  exchanges: number;
  deniedTotal: number;
  infoTypes: Array<{ type: string; count: number }>;
  resourcesTouched: Array<{ name: string }>;
}

/** `period` (a preset) or `from`/`to` from the URL; the preset wins when both are there. */
function periodOf(params: URLSearchParams): { from: string; to: string; period?: string } {
  const preset = PERIODS.find(([k]) => k === params.get('period'));
  const from = params.get('from');
  const to = params.get('to');
  if (!preset && from && to) return { from, to };
  const [key, , ms] = preset ?? PERIODS[2];
  const now = Date.now();
  // to the next full minute, so the report includes what happened just now
  const end = Math.ceil((now + 1) / 60_000) * 60_000;
  return { from: new Date(end - ms).toISOString(), to: new Date(end).toISOString(), period: key };
}

export async function renderReports(root: HTMLElement, route: Route, signal: AbortSignal): Promise<void> {
  const p = route.params;
  const scope = { identity: p.get('identity') ?? undefined, resource: p.get('resource') ?? undefined };
  const { from, to, period } = periodOf(p);
  const bucket = p.get('bucket') === 'hour' ? 'hour' : 'day';
  const query = { ...scope, from, to, bucket };

  const form = h(
    'form',
    { class: 'search', attrs: { 'aria-label': 'Report scope and period', novalidate: true } },
    h(
      'div',
      { class: 'filter-grid' },
      field('Identity (sub)', input('identity', scope.identity, { spellcheck: 'false' }), 'empty: every identity'),
      field('Resource', input('resource', scope.resource, { spellcheck: 'false' }), 'empty: every resource'),
      field(
        'Period',
        choice('period', period ?? 'custom', [
          ...PERIODS.map(([k, label]): [string, string] => [k, label]),
          ['custom', 'from … to'],
        ]),
      ),
      field('From', input('from', isoToLocalInput(from), { type: 'datetime-local' }), 'with Period “from … to”'),
      field('To', input('to', isoToLocalInput(to), { type: 'datetime-local' })),
      field(
        'Per',
        choice('bucket', bucket, [
          ['day', 'day'],
          ['hour', 'hour'],
        ]),
      ),
    ),
    h('div', { class: 'search-buttons' }, h('button', { class: 'primary', attrs: { type: 'submit' } }, 'Show report')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const v = formValues(form);
    const custom = v.period === 'custom';
    navigate(
      href('/reports', {
        identity: v.identity,
        resource: v.resource,
        bucket: v.bucket === 'day' ? undefined : v.bucket,
        period: custom ? undefined : v.period,
        from: custom ? localInputToIso(v.from ?? '') : undefined,
        to: custom ? localInputToIso(v.to ?? '') : undefined,
      }),
    );
  });

  const base = `access-report-${scope.identity ?? scope.resource ?? 'all'}`.replace(/[^A-Za-z0-9._-]/g, '_');
  const download = (format: 'json' | 'csv' | 'html' | 'pdf', accept: string) =>
    downloadButton(format.toUpperCase(), `${base}.${format}`, async () => {
      const res = await apiFetch(apiUrl('/reports/access', { ...query, format }), 'the report', undefined, accept);
      return res.blob();
    });
  const summary = h(
    'section',
    { class: 'page-body report-summary', attrs: { 'aria-label': 'Report' } },
    loading('the report'),
  );
  root.replaceChildren(
    heading('Access reports', 'Who touched what over a period: sessions, exchanges, denials and masked info types.'),
    form,
    h(
      'div',
      { class: 'downloads', attrs: { role: 'group', 'aria-label': 'Download the report' } },
      download('json', 'application/json'),
      download('csv', 'text/csv'),
      download('html', 'text/html'),
      download('pdf', 'application/pdf'),
    ),
    summary,
  );
  try {
    const r = await getJson<ReportSummary>('/reports/access', { ...query, format: 'json' }, 'the report', signal);
    if (signal.aborted) return;
    const facts = h('dl', { class: 'facts summary' });
    const fact = (k: string, v: string) =>
      facts.append(h('div', null, h('dt', null, k), h('dd', { attrs: { 'data-fact': k } }, v)));
    fact('Period', `${formatDateTime(from)} – ${formatDateTime(to)}`);
    fact('Sessions', String(r.sessions));
    fact('Exchanges', String(r.exchanges));
    fact('Denied', String(r.deniedTotal));
    fact('Resources', r.resourcesTouched.map((x) => x.name).join(', ') || 'none');
    fact('Masked', r.infoTypes.map((t) => `${t.type} × ${t.count}`).join(', ') || 'none');
    summary.replaceChildren(facts);
  } catch (err) {
    if (!isAborted(err)) summary.replaceChildren(errorBox(err));
  }
}

const EXPORT_FORMATS = ['native', 'ecs', 'ocsf', 'cef', 'csv'];

export function renderExports(root: HTMLElement, route: Route): void {
  const p = route.params;
  const format = EXPORT_FORMATS.includes(p.get('format') ?? '') ? (p.get('format') as string) : 'native';
  const since = p.get('since') ?? undefined;
  const cursor = p.get('cursor') ?? undefined;
  const status = h('p', { class: 'muted', attrs: { role: 'status' } });
  const next = h('p');
  const form = h(
    'form',
    { class: 'search', attrs: { 'aria-label': 'Export', novalidate: true } },
    h(
      'div',
      { class: 'filter-grid' },
      field(
        'Format',
        choice(
          'format',
          format,
          EXPORT_FORMATS.map((f): [string, string] => [f, f]),
        ),
      ),
      field(
        'Since (stored at or after)',
        input('since', isoToLocalInput(since ?? null), { type: 'datetime-local' }),
        'empty: from the start',
      ),
      field('Events per file', input('limit', p.get('limit') ?? '10000', { type: 'number', min: '1', max: '100000' })),
    ),
    h('div', { class: 'search-buttons' }, h('button', { class: 'primary', attrs: { type: 'submit' } }, 'Download')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const v = formValues(form);
    const sinceIso = v.since ? localInputToIso(v.since) : undefined;
    const query = {
      format: v.format,
      limit: v.limit,
      ...(cursor && !sinceIso ? { cursor } : sinceIso ? { since: sinceIso } : {}),
    };
    status.textContent = 'Exporting…';
    void (async () => {
      try {
        const res = await apiFetch(apiUrl('/export/events', query), 'the export', undefined, '*/*');
        const blob = await res.blob();
        const name = `auditorium-export.${v.format === 'csv' ? 'csv' : v.format === 'cef' ? 'cef' : 'ndjson'}`;
        saveBlob(blob, name);
        const events = res.headers.get('auditorium-events') ?? '?';
        const nextCursor = res.headers.get('auditorium-next-cursor');
        const more = res.headers.get('auditorium-more') === 'true';
        status.textContent = `Saved ${name}: ${events} events${more ? ', more to come' : ', caught up'}.`;
        announce(status.textContent);
        next.replaceChildren(
          nextCursor
            ? h(
                'a',
                { attrs: { href: href('/exports', { format: v.format, limit: v.limit, cursor: nextCursor }) } },
                more ? 'Continue with the next file →' : 'Continue later from here →',
              )
            : '',
        );
      } catch (err) {
        status.textContent = errorMessage(err);
      }
    })();
  });
  root.replaceChildren(
    heading('Exports', 'Recorded events in the order they were stored, for a SIEM: pull file by file with the cursor.'),
    form,
    cursor ? h('p', { class: 'muted' }, 'Continuing after the last file’s cursor.') : '',
    status,
    next,
  );
}

interface RetentionRun {
  at: string;
  dryRun: boolean;
  deletedSessions: number;
  deletedFrames: number;
  keptOnHold: number;
}
interface RetentionSettings {
  retentionDays: number;
  cutoff: string;
  job: { enabled: boolean; intervalMinutes: number; nextRunAt?: string; lastRun?: RetentionRun };
}

export async function renderRetention(root: HTMLElement, _route: Route, signal: AbortSignal): Promise<void> {
  const state = h('section', { class: 'page-body', attrs: { 'aria-label': 'Retention status' } }, loading('retention'));
  const result = h('div', { class: 'retention-result', attrs: { role: 'status' } });
  const understood = h('input', { id: 'f-understood', attrs: { type: 'checkbox' } });
  const dry = h('button', { attrs: { type: 'button' } }, 'Dry run');
  const run = h(
    'button',
    { class: 'danger', attrs: { type: 'button', disabled: true } },
    'Delete expired sessions now',
  );
  understood.addEventListener('change', () => (run.disabled = !understood.checked));
  const act = (dryRun: boolean) => async () => {
    result.textContent = dryRun ? 'Counting…' : 'Deleting…';
    try {
      const res = await apiFetch(
        apiUrl('/admin/retention/run', dryRun ? { dryRun: true } : {}),
        'retention',
        undefined,
        'application/json',
        { method: 'POST' },
      );
      const r = (await res.json()) as RetentionRun;
      result.textContent = `${r.dryRun ? 'Dry run: would delete' : 'Deleted'} ${r.deletedSessions} sessions (${r.deletedFrames} frames); kept on legal hold: ${r.keptOnHold}.`;
      announce(result.textContent);
      if (!dryRun) {
        understood.checked = false;
        run.disabled = true;
      }
    } catch (err) {
      result.textContent = errorMessage(err);
    }
  };
  dry.addEventListener('click', () => void act(true)());
  run.addEventListener('click', () => void act(false)());
  root.replaceChildren(
    heading('Retention', 'Sessions older than the retention period are deleted; sessions on legal hold are kept.'),
    state,
    h(
      'div',
      { class: 'retention-actions' },
      dry,
      h('label', { attrs: { for: 'f-understood' } }, understood, ' I understand that a run deletes for good'),
      run,
    ),
    result,
  );
  try {
    const s = await getJson<RetentionSettings>('/admin/retention', {}, 'retention', signal);
    const facts = h('dl', { class: 'facts summary' });
    const fact = (k: string, v: string) => facts.append(h('div', null, h('dt', null, k), h('dd', null, v)));
    fact('Retention', `${s.retentionDays} days`);
    fact('Cut-off', formatDateTime(s.cutoff));
    fact('Background job', s.job.enabled ? `every ${s.job.intervalMinutes} min` : 'off');
    if (s.job.nextRunAt) fact('Next run', formatDateTime(s.job.nextRunAt));
    fact(
      'Last run',
      s.job.lastRun
        ? `${formatDateTime(s.job.lastRun.at)}: ${s.job.lastRun.deletedSessions} sessions deleted`
        : 'none yet',
    );
    state.replaceChildren(facts);
  } catch (err) {
    if (!isAborted(err)) state.replaceChildren(errorBox(err));
  }
}
