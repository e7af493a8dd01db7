import { DECISION_OUTCOMES, parseTsMicros } from '@auditorium/frames';
import type { DecisionOutcome, Frame } from '@auditorium/frames';
import { InvalidQueryError } from '@auditorium/store';
import type { SessionSummary, StoredFrame } from '@auditorium/store';
import { CommandIndexer } from '@auditorium/replay';

import type {
  AccessReport,
  AccessReportOptions,
  DeniedExchange,
  IdentityUsage,
  ReportBucket,
  ResourceUsage,
  SeriesPoint,
} from './access-report.types';
import { REPORT_BUCKETS } from './access-report.types';

/** At most this many buckets (an hourly report over ~14 months). */
export const MAX_REPORT_BUCKETS = 10_000;
/** Resources shown one by one in the byResource chart; the rest are summed. */
export const BY_RESOURCE_TOP = 10;
/** Requests remembered to name the method/target of a later denied decision. */
const MAX_PENDING_REQUESTS = 50_000;
const DEFAULT_MAX_DENIED = 50;

const BUCKET_MS: Record<ReportBucket, number> = { hour: 3_600_000, day: 86_400_000 };

type Source<T> = AsyncIterable<T> | Iterable<T>;

/**
 * Builds an access report for an identity and/or resource over [from, to).
 *
 * Sessions: the summaries of every session overlapping the period (the caller
 * may pass more; those outside the scope or period are skipped). Frames
 * (optional): the frames of those sessions; those of other sessions or
 * outside the period are skipped. With frames, activity is counted inside the
 * period exactly and the series has real timing; without, whole sessions are
 * counted at their start. Memory: one entry per session and resource, plus a
 * bounded window of requests.
 */
