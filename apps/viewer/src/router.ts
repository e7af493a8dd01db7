/**
 * Hash routing: `#/identities`, `#/sessions?identity=…&q=…`, `#/sessions/<sid>?speed=2`.
 * The query lives in the URL so any view can be shared; the hash never reaches
 * the server, so the API serves one index.html at `/` and nothing else.
 */

export type RouteName =
  'identities' | 'sessions' | 'session' | 'signin' | 'access-log' | 'reports' | 'exports' | 'retention' | 'notfound';

/** Pages that are one path segment and nothing else. */
const PLAIN_PAGES: readonly RouteName[] = ['access-log', 'reports', 'exports', 'retention'];

export interface Route {
  name: RouteName;
  params: URLSearchParams;
  /** set on the session route */
  sid?: string;
}

export type RouteQuery = Record<string, string | number | boolean | undefined | null>;

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const qAt = raw.indexOf('?');
  const path = qAt >= 0 ? raw.slice(0, qAt) : raw;
  const params = new URLSearchParams(qAt >= 0 ? raw.slice(qAt + 1) : '');
  const parts = path.split('/').filter(Boolean);
  if (parts.length === 0 || (parts.length === 1 && parts[0] === 'identities')) return { name: 'identities', params };
  if (parts[0] === 'signin' && parts.length === 1) return { name: 'signin', params };
  const plain = PLAIN_PAGES.find((p) => p === parts[0]);
  if (plain && parts.length === 1) return { name: plain, params };
  if (parts[0] === 'sessions') {
    if (parts.length === 1) return { name: 'sessions', params };
    if (parts.length === 2) {
      try {
        return { name: 'session', params, sid: decodeURIComponent(parts[1]) };
      } catch {
        return { name: 'notfound', params };
      }
    }
  }
  return { name: 'notfound', params };
}

export function href(path: string, query: RouteQuery = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '' && v !== false) params.set(k, String(v));
  }
  const qs = params.toString();
  return `#${path}${qs ? `?${qs}` : ''}`;
}

export function sessionHref(sid: string, query: RouteQuery = {}): string {
  return href(`/sessions/${encodeURIComponent(sid)}`, query);
}

export function navigate(target: string): void {
  if (window.location.hash === target) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else window.location.hash = target;
}

/** Updates the URL without re-rendering (e.g. the player's speed). */
export function replaceUrl(target: string): void {
  history.replaceState(history.state, '', `${window.location.pathname}${window.location.search}${target}`);
}
