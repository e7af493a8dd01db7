import { createHash } from 'node:crypto';

import type { Frame } from '@auditorium/frames';

import { canonicalJson } from './canonical';

/** The `prev` of a session's first frame: 32 zero bytes. */
export const GENESIS_HASH = '0'.repeat(64);

const HEX_HASH = /^[0-9a-f]{64}$/;

/**
 * h(n) = SHA-256(h(prev) ‖ canonical(frame n)), hex. `prevHex` null means
 * genesis (32 zero bytes).
 */
export function chainHash(prevHex: string | null, frame: Frame): string {
  const prev = prevHex ?? GENESIS_HASH;
  if (prev.length !== 64 || !HEX_HASH.test(prev))
    throw new Error('chainHash: prev must be 64 lowercase hex characters');
  return createHash('sha256').update(Buffer.from(prev, 'hex')).update(canonicalJson(frame), 'utf8').digest('hex');
}

export interface ChainHead {
  seq: number;
  hash: string;
}

/** Loads the stored head of a session the tracker has not seen (e.g. `store.getChainHead`). */
export type ChainHeadLoader = (sid: string) => Promise<ChainHead | null>;

/**
 * How a frame was linked:
 * - `next`: seq above the head (the normal case, gaps allowed); the head advances.
 * - `late`: seq below the head and not seen recently: a gap filled late. It is
 *   linked to its nearest lower seq still in the tracker's window; the head
 *   does not move.
 * - `duplicate`: seq still in the window (a re-delivery): it gets the hash
 *   already assigned to that seq; the store keeps the first copy anyway.
 * - `unlinked`: seq below the head and older than the window: we cannot tell a
 *   re-delivery from a late frame, and the predecessor's hash is unknown. It is
 *   linked to genesis; if the store keeps it (it was really missing), `verify`
 *   reports it as tampered — the store's duplicate check normally drops it.
 */
export type ChainLink = 'next' | 'late' | 'duplicate' | 'unlinked';

export interface AssignedHash {
  hash: string;
  link: ChainLink;
}

export interface ChainTrackerOptions {
  load: ChainHeadLoader;
  /** sessions kept in memory (LRU); default 10 000 */
  maxSessions?: number;
  /** recent (seq, hash) pairs kept per session for late frames; default 32 */
  window?: number;
}

interface SessionChain {
  /** ascending by seq; the last entry is the head */
  recent: ChainHead[];
  /** true when `recent` still reaches back to the session's first frame */
  fromGenesis: boolean;
}

/**
 * Assigns chain hashes at ingest, per session, in the order frames are handed
 * in (the ingest pipeline calls it in seq order within a batch).
 *
 * What the chain is over — the rule `verify` checks:
 *   each stored frame links to the stored frame with the nearest lower seq
 *   (genesis for the first), gaps are skipped by the link and reported apart.
 * Frames of a session arrive in seq order (Kafka key = sid), so linking to the
 * current head is that rule. A frame that arrives *after* a higher seq (it
 * fills a gap late) is linked to its nearest lower seq in a small per-session
 * window, and the head stays where it is: the frames chained while it was
 * missing keep their hashes (they were linked across the gap), so nothing
 * already stored has to change. `verify` accepts a frame linked across frames
 * that came later and lists those as `late`; the sealed head does not commit
 * to the content of late frames — the seal's frame count and gaps do show them.
 *
 * On a cache miss the head is loaded from storage; only the head is known then,
 * so a late frame older than the head of a reloaded session is `unlinked`.
 * If a batch write fails, call `forget(sid)` (or `clear()`) for its sessions so
 * the next attempt reloads the heads actually stored.
 */
export class ChainTracker {
  private readonly sessions = new Map<string, SessionChain>();
  private readonly loading = new Map<string, Promise<SessionChain>>();
  private readonly maxSessions: number;
  private readonly window: number;
  private readonly load: ChainHeadLoader;

  constructor(options: ChainTrackerOptions) {
    this.load = options.load;
    this.maxSessions = Math.max(1, options.maxSessions ?? 10_000);
    this.window = Math.max(1, options.window ?? 32);
  }

  /** Number of sessions currently cached. */
  get size(): number {
    return this.sessions.size;
  }

  /** The cached head of a session, if cached. */
  head(sid: string): ChainHead | undefined {
    const chain = this.sessions.get(sid);
    return chain?.recent[chain.recent.length - 1];
  }

  forget(sid: string): void {
    this.sessions.delete(sid);
  }

  clear(): void {
    this.sessions.clear();
  }

  /** Hash one frame and advance its session's head. */
  async assign(frame: Frame): Promise<AssignedHash> {
    const chain = await this.chainOf(frame.sid);
    return this.link(chain, frame);
  }

  /**
   * Hash a batch in order (it may mix sessions). Heads of all sessions in the
   * batch are loaded up front, in parallel.
   */
  async assignBatch(frames: readonly Frame[]): Promise<AssignedHash[]> {
    const sids = [...new Set(frames.map((f) => f.sid))];
    const chains = new Map<string, SessionChain>();
    await Promise.all(sids.map(async (sid) => chains.set(sid, await this.chainOf(sid))));
    return frames.map((frame) => {
      const chain = chains.get(frame.sid) as SessionChain;
      // keep the session cached (it may have been evicted by a large batch)
      this.touch(frame.sid, chain);
      return this.link(chain, frame);
    });
  }

  private link(chain: SessionChain, frame: Frame): AssignedHash {
    const { recent } = chain;
    const head = recent[recent.length - 1];
    if (!head || frame.seq > head.seq) {
      const hash = chainHash(head?.hash ?? null, frame);
      recent.push({ seq: frame.seq, hash });
      this.trim(chain);
      return { hash, link: 'next' };
    }
    // seq at or below the head: find its place in the window
    let i = recent.length - 1;
    while (i >= 0 && recent[i].seq > frame.seq) i--;
    if (i >= 0 && recent[i].seq === frame.seq) return { hash: recent[i].hash, link: 'duplicate' };
    const pred = i >= 0 ? recent[i] : undefined;
    if (!pred && !chain.fromGenesis) return { hash: chainHash(null, frame), link: 'unlinked' };
    const hash = chainHash(pred?.hash ?? null, frame);
    recent.splice(i + 1, 0, { seq: frame.seq, hash });
    this.trim(chain);
    return { hash, link: 'late' };
  }

  private trim(chain: SessionChain): void {
    if (chain.recent.length > this.window) {
      chain.recent.splice(0, chain.recent.length - this.window);
      chain.fromGenesis = false;
    }
  }

  private async chainOf(sid: string): Promise<SessionChain> {
    const cached = this.sessions.get(sid);
    if (cached) {
      this.touch(sid, cached);
      return cached;
    }
    let pending = this.loading.get(sid);
    if (!pending) {
      pending = this.load(sid).then((head): SessionChain =>
        head ? { recent: [head], fromGenesis: false } : { recent: [], fromGenesis: true },
      );
      this.loading.set(sid, pending);
    }
    try {
      const chain = await pending;
      // another caller may have cached it meanwhile; keep the one already in use
      const current = this.sessions.get(sid) ?? chain;
      this.touch(sid, current);
      return current;
    } finally {
      this.loading.delete(sid);
    }
  }

  /** Mark as most recently used, evicting the least recently used beyond the bound. */
  private touch(sid: string, chain: SessionChain): void {
    this.sessions.delete(sid);
    this.sessions.set(sid, chain);
    while (this.sessions.size > this.maxSessions) {
      const oldest = this.sessions.keys().next().value as string;
      this.sessions.delete(oldest);
    }
  }
}
