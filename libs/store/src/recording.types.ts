import type {
  ClientInfo,
  DecisionOutcome,
  Frame,
  FrameType,
  GatewayInfo,
  Identity,
  Resource,
} from '@auditorium/frames';

/** Counts per info type (EMAIL_ADDRESS, CREDIT_CARD_NUMBER, …) — never the values. */
export type FindingCounts = Record<string, number>;

/** A frame as stored: already masked, with what we need to query it without joins. */
export interface StoredFrame {
  /** `${sid}:${seq}` — the idempotency key */
  id: string;
  sid: string;
  seq: number;
  type: FrameType;
  ts: string;
  /** microseconds since the epoch, for ordering and replay timing */
  tsMicros: number;
  /** copied from the session's `session.start` so per-identity queries never join */
  identity?: Pick<Identity, 'sub' | 'name' | 'type' | 'iss'>;
  resource?: Resource;
  /** the masked frame */
  frame: Frame;
  /** size in bytes of the frame as received (before masking) */
  bytes: number;
  findings: FindingCounts;
  /** hex SHA-256 chain hash h(seq) = SHA-256(h(seq-1) ‖ canonical(frame)) over the masked frame */
  hash: string;
  /** when Auditorium stored it (ms since epoch) — export cursors follow this, not `ts` */
  ingestedAt: number;
}

export interface SeqRange {
  from: number;
  to: number;
}

export interface SessionSeal {
  /** compact JWS (EdDSA) over { sid, lastSeq, head, frames, gaps } */
  jws: string;
  kid: string;
  lastSeq: number;
  head: string;
  sealedAt: string;
}

export type SessionStatus = 'active' | 'ok' | 'error' | 'killed' | 'timeout';

export interface SessionSummary {
  sid: string;
  identity?: Identity;
  resource?: Resource;
  client?: ClientInfo;
  gateway?: GatewayInfo;
  labels?: Record<string, string>;
  correlationId?: string;
  status: SessionStatus;
  /** ts of session.start, when seen */
  startedAt?: string;
  /** ts of session.end, when seen */
  endedAt?: string;
  firstTs: string;
  lastTs: string;
  frameCount: number;
  /** number of distinct xids seen on request/response frames */
  exchangeCount: number;
  bytes: number;
  maxSeq: number;
  /** missing seq ranges within [0, maxSeq] */
  gaps: SeqRange[];
  decisions: Partial<Record<DecisionOutcome, number>>;
  findings: FindingCounts;
  seal?: SessionSeal;
  legalHold?: boolean;
}

export interface IdentitySummary {
  sub: string;
  name?: string;
  type?: Identity['type'];
  /** sessions whose session.start named this identity */
  sessionCount: number;
  /** distinct resource names of those sessions, sorted */
  resources: string[];
  firstSeen: string;
  lastSeen: string;
  findings: FindingCounts;
}

export interface Page<T> {
  items: T[];
  /** opaque; absent on the last page */
  nextCursor?: string;
}

export interface SessionQuery {
  identity?: string;
  resource?: string;
  resourceType?: string;
  /** sessions active at or after this ts (RFC 3339) */
  from?: string;
  /** sessions active at or before this ts (RFC 3339) */
  to?: string;
  status?: SessionStatus;
  decision?: DecisionOutcome;
  hasMasking?: boolean;
  infoType?: string;
  /**
   * full text over masked payloads (frameSearchText): every word must occur in one
   * frame, case-insensitively; punctuation only separates words (no query syntax)
   */
  text?: string;
  /** 1..500 (clamped), default 50 */
  limit?: number;
  /** nextCursor of the previous page, with the same filters */
  cursor?: string;
}

export interface IdentityQuery {
  /** 1..500 (clamped), default 50 */
  limit?: number;
  cursor?: string;
}

export interface FrameRangeQuery {
  fromSeq?: number;
  toSeq?: number;
  /** default 1000, at most 10000 (clamped) */
  limit?: number;
}

export interface WriteReport {
  /** frames newly stored */
  stored: number;
  /** frames already present under the same id (re-delivery) — not stored again */
  duplicates: number;
  /** frames the store refused, item by item; the caller retries or dead-letters them */
  failed: Array<{ id: string; reason: string; retryable: boolean }>;
}

export interface StoreHealth {
  ok: boolean;
  engine: string;
  detail?: string;
}

/** A position in ingest order: SQLite's rowid, or (ingestedAt, id) on search engines. */
export type IngestPosition = { kind: 'rowid'; rowid: number } | { kind: 'ingest'; ingestedAt: number; id: string };

export interface IngestOrderQuery {
  /** strictly after this position; absent = from the beginning */
  after?: IngestPosition;
  /** only frames stored at or after this time (ms since epoch) */
  sinceIngestedAt?: number;
  /** default 1000, at most 10000 */
  limit?: number;
}

export interface IngestOrderPage {
  items: StoredFrame[];
  /** position of the last item (absent when empty): the next call's `after` */
  last?: IngestPosition;
}

export interface RetentionReport {
  deletedFrames: number;
  deletedSessions: number;
  /** sessions older than the cut-off kept because of a legal hold */
  keptOnHold: number;
}

/** Signs a session's chain head (libs/integrity's sealSession with the deployment key). */
export type SealSigner = (input: {
  sid: string;
  lastSeq: number;
  head: string;
  frames: number;
  gaps: SeqRange[];
}) => Promise<SessionSeal>;

export interface WriteFramesOptions {
  /**
   * Seal every session whose session.end is in this write (stored now or
   * already stored) and whose seal does not yet sign its current head.
   */
  sign?: SealSigner;
}
