import type { Frame } from '@auditorium/frames';
import type { RecordingStore, SeqRange, SessionSeal } from '@auditorium/store';

import { chainHash } from './hash-chain';
import { verifySeal } from './seal';
import type { SealPayload, SealVerificationKeys } from './seal';

/**
 * Outcome of a verification, worst first: `tampered` > `gap` > `unsealed` > `ok`.
 * A tampered frame or seal is evidence of an edit and outranks everything; a
 * gap is missing evidence (lost, never sent, or deleted); `unsealed` only
 * says the session has not ended (or was never sealed) while all present
 * frames check out. `not_found`: no such session and no frames.
 */
export type VerifyStatus = 'ok' | 'tampered' | 'gap' | 'unsealed' | 'not_found';

export interface SealCheck {
  kid: string;
  /** signature verifies with a known key and the signed payload matches the stored chain */
  valid: boolean;
  sealedAt: string;
  /** why it is not valid */
  error?: string;
}

export interface VerifyResult {
  sid: string;
  status: VerifyStatus;
  /** first seq whose frame or hash does not check out (tampered only) */
  firstBadSeq?: number;
  /** missing seq ranges within [0, max(last stored seq, sealed lastSeq)] */
  gaps: SeqRange[];
  /** frames read */
  frames: number;
  /** stored hash of the last frame */
  head?: string;
  lastSeq?: number;
  /** seqs (at most 1000) of frames stored after a higher seq was chained (see ChainTracker) */
  late: number[];
  seal?: SealCheck;
  message: string;
}

/** A frame with its stored hash; the optional record fields are cross-checked when present. */
export interface VerifiableFrame {
  seq: number;
  frame: Frame;
  hash: string;
  id?: string;
  sid?: string;
  type?: string;
  ts?: string;
}

export interface VerifyFramesOptions {
  /** the session expected; taken from the first frame when absent */
  sid?: string;
  seal?: SessionSeal | null;
  /** keys to check the seal with (the JWKS served by the API) */
  keys?: SealVerificationKeys;
  /**
   * How many preceding frames a frame may be linked across (late frames, see
   * ChainTracker); must be ≥ the tracker's window. Default 1024.
   */
  window?: number;
}

const MAX_LATE_LISTED = 1000;

/**
 * Recompute a session's chain from its frames in seq order, in bounded memory
 * (one window of hashes), and check the seal.
 *
 * Rule: a frame links to the nearest lower stored seq. When it does not, it
 * may link to an earlier frame within the window — the frames between are late
 * arrivals and are listed in `late`. A frame right after a gap that links to
 * nothing present is accepted as the start of a new stretch: its predecessor
 * is missing, so the gap is what gets reported. Anything else is `tampered`
 * at that seq; once tampered, hashing stops (the first bad seq is the answer)
 * and the rest is only counted.
 *
 * Used by `verifySession` and by the offline bundle verifier.
 */
export async function verifyFrames(
  frames: Iterable<VerifiableFrame> | AsyncIterable<VerifiableFrame>,
  options: VerifyFramesOptions = {},
): Promise<VerifyResult> {
  const windowSize = Math.max(1, options.window ?? 1024);
  let sid = options.sid;
  let count = 0;
  let prevSeq = -1;
  let lastHash: string | undefined;
  let trimmed = false;
  const recent: Array<{ seq: number; hash: string }> = [];
  const gaps: SeqRange[] = [];
  const late: number[] = [];
  let lastLate = -1;
  let bad: { seq: number; reason: string } | undefined;

  const seal = options.seal ?? undefined;
  const sealCheck = seal && (await checkSealSignature(seal, options.keys));
  const sealed = sealCheck?.payload;
  let hashAtSealedSeq: string | undefined;
  let framesUpToSealedSeq = 0;

  for await (const item of frames) {
    sid ??= item.frame.sid;
    const seq = item.seq;
    if (!bad) {
      const mismatch = recordMismatch(item, sid);
      if (mismatch) bad = { seq, reason: mismatch };
      else if (seq <= prevSeq) bad = { seq, reason: `seq out of order after ${prevSeq}` };
    }
    const gapBefore = seq > prevSeq + 1;
    if (gapBefore) gaps.push({ from: prevSeq + 1, to: seq - 1 });
    count++;

    if (!bad) {
      const prev = recent.length ? recent[recent.length - 1].hash : null;
      if (chainHash(prev, item.frame) !== item.hash) {
        const j = findLink(recent, trimmed, item);
        if (j !== undefined) {
          for (let k = j + 1; k < recent.length; k++) {
            const s = recent[k].seq;
            if (s > lastLate) {
              if (late.length < MAX_LATE_LISTED) late.push(s);
              lastLate = s;
            }
          }
        } else if (!gapBefore) {
          bad = { seq, reason: 'stored hash does not match the frame' };
        }
      }
    }

    if (sealed && seq <= sealed.lastSeq) {
      framesUpToSealedSeq++;
      if (seq === sealed.lastSeq) hashAtSealedSeq = item.hash;
    }
    recent.push({ seq, hash: item.hash });
    if (recent.length > windowSize) {
      recent.shift();
      trimmed = true;
    }
    prevSeq = Math.max(prevSeq, seq);
    lastHash = item.hash;
  }

  sid ??= '';
  if (sealed && sealed.lastSeq > prevSeq) gaps.push({ from: prevSeq + 1, to: sealed.lastSeq });

  const base = {
    sid,
    gaps,
    frames: count,
    late,
    ...(lastHash !== undefined ? { head: lastHash, lastSeq: prevSeq } : {}),
  };

  if (count === 0 && !seal) {
    return { ...base, status: 'not_found', message: `not_found: no frames for session ${sid || '(unknown)'}` };
  }

  let sealResult: SealCheck | undefined;
  let sealProblem: string | undefined;
  if (seal && sealCheck) {
    sealProblem = sealCheck.error ?? (sealed && compareSeal(seal, sealed, sealCheck.kid, sid, hashAtSealedSeq));
    sealResult = {
      kid: sealCheck.kid ?? seal.kid,
      valid: !sealProblem,
      sealedAt: sealed?.sealedAt ?? seal.sealedAt,
      ...(sealProblem ? { error: sealProblem } : {}),
    };
  }

  if (bad) {
    return {
      ...base,
      status: 'tampered',
      firstBadSeq: bad.seq,
      ...(sealResult ? { seal: sealResult } : {}),
      message: `tampered at seq ${bad.seq}: ${bad.reason}`,
    };
  }
  if (sealProblem) {
    const headMismatch = sealed && hashAtSealedSeq !== undefined && hashAtSealedSeq !== sealed.head;
    return {
      ...base,
      status: 'tampered',
      ...(headMismatch ? { firstBadSeq: sealed.lastSeq } : {}),
      seal: sealResult,
      message: headMismatch ? `tampered at seq ${sealed.lastSeq}: ${sealProblem}` : `tampered: ${sealProblem}`,
    };
  }

  const notes: string[] = [];
  if (sealed) {
    if (framesUpToSealedSeq < sealed.frames) notes.push(`${sealed.frames - framesUpToSealedSeq} sealed frames missing`);
    const after = count - framesUpToSealedSeq;
    if (after > 0) notes.push(`${after} frames after seq ${sealed.lastSeq} not covered by the seal`);
  }
  if (lastLate >= 0) notes.push(`${late.length} late frames not covered by the chain head`);
  const suffix = notes.length ? ` (${notes.join('; ')})` : '';

  if (gaps.length) {
    const more = gaps.length > 1 ? `, ${gaps.length - 1} more gaps` : '';
    return {
      ...base,
      status: 'gap',
      ...(sealResult ? { seal: sealResult } : {}),
      message: `gap at seq ${formatRange(gaps[0])}${more}${suffix}`,
    };
  }
  if (!sealResult) {
    return { ...base, status: 'unsealed', message: `unsealed: session has no seal yet (still active?)${suffix}` };
  }
  return {
    ...base,
    status: 'ok',
    seal: sealResult,
    message: `ok: ${count} frames, seal by kid ${sealResult.kid} at ${sealResult.sealedAt}${suffix}`,
  };
}

