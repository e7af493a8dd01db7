import { isFrameTimestamp, microsToTs, parseTsMicros, tsToMicros } from './frame-timestamp';

const EPOCH_2026 = Date.UTC(2026, 0, 31, 12, 0, 0) * 1000;

describe('tsToMicros', () => {
  it('reads UTC timestamps without a fraction', () => {
    expect(tsToMicros('2026-01-31T12:00:00Z')).toBe(EPOCH_2026);
    expect(tsToMicros('1970-01-01T00:00:00Z')).toBe(0);
  });

  it.each([
    ['.1', 100_000],
    ['.12', 120_000],
    ['.123', 123_000],
    ['.1234', 123_400],
    ['.12345', 123_450],
    ['.123456', 123_456],
    ['.000001', 1],
  ])('reads %s fraction digits as microseconds', (fraction, micros) => {
    expect(tsToMicros(`2026-01-31T12:00:00${fraction}Z`)).toBe(EPOCH_2026 + micros);
  });

  it('honours offsets, including ones that cross a day or a year', () => {
    expect(tsToMicros('2026-01-31T14:00:00+02:00')).toBe(EPOCH_2026);
    expect(tsToMicros('2026-01-31T06:30:00-05:30')).toBe(EPOCH_2026);
    expect(tsToMicros('2026-01-31T12:00:00-00:00')).toBe(EPOCH_2026);
    expect(tsToMicros('2025-12-31T23:30:00.5-01:00')).toBe(Date.UTC(2026, 0, 1, 0, 30) * 1000 + 500_000);
    expect(tsToMicros('2026-01-01T00:15:00+14:00')).toBe(Date.UTC(2025, 11, 31, 10, 15) * 1000);
  });

  it('agrees with Date.parse to the millisecond over many dates', () => {
    for (let ms = Date.UTC(1999, 0, 1); ms < Date.UTC(2101, 0, 1); ms += 86_400_000 * 37 + 3_600_123) {
      const iso = new Date(ms).toISOString();
      expect(tsToMicros(iso)).toBe(ms * 1000);
    }
  });

  it('handles leap days and dates before the epoch', () => {
    expect(tsToMicros('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29) * 1000);
    expect(tsToMicros('2000-02-29T00:00:00Z')).toBe(Date.UTC(2000, 1, 29) * 1000);
    expect(tsToMicros('1969-12-31T23:59:59.999999Z')).toBe(-1);
    expect(tsToMicros('0001-01-01T00:00:00Z')).toBe(Date.parse('0001-01-01T00:00:00Z') * 1000);
  });

  it.each([
    '2026-02-30T00:00:00Z',
    '2026-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-00-10T00:00:00Z',
    '2026-01-00T00:00:00Z',
    '2026-01-31T24:00:00Z',
    '2026-01-31T12:60:00Z',
    '2026-12-31T23:59:60Z',
    '2026-01-31T12:00:00+24:00',
    '2026-01-31T12:00:00+01:60',
    '2026-01-31T12:00:00.1234567Z',
    '2026-01-31T12:00:00.Z',
    '2026-01-31T12:00:00',
    '2026-01-31 12:00:00Z',
    '2026-01-31t12:00:00z',
    '2026-01-31T12:00Z',
    '2026-01-31T12:00:00+0100',
    '20260131T120000Z',
    ' 2026-01-31T12:00:00Z',
    '',
  ])('rejects %j', (ts) => {
    expect(parseTsMicros(ts)).toBeUndefined();
    expect(isFrameTimestamp(ts)).toBe(false);
    expect(() => tsToMicros(ts)).toThrow(RangeError);
  });

  it('isFrameTimestamp refuses non-strings', () => {
    expect(isFrameTimestamp(1_700_000_000)).toBe(false);
    expect(isFrameTimestamp(null)).toBe(false);
  });
});

describe('microsToTs', () => {
  it('writes UTC with six fraction digits and round-trips', () => {
    expect(microsToTs(EPOCH_2026 + 7)).toBe('2026-01-31T12:00:00.000007Z');
    expect(microsToTs(-1)).toBe('1969-12-31T23:59:59.999999Z');
    for (const ts of ['2026-01-31T12:00:00.123456Z', '2024-02-29T23:59:59.999999Z', '1970-01-01T00:00:00.000000Z']) {
      expect(microsToTs(tsToMicros(ts))).toBe(ts);
    }
  });

  it('refuses non-integers', () => {
    expect(() => microsToTs(1.5)).toThrow(RangeError);
  });
});
