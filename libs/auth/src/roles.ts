export const ROLES = ['auditor', 'siem', 'compliance', 'ingest', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The caller, as established from a verified token. */
export interface Principal {
  sub: string;
  roles: ReadonlySet<Role>;
  /** Optional scoping: an auditor limited to some identities or resources (claim `auditorium_scope`). */
  scope?: { identities?: string[]; resources?: string[] };
  tokenId?: string;
}

/** `admin` holds every role: one token runs a small deployment. */
export function hasRole(principal: Principal, role: Role): boolean {
  return principal.roles.has(role) || principal.roles.has('admin');
}
