/**
 * The API's JSON as the viewer reads it. Mirrors libs/store recording.types.ts
 * (kept separate so the browser build never pulls server code). Every string
 * in here is untrusted: render with textContent, never as HTML.
 */

export type FindingCounts = Record<string, number>;

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface IdentitySummary {
  sub: string;
  name?: string;
  type?: string;
  sessionCount: number;
  resources: string[];
  firstSeen: string;
  lastSeen: string;
  findings: FindingCounts;
}

export interface Identity {
  sub: string;
  iss?: string;
  type?: string;
  name?: string;
  groups?: string[];
  tokenId?: string;
  clientId?: string;
}

export interface Resource {
  name: string;
  type?: string;
  env?: string;
}

export interface SessionSeal {
  jws: string;
  kid: string;
  lastSeq: number;
  head: string;
  sealedAt: string;
}

export const SESSION_STATUSES = ['active', 'ok', 'error', 'killed', 'timeout'] as const;
export const DECISION_OUTCOMES = ['allow', 'deny', 'review.pending', 'review.approved', 'review.rejected'] as const;

export interface SessionSummary {
  sid: string;
  identity?: Identity;
  resource?: Resource;
  client?: { ip?: string; userAgent?: string };
  gateway?: { id?: string; version?: string };
  labels?: Record<string, string>;
  correlationId?: string;
  status: string;
  startedAt?: string;
  endedAt?: string;
  firstTs: string;
  lastTs: string;
  frameCount: number;
  exchangeCount: number;
  bytes: number;
  maxSeq: number;
  gaps: Array<{ from: number; to: number }>;
  decisions: Record<string, number>;
  findings: FindingCounts;
  seal?: SessionSeal;
  legalHold?: boolean;
}

/** A stored (already masked) frame. Only the fields the viewer reads are typed. */
export interface StoredFrame {
  id: string;
  sid: string;
  seq: number;
  type: string;
  ts: string;
  tsMicros: number;
  frame: FramePayload;
  findings: FindingCounts;
  hash: string;
}

export interface FramePayload {
  type: string;
  seq: number;
  ts: string;
  xid?: string;
  method?: string;
  target?: string;
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  encoding?: string;
  data?: string;
  meta?: Record<string, unknown>;
  outcome?: string;
  policy?: string;
  reason?: string;
  reviewer?: string;
  message?: string;
  truncated?: boolean;
}

export interface TimelineDecision {
  outcome: string;
  policy?: string;
  reason?: string;
}

export interface TimelineItem {
  xid: string;
  /** marker index in the cast */
  index: number;
  /** seconds from session start, same clock as the cast */
  time: number;
  method?: string;
  target?: string;
  status?: number;
  durationMs?: number;
  /** SQL: the database's command tag (`UPDATE 3`), where status is a bare 0 */
  commandTag?: string;
  decision?: TimelineDecision;
  findings: FindingCounts;
  /** a line submitted in an interactive session (xid `cmd-<n>`) and the output that followed */
  command?: { line: string; output: string; outputTruncated: boolean; seq: number };
}

export type VerifyStatus = 'ok' | 'tampered' | 'gap' | 'unsealed' | 'not_found';

export interface VerifyResult {
  status: VerifyStatus;
  message: string;
  firstBadSeq?: number;
  gaps: Array<{ from: number; to: number }>;
  frames: number;
  seal?: unknown;
}

/** The global error filter's body. */
export interface ErrorBody {
  statusCode?: number;
  error?: string;
  message?: string | string[];
  correlationId?: string;
}
