import { ingestSortKey, InvalidCursorError, type IngestPosition } from '@auditorium/store';

/**
 * Where an export stream stands in ingest order (not frame time), so frames
 * that arrive late are still delivered. Each store keeps its own ingest-order
 * key:
 * - `rowid`: SQLite's autoincrement column — the next page is `rowid > n`;
 * - `ingest`: search engines sort by (ingestedAt, id) — the next page is
 *   `search_after [ingestedAt, id]`.
 */
export type ExportPosition = IngestPosition;

export const EXPORT_CURSOR_VERSION = 1;

const MAX_CURSOR_LENGTH = 2048;
const MAX_ID_LENGTH = 512;

/** A cursor that is not one of ours, or is from an unsupported version (→ HTTP 400). */
export class InvalidExportCursorError extends InvalidCursorError {
  constructor(reason: string) {
    super(`invalid export cursor: ${reason}`);
  }
}

/** Opaque cursor text: base64url of `{"v":1,"kind":…}`. */
export function encodeExportCursor(position: ExportPosition): string {
  const checked = checkPosition(position as unknown as Record<string, unknown>);
  if (typeof checked === 'string') throw new InvalidExportCursorError(checked);
  return Buffer.from(JSON.stringify({ v: EXPORT_CURSOR_VERSION, ...checked }), 'utf8').toString('base64url');
}

/** Decodes and validates a cursor; throws InvalidExportCursorError saying what is wrong. */
export function decodeExportCursor(cursor: string): ExportPosition {
  if (typeof cursor !== 'string' || cursor.length === 0) throw new InvalidExportCursorError('empty');
  if (cursor.length > MAX_CURSOR_LENGTH) throw new InvalidExportCursorError('too long');
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new InvalidExportCursorError('not base64url text');
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidExportCursorError('not a cursor issued by this server');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidExportCursorError('not a cursor issued by this server');
  }
  const record = value as Record<string, unknown>;
  if (record.v !== EXPORT_CURSOR_VERSION) {
    throw new InvalidExportCursorError(
      `version ${JSON.stringify(record.v ?? null)} is not supported (expected ${EXPORT_CURSOR_VERSION})`,
    );
  }
  const checked = checkPosition(record);
  if (typeof checked === 'string') throw new InvalidExportCursorError(checked);
  return checked;
}

/** Ingest order of two positions of the same kind: negative when `a` comes first. */
export function compareExportPositions(a: ExportPosition, b: ExportPosition): number {
  if (a.kind === 'rowid' && b.kind === 'rowid') return a.rowid - b.rowid;
  if (a.kind === 'ingest' && b.kind === 'ingest') {
    // the search stores' own sort key: (ingestedAt, sid, seq) with seq numeric ("s:9" before "s:10")
    const [ta, sa, qa] = ingestSortKey(a);
    const [tb, sb, qb] = ingestSortKey(b);
    return ta - tb || (sa < sb ? -1 : sa > sb ? 1 : qa - qb);
  }
  throw new InvalidExportCursorError(`cannot compare a ${a.kind} position with a ${b.kind} position`);
}

function checkPosition(p: Record<string, unknown>): ExportPosition | string {
  const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
  switch (p.kind) {
    case 'rowid':
      if (!isCount(p.rowid)) return 'rowid must be a non-negative integer';
      return { kind: 'rowid', rowid: p.rowid };
    case 'ingest':
      if (!isCount(p.ingestedAt)) return 'ingestedAt must be a non-negative integer (ms since the epoch)';
      if (typeof p.id !== 'string' || p.id.length === 0 || p.id.length > MAX_ID_LENGTH) {
        return `id must be a string of 1–${MAX_ID_LENGTH} characters`;
      }
      return { kind: 'ingest', ingestedAt: p.ingestedAt, id: p.id };
    default:
      return `unknown position kind ${JSON.stringify(p.kind ?? null)}`;
  }
}