export async function buildAccessReport(
  sessions: Source<SessionSummary>,
  frames: Source<StoredFrame> | undefined,
  options: AccessReportOptions,
): Promise<AccessReport> {
  const period = checkPeriod(options);
  const { scope } = options;
  const maxDenied = Math.max(0, options.maxDenied ?? DEFAULT_MAX_DENIED);
  const series = new Series(period.fromMs, period.toMs, options.bucket);

  const selected = new Map<string, SessionSummary>();
  const resources = new Map<string, ResourceUsage>();
  const identities = new Map<string, IdentityUsage>();
  const sessionStatus: Record<string, number> = {};
  const sessionTotals = { exchanges: 0, bytes: 0 };
  const sessionDecisions = emptyDecisions();
  const sessionInfoTypes = new Map<string, number>();
  let sessionFirst: number | undefined;
  let sessionLast: number | undefined;

  for await (const s of sessions) {
    if (selected.has(s.sid)) continue;
    if (scope.identity !== undefined && s.identity?.sub !== scope.identity) continue;
    if (scope.resource !== undefined && s.resource?.name !== scope.resource) continue;
    const first = micros(s.startedAt ?? s.firstTs);
    const last = micros(s.lastTs) ?? first;
    if (first === undefined || last === undefined) continue;
    if (first >= period.toMicros || last < period.fromMicros) continue;
    selected.set(s.sid, s);

    sessionStatus[s.status] = (sessionStatus[s.status] ?? 0) + 1;
    sessionTotals.exchanges += s.exchangeCount;
    sessionTotals.bytes += s.bytes;
    for (const o of DECISION_OUTCOMES) sessionDecisions[o] += s.decisions[o] ?? 0;
    for (const [type, n] of Object.entries(s.findings))
      sessionInfoTypes.set(type, (sessionInfoTypes.get(type) ?? 0) + n);
    sessionFirst = sessionFirst === undefined ? first : Math.min(sessionFirst, first);
    sessionLast = sessionLast === undefined ? last : Math.max(sessionLast, last);

    const denied = (s.decisions.deny ?? 0) + (s.decisions['review.rejected'] ?? 0);
    const resource = resourceEntry(resources, s.resource?.name ?? '(unknown)', s.resource?.type);
    resource.sessions++;
    if (s.identity) {
      const id = identities.get(s.identity.sub) ?? {
        sub: s.identity.sub,
        ...(s.identity.name !== undefined ? { name: s.identity.name } : {}),
        ...(s.identity.type !== undefined ? { type: s.identity.type } : {}),
        sessions: 0,
        exchanges: 0,
      };
      id.sessions++;
      identities.set(s.identity.sub, id);
    }
    const at = Math.max(Math.floor(first / 1000), period.fromMs);
    series.add(at, 'sessions', 1);
    if (!frames) {
      resource.exchanges += s.exchangeCount;
      resource.bytes += s.bytes;
      resource.denied += denied;
      const id = s.identity ? identities.get(s.identity.sub) : undefined;
      if (id) id.exchanges += s.exchangeCount;
      series.add(at, 'exchanges', s.exchangeCount);
      series.add(at, 'denied', denied);
    }
  }

  const base = {
    version: 1 as const,
    generatedAt: options.generatedAt ?? new Date().toISOString(),
    scope: { ...scope },
    period: { from: options.from, to: options.to, bucket: options.bucket },
    sessions: selected.size,
    sessionStatus,
  };

  if (!frames) {
    return {
      ...base,
      basis: 'sessions',
      exchanges: sessionTotals.exchanges,
      bytes: sessionTotals.bytes,
      ...finishUsage(resources, identities),
      decisions: sessionDecisions,
      deniedExchanges: [],
      deniedTotal: sessionDecisions.deny + sessionDecisions['review.rejected'],
      infoTypes: sortCounts(sessionInfoTypes),
      ...(sessionFirst !== undefined ? { firstAccess: isoMicros(sessionFirst) } : {}),
      ...(sessionLast !== undefined ? { lastAccess: isoMicros(sessionLast) } : {}),
      series: series.points(),
    };
  }

  // Frames: exact counts inside the period.
  const decisions = emptyDecisions();
  const infoTypes = new Map<string, number>();
  const requests = new Map<string, { method?: string; target?: string }>();
  // interactive sessions: each submitted line is an exchange (libs/replay's command index)
  const commandIndexers = new Map<string, CommandIndexer>();
  const denied: DeniedExchange[] = [];
  let deniedTotal = 0;
  let exchanges = 0;
  let bytes = 0;
  let first: number | undefined;
  let last: number | undefined;

  for await (const stored of frames) {
    const s = selected.get(stored.sid);
    if (!s) continue;
    const t = stored.tsMicros;
    if (t < period.fromMicros || t >= period.toMicros) continue;
    const frame = stored.frame;
    const resource = resourceEntry(resources, s.resource?.name ?? '(unknown)', s.resource?.type);
    const identity = s.identity ? identities.get(s.identity.sub) : undefined;
    const ms = Math.floor(t / 1000);
    first = first === undefined ? t : Math.min(first, t);
    last = last === undefined ? t : Math.max(last, t);
    bytes += stored.bytes;
    resource.bytes += stored.bytes;
    for (const [type, n] of Object.entries(stored.findings)) infoTypes.set(type, (infoTypes.get(type) ?? 0) + n);

    if (isNewExchange(frame, stored.sid, requests) || isSubmittedCommand(stored, commandIndexers)) {
      exchanges++;
      resource.exchanges++;
      if (identity) identity.exchanges++;
      series.add(ms, 'exchanges', 1);
    }
    if (frame.type === 'decision') {
      decisions[frame.outcome]++;
      if (frame.outcome === 'deny' || frame.outcome === 'review.rejected') {
        deniedTotal++;
        resource.denied++;
        series.add(ms, 'denied', 1);
        if (maxDenied > 0) {
          denied.push(deniedExchange(stored, frame.outcome, frame, s, requests));
          if (denied.length >= maxDenied * 2) keepNewest(denied, maxDenied);
        }
      }
    }
  }
  keepNewest(denied, maxDenied);

  return {
    ...base,
    basis: 'frames',
    exchanges,
    bytes,
    ...finishUsage(resources, identities),
    decisions,
    deniedExchanges: denied,
    deniedTotal,
    infoTypes: sortCounts(infoTypes),
    ...(first !== undefined ? { firstAccess: isoMicros(first) } : {}),
    ...(last !== undefined ? { lastAccess: isoMicros(last) } : {}),
    series: series.points(),
  };
}

