import type { SessionSummary, StoredFrame } from '@auditorium/store';

import { compact, exportContext } from '../export-context';

/**
 * The native export event: the stored frame itself (masked frame, hash,
 * findings, ingestedAt, bytes) with identity and resource filled from the
 * session when the frame was stored before its session.start. `id` is the
 * event id (`sid:seq`) to de-duplicate on.
 */
export interface NativeExportEvent {
  id: string;
  sid: string;
  seq: number;
  type: StoredFrame['type'];
  ts: string;
  tsMicros: number;
  ingestedAt: number;
  identity?: StoredFrame['identity'];
  resource?: StoredFrame['resource'];
  findings: StoredFrame['findings'];
  bytes: number;
  hash: string;
  frame: StoredFrame['frame'];
}

export function toNativeEvent(stored: StoredFrame, session?: SessionSummary): NativeExportEvent {
  const ctx = exportContext(stored, session);
  const identity = stored.identity ?? pickIdentity(ctx.identity);
  const event: NativeExportEvent = {
    id: stored.id,
    sid: stored.sid,
    seq: stored.seq,
    type: stored.type,
    ts: stored.ts,
    tsMicros: stored.tsMicros,
    ingestedAt: stored.ingestedAt,
    ...(identity ? { identity } : {}),
    ...(ctx.resource ? { resource: ctx.resource } : {}),
    findings: stored.findings,
    bytes: stored.bytes,
    hash: stored.hash,
    frame: stored.frame,
  };
  return event;
}

function pickIdentity(identity: StoredFrame['identity'] | undefined): StoredFrame['identity'] | undefined {
  if (!identity) return undefined;
  const { sub, name, type, iss } = identity;
  return compact({ sub, name, type, iss });
}
