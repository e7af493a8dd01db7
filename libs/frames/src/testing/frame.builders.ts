import { microsToTs, tsToMicros } from '../frame-timestamp';
import {
  ClientInfo,
  DecisionFrame,
  DecisionOutcome,
  Encoding,
  ExchangeMeta,
  Frame,
  FRAME_VERSION,
  GatewayInfo,
  Identity,
  RequestFrame,
  Resource,
  ResponseFrame,
  SessionEndStatus,
  SessionStartFrame,
} from '../frame.types';

/*
 * One set of builders for test frames, shared by every test in the repo
 * (import from '@auditorium/frames/testing'). Deterministic: the same calls
 * give the same frames — sids come from a counter unless given, xids from a
 * per-session counter, timestamps from a clock that advances by `stepMs`.
 */

export const DEFAULT_START_TS = '2026-01-15T09:00:00.000000Z';

export interface SessionOptions {
  /** default `sess-000001`, `sess-000002`, … in call order (see resetSessionIds) */
  sid?: string;
  identity?: Identity;
  resource?: Resource;
  client?: ClientInfo;
  gateway?: GatewayInfo;
  labels?: Record<string, string>;
  correlationId?: string;
  /** ts of the first frame; DEFAULT_START_TS when unset */
  startTs?: string | Date;
  /** how far the clock moves between frames, in milliseconds (fractions allowed); 10 when unset */
  stepMs?: number;
}

export interface RequestSpec {
  method?: string;
  target?: string;
  headers?: Record<string, string>;
  body?: string;
  encoding?: Encoding;
  meta?: ExchangeMeta;
  /** default `x1`, `x2`, … per session */
  xid?: string;
  truncated?: boolean;
}

export interface ResponseSpec {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  encoding?: Encoding;
  meta?: ExchangeMeta;
  method?: string;
  target?: string;
  /** default: the xid of the last request */
  xid?: string;
  truncated?: boolean;
}

export interface DecisionSpec {
  policy?: string;
  reviewer?: string;
  reason?: string;
  /** default: the xid of the last request, if any; `null` for a session-level decision */
  xid?: string | null;
}

export interface EndSpec {
  exitCode?: number;
  reason?: string;
}

export const DEFAULT_IDENTITY: Identity = {
  sub: 'svc-report-bot',
  iss: 'https://idp.example.com',
  type: 'machine',
  name: 'Report bot',
  clientId: 'report-bot',
};

export const DEFAULT_RESOURCE: Resource = { name: 'reports-api', type: 'http', env: 'prod' };

let sessionCounter = 0;

/** Restart the default sid counter (for tests that assert on default sids). */
export function resetSessionIds(): void {
  sessionCounter = 0;
}

/** A builder of one session's frames; call `.frames()` for the result. */
export function aSession(opts: SessionOptions = {}): SessionBuilder {
  return new SessionBuilder(opts);
}

export class SessionBuilder {
  readonly sid: string;
  private readonly opts: SessionOptions;
  private readonly built: Frame[] = [];
  private nextSeq = 0;
  private nextXid = 1;
  private lastXid: string | undefined;
  private clockMicros: number;
  private readonly stepMicros: number;

  constructor(opts: SessionOptions = {}) {
    this.opts = opts;
    this.sid = opts.sid ?? `sess-${String(++sessionCounter).padStart(6, '0')}`;
    const start = opts.startTs ?? DEFAULT_START_TS;
    this.clockMicros = typeof start === 'string' ? tsToMicros(start) : start.getTime() * 1000;
    this.stepMicros = Math.round((opts.stepMs ?? 10) * 1000);
  }

  /** The seq the next frame will get. */
  get seq(): number {
    return this.nextSeq;
  }

  /** The xid of the last request (or of the last exchange). */
  get xid(): string | undefined {
    return this.lastXid;
  }

  start(extra: Partial<Omit<SessionStartFrame, 'v' | 'sid' | 'seq' | 'ts' | 'type'>> = {}): this {
    const { identity, resource, client, gateway, labels, correlationId } = this.opts;
    return this.push({
      ...this.head('session.start'),
      identity: identity ?? DEFAULT_IDENTITY,
      resource: resource ?? DEFAULT_RESOURCE,
      ...defined({ client, gateway, labels, correlationId }),
      ...extra,
    } as SessionStartFrame);
  }

  request(spec: RequestSpec = {}): this {
    const xid = spec.xid ?? `x${this.nextXid++}`;
    this.lastXid = xid;
    const { xid: _xid, ...rest } = spec;
    return this.push({ ...this.head('request'), xid, ...defined(rest) } as RequestFrame);
  }

  response(spec: ResponseSpec = {}): this {
    const xid = spec.xid ?? this.lastXid;
    if (xid === undefined) throw new Error('response() needs an xid or a request() before it');
    const { xid: _xid, ...rest } = spec;
    return this.push({ ...this.head('response'), xid, ...defined(rest) } as ResponseFrame);
  }

  /** A request and its response, paired by one new xid (unless `req.xid` is given). */
  exchange(req: RequestSpec = {}, res: ResponseSpec = {}): this {
    this.request(req);
    return this.response({ xid: this.lastXid, ...res });
  }

  decision(outcome: DecisionOutcome, spec: DecisionSpec = {}): this {
    const { xid, ...rest } = spec;
    const pairedXid = xid === null ? undefined : (xid ?? this.lastXid);
    return this.push({
      ...this.head('decision'),
      outcome,
      ...defined({ ...rest, xid: pairedXid }),
    } as DecisionFrame);
  }

  input(data: string, encoding?: Encoding): this {
    return this.push({ ...this.head('input'), data, ...defined({ encoding }) } as Frame);
  }

  output(data: string, encoding?: Encoding): this {
    return this.push({ ...this.head('output'), data, ...defined({ encoding }) } as Frame);
  }

  error(message: string): this {
    return this.push({ ...this.head('error'), message } as Frame);
  }

  end(status: SessionEndStatus = 'ok', spec: EndSpec = {}): this {
    return this.push({ ...this.head('session.end'), status, ...defined({ ...spec }) } as Frame);
  }

  /** Move the clock forward (beyond the usual step) before the next frame. */
  wait(ms: number): this {
    this.clockMicros += Math.round(ms * 1000);
    return this;
  }

  /** Leave `count` seq numbers out, to build a session with a gap. */
  skipSeq(count = 1): this {
    this.nextSeq += count;
    return this;
  }

  /** Copies of the frames built so far, in seq order. */
  frames(): Frame[] {
    return structuredClone(this.built);
  }

  /** The frames as NDJSON, one per line, as POST /api/v1/ingest takes them. */
  ndjson(): string {
    return toNdjson(this.built);
  }

  private head<T extends Frame['type']>(type: T) {
    const ts = microsToTs(this.clockMicros);
    this.clockMicros += this.stepMicros;
    return { v: FRAME_VERSION, sid: this.sid, seq: this.nextSeq++, ts, type };
  }

  private push(frame: Frame): this {
    this.built.push(frame);
    return this;
  }
}

/** Frames (or any JSON values) as NDJSON: one compact JSON per line, each line ending in "\n". */
export function toNdjson(frames: readonly unknown[]): string {
  return frames.map((frame) => `${JSON.stringify(frame)}\n`).join('');
}

/** The fields of `values` that are not undefined, so frames carry no `"x": undefined` keys. */
function defined<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}
