import { exportPKCS8, generateKeyPair } from 'jose';

import type { Frame } from '@auditorium/frames';
import { ChainTracker, sealSession, signingKeyFromPem } from '@auditorium/integrity';
import type { SigningKey } from '@auditorium/integrity';
import { pickFrameIdentity, storedFrameOf } from '@auditorium/store';
import type { FindingCounts, SeqRange, SessionSummary, StoredFrame } from '@auditorium/store';

export interface StoredFramesOptions {
  /** findings per seq */
  findings?: Record<number, FindingCounts>;
  /** ingestedAt of the first frame; the next ones count up by 1 ms (default 1_767_000_000_000) */
  ingestedAt?: number;
  /** copy identity/resource of session.start onto every frame, as the ingester does (default true) */
  copyIdentity?: boolean;
}

/** Frames as the ingest pipeline stores them: masked frame, real chain hashes (ChainTracker). */
export async function storedFramesOf(frames: Frame[], options: StoredFramesOptions = {}): Promise<StoredFrame[]> {
  const tracker = new ChainTracker({ load: async () => null });
  const hashes = await tracker.assignBatch(frames);
  const start = frames.find((f) => f.type === 'session.start');
  const copy = options.copyIdentity ?? true;
  return frames.map((frame, i) =>
    storedFrameOf(frame, {
      hash: hashes[i].hash,
      findings: { ...(options.findings?.[frame.seq] ?? {}) },
      ingestedAt: (options.ingestedAt ?? 1_767_000_000_000) + i,
      ...(copy && start?.type === 'session.start'
        ? { identity: pickFrameIdentity(start.identity), resource: { ...start.resource } }
        : {}),
    }),
  );
}

/** The summary a store would keep for these frames. */
export function sessionSummaryOf(frames: StoredFrame[], extra: Partial<SessionSummary> = {}): SessionSummary {
  const sorted = [...frames].sort((a, b) => a.seq - b.seq);
  const start = sorted.find((f) => f.frame.type === 'session.start')?.frame;
  const end = sorted.find((f) => f.frame.type === 'session.end')?.frame;
  const xids = new Set<string>();
  const decisions: SessionSummary['decisions'] = {};
  const findings: FindingCounts = {};
  const gaps: SeqRange[] = [];
  let prev = -1;
  for (const f of sorted) {
    if (f.seq > prev + 1) gaps.push({ from: prev + 1, to: f.seq - 1 });
    prev = f.seq;
    if (f.frame.type === 'request' || f.frame.type === 'response') xids.add(f.frame.xid);
    if (f.frame.type === 'decision') decisions[f.frame.outcome] = (decisions[f.frame.outcome] ?? 0) + 1;
    for (const [k, v] of Object.entries(f.findings)) findings[k] = (findings[k] ?? 0) + v;
  }
  const summary: SessionSummary = {
    sid: sorted[0]?.sid ?? 'none',
    status: end && end.type === 'session.end' ? end.status : 'active',
    firstTs: sorted[0]?.ts ?? '',
    lastTs: sorted[sorted.length - 1]?.ts ?? '',
    frameCount: sorted.length,
    exchangeCount: xids.size,
    bytes: sorted.reduce((sum, f) => sum + f.bytes, 0),
    maxSeq: prev,
    gaps,
    decisions,
    findings,
  };
  if (start && start.type === 'session.start') {
    summary.identity = start.identity;
    summary.resource = start.resource;
    if (start.client) summary.client = start.client;
    if (start.gateway) summary.gateway = start.gateway;
    if (start.labels) summary.labels = start.labels;
    if (start.correlationId) summary.correlationId = start.correlationId;
    summary.startedAt = start.ts;
  }
  if (end) summary.endedAt = end.ts;
  return { ...summary, ...extra };
}

/** A fresh Ed25519 seal key, in memory. */
export async function testSigningKey(): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  return signingKeyFromPem(await exportPKCS8(privateKey));
}

/** Seals the frames as the ingester does when a session ends, and returns the summary carrying the seal. */
export async function sealedSummaryOf(frames: StoredFrame[], key: SigningKey): Promise<SessionSummary> {
  const summary = sessionSummaryOf(frames);
  const last = frames[frames.length - 1];
  const seal = await sealSession(
    {
      sid: summary.sid,
      lastSeq: last.seq,
      head: last.hash,
      frames: frames.length,
      gaps: summary.gaps,
      sealedAt: '2026-01-15T10:00:00.000Z',
    },
    key,
  );
  return { ...summary, seal };
}

export async function* asAsync<T>(items: Iterable<T>): AsyncIterable<T> {
  for (const item of items) yield item;
}
