import type {
  FrameRangeQuery,
  IngestOrderPage,
  IngestOrderQuery,
  RetentionReport,
  IdentityQuery,
  IdentitySummary,
  Page,
  SessionQuery,
  SessionSeal,
  SessionSummary,
  StoredFrame,
  StoreHealth,
  WriteFramesOptions,
  WriteReport,
} from './recording.types';

/**
 * The storage port. An abstract class so it doubles as the Nest DI token.
 * Every adapter (sqlite, elasticsearch, opensearch) must pass the contract
 * suite `recordingStoreContract` ('@auditorium/store/testing') against the real engine.
 *
 * Read-your-writes: once writeFrames resolves, every read method sees the batch
 * (search engines write with refresh=wait_for or refresh before resolving).
 * Errors: bad cursors → InvalidCursorError, bad query values → InvalidQueryError,
 * unknown session on setSeal → SessionNotFoundError (store.errors.ts).
 */
export abstract class RecordingStore {
  /** Create schema / apply index templates; idempotent. Must be called before any other method. */
  abstract init(): Promise<void>;

  /**
   * Store masked frames. Idempotent by (sid, seq): a frame whose id already
   * exists is counted as a duplicate and left untouched. Updates session
   * summaries for the frames newly stored. Must not resolve before the data
   * is durable (committed / acknowledged by the engine) and visible to reads.
   * Frames that break the store's invariants (id ≠ `sid:seq`, see
   * storedFrameProblem) are reported in `failed`, not thrown. Rejects when the
   * batch as a whole could not be written (engine down, disk full): the caller
   * retries the whole batch, which is safe because writes are idempotent.
   *
   * Session summary rules: identity, resource, client, gateway, labels and
   * correlationId come from the first stored session.start (frames may arrive
   * before it; they create the session and get its identity when it comes);
   * status is 'active' until a session.end is stored.
   */
  abstract writeFrames(frames: StoredFrame[], options?: WriteFramesOptions): Promise<WriteReport>;

  /** Hash of the stored frame with the highest seq, so a chain can continue after restart; null if none. */
  abstract getChainHead(sid: string): Promise<{ seq: number; hash: string } | null>;

  /** Stores (replaces) the seal of a stored session; SessionNotFoundError if there is none. */
  abstract setSeal(sid: string, seal: SessionSeal): Promise<void>;

  abstract getSession(sid: string): Promise<SessionSummary | null>;

  /**
   * Newest first by startedAt (firstTs until session.start is seen), ties by sid
   * descending; cursor paging, never offsets. limit 1..500 (clamped), default 50.
   * All given filters must hold. `text`: every word of it (letters and digits;
   * any other character only separates words, so no query syntax exists) occurs,
   * case-insensitively, in one frame of the session (frameSearchText); text without
   * any word matches nothing. from/to: the session's [firstTs, lastTs] overlaps them.
   */
  abstract searchSessions(query: SessionQuery): Promise<Page<SessionSummary>>;

  /** Identities (sub of session.start) ordered by last seen, newest first, ties by sub descending. */
  abstract listIdentities(query: IdentityQuery): Promise<Page<IdentitySummary>>;

  /** Frames of a session in seq order within [fromSeq, toSeq]; limit default 1000, at most 10000. */
  abstract getFrames(sid: string, query: FrameRangeQuery): Promise<StoredFrame[]>;

  /** All frames of a session (within [fromSeq, toSeq]) in seq order, page by page in bounded memory. */
  abstract streamFrames(sid: string, query?: Omit<FrameRangeQuery, 'limit'>): AsyncIterable<StoredFrame>;

  /**
   * Frames in the order they were stored, for incremental export: a frame
   * that arrives late (old `ts`) is still after every position handed out
   * before it was stored, so a cursor never skips it.
   */
  abstract readIngestOrder(query: IngestOrderQuery): Promise<IngestOrderPage>;

  /** Put a session on legal hold (or release it): held sessions survive retention. */
  abstract setLegalHold(sid: string, hold: boolean): Promise<void>;

  /** Delete sessions (and their frames) whose last activity is before `before`, except those on legal hold. */
  abstract purgeExpired(before: string): Promise<RetentionReport>;

  abstract health(): Promise<StoreHealth>;

  abstract close(): Promise<void>;
}
