import { Frame, frameId, tsToMicros } from '@auditorium/frames';
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
