import { InvalidQueryError } from './store.errors';

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * Microseconds since the epoch of an RFC 3339 timestamp, keeping the sub-millisecond
 * digits that Date.parse drops. Returns undefined when the text is not RFC 3339.
 */
export function parseTsMicros(ts: string): number | undefined {
  const m = RFC3339.exec(ts);
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}${m[3].toUpperCase()}`);
  if (Number.isNaN(ms)) return undefined;
  const fraction = (m[2] ?? '').padEnd(6, '0').slice(0, 6);
  return ms * 1000 + Number(fraction);
}

/** Like parseTsMicros, for query input: throws InvalidQueryError naming the field. */
export function queryTsMicros(field: string, ts: string): number {
  const micros = parseTsMicros(ts);
  if (micros === undefined) throw new InvalidQueryError(`${field} must be an RFC 3339 timestamp, got "${ts}"`);
  return micros;
}
