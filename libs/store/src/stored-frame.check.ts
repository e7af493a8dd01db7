import type { StoredFrame } from './recording.types';

/**
 * Why a frame cannot be stored as given, or undefined when it can. These are the
 * store's own invariants (the id is the idempotency key, so it must be `sid:seq`);
 * full contract validation happened before, in libs/frames. Every adapter reports
 * such frames in WriteReport.failed with retryable: false.
 */
export function storedFrameProblem(f: StoredFrame): string | undefined {
  if (typeof f.sid !== 'string' || f.sid.length === 0) return 'sid must be a non-empty string';
  if (!Number.isSafeInteger(f.seq) || f.seq < 0) return 'seq must be an integer >= 0';
  if (f.id !== `${f.sid}:${f.seq}`) return `id must be "${f.sid}:${f.seq}"`;
  if (!f.frame || typeof f.frame !== 'object') return 'frame is missing';
  if (f.frame.sid !== f.sid || f.frame.seq !== f.seq || f.frame.type !== f.type) {
    return 'sid, seq and type must match the frame';
  }
  if (typeof f.ts !== 'string' || !Number.isSafeInteger(f.tsMicros)) return 'ts and tsMicros are required';
  if (!Number.isFinite(f.bytes) || f.bytes < 0) return 'bytes must be a number >= 0';
  if (typeof f.hash !== 'string' || f.hash.length === 0) return 'hash is required';
  if (!Number.isFinite(f.ingestedAt)) return 'ingestedAt is required';
  return undefined;
}
