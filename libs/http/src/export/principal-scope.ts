import type { Principal } from '@auditorium/auth';

/** What the scope of a token is checked against: the identity sub and resource name of a session. */
export interface ScopeSubject {
  identity?: string;
  resource?: string;
}

/** true when the principal has no scope (or is admin), so nothing needs filtering */
export function unscoped(p: Principal | undefined): boolean {
  return !p?.scope || p.roles.has('admin');
}

/**
 * A scoped token sees only its identities / resources. Something whose
 * identity or resource is not known yet is out of scope: fail closed.
 */
export function inScope(p: Principal | undefined, s: ScopeSubject): boolean {
  if (!p || unscoped(p)) return true;
  const { identities, resources } = p.scope ?? {};
  if (identities && (s.identity === undefined || !identities.includes(s.identity))) return false;
  if (resources && (s.resource === undefined || !resources.includes(s.resource))) return false;
  return true;
}
