import { InvalidQueryError } from './store.errors';
import { parseTsMicros, queryTsMicros } from './timestamp';

describe('parseTsMicros', () => {
  it('keeps microseconds', () => {
    expect(parseTsMicros('2025-01-02T03:04:05.123456Z')).toBe(Date.UTC(2025, 0, 2, 3, 4, 5) * 1000 + 123456);
    expect(parseTsMicros('2025-01-02T03:04:05Z')).toBe(Date.UTC(2025, 0, 2, 3, 4, 5) * 1000);
    expect(parseTsMicros('2025-01-02T03:04:05.1Z')).toBe(Date.UTC(2025, 0, 2, 3, 4, 5) * 1000 + 100000);
  });

  it('applies offsets', () => {
    expect(parseTsMicros('2025-01-02T05:04:05.000001+02:00')).toBe(Date.UTC(2025, 0, 2, 3, 4, 5) * 1000 + 1);
  });

  it('rejects what is not RFC 3339', () => {
    expect(parseTsMicros('yesterday')).toBeUndefined();
    expect(parseTsMicros('2025-01-02')).toBeUndefined();
    expect(parseTsMicros('2025-13-02T03:04:05Z')).toBeUndefined();
    expect(() => queryTsMicros('from', 'soon')).toThrow(InvalidQueryError);
    expect(() => queryTsMicros('from', 'soon')).toThrow(/from/);
  });
});
