import type {
  FrameRangeQuery,
  IdentityQuery,
  IdentitySummary,
  Page,
  SessionQuery,
  SessionSeal,
  SessionSummary,
  StoredFrame,
  StoreHealth,
  WriteReport,
} from './recording.types';

/**
 * The storage port. An abstract class so it doubles as the Nest DI token.
 * Every adapter (sqlite, elasticsearch, opensearch) must pass the contract
 * suite in recording-store.contract.ts against the real engine.
 */
export abstract class RecordingStore {
  /** Create schema / apply index templates; idempotent. */
  abstract init(): Promise<void>;

  /**
   * Store masked frames. Idempotent by (sid, seq): a frame whose id already
   * exists is counted as a duplicate and left untouched. Updates session
   * summaries for the frames newly stored. Must not resolve before the data
   * is durable (committed / acknowledged by the engine).
   */
  abstract writeFrames(frames: StoredFrame[]): Promise<WriteReport>;

  /** Last stored frame hash of a session, so a chain can continue after restart. */
  abstract getChainHead(sid: string): Promise<{ seq: number; hash: string } | null>;

  abstract setSeal(sid: string, seal: SessionSeal): Promise<void>;

  abstract getSession(sid: string): Promise<SessionSummary | null>;

  /** Newest first by start (or first seen) time; cursor paging, never offsets. */
  abstract searchSessions(query: SessionQuery): Promise<Page<SessionSummary>>;

  /** Identities ordered by last seen, newest first. */
  abstract listIdentities(query: IdentityQuery): Promise<Page<IdentitySummary>>;

  /** Frames of a session in seq order within [fromSeq, toSeq]. */
  abstract getFrames(sid: string, query: FrameRangeQuery): Promise<StoredFrame[]>;

  /** All frames of a session in seq order, in bounded memory. */
  abstract streamFrames(sid: string, query?: Omit<FrameRangeQuery, 'limit'>): AsyncIterable<StoredFrame>;

  abstract health(): Promise<StoreHealth>;

  abstract close(): Promise<void>;
}
