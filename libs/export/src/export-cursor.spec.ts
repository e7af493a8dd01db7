import { InvalidCursorError } from '@auditorium/store';

import {
  compareExportPositions,
  decodeExportCursor,
  encodeExportCursor,
  InvalidExportCursorError,
} from './export-cursor';

describe('export cursor', () => {
  it('round-trips both position kinds through opaque base64url text', () => {
    for (const pos of [
      { kind: 'rowid' as const, rowid: 0 },
      { kind: 'rowid' as const, rowid: 9_007_199_254_740_991 },
      { kind: 'ingest' as const, ingestedAt: 1_767_000_000_123, id: 'sess:1:42' },
    ]) {
      const cursor = encodeExportCursor(pos);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeExportCursor(cursor)).toEqual(pos);
    }
    const raw = JSON.parse(Buffer.from(encodeExportCursor({ kind: 'rowid', rowid: 5 }), 'base64url').toString()) as {
      v: number;
    };
    expect(raw.v).toBe(1);
  });

  it.each([
    ['', /empty/],
    ['not base64!', /base64url/],
    ['x'.repeat(5000), /too long/],
    [Buffer.from('not json').toString('base64url'), /not a cursor issued/],
    [Buffer.from('[1,2]').toString('base64url'), /not a cursor issued/],
    [Buffer.from('{"kind":"rowid","rowid":1}').toString('base64url'), /version null is not supported/],
    [Buffer.from('{"v":2,"kind":"rowid","rowid":1}').toString('base64url'), /version 2 is not supported/],
    [Buffer.from('{"v":1,"kind":"page","n":1}').toString('base64url'), /unknown position kind "page"/],
    [Buffer.from('{"v":1,"kind":"rowid","rowid":-1}').toString('base64url'), /rowid must be/],
    [Buffer.from('{"v":1,"kind":"rowid","rowid":1.5}').toString('base64url'), /rowid must be/],
    [Buffer.from('{"v":1,"kind":"ingest","ingestedAt":"5","id":"a"}').toString('base64url'), /ingestedAt must be/],
    [Buffer.from('{"v":1,"kind":"ingest","ingestedAt":5,"id":""}').toString('base64url'), /id must be/],
  ])('rejects %j with a clear error', (cursor, message) => {
    let thrown: unknown;
    try {
      decodeExportCursor(cursor);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(InvalidExportCursorError);
    expect(thrown).toBeInstanceOf(InvalidCursorError);
    expect((thrown as Error).message).toMatch(/^invalid export cursor: /);
    expect((thrown as Error).message).toMatch(message);
  });

  it('refuses to encode a bad position', () => {
    expect(() => encodeExportCursor({ kind: 'rowid', rowid: -3 })).toThrow(InvalidExportCursorError);
  });

  it('orders positions in ingest order', () => {
    expect(compareExportPositions({ kind: 'rowid', rowid: 1 }, { kind: 'rowid', rowid: 2 })).toBeLessThan(0);
    const a = { kind: 'ingest' as const, ingestedAt: 10, id: 'a:1' };
    expect(compareExportPositions(a, { kind: 'ingest', ingestedAt: 10, id: 'a:2' })).toBeLessThan(0);
    expect(compareExportPositions(a, { kind: 'ingest', ingestedAt: 9, id: 'z:9' })).toBeGreaterThan(0);
    expect(compareExportPositions(a, { ...a })).toBe(0);
    // the seq compares as a number, as the search stores sort it
    const at = (id: string) => ({ kind: 'ingest' as const, ingestedAt: 10, id });
    expect(compareExportPositions(at('s:9'), at('s:10'))).toBeLessThan(0);
    expect(compareExportPositions(at('a:b:10'), at('a:b:9'))).toBeGreaterThan(0);
    expect(compareExportPositions(at('a:99'), at('b:1'))).toBeLessThan(0);
    expect(() => compareExportPositions(a, { kind: 'rowid', rowid: 1 })).toThrow(InvalidExportCursorError);
  });
});
