import type { Frame } from '@auditorium/frames';
import { storedFrameOf, type SessionSummary, type StoredFrame } from '@auditorium/store';

export const T0 = Date.UTC(2025, 0, 2, 3, 4, 5);

/** Stored frames for replay tests; `at` gives each frame's offset in ms from T0. */
export function stored(frames: Frame[]): StoredFrame[] {
  return frames.map((frame) => storedFrameOf(frame, { hash: '0'.repeat(64), bytes: 0, ingestedAt: 0 }));
}

export const ts = (ms: number): string => new Date(T0 + ms).toISOString();

/** An HTTP session: 3 exchanges, one denied, one SQL-ish; idle gap of 90 s before the last. */
export function httpSession(sid = 'sess-h'): Frame[] {
  let seq = 0;
  const f = (ms: number) => ({ v: 1 as const, sid, seq: seq++, ts: ts(ms) });
  return [
    {
      ...f(0),
      type: 'session.start',
      identity: { sub: 'agent-7', name: 'Report bot', type: 'machine' },
      resource: { name: 'reports-api', type: 'http', env: 'prod' },
      gateway: { id: 'gw-1', version: '1.2.0' },
    },
    {
      ...f(100),
      type: 'request',
      xid: 'x1',
      method: 'GET',
      target: '/reports/q3',
      headers: { 'User-Agent': 'agent/1.0', authorization: 'Bearer [MASKED]', 'x-request-id': 'r-1' },
    },
    { ...f(110), type: 'decision', xid: 'x1', outcome: 'allow', policy: 'reports-read' },
    {
      ...f(350),
      type: 'response',
      xid: 'x1',
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"quarter":"q3","owner":"[EMAIL_ADDRESS]","id":12345678901234567890,"rows":[1,2],"empty":{}}',
      meta: { durationMs: 250 },
    },
    { ...f(400), type: 'request', xid: 'x2', method: 'DELETE', target: '/reports/q3' },
    { ...f(410), type: 'decision', xid: 'x2', outcome: 'deny', policy: 'no-deletes', reason: 'read-only agent' },
    {
      ...f(500),
      type: 'request',
      xid: 'x3',
      method: 'QUERY',
      target: 'analytics',
      meta: { sql: 'SELECT id, email\n  FROM users\n WHERE active' },
    },
    { ...f(90_600), type: 'response', xid: 'x3', meta: { rowCount: 42, durationMs: 1520 } },
    { ...f(90_700), type: 'session.end', status: 'ok', exitCode: 0 },
  ] as Frame[];
}

export function summary(frames: Frame[], extra: Partial<SessionSummary> = {}): SessionSummary {
  const start = frames.find((f) => f.type === 'session.start');
  return {
    sid: frames[0].sid,
    identity: start?.type === 'session.start' ? start.identity : undefined,
    resource: start?.type === 'session.start' ? start.resource : undefined,
    status: 'ok',
    startedAt: start?.ts,
    firstTs: frames[0].ts,
    lastTs: frames[frames.length - 1].ts,
    frameCount: frames.length,
    exchangeCount: new Set(frames.flatMap((f) => ('xid' in f && f.type !== 'decision' ? [f.xid] : []))).size,
    bytes: 0,
    maxSeq: frames.length - 1,
    gaps: [],
    decisions: {},
    findings: {},
    ...extra,
  };
}

export type CastEvent = [number, string, string];

export async function collect(
  gen: AsyncGenerator<string>,
): Promise<{ header: Record<string, unknown>; events: CastEvent[]; lines: string[] }> {
  const lines: string[] = [];
  for await (const l of gen) lines.push(l);
  const [head, ...rest] = lines.map((l) => JSON.parse(l) as unknown);
  return { header: head as Record<string, unknown>, events: rest as CastEvent[], lines };
}
