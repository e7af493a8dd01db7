/**
 * The frames of one exchange (request, decision, response), shown as text.
 * Frames are read page by page only as far as needed to find the exchange.
 */
import { getJson } from './api';
import type { FramePayload, StoredFrame } from './api-types';
import { h } from './dom';
import { formatDateTime, formatDurationMs } from './format';
import { decisionBadge, findingBadges, httpStatusBadge } from './ui';

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

const FRAME_TITLE: Record<string, string> = { request: 'Request', response: 'Response', decision: 'Decision' };

export function renderExchangeFrames(frames: StoredFrame[]): HTMLElement {
  const wrap = h('div', { class: 'exchange-frames' });
  const ordered = [...frames].sort((a, b) => a.seq - b.seq);
  for (const stored of ordered) wrap.append(renderFrame(stored));
  return wrap;
}

function renderFrame(stored: StoredFrame): HTMLElement {
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
    fact('Status', httpStatusBadge(f.status) ?? undefined);
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
    section.append(h('h4', null, 'Headers'), h('pre', { class: 'payload' }, lines.join('\n')));
  }
  const sql = f.meta?.sql;
  if (typeof sql === 'string' && sql !== f.body)
    section.append(h('h4', null, 'SQL'), h('pre', { class: 'payload' }, sql));
  if (f.body !== undefined && f.body !== '') {
    const label = f.encoding === 'base64' ? 'Body (binary, base64 as stored)' : 'Body';
    section.append(h('h4', null, label), h('pre', { class: 'payload' }, f.body));
  }
  return section;
}
