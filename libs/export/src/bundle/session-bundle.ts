import type { Frame } from '@auditorium/frames';
import type { SealJwks } from '@auditorium/integrity';
import type { SessionSeal, SessionSummary, StoredFrame } from '@auditorium/store';

/*
 * The self-verifying session bundle: one NDJSON document that carries what an
 * offline `verify` needs — the masked frames with their chain hashes, the
 * seal, and the public key(s) that signed it.
 *
 *   line 1      header   { format, version, createdAt, session, seal, jwks }
 *   line 2..n   frame    { seq, id, type, ts, hash, frame }   in seq order
 *   last line   end      { end: true, frames, head }
 *
 * Frame lines hold nothing the chain does not cover (id, type and ts are
 * cross-checked against the frame), so any edit to a frame line shows up as
 * a bad seq. The header's session summary and the end line are conveniences:
 * the verifier checks them against the verified frames, never trusts them.
 */

export const SESSION_BUNDLE_FORMAT = 'auditorium.session-bundle';
export const SESSION_BUNDLE_VERSION = 1;
export const SESSION_BUNDLE_CONTENT_TYPE = 'application/x-ndjson; charset=utf-8';
export const SESSION_BUNDLE_FILE_EXTENSION = 'bundle.ndjson';

export interface SessionBundleHeader {
  format: typeof SESSION_BUNDLE_FORMAT;
  version: typeof SESSION_BUNDLE_VERSION;
  /** RFC 3339 */
  createdAt: string;
  session: SessionSummary;
  seal: SessionSeal | null;
  /** public keys to check the seal with; verifiers should pin them (see verifyBundle) */
  jwks: SealJwks;
}

export interface SessionBundleFrame {
  seq: number;
  id: string;
  type: Frame['type'];
  ts: string;
  /** chain hash h(seq), hex */
  hash: string;
  /** the masked frame as stored */
  frame: Frame;
}

export interface SessionBundleEnd {
  end: true;
  /** number of frame lines */
  frames: number;
  /** hash of the last frame line, when there is one */
  head?: string;
}

export interface SessionBundleOptions {
  /** default: now */
  createdAt?: string;
}

export class SessionBundleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SessionBundleError';
  }
}

/**
 * The bundle, line by line (each ending in "\n"), in bounded memory: frames
 * are read from `frames` as they are written. Frames must be the session's,
 * in ascending seq order (RecordingStore.streamFrames gives exactly that).
 */
export async function* sessionBundleLines(
  session: SessionSummary,
  frames: AsyncIterable<StoredFrame> | Iterable<StoredFrame>,
  jwks: SealJwks,
  options: SessionBundleOptions = {},
): AsyncGenerator<string> {
  const header: SessionBundleHeader = {
    format: SESSION_BUNDLE_FORMAT,
    version: SESSION_BUNDLE_VERSION,
    createdAt: options.createdAt ?? new Date().toISOString(),
    session,
    seal: session.seal ?? null,
    jwks: keysFor(jwks, session.seal?.kid),
  };
  yield `${JSON.stringify(header)}\n`;
  let count = 0;
  let head: string | undefined;
  let prevSeq = -1;
  for await (const stored of frames) {
    if (stored.sid !== session.sid) {
      throw new SessionBundleError(`frame ${stored.id} does not belong to session ${session.sid}`);
    }
    if (stored.seq <= prevSeq) throw new SessionBundleError(`frames out of seq order at ${stored.id}`);
    prevSeq = stored.seq;
    const line: SessionBundleFrame = {
      seq: stored.seq,
      id: stored.id,
      type: stored.type,
      ts: stored.ts,
      hash: stored.hash,
      frame: stored.frame,
    };
    yield `${JSON.stringify(line)}\n`;
    count++;
    head = stored.hash;
  }
  const end: SessionBundleEnd = { end: true, frames: count, ...(head !== undefined ? { head } : {}) };
  yield `${JSON.stringify(end)}\n`;
}

/** The whole bundle as one string (small sessions, tests); stream sessionBundleLines for big ones. */
export async function createSessionBundle(
  session: SessionSummary,
  frames: AsyncIterable<StoredFrame> | Iterable<StoredFrame>,
  jwks: SealJwks,
  options: SessionBundleOptions = {},
): Promise<string> {
  const parts: string[] = [];
  for await (const line of sessionBundleLines(session, frames, jwks, options)) parts.push(line);
  return parts.join('');
}

/** Only the sealing key when the JWKS has it (rotation history stays out); otherwise all keys. */
function keysFor(jwks: SealJwks, kid: string | undefined): SealJwks {
  const match = kid === undefined ? [] : jwks.keys.filter((k) => k.kid === kid);
  return { keys: (match.length ? match : jwks.keys).map((k) => ({ ...k })) };
}
