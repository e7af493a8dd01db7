import type { Page } from '../recording.types';

/** Reads of recordings Auditorium records about itself ("audit of the audit"), and changes to what is kept. */
export const ACCESS_ACTIONS = [
  'session.detail',
  'session.frames',
  'session.replay',
  'session.timeline',
  'session.verify',
  'session.bundle',
  'export.events',
  'report',
  // full-text searches over masked payloads, with the query (PCI DSS 10.2: what was looked for)
  'session.search',
  // a verified caller refused for lack of the role (403); target = method and path
  'access.denied',
  // changes by admins (and the retention job), recorded beside the reads
  'legal_hold.set',
  'legal_hold.release',
  'retention.run',
  'retention.dry_run',
] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

export interface AccessEntry {
  id: string;
  /** RFC 3339 */
  at: string;
  /** who: the token's subject */
  actor: string;
  roles: string[];
  action: AccessAction;
  /** what: a session id, or a description of the query */
  target: string;
  /** from where */
  ip?: string;
  userAgent?: string;
  /** HTTP status answered: failed reads are recorded too (403, and 404 for a session absent or out of scope) */
  status?: number;
}

export interface AccessQuery {
  actor?: string;
  action?: AccessAction;
  target?: string;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

/** Port: an append-only log of recording reads. Newest first when listed. */
export abstract class AccessLog {
  abstract init(): Promise<void>;
  abstract record(entry: AccessEntry): Promise<void>;
  abstract list(query: AccessQuery): Promise<Page<AccessEntry>>;
  abstract close(): Promise<void>;
}
