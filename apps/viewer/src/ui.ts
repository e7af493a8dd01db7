/** Small shared pieces: status messages, badges, page headings. */
import { ApiError, errorMessage } from './api';
import type { FindingCounts } from './api-types';
import { h } from './dom';
import { href } from './router';

export function loading(what: string): HTMLElement {
  return h('p', { class: 'state state-loading', attrs: { role: 'status', 'aria-busy': 'true' } }, `Loading ${what}…`);
}

export function empty(message: string): HTMLElement {
  return h('p', { class: 'state state-empty', attrs: { role: 'status' } }, message);
}

/** An error that says what happened, and what to do about it. */
export function errorBox(err: unknown, retry?: () => void): HTMLElement {
  const box = h('div', { class: 'state state-error', attrs: { role: 'alert' } }, h('p', null, errorMessage(err)));
  if (err instanceof ApiError && err.kind === 'unauthorized') {
    box.append(
      h('p', null, h('a', { attrs: { href: href('/signin', { next: window.location.hash }) } }, 'Sign in again')),
    );
  } else if (retry) {
    box.append(h('p', null, h('button', { attrs: { type: 'button' }, on: { click: retry } }, 'Retry')));
  }
  return box;
}

export function heading(text: string, sub?: string): HTMLElement {
  return h(
    'div',
    { class: 'page-head' },
    h('h1', { attrs: { tabindex: -1 } }, text),
    sub ? h('p', { class: 'page-sub' }, sub) : null,
  );
}

/** One badge per info type: "EMAIL_ADDRESS × 3" — counts only, never values. */
export function findingBadges(findings: FindingCounts | undefined, emptyText = ''): HTMLElement {
  const entries = Object.entries(findings ?? {})
    .filter(([, n]) => typeof n === 'number' && n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const list = h('span', { class: 'badges' });
  if (entries.length === 0) {
    if (emptyText) list.append(h('span', { class: 'muted' }, emptyText));
    return list;
  }
  for (const [type, n] of entries) {
    list.append(
      h(
        'span',
        { class: 'badge badge-mask', attrs: { title: `${n} value${n === 1 ? '' : 's'} of type ${type} masked` } },
        type,
        h('span', { class: 'badge-count' }, ` × ${n}`),
      ),
    );
  }
  return list;
}

const DECISION_CLASS: Record<string, string> = {
  allow: 'badge-ok',
  'review.approved': 'badge-ok',
  deny: 'badge-bad',
  'review.rejected': 'badge-bad',
  'review.pending': 'badge-warn',
};

export function decisionBadge(outcome: string, extra?: string): HTMLElement {
  return h(
    'span',
    { class: `badge ${DECISION_CLASS[outcome] ?? 'badge-neutral'}`, attrs: extra ? { title: extra } : {} },
    outcome,
  );
}

export function decisionBadges(decisions: Record<string, number> | undefined): HTMLElement {
  const list = h('span', { class: 'badges' });
  for (const [outcome, n] of Object.entries(decisions ?? {})) {
    if (typeof n !== 'number' || n <= 0) continue;
    const badge = decisionBadge(outcome);
    badge.append(h('span', { class: 'badge-count' }, ` × ${n}`));
    list.append(badge);
  }
  return list;
}

const STATUS_CLASS: Record<string, string> = {
  ok: 'badge-ok',
  active: 'badge-info',
  error: 'badge-bad',
  killed: 'badge-bad',
  timeout: 'badge-warn',
};

export function statusBadge(status: string): HTMLElement {
  return h('span', { class: `badge ${STATUS_CLASS[status] ?? 'badge-neutral'}` }, status);
}

export function httpStatusBadge(status: number | undefined): HTMLElement | null {
  if (status === undefined) return null;
  const cls = status >= 500 ? 'badge-bad' : status >= 400 ? 'badge-warn' : 'badge-ok';
  return h('span', { class: `badge ${cls}`, attrs: { title: `status ${status}` } }, String(status));
}

/** A masking token as the ingester writes it: `[EMAIL_ADDRESS]`, `[CREDIT_CARD_NUMBER]`. */
const MASK_TOKEN = /\[[A-Z][A-Z0-9_]{2,63}\]/g;

/**
 * Untrusted text with its masked values highlighted, so `[EMAIL_ADDRESS]`
 * does not read like data. Built from text nodes and <mark> elements, never
 * from HTML: the payload stays text.
 */
export function maskedText(text: string): Node[] {
  const nodes: Node[] = [];
  let from = 0;
  for (const m of text.matchAll(MASK_TOKEN)) {
    if (m.index > from) nodes.push(document.createTextNode(text.slice(from, m.index)));
    nodes.push(h('mark', { class: 'masked', attrs: { title: 'masked before storage' } }, m[0]));
    from = m.index + m[0].length;
  }
  if (from < text.length) nodes.push(document.createTextNode(text.slice(from)));
  return nodes;
}

/** A payload block: text, masked values highlighted. */
export function payload(text: string, cls = ''): HTMLElement {
  const pre = h('pre', { class: `payload ${cls}`.trim() });
  pre.append(...maskedText(text));
  return pre;
}

/** Focuses the new page's heading so keyboard and screen-reader users land on it. */
export function focusHeading(root: HTMLElement): void {
  const h1 = root.querySelector('h1');
  if (h1 instanceof HTMLElement) h1.focus({ preventScroll: true });
}
