import { TS_PATTERN } from './frame.types';

const MICROS_PER_SECOND = 1_000_000;
const SECONDS_PER_DAY = 86_400;
const FRACTION_SCALE = [1, 100_000, 10_000, 1_000, 100, 10, 1];

/**
 * Microseconds since the Unix epoch of an RFC 3339 frame timestamp, honouring
 * its offset and 1–6 fraction digits; `undefined` when the text does not match
 * TS_PATTERN or names a date or time that does not exist (2026-02-30, 24:00,
 * leap seconds). Safe as a number for years up to 2255.
 */
export function parseTsMicros(ts: string): number | undefined {
  if (!TS_PATTERN.test(ts)) return undefined;
  const year = digits(ts, 0, 4);
  const month = digits(ts, 5, 2);
  const day = digits(ts, 8, 2);
  const hour = digits(ts, 11, 2);
  const minute = digits(ts, 14, 2);
  const second = digits(ts, 17, 2);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;

  let i = 19;
  let fraction = 0;
  if (ts.charCodeAt(i) === 0x2e /* . */) {
    const start = ++i;
    while (i < ts.length && isDigit(ts.charCodeAt(i))) i++;
    fraction = digits(ts, start, i - start) * FRACTION_SCALE[i - start];
  }
  let offsetSeconds = 0;
  if (ts.charCodeAt(i) !== 0x5a /* Z */) {
    const sign = ts.charCodeAt(i) === 0x2d /* - */ ? -1 : 1;
    const offsetHour = digits(ts, i + 1, 2);
    const offsetMinute = digits(ts, i + 4, 2);
    if (offsetHour > 23 || offsetMinute > 59) return undefined;
    offsetSeconds = sign * (offsetHour * 3600 + offsetMinute * 60);
  }
  const seconds =
    daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second - offsetSeconds;
  return seconds * MICROS_PER_SECOND + fraction;
}

/** True when `ts` is a frame timestamp naming a real instant (see parseTsMicros). */
export function isFrameTimestamp(ts: unknown): ts is string {
  return typeof ts === 'string' && parseTsMicros(ts) !== undefined;
}

/**
 * Microseconds since the Unix epoch of a frame timestamp.
 * @throws RangeError when `ts` is not a valid frame timestamp
 */
export function tsToMicros(ts: string): number {
  const micros = parseTsMicros(ts);
  if (micros === undefined) {
    throw new RangeError(
      `invalid frame timestamp ${JSON.stringify(ts)}: expected RFC 3339 like 2026-01-31T12:00:00.123456Z`,
    );
  }
  return micros;
}

/** The UTC RFC 3339 form with six fraction digits, e.g. 2026-01-31T12:00:00.123456Z. */
export function microsToTs(micros: number): string {
  if (!Number.isSafeInteger(micros)) throw new RangeError(`micros must be a safe integer, got ${micros}`);
  const fraction = ((micros % MICROS_PER_SECOND) + MICROS_PER_SECOND) % MICROS_PER_SECOND;
  const millis = (micros - fraction) / 1000;
  const iso = new Date(millis).toISOString(); // YYYY-MM-DDTHH:MM:SS.000Z
  return `${iso.slice(0, 19)}.${String(fraction).padStart(6, '0')}Z`;
}

function digits(text: string, start: number, length: number): number {
  let n = 0;
  for (let i = start; i < start + length; i++) n = n * 10 + (text.charCodeAt(i) - 0x30);
  return n;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