/**
 * Verify a stored session: stream its frames (bounded memory), recompute the
 * chain, check gaps and the seal against `keys` (the public JWKS).
 */
export async function verifySession(
  store: RecordingStore,
  sid: string,
  keys: SealVerificationKeys,
  options: Omit<VerifyFramesOptions, 'sid' | 'seal' | 'keys'> = {},
): Promise<VerifyResult> {
  const session = await store.getSession(sid);
  const result = await verifyFrames(store.streamFrames(sid), { ...options, sid, seal: session?.seal, keys });
  if (!session && result.frames === 0) {
    return { ...result, status: 'not_found', message: `not_found: no session ${sid}` };
  }
  return result;
}

/** Index in `recent` of an earlier frame this one is linked to, or -1 for genesis; undefined if none. */
function findLink(
  recent: ReadonlyArray<{ hash: string }>,
  trimmed: boolean,
  item: VerifiableFrame,
): number | undefined {
  for (let j = recent.length - 2; j >= 0; j--) {
    if (chainHash(recent[j].hash, item.frame) === item.hash) return j;
  }
  if (!trimmed && recent.length > 0 && chainHash(null, item.frame) === item.hash) return -1;
  return undefined;
}

function recordMismatch(item: VerifiableFrame, sid: string): string | undefined {
  const f = item.frame;
  if (f.seq !== item.seq) return `record seq ${item.seq} holds a frame with seq ${f.seq}`;
  if (f.sid !== sid) return `frame belongs to session ${f.sid}`;
  if (item.sid !== undefined && item.sid !== sid) return `record belongs to session ${item.sid}`;
  if (item.id !== undefined && item.id !== `${sid}:${item.seq}`) return `record id ${item.id} does not match`;
  if (item.type !== undefined && item.type !== f.type) return `record type ${item.type} differs from the frame`;
  if (item.ts !== undefined && item.ts !== f.ts) return `record ts ${item.ts} differs from the frame`;
  return undefined;
}

async function checkSealSignature(
  seal: SessionSeal,
  keys: SealVerificationKeys | undefined,
): Promise<{ kid?: string; payload?: SealPayload; error?: string }> {
  if (!keys) return { kid: seal.kid, error: 'no keys given to check the seal' };
  const v = await verifySeal(seal, keys);
  return v.valid ? { kid: v.kid, payload: v.payload } : { kid: v.kid ?? seal.kid, error: `seal invalid: ${v.error}` };
}

function compareSeal(
  stored: SessionSeal,
  signed: SealPayload,
  signedKid: string | undefined,
  sid: string,
  hashAtSealedSeq: string | undefined,
): string | undefined {
  if (signed.sid !== sid) return `seal is for session ${signed.sid}`;
  if (
    stored.kid !== signedKid ||
    stored.lastSeq !== signed.lastSeq ||
    stored.head !== signed.head ||
    stored.sealedAt !== signed.sealedAt
  ) {
    return 'stored seal fields differ from the signed payload';
  }
  if (hashAtSealedSeq !== undefined && hashAtSealedSeq !== signed.head) {
    return `sealed head does not match the chain at seq ${signed.lastSeq}`;
  }
  return undefined;
}

function formatRange(r: SeqRange): string {
  return r.from === r.to ? `${r.from}` : `${r.from}–${r.to}`;
}
