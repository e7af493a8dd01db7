/**
 * Frame contract v1 — the public API between gateways and Auditorium.
 * Plain types live here; the class-validator classes that enforce them live in
 * frame.dto.ts and the JSON Schema in docs/ is generated from those classes.
 * Change only additively.
 */
export const FRAME_VERSION = 1 as const;

export const FRAME_TYPES = [
  'session.start',
  'request',
  'response',
  'input',
  'output',
  'decision',
  'session.end',
  'error',
] as const;
export type FrameType = (typeof FRAME_TYPES)[number];

export const ENCODINGS = ['utf8', 'base64'] as const;
export type Encoding = (typeof ENCODINGS)[number];

export const DECISION_OUTCOMES = ['allow', 'deny', 'review.pending', 'review.approved', 'review.rejected'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

export const SESSION_END_STATUSES = ['ok', 'error', 'killed', 'timeout'] as const;
export type SessionEndStatus = (typeof SESSION_END_STATUSES)[number];

export const IDENTITY_TYPES = ['machine', 'human'] as const;
export type IdentityType = (typeof IDENTITY_TYPES)[number];

/** Session ids: 1–128 chars of [A-Za-z0-9._:-]. */
export const SID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
/** RFC 3339 with up to microseconds, explicit offset. */
export const TS_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;

export const DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;

export interface Identity {
  sub: string;
  iss?: string;
  type?: IdentityType;
  name?: string;
  groups?: string[];
  /** jti of the token the agent presented */
  tokenId?: string;
  /** azp / client id */
  clientId?: string;
}

export interface Resource {
  name: string;
  /** http, postgres, mysql, mongodb, ssh, k8s, tcp, … (open set) */
  type?: string;
  env?: string;
}

export interface ClientInfo {
  ip?: string;
  userAgent?: string;
}

export interface GatewayInfo {
  id?: string;
  version?: string;
}

interface FrameBase<T extends FrameType> {
  v: typeof FRAME_VERSION;
  sid: string;
  seq: number;
  ts: string;
  type: T;
  /** set by a gateway that cut a payload to fit the size limit */
  truncated?: boolean;
}

export interface SessionStartFrame extends FrameBase<'session.start'> {
  identity: Identity;
  resource: Resource;
  client?: ClientInfo;
  gateway?: GatewayInfo;
  labels?: Record<string, string>;
  correlationId?: string;
}

/** Protocol extras; known keys are typed, others pass through. */
export interface ExchangeMeta {
  sql?: string;
  rowCount?: number;
  durationMs?: number;
  [key: string]: unknown;
}

export interface RequestFrame extends FrameBase<'request'> {
  xid: string;
  method?: string;
  target?: string;
  headers?: Record<string, string>;
  body?: string;
  encoding?: Encoding;
  meta?: ExchangeMeta;
}

export interface ResponseFrame extends FrameBase<'response'> {
  xid: string;
  method?: string;
  target?: string;
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  encoding?: Encoding;
  meta?: ExchangeMeta;
}

export interface InputFrame extends FrameBase<'input'> {
  data: string;
  encoding?: Encoding;
}

export interface OutputFrame extends FrameBase<'output'> {
  data: string;
  encoding?: Encoding;
}

export interface DecisionFrame extends FrameBase<'decision'> {
  outcome: DecisionOutcome;
  policy?: string;
  reviewer?: string;
  reason?: string;
  xid?: string;
}

export interface SessionEndFrame extends FrameBase<'session.end'> {
  status: SessionEndStatus;
  exitCode?: number;
  reason?: string;
}

export interface ErrorFrame extends FrameBase<'error'> {
  message: string;
}

export type Frame =
  | SessionStartFrame
  | RequestFrame
  | ResponseFrame
  | InputFrame
  | OutputFrame
  | DecisionFrame
  | SessionEndFrame
  | ErrorFrame;

export type FrameOf<T extends FrameType> = Extract<Frame, { type: T }>;

/** Why a frame was refused; `code` is stable (metrics label, DLQ header), `reason` is for humans. */
export const REJECTION_CODES = [
  'too_large',
  'bad_json',
  'not_an_object',
  'unsupported_version',
  'unknown_type',
  'invalid',
  'masking_failed',
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

export interface FrameRejection {
  code: RejectionCode;
  reason: string;
}

export type ParseResult = { ok: true; frame: Frame } | { ok: false; rejection: FrameRejection };

/**
 * Longest accepted value of short strings (ids, names, versions). Payloads
 * (`body`, `data`, `message`, `reason`) have no own limit: the frame size limit
 * bounds them.
 */
export const FRAME_FIELD_LIMITS = {
  /** sub, tokenId, clientId, xid, correlationId, gateway id, policy, reviewer */
  id: 256,
  /** identity and resource names, types, env, groups, label keys */
  name: 256,
  /** iss (an URL) */
  url: 2048,
  /** request/response target: path, URL or database */
  target: 8192,
  /** HTTP method, SQL verb, k8s verb */
  method: 64,
  /** client IP (IPv6 with zone id fits) */
  ip: 64,
  userAgent: 1024,
  version: 128,
  /** entries of identity.groups */
  groups: 1024,
} as const;
