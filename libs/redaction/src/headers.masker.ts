import { InfoTypes } from './info-types';
import type { InfoType } from './info-types';
import type { MaskSession } from './mask-session';
import { sensitiveKeyType } from './sensitive-keys';

/** How a header's value is masked, by its (lower-cased) name. */
const enum HeaderKind {
  SCANNED,
  AUTHORIZATION,
  COOKIE,
  SET_COOKIE,
}

const KINDS: Record<string, HeaderKind> = {
  authorization: HeaderKind.AUTHORIZATION,
  'proxy-authorization': HeaderKind.AUTHORIZATION,
  cookie: HeaderKind.COOKIE,
  'set-cookie': HeaderKind.SET_COOKIE,
};

interface HeaderName {
  kind: HeaderKind;
  /** path segment: the lower-cased name, or '*' for odd names */
  segment: string;
  /** info type of a header named like a secret (X-Api-Key), else null */
  sensitive: InfoType | null;
  /** the field path last built for this name, and the base it was built on: the same string each frame */
  base: string;
  path: string;
}

/** What is derived from a header name, per name: the same few names come in every frame. */
const names = new Map<string, HeaderName>();

function headerName(name: string): HeaderName {
  let h = names.get(name);
  if (h === undefined) {
    const lname = name.toLowerCase();
    const segment = /^[\w-]{1,64}$/.test(lname) ? lname : '*';
    const kind = Object.prototype.hasOwnProperty.call(KINDS, lname) ? KINDS[lname] : HeaderKind.SCANNED;
    h = { kind, segment, sensitive: sensitiveKeyType(lname), base: '', path: '' };
    if (name.length <= 64 && names.size < 10_000) names.set(name, h);
  }
  return h;
}

function maskCookiePairs(session: MaskSession, value: string, path: string, firstOnly: boolean): string {
  const parts = value.split(';');
  for (let i = 0; i < parts.length; i++) {
    if (firstOnly && i > 0) break;
    const eq = parts[i].indexOf('=');
    const v = eq === -1 ? parts[i].trim() : parts[i].slice(eq + 1).trim();
    if (!v) continue;
    const name = eq === -1 ? '' : parts[i].slice(0, eq);
    parts[i] = `${name}${eq === -1 ? '' : '='}${session.replace(InfoTypes.COOKIE, v, path)}`;
  }
  return parts.join(';');
}

/**
 * Masks HTTP headers. Credentials are masked whatever they look like:
 * Authorization / Proxy-Authorization keep their scheme (`Bearer [AUTHORIZATION]`),
 * cookies keep their names, and any header named like a secret (X-Api-Key,
 * X-Auth-Token, …) is masked whole. Every other value is scanned.
 */
export function maskHeaders(
  session: MaskSession,
  headers: Readonly<Record<string, string>>,
  basePath: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string' || value.length === 0) {
      out[name] = value;
      continue;
    }
    const h = headerName(name);
    if (h.base !== basePath) {
      h.path = `${basePath}.${h.segment}`;
      h.base = basePath;
    }
    const path = h.path;
    if (h.kind === HeaderKind.AUTHORIZATION) {
      const m = /^(\s*[A-Za-z][\w-]*\s+)(\S[\s\S]*)$/.exec(value);
      out[name] = m
        ? m[1] + session.replace(InfoTypes.AUTHORIZATION, m[2], path)
        : session.replace(InfoTypes.AUTHORIZATION, value, path);
    } else if (h.kind === HeaderKind.COOKIE) {
      out[name] = maskCookiePairs(session, value, path, false);
    } else if (h.kind === HeaderKind.SET_COOKIE) {
      out[name] = maskCookiePairs(session, value, path, true);
    } else {
      out[name] = h.sensitive ? session.replace(h.sensitive, value, path) : session.maskText(value, path);
    }
  }
  return out;
}
