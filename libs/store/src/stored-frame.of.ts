import { Frame, frameId, tsToMicros, type Identity } from '@auditorium/frames';
import type { FindingCounts, StoredFrame } from './recording.types';

export interface StoredFrameParts {
  hash: string;
  /** size as received; defaults to the frame's JSON length */
  bytes?: number;
  findings?: FindingCounts;
  ingestedAt?: number;
  identity?: StoredFrame['identity'];
  resource?: StoredFrame['resource'];
}

/** The one way a (masked) frame becomes a StoredFrame: id, ordering fields and the parts the caller knows. */
export function storedFrameOf(frame: Frame, parts: StoredFrameParts): StoredFrame {
  const stored: StoredFrame = {
    id: frameId(frame.sid, frame.seq),
    sid: frame.sid,
    seq: frame.seq,
    type: frame.type,
    ts: frame.ts,
    tsMicros: tsToMicros(frame.ts),
    frame,
    bytes: parts.bytes ?? Buffer.byteLength(JSON.stringify(frame)),
    findings: parts.findings ?? {},
    hash: parts.hash,
    ingestedAt: parts.ingestedAt ?? Date.now(),
  };
  if (parts.identity) stored.identity = parts.identity;
  if (parts.resource) stored.resource = parts.resource;
  return stored;
}

/** The {sub, name, type, iss} copy of an identity that every stored frame carries (absent fields left out). */
export function pickFrameIdentity(identity: Identity): NonNullable<StoredFrame['identity']> {
  const picked: NonNullable<StoredFrame['identity']> = { sub: identity.sub };
  if (identity.name !== undefined) picked.name = identity.name;
  if (identity.type !== undefined) picked.type = identity.type;
  if (identity.iss !== undefined) picked.iss = identity.iss;
  return picked;
}
