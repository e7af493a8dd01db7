/**
 * The bearer token lives in sessionStorage: this tab only, gone when it closes.
 * The embedded mode's login link carries it as `#token=…`; we take it and strip
 * it from the address bar (and so from history) at once.
 */

const TOKEN_KEY = 'auditorium.token';

export function getToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function setToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token.trim());
}

export function clearToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** `#token=<jwt>` → stored; returns true when a token was taken from the URL. */
export function takeTokenFromUrl(): boolean {
  const hash = window.location.hash;
  if (!hash.startsWith('#token=')) return false;
  let token: string;
  try {
    token = decodeURIComponent(hash.slice('#token='.length)).trim();
  } catch {
    token = '';
  }
  history.replaceState(null, '', `${window.location.pathname}${window.location.search}#/`);
  if (!token) return false;
  setToken(token);
  return true;
}

export interface TokenInfo {
  sub?: string;
  roles: string[];
  /** ms since epoch */
  expiresAt?: number;
}

/**
 * Reads the JWT's claims for display only (who am I, when does it expire).
 * The server verifies the token; nothing here is trusted for access decisions.
 */
export function readTokenInfo(token: string): TokenInfo | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    const json = atob(
      part
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(part.length / 4) * 4, '='),
    );
    const claims = JSON.parse(json) as Record<string, unknown>;
    const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [];
    return {
      sub: typeof claims.sub === 'string' ? claims.sub : undefined,
      roles,
      expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : undefined,
    };
  } catch {
    return undefined;
  }
}
