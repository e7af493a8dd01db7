import type { ClientInfo, DecisionOutcome, GatewayInfo, Identity, Resource } from '@auditorium/frames';

import type { SeqRange, SessionSeal, SessionStatus, SessionSummary, StoredFrame } from '../recording.types';

export { pickFrameIdentity } from '../stored-frame.of';

/**
 * The session summary as stored in the sessions index (doc id = sid). Filters use
 * the flat keyword/long fields; the rest lives in _source only. Beyond the
 * summary it keeps what makes the merge exact and idempotent:
 * - `applied`: the seq ranges already counted into the summary. A frame is merged
 *   once, when its seq is not in there — whether its create answered 201, or 409
 *   because an earlier attempt stored it and crashed before updating the summary.
 * - `pendingRequests` / `pendingResponses`: exchanges with only one of their two
 *   frames counted yet (by xid), so an exchange split over batches counts once
 *   while the document stays small: a pair that completes leaves the set. (The
 *   contract pairs one request with one response per xid; a frame repeating a
 *   completed pair's xid would count as a new exchange.) Documents written
 *   before these fields keep their full `xids` list, still honoured.
 *   Everything else here is O(1) in the session's length but `applied`/`gaps`
 *   (O(number of gaps)) and pending exchanges (O(unanswered requests)).
 * - `head`: the chain head (highest seq and its hash), so getChainHead is a
 *   realtime GET of this document, not a search.
 */
export interface SessionDoc {
  sid: string;
  identitySub?: string;
  resourceName?: string;
  resourceType?: string;
  identity?: Identity;
  resource?: Resource;
  client?: ClientInfo;
  gateway?: GatewayInfo;
  labels?: Record<string, string>;
  correlationId?: string;
  status: SessionStatus;
  startedAt?: string;
  startedMicros?: number;
  endedAt?: string;
  firstTs: string;
  firstMicros: number;
  lastTs: string;
  lastMicros: number;
  /** startedMicros, or firstMicros until session.start is stored: the search order */
  sortMicros: number;
  frameCount: number;
  exchangeCount: number;
  bytes: number;
  maxSeq: number;
  gaps: SeqRange[];
  applied: SeqRange[];
  head: { seq: number; hash: string };
  decisions: Partial<Record<DecisionOutcome, number>>;
  decisionOutcomes: string[];
  findings: Record<string, number>;
  infoTypes: string[];
  findingsTotal: number;
  /** findings as nested rows, so identities can sum them per info type */
  findingList: Array<{ infoType: string; count: number }>;
  pendingRequests: string[];
  pendingResponses: string[];
  /** documents written before pending*: every xid seen (read, never grown) */
  xids?: string[];
  seal?: SessionSeal;
  legalHold?: boolean;
  updatedAt: number;
}

export type FrameIdentity = NonNullable<StoredFrame['identity']>;

export interface SessionMerge {
  doc: SessionDoc;
  /** frames counted into the summary by this merge (their seq was not applied before) */
  applied: number;
  /** the first session.start was merged now: identity and resource became known */
  startApplied: boolean;
}

/**
 * Merges the frames that landed in storage (created now, or found already there)
 * into a session's summary. Pure and deterministic: frames whose seq the summary
 * already counts are skipped, so merging the same frames again changes nothing.
 * Rules as the port states them: identity etc. from the first stored
 * session.start, status from session.end, first/last by time, gaps from seqs.
 */
