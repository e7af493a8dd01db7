import type { Identity, Resource } from '@auditorium/frames';
import { pickFrameIdentity, type RecordingStore, type StoredFrame } from '@auditorium/store';

export interface SessionContext {
  identity?: StoredFrame['identity'];
  resource?: Resource;
}

/**
 * Identity and resource of recent sessions, so each stored frame carries them
 * (per-identity queries never join). Bounded LRU; misses fall back to the store.
 */
export class SessionContextCache {
  private readonly entries = new Map<string, SessionContext>();

  constructor(
    private readonly store: RecordingStore,
    private readonly max = 50_000,
  ) {}

  remember(sid: string, identity: Identity, resource: Resource): void {
    this.set(sid, { identity: pickFrameIdentity(identity), resource });
  }

  async get(sid: string): Promise<SessionContext> {
    const hit = this.entries.get(sid);
    if (hit) {
      this.entries.delete(sid);
      this.entries.set(sid, hit);
      return hit;
    }
    const session = await this.store.getSession(sid);
    const ctx: SessionContext = session?.identity
      ? { identity: pickFrameIdentity(session.identity), resource: session.resource }
      : {};
    // Unknown sessions are not cached: their session.start may still arrive.
    if (ctx.identity) this.set(sid, ctx);
    return ctx;
  }

  private set(sid: string, ctx: SessionContext): void {
    this.entries.delete(sid);
    this.entries.set(sid, ctx);
    if (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
