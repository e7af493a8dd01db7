import type { DecisionOutcome, IdentityType } from '@auditorium/frames';

export type ReportBucket = 'hour' | 'day';
export const REPORT_BUCKETS: readonly ReportBucket[] = ['hour', 'day'];

/** Whose access the report covers; both given means both must match, neither means everything. */
export interface AccessReportScope {
  /** identity sub */
  identity?: string;
  /** resource name */
  resource?: string;
}

export interface AccessReportOptions {
  scope: AccessReportScope;
  /** RFC 3339, inclusive */
  from: string;
  /** RFC 3339, exclusive */
  to: string;
  bucket: ReportBucket;
  /** how many denied exchanges to list (most recent first); default 50 */
  maxDenied?: number;
  /** default: now */
  generatedAt?: string;
}

export interface ResourceUsage {
  name: string;
  type?: string;
  sessions: number;
  exchanges: number;
  bytes: number;
  /** deny + review.rejected decisions */
  denied: number;
}

export interface IdentityUsage {
  sub: string;
  name?: string;
  type?: IdentityType;
  sessions: number;
  exchanges: number;
}

export interface DeniedExchange {
  sid: string;
  seq: number;
  ts: string;
  outcome: Extract<DecisionOutcome, 'deny' | 'review.rejected'>;
  identity?: string;
  resource?: string;
  xid?: string;
  /** from the exchange's request, when it was seen */
  method?: string;
  target?: string;
  policy?: string;
  reason?: string;
}

export interface InfoTypeCount {
  type: string;
  count: number;
}

export interface SeriesPoint {
  /** bucket start, RFC 3339 UTC */
  start: string;
  sessions: number;
  exchanges: number;
  denied: number;
}

export interface AccessReport {
  version: 1;
  generatedAt: string;
  scope: AccessReportScope;
  period: { from: string; to: string; bucket: ReportBucket };
  /**
   * `frames`: exchanges, bytes, decisions, info types, first/last access and
   * the series were counted from the frames inside the period; `sessions`:
   * from the summaries of the sessions overlapping it (whole sessions).
   */
  basis: 'frames' | 'sessions';
  sessions: number;
  /** sessions by status (active, ok, error, killed, timeout) */
  sessionStatus: Record<string, number>;
  exchanges: number;
  bytes: number;
  resourcesTouched: ResourceUsage[];
  identities: IdentityUsage[];
  decisions: Record<DecisionOutcome, number>;
  deniedExchanges: DeniedExchange[];
  /** all denied exchanges; deniedExchanges lists at most maxDenied of them */
  deniedTotal: number;
  /** info types masked, most frequent first */
  infoTypes: InfoTypeCount[];
  firstAccess?: string;
  lastAccess?: string;
  /** access over time, one point per bucket across the period */
  series: SeriesPoint[];
  /** chart data: the top resources by exchanges, the rest summed as "(other)" */
  byResource: ResourceUsage[];
}
