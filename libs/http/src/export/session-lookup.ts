import type { RecordingStore, SessionSummary } from '@auditorium/store';

/**
 * Session summaries by sid for the duration of one response, so a page of
 * frames costs one store read per session, not per frame. Bounded: the
 * oldest entries go first.
 */
export class SessionLookup {
  private readonly cache = new Map<string, SessionSummary | null>();

  constructor(
    private readonly store: RecordingStore,
    private readonly max = 2048,
  ) {}

  async get(sid: string): Promise<SessionSummary | undefined> {
    let hit = this.cache.get(sid);
    if (hit === undefined) {
      hit = await this.store.getSession(sid);
      if (this.cache.size >= this.max) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(sid, hit);
    }
    return hit ?? undefined;
  }
}
