import { decodeCursor, encodeCursor } from './page-cursor';
import { InvalidCursorError } from './store.errors';

describe('page cursors', () => {
  it('round-trips a value as url-safe text', () => {
    const cursor = encodeCursor({ k: 'sessions', t: 1735700000000000, s: 'a/b+c' });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual({ k: 'sessions', t: 1735700000000000, s: 'a/b+c' });
  });

  it('refuses garbage', () => {
    for (const bad of ['', '!!!', 'a b', Buffer.from('{not json').toString('base64url'), 'x'.repeat(5000)]) {
      expect(() => decodeCursor(bad)).toThrow(InvalidCursorError);
    }
  });
});
