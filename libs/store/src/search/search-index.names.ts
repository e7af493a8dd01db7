import { StoreError } from '../store.errors';

/** Schema version of every index and template; a v2 goes beside v1 (new names), never over it. */
export const SEARCH_SCHEMA_VERSION = 1;

/**
 * Every name under one configurable prefix (default 'auditorium'), so several
 * deployments or test runs share a cluster without touching each other:
 *   <prefix>-frames-v1-YYYY.MM   frames, monthly by frame ts (UTC); read through <prefix>-frames-v1-*
 *   <prefix>-sessions-v1         one summary per session, id = sid
 *   <prefix>-identities-v1       one document per identity, id = sub
 *   <prefix>-access-log-v1       reads of recordings
 */
export class SearchIndexNames {
  readonly framesTemplate: string;
  readonly framesPattern: string;
  readonly framesPolicy: string;
  readonly sessions: string;
  readonly identities: string;
  readonly accessLog: string;

  constructor(readonly prefix: string) {
    if (!/^[a-z0-9][a-z0-9._-]{0,99}$/.test(prefix)) {
      throw new StoreError(
        `index prefix "${prefix}" must be lower case letters, digits, '.', '_' or '-', not starting with one of those`,
      );
    }
    const v = `v${SEARCH_SCHEMA_VERSION}`;
    this.framesTemplate = `${prefix}-frames-${v}`;
    this.framesPattern = `${prefix}-frames-${v}-*`;
    this.framesPolicy = `${prefix}-frames-${v}`;
    this.sessions = `${prefix}-sessions-${v}`;
    this.identities = `${prefix}-identities-${v}`;
    this.accessLog = `${prefix}-access-log-${v}`;
  }

  /** The monthly frames index of a frame, by its ts (microseconds since the epoch, UTC). */
  framesIndex(tsMicros: number): string {
    const d = new Date(Math.floor(tsMicros / 1000));
    const month = String(d.getUTCMonth() + 1).padStart(2, '0');
    return `${this.prefix}-frames-v${SEARCH_SCHEMA_VERSION}-${d.getUTCFullYear()}.${month}`;
  }

  /** Every index this prefix owns (for tests and tooling that remove a deployment). */
  get all(): string[] {
    return [this.framesPattern, this.sessions, this.identities, this.accessLog];
  }
}