export function mergeFrames(
  existing: SessionDoc | undefined,
  sid: string,
  frames: StoredFrame[],
  now: number,
): SessionMerge {
  const doc: SessionDoc = existing ? structuredClone(existing) : emptySession(sid);
  let appliedRanges = doc.applied;
  const newSeqs: number[] = [];
  const seen = new Set<number>();
  const pending = { request: new Set(doc.pendingRequests ?? []), response: new Set(doc.pendingResponses ?? []) };
  const legacyXids = doc.xids ? new Set(doc.xids) : undefined;
  const decisions = new Map(Object.entries(doc.decisions) as Array<[string, number]>);
  const findings = new Map(Object.entries(doc.findings));
  let startApplied = false;

  for (const f of frames) {
    if (f.sid !== sid || seen.has(f.seq) || inRanges(appliedRanges, f.seq)) continue;
    seen.add(f.seq);
    newSeqs.push(f.seq);
    const frame = f.frame;
    if (frame.type === 'session.start' && doc.startedAt === undefined) {
      startApplied = true;
      doc.identity = frame.identity;
      doc.identitySub = frame.identity.sub;
      doc.resource = frame.resource;
      doc.resourceName = frame.resource.name;
      if (frame.resource.type !== undefined) doc.resourceType = frame.resource.type;
      if (frame.client !== undefined) doc.client = frame.client;
      if (frame.gateway !== undefined) doc.gateway = frame.gateway;
      if (frame.labels !== undefined) doc.labels = frame.labels;
      if (frame.correlationId !== undefined) doc.correlationId = frame.correlationId;
      doc.startedAt = f.ts;
      doc.startedMicros = f.tsMicros;
    }
    doc.bytes += f.bytes;
    if (f.tsMicros < doc.firstMicros) {
      doc.firstMicros = f.tsMicros;
      doc.firstTs = f.ts;
    }
    if (f.tsMicros > doc.lastMicros) {
      doc.lastMicros = f.tsMicros;
      doc.lastTs = f.ts;
    }
    if (f.seq > doc.head.seq) doc.head = { seq: f.seq, hash: f.hash };
    switch (frame.type) {
      case 'request':
      case 'response': {
        const xid = frame.xid;
        if (typeof xid !== 'string') break;
        const mine = pending[frame.type];
        // its other half was counted: the exchange is complete and leaves the document
        if (pending[frame.type === 'request' ? 'response' : 'request'].delete(xid)) break;
        if (mine.has(xid) || legacyXids?.has(xid)) break;
        mine.add(xid);
        doc.exchangeCount++;
        break;
      }
      case 'decision':
        decisions.set(frame.outcome, (decisions.get(frame.outcome) ?? 0) + 1);
        break;
      case 'session.end':
        doc.status = frame.status;
        doc.endedAt = f.ts;
        break;
      default:
        break;
    }
    for (const [infoType, count] of Object.entries(f.findings ?? {})) {
      if (typeof count === 'number' && count > 0) {
        findings.set(infoType, (findings.get(infoType) ?? 0) + count);
        doc.findingsTotal += count;
      }
    }
  }

  if (newSeqs.length === 0) return { doc: existing ?? doc, applied: 0, startApplied: false };

  appliedRanges = addSeqs(appliedRanges, newSeqs);
  doc.applied = appliedRanges;
  doc.frameCount = appliedRanges.reduce((n, r) => n + r.to - r.from + 1, 0);
  doc.maxSeq = appliedRanges[appliedRanges.length - 1].to;
  doc.gaps = gapsOf(appliedRanges);
  doc.sortMicros = doc.startedMicros ?? doc.firstMicros;
  doc.pendingRequests = [...pending.request];
  doc.pendingResponses = [...pending.response];
  doc.decisions = Object.fromEntries(decisions) as SessionDoc['decisions'];
  doc.decisionOutcomes = [...decisions.keys()].sort();
  doc.findings = Object.fromEntries(findings);
  doc.infoTypes = [...findings.keys()].sort();
  doc.findingList = [...findings].map(([infoType, count]) => ({ infoType, count }));
  doc.updatedAt = now;
  return { doc, applied: newSeqs.length, startApplied };
}

/** The port's view of a stored session document. */
export function toSessionSummary(doc: SessionDoc): SessionSummary {
  const summary: SessionSummary = {
    sid: doc.sid,
    status: doc.status,
    firstTs: doc.firstTs,
    lastTs: doc.lastTs,
    frameCount: doc.frameCount,
    exchangeCount: doc.exchangeCount,
    bytes: doc.bytes,
    maxSeq: doc.maxSeq,
    gaps: doc.gaps ?? [],
    decisions: doc.decisions ?? {},
    findings: doc.findings ?? {},
  };
  if (doc.identity !== undefined) summary.identity = doc.identity;
  if (doc.resource !== undefined) summary.resource = doc.resource;
  if (doc.client !== undefined) summary.client = doc.client;
  if (doc.gateway !== undefined) summary.gateway = doc.gateway;
  if (doc.labels !== undefined) summary.labels = doc.labels;
  if (doc.correlationId !== undefined) summary.correlationId = doc.correlationId;
  if (doc.startedAt !== undefined) summary.startedAt = doc.startedAt;
  if (doc.endedAt !== undefined) summary.endedAt = doc.endedAt;
  if (doc.seal !== undefined) summary.seal = doc.seal;
  if (doc.legalHold) summary.legalHold = true;
  return summary;
}

function emptySession(sid: string): SessionDoc {
  return {
    sid,
    status: 'active',
    firstTs: '',
    firstMicros: Number.MAX_SAFE_INTEGER,
    lastTs: '',
    lastMicros: Number.MIN_SAFE_INTEGER,
    sortMicros: 0,
    frameCount: 0,
    exchangeCount: 0,
    bytes: 0,
    maxSeq: -1,
    gaps: [],
    applied: [],
    head: { seq: -1, hash: '' },
    decisions: {},
    decisionOutcomes: [],
    findings: {},
    infoTypes: [],
    findingsTotal: 0,
    findingList: [],
    pendingRequests: [],
    pendingResponses: [],
    updatedAt: 0,
  };
}

/** Whether seq lies in one of the sorted, disjoint ranges (binary search). */
export function inRanges(ranges: readonly SeqRange[], seq: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[mid];
    if (seq < r.from) hi = mid - 1;
    else if (seq > r.to) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Sorted, disjoint, coalesced ranges covering `ranges` and `seqs`. */
export function addSeqs(ranges: readonly SeqRange[], seqs: readonly number[]): SeqRange[] {
  const all: SeqRange[] = [...ranges, ...seqs.map((s) => ({ from: s, to: s }))].sort((a, b) => a.from - b.from);
  const out: SeqRange[] = [];
  for (const r of all) {
    const last = out[out.length - 1];
    if (last && r.from <= last.to + 1) {
      if (r.to > last.to) last.to = r.to;
    } else {
      out.push({ from: r.from, to: r.to });
    }
  }
  return out;
}

/** Missing seq ranges within [0, max applied seq]. */
export function gapsOf(ranges: readonly SeqRange[]): SeqRange[] {
  const gaps: SeqRange[] = [];
  let next = 0;
  for (const r of ranges) {
    if (r.from > next) gaps.push({ from: next, to: r.from - 1 });
    next = r.to + 1;
  }
  return gaps;
}