interface Period {
  fromMicros: number;
  toMicros: number;
  fromMs: number;
  toMs: number;
}

function checkPeriod(options: AccessReportOptions): Period {
  const fromMicros = parseTsMicros(options.from);
  const toMicros = parseTsMicros(options.to);
  if (fromMicros === undefined)
    throw new InvalidQueryError(`from must be an RFC 3339 timestamp, got "${options.from}"`);
  if (toMicros === undefined) throw new InvalidQueryError(`to must be an RFC 3339 timestamp, got "${options.to}"`);
  // [t, t) is an empty period, answered with an empty report; an inverted one is a mistake
  if (toMicros < fromMicros) throw new InvalidQueryError('to must not be before from');
  if (!REPORT_BUCKETS.includes(options.bucket)) {
    throw new InvalidQueryError(`bucket must be one of ${REPORT_BUCKETS.join(', ')}, got "${String(options.bucket)}"`);
  }
  const fromMs = Math.floor(fromMicros / 1000);
  const toMs = Math.ceil(toMicros / 1000);
  const size = BUCKET_MS[options.bucket];
  const buckets = Math.ceil((toMs - floorTo(fromMs, size)) / size);
  if (buckets > MAX_REPORT_BUCKETS) {
    throw new InvalidQueryError(
      `the period spans ${buckets} ${options.bucket} buckets, at most ${MAX_REPORT_BUCKETS} are allowed: use a larger bucket or a shorter period`,
    );
  }
  return { fromMicros, toMicros, fromMs, toMs };
}

/** Counts per bucket, over the whole period (empty buckets included). */
class Series {
  private readonly size: number;
  private readonly start: number;
  private readonly data: SeriesPoint[];

  constructor(fromMs: number, toMs: number, bucket: ReportBucket) {
    this.size = BUCKET_MS[bucket];
    this.start = floorTo(fromMs, this.size);
    const n = Math.max(1, Math.ceil((toMs - this.start) / this.size));
    this.data = Array.from({ length: n }, (_, i) => ({
      start: new Date(this.start + i * this.size).toISOString(),
      sessions: 0,
      exchanges: 0,
      denied: 0,
    }));
  }

  add(ms: number, field: 'sessions' | 'exchanges' | 'denied', n: number): void {
    const i = Math.min(this.data.length - 1, Math.max(0, Math.floor((ms - this.start) / this.size)));
    this.data[i][field] += n;
  }

  points(): SeriesPoint[] {
    return this.data;
  }
}

/** An input frame that submits a line of an interactive session. */
function isSubmittedCommand(stored: StoredFrame, indexers: Map<string, CommandIndexer>): boolean {
  if (stored.frame.type !== 'input') return false;
  let indexer = indexers.get(stored.sid);
  if (!indexer) indexers.set(stored.sid, (indexer = new CommandIndexer()));
  const before = indexer.submitted;
  indexer.push(stored);
  return indexer.submitted > before;
}

/** Request frames open an exchange; a response counts only when its request was not seen. */
function isNewExchange(
  frame: Frame,
  sid: string,
  requests: Map<string, { method?: string; target?: string }>,
): boolean {
  if (frame.type === 'request') {
    const key = `${sid}\u0000${frame.xid}`;
    const seen = requests.has(key);
    requests.delete(key);
    requests.set(key, { method: frame.method, target: frame.target });
    if (requests.size > MAX_PENDING_REQUESTS) requests.delete(requests.keys().next().value as string);
    return !seen;
  }
  if (frame.type === 'response') {
    const key = `${sid}\u0000${frame.xid}`;
    if (requests.has(key)) return false;
    requests.set(key, { method: frame.method, target: frame.target });
    if (requests.size > MAX_PENDING_REQUESTS) requests.delete(requests.keys().next().value as string);
    return true;
  }
  return false;
}

