import { InvalidCursorError, StoreError } from '../store.errors';
import { DEFAULT_EXPORT_SETTLE_MS, ingestPositionOf, ingestSortKey, settleWindowMs } from './search-ingest-order';

describe('search ingest order', () => {
  it('turns a position into search_after values and back', () => {
    const position = ingestPositionOf({ ingestedAt: 1_767_000_000_123, sid: 'urn:gw:7', seq: 42 });
    expect(position).toEqual({ kind: 'ingest', ingestedAt: 1_767_000_000_123, id: 'urn:gw:7:42' });
    expect(ingestSortKey(position)).toEqual([1_767_000_000_123, 'urn:gw:7', 42]);
  });

  it('refuses positions that are not frame positions', () => {
    expect(() => ingestSortKey({ kind: 'rowid', rowid: 1 })).toThrow(InvalidCursorError);
    for (const id of ['', 'abc', ':1', 'a:', 'a:x', 'a:-1', 'a:1e3', `${'s'.repeat(129)}:1`]) {
      expect(() => ingestSortKey({ kind: 'ingest', ingestedAt: 1, id })).toThrow(InvalidCursorError);
    }
    for (const ingestedAt of [-1, 1.5, Number.NaN]) {
      expect(() => ingestSortKey({ kind: 'ingest', ingestedAt, id: 'a:1' })).toThrow(InvalidCursorError);
    }
  });

  it('checks the settle window', () => {
    expect(settleWindowMs(undefined)).toBe(DEFAULT_EXPORT_SETTLE_MS);
    expect(settleWindowMs(0)).toBe(0);
    expect(() => settleWindowMs(-1)).toThrow(StoreError);
    expect(() => settleWindowMs(1.5)).toThrow(StoreError);
  });
});
