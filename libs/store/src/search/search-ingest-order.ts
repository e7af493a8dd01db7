import { frameId } from '@auditorium/frames';
import type { IngestPosition } from '../recording.types';
import { InvalidCursorError, StoreError } from '../store.errors';

/**
 * Default settle window of ingest-order reads: well above the frames indices'
 * refresh interval (1 s) plus the clock skew between ingester replicas and API
 * hosts, and above how long one bulk write normally takes.
 */
export const DEFAULT_EXPORT_SETTLE_MS = 5000;

/** The sort of ingest order: (ingestedAt, id), the id compared as (sid, seq) — what the frames mapping indexes. */
export const INGEST_ORDER_SORT = [{ ingestedAt: 'asc' }, { sid: 'asc' }, { seq: 'asc' }] as const;

/** search_after values of a position: [ingestedAt, sid, seq]. */
export type IngestSortKey = [number, string, number];

/**
 * The sort key of a position handed out by readIngestOrder. Its id is the frame id
 * `sid:seq` (a sid may itself hold ':', the seq is what follows the last one).
 * Anything else — a SQLite rowid, a forged id — is InvalidCursorError.
 */
export function ingestSortKey(position: IngestPosition): IngestSortKey {
  if (position.kind !== 'ingest') {
    throw new InvalidCursorError(`a ${position.kind} position is not a search engine ingest position`);
  }
  const { ingestedAt, id } = position;
  if (!Number.isSafeInteger(ingestedAt) || ingestedAt < 0) {
    throw new InvalidCursorError('ingestedAt must be a non-negative integer');
  }
  const colon = typeof id === 'string' ? id.lastIndexOf(':') : -1;
  const sid = colon > 0 ? id.slice(0, colon) : '';
  const seqText = colon > 0 ? id.slice(colon + 1) : '';
  const seq = Number(seqText);
  if (sid.length === 0 || sid.length > 128 || !/^\d{1,16}$/.test(seqText) || !Number.isSafeInteger(seq)) {
    throw new InvalidCursorError('the position id is not a frame id (sid:seq)');
  }
  return [ingestedAt, sid, seq];
}

/** The position of a frame in ingest order. */
export function ingestPositionOf(frame: { ingestedAt: number; sid: string; seq: number }): IngestPosition {
  return { kind: 'ingest', ingestedAt: frame.ingestedAt, id: frameId(frame.sid, frame.seq) };
}

/** Checks a settle window option: a non-negative integer of milliseconds. */
export function settleWindowMs(value: number | undefined): number {
  if (value === undefined) return DEFAULT_EXPORT_SETTLE_MS;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new StoreError(`exportSettleMs must be a non-negative integer of milliseconds, got ${value}`);
  }
  return value;
}