function deniedExchange(
  stored: StoredFrame,
  outcome: 'deny' | 'review.rejected',
  frame: Extract<Frame, { type: 'decision' }>,
  session: SessionSummary,
  requests: Map<string, { method?: string; target?: string }>,
): DeniedExchange {
  const req = frame.xid !== undefined ? requests.get(`${stored.sid}\u0000${frame.xid}`) : undefined;
  const entry: DeniedExchange = { sid: stored.sid, seq: stored.seq, ts: stored.ts, outcome };
  const optional: Partial<DeniedExchange> = {
    identity: session.identity?.sub,
    resource: session.resource?.name,
    xid: frame.xid,
    method: req?.method,
    target: req?.target,
    policy: frame.policy,
    reason: frame.reason,
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) Object.assign(entry, { [k]: v });
  return entry;
}

/** Newest first, at most n (ties by sid, seq for a stable order). */
function keepNewest(items: DeniedExchange[], n: number): void {
  items.sort((a, b) => (micros(b.ts) ?? 0) - (micros(a.ts) ?? 0) || cmp(a.sid, b.sid) || a.seq - b.seq);
  items.length = Math.min(items.length, n);
}

function resourceEntry(map: Map<string, ResourceUsage>, name: string, type: string | undefined): ResourceUsage {
  let entry = map.get(name);
  if (!entry) {
    entry = { name, ...(type !== undefined ? { type } : {}), sessions: 0, exchanges: 0, bytes: 0, denied: 0 };
    map.set(name, entry);
  }
  return entry;
}

function finishUsage(
  resources: Map<string, ResourceUsage>,
  identities: Map<string, IdentityUsage>,
): { resourcesTouched: ResourceUsage[]; identities: IdentityUsage[]; byResource: ResourceUsage[] } {
  const resourcesTouched = [...resources.values()].sort(
    (a, b) => b.exchanges - a.exchanges || b.sessions - a.sessions || cmp(a.name, b.name),
  );
  const byResource = resourcesTouched.slice(0, BY_RESOURCE_TOP).map((r) => ({ ...r }));
  const rest = resourcesTouched.slice(BY_RESOURCE_TOP);
  if (rest.length) {
    byResource.push(
      rest.reduce<ResourceUsage>(
        (sum, r) => ({
          ...sum,
          sessions: sum.sessions + r.sessions,
          exchanges: sum.exchanges + r.exchanges,
          bytes: sum.bytes + r.bytes,
          denied: sum.denied + r.denied,
        }),
        { name: `(${rest.length} other)`, sessions: 0, exchanges: 0, bytes: 0, denied: 0 },
      ),
    );
  }
  const ids = [...identities.values()].sort(
    (a, b) => b.exchanges - a.exchanges || b.sessions - a.sessions || cmp(a.sub, b.sub),
  );
  return { resourcesTouched, identities: ids, byResource };
}

function emptyDecisions(): Record<DecisionOutcome, number> {
  return Object.fromEntries(DECISION_OUTCOMES.map((o) => [o, 0])) as Record<DecisionOutcome, number>;
}

function sortCounts(map: Map<string, number>): Array<{ type: string; count: number }> {
  return [...map.entries()]
    .map(([type, count]) => ({ type, count }))
    .sort((a, b) => b.count - a.count || cmp(a.type, b.type));
}

function micros(ts: string | undefined): number | undefined {
  return ts === undefined ? undefined : parseTsMicros(ts);
}

/** RFC 3339 UTC with microseconds. */
function isoMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  const frac = String(((us % 1_000_000) + 1_000_000) % 1_000_000).padStart(6, '0');
  return `${new Date(ms).toISOString().slice(0, 19)}.${frac}Z`;
}

function floorTo(ms: number, size: number): number {
  return Math.floor(ms / size) * size;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
