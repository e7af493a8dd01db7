/**
 * The frames of one exchange (request, decision, response), shown as text.
 * Frames are read page by page only as far as needed to find the exchange.
 */
import { getJson } from './api';
import type { FramePayload, StoredFrame } from './api-types';
import { h } from './dom';
import { formatDateTime, formatDurationMs } from './format';
import { decisionBadge, findingBadges, httpStatusBadge, payload } from './ui';

const PAGE = 1000;
const MAX_PAGES = 20;

export class ExchangeFrames {
  private readonly byXid = new Map<string, StoredFrame[]>();
  private next = 0;
  private pages = 0;
  private done = false;
  private loading?: Promise<void>;

  constructor(private readonly sid: string) {}

  /** undefined when the exchange is beyond what we are willing to page through */
  async find(xid: string): Promise<StoredFrame[] | undefined> {
    for (;;) {
      const found = this.byXid.get(xid);
      // Keep reading while the last page may hold more of this exchange.
      if (found && (this.done || found.some((f) => f.frame.type === 'response'))) return found;
      if (this.done || this.pages >= MAX_PAGES) return found;
      await this.loadPage();
    }
  }

  private loadPage(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const page = await getJson<{ items: StoredFrame[] }>(
          `/sessions/${encodeURIComponent(this.sid)}/frames`,
          { from: this.next, limit: PAGE },
          'the exchange frames',
        );
        this.pages++;
        for (const f of page.items) {
          const xid = f.frame.xid;
          if (!xid) continue;
          const list = this.byXid.get(xid) ?? [];
          list.push(f);
          this.byXid.set(xid, list);
        }
        if (page.items.length < PAGE) this.done = true;
        else this.next = page.items[page.items.length - 1].seq + 1;
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }
}

/** A SQL statement's status 0 is no HTTP code: its command tag (the body, `UPDATE 3`, or kind and rows) says what happened. */
function commandTag(f: FramePayload): string {
  const body = typeof f.body === 'string' ? f.body.trim() : '';
  if (/^[A-Z]+( [A-Z]+)*( \d+){0,2}$/.test(body)) return body;
  const sql = typeof f.meta?.sql === 'string' ? f.meta.sql : '';
  const kind = /^[\s(]*([A-Za-z]+)/.exec(sql.replace(/^\s*(--[^\n]*\n|\/\*[\s\S]*?\*\/)*/, ''))?.[1]?.toUpperCase();
  const rows = typeof f.meta?.rowCount === 'number' ? String(f.meta.rowCount) : undefined;
  return [kind, rows].filter(Boolean).join(' ') || '0';
}

const FRAME_TITLE: Record<string, string> = { request: 'Request', response: 'Response', decision: 'Decision' };

export function renderExchangeFrames(frames: StoredFrame[]): HTMLElement {
  const wrap = h('div', { class: 'exchange-frames' });
  const ordered = [...frames].sort((a, b) => a.seq - b.seq);
  // the SQL is shown once: on the request, and on the response only when its request is missing
  const requestSql = ordered.find((s) => s.frame.type === 'request' && typeof s.frame.meta?.sql === 'string');
  for (const stored of ordered) wrap.append(renderFrame(stored, requestSql !== undefined));
  return wrap;
}

function renderFrame(stored: StoredFrame, sqlOnRequest: boolean): HTMLElement {
  const f: FramePayload = stored.frame;
  const head = h(
    'h3',
    null,
    FRAME_TITLE[f.type] ?? f.type,
    h(
      'span',
      { class: 'sub' },
      ` · seq ${stored.seq} · `,
      h('time', { attrs: { datetime: f.ts } }, formatDateTime(f.ts)),
    ),
  );
  const section = h('section', { class: `frame frame-${f.type}` }, head);
  const facts = h('dl', { class: 'facts' });
  const fact = (term: string, value: Node | string | undefined | null) => {
    if (value === undefined || value === null || value === '') return;
    facts.append(h('dt', null, term), h('dd', null, value));
  };
  if (f.type === 'decision') {
    fact('Outcome', f.outcome ? decisionBadge(f.outcome) : undefined);
    fact('Policy', f.policy);
    fact('Reason', f.reason);
    fact('Reviewer', f.reviewer);
  } else {
    fact('Method', f.method);
    fact('Target', f.target ? h('span', { class: 'mono break' }, f.target) : undefined);
    if (f.status === 0) fact('Command tag', h('span', { class: 'badge badge-neutral' }, commandTag(f)));
    else fact('Status', httpStatusBadge(f.status) ?? undefined);
    const meta = f.meta ?? {};
    if (typeof meta.durationMs === 'number') fact('Duration', formatDurationMs(meta.durationMs));
    if (typeof meta.rowCount === 'number') fact('Rows', String(meta.rowCount));
    for (const [k, v] of Object.entries(meta)) {
      if (k === 'durationMs' || k === 'rowCount' || k === 'sql') continue;
      fact(k, typeof v === 'string' ? v : JSON.stringify(v));
    }
  }
  if (Object.keys(stored.findings ?? {}).length) fact('Masked', findingBadges(stored.findings));
  if (f.truncated) fact('Note', 'payload truncated by the gateway');
  section.append(facts);

  if (f.headers && Object.keys(f.headers).length) {
    const lines = Object.entries(f.headers).map(([k, v]) => `${k}: ${v}`);
    section.append(h('h4', null, 'Headers'), payload(lines.join('\n')));
  }
  const sql = f.meta?.sql;
  if (typeof sql === 'string' && sql !== f.body && !(f.type === 'response' && sqlOnRequest))
    section.append(h('h4', null, 'SQL'), payload(sql));
  if (f.body !== undefined && f.body !== '') {
    const label = f.encoding === 'base64' ? 'Body (binary, base64 as stored)' : 'Body';
    section.append(h('h4', null, label), payload(f.body));
  }
  return section;
}
