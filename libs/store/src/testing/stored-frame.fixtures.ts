import { createHash } from 'node:crypto';

import type {
  ClientInfo,
  DecisionOutcome,
  Encoding,
  ExchangeMeta,
  Frame,
  GatewayInfo,
  Identity,
  Resource,
  SessionEndStatus,
} from '@auditorium/frames';

import type { FindingCounts, StoredFrame } from '../recording.types';
import { pickFrameIdentity, storedFrameOf } from '../stored-frame.of';

/** Distributes Omit over a union, so each frame type keeps its own fields. */
type FrameBody<F> = F extends Frame ? Omit<F, 'v' | 'sid' | 'seq' | 'ts'> : never;

/** RFC 3339 with microseconds, from microseconds since the epoch. */
export function microsToTs(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 19)}.${String(((micros % 1_000_000) + 1_000_000) % 1_000_000).padStart(6, '0')}Z`;
}

export interface StoredSessionOptions {
  sid: string;
  identity?: Identity;
  resource?: Resource;
  /** ms since the epoch of seq 0 */
  startMs: number;
  /** time between consecutive frames in microseconds (default 250 ms) */
  stepMicros?: number;
  /** copy identity/resource onto every frame as the ingester does (default true) */
  copyIdentity?: boolean;
}

/**
 * Builds the StoredFrames of one session, seq by seq, as the ingester would hand
 * them to a store: masked frame, microsecond ts, bytes, findings, a real hash chain.
 * Kept inside libs/store so the contract suite depends on nothing but the port.
 */
export class StoredSessionBuilder {
  readonly frames: StoredFrame[] = [];
  readonly sid: string;
  readonly identity: Identity;
  readonly resource: Resource;
  private seq = 0;
  private micros: number;
  private readonly step: number;
  private readonly copyIdentity: boolean;
  private head = '0'.repeat(64);

  constructor(options: StoredSessionOptions) {
    this.sid = options.sid;
    this.identity = options.identity ?? { sub: `${options.sid}-agent`, name: 'Fixture agent', type: 'machine' };
    this.resource = options.resource ?? { name: `${options.sid}-db`, type: 'postgres' };
    this.micros = options.startMs * 1000;
    this.step = options.stepMicros ?? 250_000;
    this.copyIdentity = options.copyIdentity ?? true;
  }

  /** Timestamp (RFC 3339, µs) the next frame will get. */
  get nextTs(): string {
    return microsToTs(this.micros);
  }

  start(
    extra: { client?: ClientInfo; gateway?: GatewayInfo; labels?: Record<string, string>; correlationId?: string } = {},
  ): this {
    return this.add({ type: 'session.start', identity: this.identity, resource: this.resource, ...extra });
  }

  request(
    xid: string,
    fields: {
      method?: string;
      target?: string;
      headers?: Record<string, string>;
      body?: string;
      encoding?: Encoding;
      meta?: ExchangeMeta;
    } = {},
    findings: FindingCounts = {},
  ): this {
    return this.add({ type: 'request', xid, method: 'GET', target: '/', ...fields }, findings);
  }

  response(
    xid: string,
    fields: {
      status?: number;
      headers?: Record<string, string>;
      body?: string;
      encoding?: Encoding;
      meta?: ExchangeMeta;
    } = {},
    findings: FindingCounts = {},
  ): this {
    return this.add({ type: 'response', xid, status: 200, ...fields }, findings);
  }

  /** A request and its response. */
  exchange(xid: string, requestBody = '', responseBody = '', findings: FindingCounts = {}): this {
    return this.request(xid, { body: requestBody }).response(xid, { body: responseBody }, findings);
  }

  input(data: string, findings: FindingCounts = {}): this {
    return this.add({ type: 'input', data }, findings);
  }

  output(data: string, findings: FindingCounts = {}): this {
    return this.add({ type: 'output', data }, findings);
  }

  decision(outcome: DecisionOutcome, fields: { policy?: string; reason?: string; xid?: string } = {}): this {
    return this.add({ type: 'decision', outcome, ...fields });
  }

  error(message: string): this {
    return this.add({ type: 'error', message });
  }

  end(status: SessionEndStatus = 'ok', reason?: string): this {
    return this.add(reason === undefined ? { type: 'session.end', status } : { type: 'session.end', status, reason });
  }

  /** Skips seq numbers (to make gaps); time moves on as if the frames existed. */
  skip(count = 1): this {
    this.seq += count;
    this.micros += this.step * count;
    return this;
  }

  add(body: FrameBody<Frame>, findings: FindingCounts = {}): this {
    const frame = { v: 1, sid: this.sid, seq: this.seq, ts: microsToTs(this.micros), ...body } as Frame;
    const json = JSON.stringify(frame);
    this.head = createHash('sha256').update(this.head).update(json).digest('hex');
    const stored = storedFrameOf(frame, {
      hash: this.head,
      bytes: Buffer.byteLength(json),
      findings: { ...findings },
      ingestedAt: 1_700_000_000_000 + this.frames.length,
      ...(this.copyIdentity ? { identity: pickFrameIdentity(this.identity), resource: { ...this.resource } } : {}),
    });
    this.frames.push(stored);
    this.seq++;
    this.micros += this.step;
    return this;
  }

  /** Frames by seq (throws when absent, to keep tests honest). */
  frame(seq: number): StoredFrame {
    const found = this.frames.find((f) => f.seq === seq);
    if (!found) throw new Error(`fixture ${this.sid} has no seq ${seq}`);
    return found;
  }
}

/** A copy of frames without the identity/resource the ingester copies (as before session.start). */
export function withoutIdentity(frames: StoredFrame[]): StoredFrame[] {
  return frames.map((f) => {
    const { identity: _identity, resource: _resource, ...rest } = f;
    return rest;
  });
}

/** Total of `bytes` over frames. */
export function sumBytes(frames: StoredFrame[]): number {
  return frames.reduce((sum, f) => sum + f.bytes, 0);
}
