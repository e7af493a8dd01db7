import type { Resource } from '@auditorium/frames';

import { RecordingStore } from '../recording.store';
import type {
  FindingCounts,
  FrameRangeQuery,
  IdentityQuery,
  IdentitySummary,
  IngestOrderPage,
  IngestOrderQuery,
  Page,
  RetentionReport,
  SessionQuery,
  SessionSeal,
  SessionSummary,
  StoredFrame,
  SealSigner,
  StoreHealth,
  WriteFramesOptions,
  WriteReport,
} from '../recording.types';
import { InvalidQueryError, SessionNotFoundError, StoreError, StoreNotOpenError } from '../store.errors';
import { clampLimit, DEFAULT_FRAME_LIMIT, DEFAULT_PAGE_LIMIT, MAX_FRAME_LIMIT, MAX_PAGE_LIMIT } from '../store.limits';
import { storedFrameProblem } from '../stored-frame.check';
import { queryTsMicros } from '../timestamp';
import { bulkItemAt, bulkItemOutcome, type BulkItemOutcome, type BulkResponse } from './bulk-item.outcome';
import {
  identityDocId,
  identityFromSessions,
  mergeIdentity,
  sameIdentity,
  type IdentityDoc,
} from './identity-document';
import { SearchIndexNames } from './search-index.names';
import { ingestPositionOf, ingestSortKey, INGEST_ORDER_SORT, settleWindowMs } from './search-ingest-order';
import { consoleStoreLogger, ensureIndex, putIndexTemplate, type StoreLogger } from './search-index.setup';
import { recordingTemplates } from './search-index.templates';
import { decodeKeyset, keysetPage, type SearchResult } from './search-paging';
import type { SearchConnectionOptions, SearchEngineClient } from './search-engine.client';
import { SearchRetention } from './search-retention';
import { frameWords, queryWords, withFrameWords } from './search-words';
import {
  mergeFrames,
  pickFrameIdentity,
  toSessionSummary,
  type FrameIdentity,
  type SessionDoc,
} from './session-document';

/**
 * 'wait_for' (default): writeFrames resolves once the batch is visible to searches
 * (the port's read-your-writes). false: resolves when durable; searches see the data
 * after the engine's refresh interval — what a high-throughput ingester wants.
 * getSession and getChainHead are realtime GETs either way. true forces a refresh
 * per write (tests only: expensive).
 */
export type RefreshMode = 'wait_for' | boolean;

export interface SearchRecordingStoreOptions extends SearchConnectionOptions {
  /** prefix of every index, template and policy (default 'auditorium') */
  indexPrefix?: string;
  refresh?: RefreshMode;
  /** index.number_of_replicas for new indices; absent keeps the engine default (tests on one node: 0) */
  replicas?: number;
  /** frames per search while streaming (default 1000) */
  streamPageSize?: number;
  /** how long a listing's point in time lives between two pages (default '2m') */
  pitKeepAlive?: string;
  /**
   * readIngestOrder serves only frames with ingestedAt <= now - exportSettleMs
   * (default 5000), so an export cursor never passes a position that a write still
   * in flight, not yet refreshed, or stamped by a host with a lagging clock can fill.
   * Must exceed the refresh interval (1 s) plus the clock skew between hosts.
   */
  exportSettleMs?: number;
  logger?: StoreLogger;
}

/** A frame as indexed: the StoredFrame plus what queries need (words, xid, info types). */
interface FrameDoc {
  sid: string;
  seq: number;
  type: StoredFrame['type'];
  ts: string;
  tsMicros: number;
  identity?: FrameIdentity;
  resource?: Resource;
  frame: StoredFrame['frame'];
  bytes: number;
  findings: FindingCounts;
  hash: string;
  ingestedAt: number;
  xid?: string;
  infoTypes: string[];
  /** search words (excluded from _source) */
  words?: string;
}

interface Versioned<T> {
  doc: T;
  seqNo: number;
  primaryTerm: number;
}

interface GetResult<T> {
  _id: string;
  found: boolean;
  _source?: T;
  _seq_no?: number;
  _primary_term?: number;
}

/** Signs a session's seal (the ingester's Ed25519 key); see libs/integrity sealSession. */
/** Whether the summary's seal already signs its current head. */
function sealCovers(doc: SessionDoc): boolean {
  return doc.seal !== undefined && doc.seal.lastSeq === doc.head.seq && doc.seal.head === doc.head.hash;
}

/** Sessions whose merge lost an optimistic-concurrency race are re-read and merged again, this often. */
const MAX_CAS_ATTEMPTS = 20;
/** terms filters hold at most this many values (index.max_terms_count). */
const MAX_TEXT_SESSIONS = 65_536;
/** Bulk requests are cut at about this many bytes (engines refuse bodies over http.max_content_length, 100 MB). */
const MAX_BULK_BYTES = 50 * 1024 * 1024;

/**
 * RecordingStore over Elasticsearch or OpenSearch: one implementation, the API
 * differences behind SearchEngineClient. Frames in monthly indices (id sid:seq,
 * created with `create` so a re-delivered frame answers 409), one summary document
 * per session merged in Node with optimistic concurrency, one document per identity.
 */
export class SearchRecordingStore extends RecordingStore {
  readonly names: SearchIndexNames;
  private readonly refresh: RefreshMode;
  private readonly streamPageSize: number;
  private readonly keepAlive: string;
  /** see SearchRecordingStoreOptions.exportSettleMs */
  readonly exportSettleMs: number;
  private readonly logger: StoreLogger;
  private state: 'new' | 'open' | 'closed' = 'new';

  constructor(
    protected readonly client: SearchEngineClient,
    private readonly options: SearchRecordingStoreOptions,
  ) {
    super();
    this.names = new SearchIndexNames(options.indexPrefix ?? 'auditorium');
    this.refresh = options.refresh ?? 'wait_for';
    this.streamPageSize = clampLimit(options.streamPageSize, 1000, MAX_FRAME_LIMIT);
    this.keepAlive = options.pitKeepAlive ?? '2m';
    this.exportSettleMs = settleWindowMs(options.exportSettleMs);
    this.logger = options.logger ?? consoleStoreLogger;
  }

  get engine(): SearchEngineClient['engine'] {
    return this.client.engine;
  }

  async init(): Promise<void> {
    if (this.state === 'closed') throw new StoreNotOpenError('closed');
    const lifecycle = await this.client.putLifecyclePolicy(this.names.framesPolicy, this.names.framesPattern);
    if (lifecycle === 'unsupported') {
      this.logger.info(
        `${this.client.engine}: no ${this.client.engine === 'elasticsearch' ? 'ILM' : 'ISM'} API on this cluster; ` +
          `frames indices ${this.names.framesPattern} get no lifecycle policy (retention deletes expired indices itself)`,
      );
    }
    const frameSettings = lifecycle === 'applied' ? this.client.lifecycleIndexSettings(this.names.framesPolicy) : {};
    for (const t of recordingTemplates(this.names, { replicas: this.options.replicas, frameSettings })) {
      await putIndexTemplate(this.client, t);
    }
    await ensureIndex(this.client, this.names.sessions);
    await ensureIndex(this.client, this.names.identities);
    this.state = 'open';
  }

  private open(): void {
    if (this.state !== 'open') throw new StoreNotOpenError(this.state === 'closed' ? 'closed' : 'not initialised');
  }

  private get refreshParam(): { refresh: string } | Record<string, never> {
    return this.refresh === false ? {} : { refresh: String(this.refresh) };
  }

  // ---------------------------------------------------------------- writes

  async writeFrames(frames: StoredFrame[], options: WriteFramesOptions = {}): Promise<WriteReport> {
    this.open();
    const startedAt = Date.now();
    const report: WriteReport = { stored: 0, duplicates: 0, failed: [] };
    const batch: StoredFrame[] = [];
    const ids = new Set<string>();
    for (const f of frames) {
      const problem = storedFrameProblem(f);
      if (problem) report.failed.push({ id: String(f.id), reason: problem, retryable: false });
      else if (ids.has(f.id)) report.duplicates++;
      else {
        ids.add(f.id);
        batch.push(f);
      }
    }
    if (batch.length === 0) return report;

    const sids = [...new Set(batch.map((f) => f.sid))];
    // The identities the batch will most likely touch are read with the sessions, in one _mget.
    const subs = new Set<string>();
    for (const f of batch) {
      if (f.identity?.sub !== undefined) subs.add(f.identity.sub);
      if (f.frame.type === 'session.start') subs.add(f.frame.identity.sub);
    }
    const { sessions, identities } = await this.loadSummaries(sids, [...subs]);
    const outcomes = await this.createFrames(batch, sessions);
    await this.restampLateFrames(batch, outcomes, startedAt);

    // Frames that are in storage now, whether created by this call or found there:
    // a 409 frame may come from an attempt that crashed before its summary update.
    const landed = new Map<string, StoredFrame[]>();
    const foundStored = new Set<string>();
    const ended = new Set<string>();
    batch.forEach((f, i) => {
      const outcome = outcomes[i];
      if (outcome.kind === 'written') report.stored++;
      else if (outcome.kind === 'exists' || outcome.kind === 'conflict') {
        report.duplicates++;
        foundStored.add(f.sid);
      } else {
        report.failed.push({ id: f.id, reason: outcome.reason, retryable: outcome.retryable });
        return;
      }
      if (f.frame.type === 'session.end') ended.add(f.sid);
      const list = landed.get(f.sid);
      if (list) list.push(f);
      else landed.set(f.sid, [f]);
    });
    if (landed.size > 0) {
      await this.mergeSummaries(
        landed,
        sessions,
        identities,
        foundStored,
        options.sign ? { sids: ended, sign: options.sign } : undefined,
      );
    }
    return report;
  }

  /**
   * Chain heads of many sessions in one realtime _mget (what getChainHead answers
   * one session at a time).
   */
  async getChainHeads(sids: readonly string[]): Promise<Map<string, { seq: number; hash: string } | null>> {
    this.open();
    const out = new Map<string, { seq: number; hash: string } | null>();
    const unique = [...new Set(sids)];
    if (unique.length === 0) return out;
    const { sessions } = await this.loadSummaries(unique, []);
    for (const sid of unique) {
      const head = sessions.get(sid)?.doc.head;
      out.set(sid, head && head.seq >= 0 ? { seq: head.seq, hash: head.hash } : null);
    }
    return out;
  }

  /** Realtime multi-get of session and identity documents with their versions, in one request. */
  private async loadSummaries(
    sids: readonly string[],
    subs: readonly string[],
  ): Promise<{ sessions: Map<string, Versioned<SessionDoc>>; identities: Map<string, Versioned<IdentityDoc> | null> }> {
    const sessions = new Map<string, Versioned<SessionDoc>>();
    const identities = new Map<string, Versioned<IdentityDoc> | null>();
    if (sids.length === 0 && subs.length === 0) return { sessions, identities };
    const docs = [
      ...sids.map((sid) => ({ _index: this.names.sessions, _id: sid })),
      ...subs.map((sub) => ({ _index: this.names.identities, _id: identityDocId(sub) })),
    ];
    const res = await this.client.request<{ docs: Array<GetResult<unknown>> }>({
      method: 'POST',
      path: '/_mget',
      body: { docs },
    });
    res.body.docs.forEach((d, i) => {
      const found = d.found && d._source && d._seq_no !== undefined && d._primary_term !== undefined;
      const version = found
        ? { doc: d._source, seqNo: d._seq_no as number, primaryTerm: d._primary_term as number }
        : undefined;
      if (i < sids.length) {
        if (version) sessions.set(sids[i], version as Versioned<SessionDoc>);
      } else {
        identities.set(subs[i - sids.length], (version as Versioned<IdentityDoc> | undefined) ?? null);
      }
    });
    return { sessions, identities };
  }

  /**
   * One bulk of `create` ops (id sid:seq) — cut only when it would exceed the
   * engine's request size — read item by item. Frames without identity get the
   * session's (known, or from a session.start in this batch), as the ingester does.
   */
  private async createFrames(
    batch: StoredFrame[],
    sessions: Map<string, Versioned<SessionDoc>>,
  ): Promise<BulkItemOutcome[]> {
    const starts = new Map<string, { identity: FrameIdentity; resource: Resource }>();
    for (const f of batch) {
      if (f.frame.type === 'session.start' && !starts.has(f.sid)) {
        starts.set(f.sid, { identity: pickFrameIdentity(f.frame.identity), resource: f.frame.resource });
      }
    }
    const lines: string[] = [];
    for (const f of batch) {
      const known = sessions.get(f.sid)?.doc;
      const fallback =
        known?.identity && known.resource
          ? { identity: pickFrameIdentity(known.identity), resource: known.resource }
          : starts.get(f.sid);
      lines.push(
        JSON.stringify({ create: { _index: this.names.framesIndex(f.tsMicros), _id: f.id } }),
        JSON.stringify(frameDocument(f, fallback)),
      );
    }
    return this.bulk(lines, 'create');
  }

  /**
   * The write half of the export's settle window (see readIngestOrder). A frame the
   * caller stamped just before this call (ingestedAt within half the settle window of
   * its start: the ingester stamps each batch right before writing it) must become
   * searchable well inside the window, or a reader may already have passed its
   * position. When the write took longer than half the window (the other half is for
   * the refresh interval and clock skew), the frames it created are stamped again with
   * the time now — the same documents, rewritten with if_seq_no — so they sort after
   * every position a reader could have reached: delivered late (perhaps twice), never
   * skipped. Frames stamped long before the call (imports, fixtures) are left as given.
   */
  private async restampLateFrames(batch: StoredFrame[], outcomes: BulkItemOutcome[], startedAt: number): Promise<void> {
    const budget = Math.floor(this.exportSettleMs / 2);
    let late = batch.filter((f, i) => outcomes[i].kind === 'written' && f.ingestedAt >= startedAt - budget);
    if (late.length === 0) return;
    let stamp = Math.min(...late.map((f) => f.ingestedAt));
    for (let attempt = 0; late.length > 0 && Date.now() - stamp > budget; attempt++) {
      if (attempt >= 3) {
        this.logger.warn(
          `${late.length} frames took over ${budget} ms to store, three times: an export may have passed them; ` +
            `raise EXPORT_SETTLE_MS or relieve the ${this.client.engine} cluster`,
        );
        return;
      }
      stamp = Date.now();
      const res = await this.client.request<{ docs: Array<GetResult<FrameDoc> & { _index: string }> }>({
        method: 'POST',
        path: '/_mget',
        body: { docs: late.map((f) => ({ _index: this.names.framesIndex(f.tsMicros), _id: f.id })) },
      });
      const lines: string[] = [];
      const found: StoredFrame[] = [];
      res.body.docs.forEach((d, i) => {
        if (!d.found || !d._source || d._seq_no === undefined || d._primary_term === undefined) return;
        const source = d._source;
        const doc = withFrameWords<FrameDoc>({ ...source, ingestedAt: stamp });
        lines.push(
          JSON.stringify({
            index: { _index: d._index, _id: d._id, if_seq_no: d._seq_no, if_primary_term: d._primary_term },
          }),
          JSON.stringify(doc),
        );
        found.push(late[i]);
      });
      if (lines.length === 0) return;
      const restamped = await this.bulk(lines, 'index');
      // a conflict: another writer rewrote the frame meanwhile (it keeps that writer's copy)
      late = found.filter((_f, i) => restamped[i].kind === 'written');
      this.logger.warn(`${late.length} frames stored slowly (over ${budget} ms) were stamped again for the export`);
    }
  }

  /** Sends NDJSON op/doc line pairs, in as few requests as the size limit allows; one outcome per pair. */
  private async bulk(lines: string[], op: 'create' | 'index', refresh = true): Promise<BulkItemOutcome[]> {
    const outcomes: BulkItemOutcome[] = [];
    let start = 0;
    while (start < lines.length) {
      let end = start;
      let bytes = 0;
      while (
        end < lines.length &&
        (end === start || bytes + lines[end].length + lines[end + 1].length < MAX_BULK_BYTES)
      ) {
        bytes += lines[end].length + lines[end + 1].length + 2;
        end += 2;
      }
      const res = await this.client.request<BulkResponse>({
        method: 'POST',
        path: '/_bulk',
        querystring: refresh ? this.refreshParam : {},
        bulkBody: lines.slice(start, end),
      });
      for (let i = 0; i < (end - start) / 2; i++) outcomes.push(bulkItemOutcome(op, bulkItemAt(res.body, i)));
      start = end;
    }
    return outcomes;
  }

  /**
   * Merges landed frames into their sessions' summaries, and the batch's sessions into
   * their identities' documents, and writes both back in ONE _bulk with
   * if_seq_no/if_primary_term per item; only the items that lost an optimistic-
   * concurrency race are re-read (one _mget) and merged again (frames a summary
   * already counted are skipped by seq; identity merges are min/max/union). Every
   * session of the batch is folded into its identity, changed or not, so a crash
   * after the summaries were written is repaired when the batch comes again.
   * `foundStored`: sessions with frames stored by an earlier attempt (they may lack
   * identity). `seal`: sessions whose session.end landed in this batch are signed
   * from the very summary written (head, frame count, gaps), inside the same write.
   */
  private async mergeSummaries(
    landed: Map<string, StoredFrame[]>,
    sessions: Map<string, Versioned<SessionDoc>>,
    identities: Map<string, Versioned<IdentityDoc> | null>,
    foundStored: Set<string>,
    seal?: { sids: Set<string>; sign: SealSigner },
  ): Promise<void> {
    const result = new Map<string, SessionDoc>();
    let pendingSessions = [...landed.keys()];
    let pendingSubs: string[] | undefined; // undefined: every identity of the batch
    for (let attempt = 0; pendingSessions.length > 0 || (pendingSubs?.length ?? 1) > 0; attempt++) {
      if (attempt >= MAX_CAS_ATTEMPTS) {
        throw new StoreError(
          `session summaries kept changing under this write: ${[...pendingSessions, ...(pendingSubs ?? [])].slice(0, 5).join(', ')}`,
        );
      }
      if (attempt > 0) {
        const fresh = await this.loadSummaries(pendingSessions, pendingSubs ?? []);
        for (const sid of pendingSessions) {
          const v = fresh.sessions.get(sid);
          if (v) sessions.set(sid, v);
          else sessions.delete(sid);
        }
        for (const [sub, v] of fresh.identities) identities.set(sub, v);
      }

      const lines: string[] = [];
      const items: Array<{ kind: 'session' | 'identity'; key: string }> = [];
      for (const sid of pendingSessions) {
        const version = sessions.get(sid);
        const merge = mergeFrames(version?.doc, sid, landed.get(sid) ?? [], Date.now());
        let doc = merge.doc;
        if (seal?.sids.has(sid) && (merge.applied > 0 || !sealCovers(doc))) {
          const signed = await seal.sign({
            sid,
            lastSeq: doc.head.seq,
            head: doc.head.hash,
            frames: doc.frameCount,
            gaps: doc.gaps,
          });
          doc = { ...doc, seal: signed, updatedAt: Date.now() };
        } else if (merge.applied === 0) {
          result.set(sid, doc);
          continue;
        }
        result.set(sid, doc);
        const earlier = version !== undefined || foundStored.has(sid);
        if (merge.startApplied && earlier && doc.identity && doc.resource) {
          // Frames stored before session.start get its identity — before the summary
          // says the start is applied, so a crash in between is redone on re-delivery.
          await this.fillFrameIdentity(sid, pickFrameIdentity(doc.identity), doc.resource);
        }
        const meta = version
          ? {
              index: {
                _index: this.names.sessions,
                _id: sid,
                if_seq_no: version.seqNo,
                if_primary_term: version.primaryTerm,
              },
            }
          : { create: { _index: this.names.sessions, _id: sid } };
        lines.push(JSON.stringify(meta), JSON.stringify(doc));
        items.push({ kind: 'session', key: sid });
      }

      const bySub = new Map<string, SessionDoc[]>();
      for (const s of result.values()) {
        if (s.identitySub === undefined) continue;
        const list = bySub.get(s.identitySub);
        if (list) list.push(s);
        else bySub.set(s.identitySub, [s]);
      }
      const subs = pendingSubs ?? [...bySub.keys()];
      const unread = subs.filter((sub) => !identities.has(sub));
      if (unread.length > 0) {
        for (const [sub, v] of (await this.loadSummaries([], unread)).identities) identities.set(sub, v);
      }
      for (const sub of subs) {
        const update = identityFromSessions(bySub.get(sub) ?? []);
        if (!update) continue;
        const existing = identities.get(sub) ?? undefined;
        const merged = existing ? mergeIdentity(existing.doc, update) : update;
        if (existing && sameIdentity(existing.doc, merged)) continue;
        const meta = existing
          ? {
              index: {
                _index: this.names.identities,
                _id: identityDocId(sub),
                if_seq_no: existing.seqNo,
                if_primary_term: existing.primaryTerm,
              },
            }
          : { create: { _index: this.names.identities, _id: identityDocId(sub) } };
        lines.push(JSON.stringify(meta), JSON.stringify(merged));
        items.push({ kind: 'identity', key: sub });
      }

      pendingSessions = [];
      pendingSubs = [];
      if (lines.length === 0) return;
      const outcomes = await this.bulk(lines, 'index');
      outcomes.forEach((o, i) => {
        const { kind, key } = items[i];
        if (o.kind === 'conflict' || o.kind === 'exists') {
          if (kind === 'session') pendingSessions.push(key);
          else pendingSubs?.push(key);
        } else if (o.kind === 'failed') {
          // The frames are stored; the caller retries the batch and the merge is redone from them.
          throw new StoreError(
            `${kind === 'session' ? 'session summary' : 'identity'} ${key} not written: ${o.reason}`,
          );
        }
      });
    }
  }

  /** Gives the stored frames of a session that have no identity yet the identity of its session.start. */
  private async fillFrameIdentity(sid: string, identity: FrameIdentity, resource: Resource): Promise<void> {
    // They may be too recent for searches (refresh=false, or a crashed attempt): make them visible first.
    await this.client.request({ method: 'POST', path: `/${this.names.framesPattern}/_refresh` });
    let after: number | undefined;
    for (;;) {
      const res = await this.client.request<SearchResult<FrameDoc>>({
        method: 'POST',
        path: `/${this.names.framesPattern}/_search`,
        body: {
          query: {
            bool: {
              filter: [{ term: { sid } }, ...(after !== undefined ? [{ range: { seq: { gt: after } } }] : [])],
              must_not: [{ exists: { field: 'identity.sub' } }],
            },
          },
          sort: [{ seq: 'asc' }],
          size: 1000,
          seq_no_primary_term: true,
          track_total_hits: false,
        },
      });
      const hits = res.body.hits.hits;
      if (hits.length === 0) return;
      const lines: string[] = [];
      for (const h of hits) {
        const doc = withFrameWords<FrameDoc>({ ...h._source, identity, resource });
        lines.push(
          JSON.stringify({
            index: { _index: h._index, _id: h._id, if_seq_no: h._seq_no, if_primary_term: h._primary_term },
          }),
          JSON.stringify(doc),
        );
      }
      const outcomes = await this.bulk(lines, 'index');
      for (const o of outcomes) {
        // a conflict means another writer rewrote that frame, with the identity
        if (o.kind === 'failed') throw new StoreError(`frame identity not filled in for ${sid}: ${o.reason}`);
      }
      after = hits[hits.length - 1]._source.seq;
    }
  }

  async setSeal(sid: string, seal: SessionSeal): Promise<void> {
    this.open();
    await this.updateSessionDoc(sid, (doc) => ({ ...doc, seal }));
  }

  /** Read-modify-write of one session document with if_seq_no/if_primary_term, retried on conflict. */
  private async updateSessionDoc(sid: string, change: (doc: SessionDoc) => SessionDoc): Promise<void> {
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const current = await this.getSessionDoc(sid);
      if (!current) throw new SessionNotFoundError(sid);
      const res = await this.client.request<{ result?: string }>(
        {
          method: 'PUT',
          path: `/${this.names.sessions}/_doc/${encodeURIComponent(sid)}`,
          querystring: { if_seq_no: current.seqNo, if_primary_term: current.primaryTerm, ...this.refreshParam },
          body: { ...change(current.doc), updatedAt: Date.now() },
        },
        [409],
      );
      if (res.statusCode !== 409) return;
    }
    throw new StoreError(`session ${sid} not updated: it kept changing`);
  }

  override async setLegalHold(sid: string, hold: boolean): Promise<void> {
    this.open();
    await this.updateSessionDoc(sid, (doc) => (hold ? { ...doc, legalHold: true } : withoutLegalHold(doc)));
  }

  // ---------------------------------------------------------------- reads

  private async getSessionDoc(sid: string): Promise<Versioned<SessionDoc> | undefined> {
    const res = await this.client.request<GetResult<SessionDoc>>(
      { method: 'GET', path: `/${this.names.sessions}/_doc/${encodeURIComponent(sid)}` },
      [404],
    );
    const d = res.body;
    if (res.statusCode === 404 || !d.found || !d._source) return undefined;
    return { doc: d._source, seqNo: d._seq_no ?? 0, primaryTerm: d._primary_term ?? 0 };
  }

  async getChainHead(sid: string): Promise<{ seq: number; hash: string } | null> {
    this.open();
    const head = (await this.getSessionDoc(sid))?.doc.head;
    return head && head.seq >= 0 ? { seq: head.seq, hash: head.hash } : null;
  }

  async getSession(sid: string): Promise<SessionSummary | null> {
    this.open();
    const found = await this.getSessionDoc(sid);
    return found ? toSessionSummary(found.doc) : null;
  }

  async searchSessions(query: SessionQuery): Promise<Page<SessionSummary>> {
    this.open();
    const limit = clampLimit(query.limit, DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT);
    const cursor = query.cursor !== undefined ? decodeKeyset(query.cursor, 'sessions') : undefined;
    const filter: unknown[] = [];
    const frameFilter: unknown[] = [];
    if (query.identity !== undefined) {
      filter.push({ term: { identitySub: query.identity } });
      frameFilter.push({ term: { 'identity.sub': query.identity } });
    }
    if (query.resource !== undefined) {
      filter.push({ term: { resourceName: query.resource } });
      frameFilter.push({ term: { 'resource.name': query.resource } });
    }
    if (query.resourceType !== undefined) {
      filter.push({ term: { resourceType: query.resourceType } });
      frameFilter.push({ term: { 'resource.type': query.resourceType } });
    }
    if (query.from !== undefined) filter.push({ range: { lastMicros: { gte: queryTsMicros('from', query.from) } } });
    if (query.to !== undefined) filter.push({ range: { firstMicros: { lte: queryTsMicros('to', query.to) } } });
    if (query.status !== undefined) filter.push({ term: { status: query.status } });
    if (query.decision !== undefined) filter.push({ term: { decisionOutcomes: query.decision } });
    if (query.hasMasking === true) filter.push({ range: { findingsTotal: { gt: 0 } } });
    if (query.hasMasking === false) filter.push({ term: { findingsTotal: 0 } });
    if (query.infoType !== undefined) filter.push({ term: { infoTypes: query.infoType } });
    if (query.text !== undefined) {
      const words = queryWords(query.text);
      if (words.length === 0) return { items: [] };
      const sids = await this.sessionsWithWords(words, frameFilter);
      if (sids.length === 0) return { items: [] };
      filter.push({ terms: { sid: sids } });
    }
    const page = await keysetPage<SessionDoc>(this.client, {
      kind: 'sessions',
      index: this.names.sessions,
      query: { bool: { filter } },
      sort: [{ sortMicros: 'desc' }, { sid: 'desc' }],
      limit,
      cursor,
      keepAlive: this.keepAlive,
    });
    const items = page.hits.map((h) => toSessionSummary(h._source));
    return page.nextCursor ? { items, nextCursor: page.nextCursor } : { items };
  }

  /**
   * Sessions with one frame holding every word: a composite aggregation over the
   * matching frames' sids, narrowed by the identity/resource filters frames carry
   * (exact: a session has its identity only once its frames have it too).
   */
  private async sessionsWithWords(words: string[], frameFilter: unknown[]): Promise<string[]> {
    const sids: string[] = [];
    let after: Record<string, unknown> | undefined;
    for (;;) {
      const res = await this.client.request<SearchResult<never>>({
        method: 'POST',
        path: `/${this.names.framesPattern}/_search`,
        body: {
          size: 0,
          track_total_hits: false,
          query: {
            bool: {
              filter: [
                ...frameFilter,
                { match: { words: { query: words.join(' '), operator: 'and', analyzer: 'whitespace' } } },
              ],
            },
          },
          aggs: {
            sids: {
              composite: {
                size: 10_000,
                sources: [{ sid: { terms: { field: 'sid' } } }],
                ...(after ? { after } : {}),
              },
            },
          },
        },
      });
      const agg = res.body.aggregations?.sids as
        { buckets: Array<{ key: { sid: string } }>; after_key?: Record<string, unknown> } | undefined;
      for (const b of agg?.buckets ?? []) sids.push(b.key.sid);
      if (sids.length > MAX_TEXT_SESSIONS) {
        throw new InvalidQueryError(
          `the text occurs in more than ${MAX_TEXT_SESSIONS} sessions: narrow the search (identity, resource)`,
        );
      }
      if (!agg?.after_key || (agg.buckets?.length ?? 0) === 0) return sids;
      after = agg.after_key;
    }
  }

  async listIdentities(query: IdentityQuery): Promise<Page<IdentitySummary>> {
    this.open();
    const limit = clampLimit(query.limit, DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT);
    const cursor = query.cursor !== undefined ? decodeKeyset(query.cursor, 'identities') : undefined;
    const page = await keysetPage<IdentityDoc>(this.client, {
      kind: 'identities',
      index: this.names.identities,
      query: { match_all: {} },
      sort: [{ lastMicros: 'desc' }, { sub: 'desc' }],
      limit,
      cursor,
      keepAlive: this.keepAlive,
    });
    const docs = page.hits.map((h) => h._source);
    const counts = await this.identityCounts(docs.map((d) => d.sub));
    const items = docs.map((d): IdentitySummary => {
      const c = counts.get(d.sub);
      const item: IdentitySummary = {
        sub: d.sub,
        sessionCount: c?.sessions ?? 0,
        resources: [...d.resources].sort(),
        firstSeen: d.firstTs,
        lastSeen: d.lastTs,
        findings: c?.findings ?? {},
      };
      if (d.name !== undefined) item.name = d.name;
      if (d.type !== undefined) item.type = d.type as IdentitySummary['type'];
      return item;
    });
    return page.nextCursor ? { items, nextCursor: page.nextCursor } : { items };
  }

  /** Sessions and findings per identity, summed from the session summaries (exact under re-delivery). */
  private async identityCounts(subs: string[]): Promise<Map<string, { sessions: number; findings: FindingCounts }>> {
    const out = new Map<string, { sessions: number; findings: FindingCounts }>();
    if (subs.length === 0) return out;
    const res = await this.client.request<SearchResult<never>>({
      method: 'POST',
      path: `/${this.names.sessions}/_search`,
      body: {
        size: 0,
        track_total_hits: false,
        query: { terms: { identitySub: subs } },
        aggs: {
          subs: {
            terms: { field: 'identitySub', size: subs.length },
            aggs: {
              findings: {
                nested: { path: 'findingList' },
                aggs: {
                  types: {
                    terms: { field: 'findingList.infoType', size: 1000 },
                    aggs: { count: { sum: { field: 'findingList.count' } } },
                  },
                },
              },
            },
          },
        },
      },
    });
    type Bucket = {
      key: string;
      doc_count: number;
      findings?: { types?: { buckets: Array<{ key: string; count: { value: number } }> } };
    };
    const buckets = (res.body.aggregations?.subs as { buckets?: Bucket[] } | undefined)?.buckets ?? [];
    for (const b of buckets) {
      const findings: FindingCounts = {};
      for (const t of b.findings?.types?.buckets ?? []) findings[t.key] = Math.round(t.count.value);
      out.set(b.key, { sessions: b.doc_count, findings });
    }
    return out;
  }

  async getFrames(sid: string, query: FrameRangeQuery): Promise<StoredFrame[]> {
    this.open();
    const limit = clampLimit(query.limit, DEFAULT_FRAME_LIMIT, MAX_FRAME_LIMIT);
    const [from, to] = seqBounds(query);
    return this.framesPage(sid, from, to, limit);
  }

  async *streamFrames(sid: string, query: Omit<FrameRangeQuery, 'limit'> = {}): AsyncGenerator<StoredFrame> {
    this.open();
    let [from] = seqBounds(query);
    const [, to] = seqBounds(query);
    // Keyset pages on seq: one page in memory at a time, however long the session.
    while (from <= to) {
      const page = await this.framesPage(sid, from, to, this.streamPageSize);
      for (const f of page) yield f;
      if (page.length < this.streamPageSize) return;
      from = page[page.length - 1].seq + 1;
    }
  }

  private async framesPage(sid: string, from: number, to: number, size: number): Promise<StoredFrame[]> {
    if (from > to) return [];
    const res = await this.client.request<SearchResult<FrameDoc>>({
      method: 'POST',
      path: `/${this.names.framesPattern}/_search`,
      body: {
        query: { bool: { filter: [{ term: { sid } }, { range: { seq: { gte: from, lte: to } } }] } },
        sort: [{ seq: 'asc' }],
        size,
        track_total_hits: false,
      },
    });
    return res.body.hits.hits.map((h) => toStoredFrame(h._source));
  }

  /**
   * Frames in ingest order, (ingestedAt, sid, seq) ascending, strictly after `after`.
   * Only frames stored at least exportSettleMs ago are served: with refresh=false
   * (the ingester) and several ingester replicas, a frame with an earlier ingestedAt
   * can become searchable after a reader passed its position; inside the settle
   * window nothing is served, so every position a cursor passes is final. No point
   * in time is needed: the cursor is the sort key and the settled range does not
   * change between two calls (except by retention, which only removes).
   */
  override async readIngestOrder(query: IngestOrderQuery): Promise<IngestOrderPage> {
    this.open();
    const after = query.after !== undefined ? ingestSortKey(query.after) : undefined;
    const limit = clampLimit(query.limit, DEFAULT_FRAME_LIMIT, MAX_FRAME_LIMIT);
    const settled = Date.now() - this.exportSettleMs;
    const since = query.sinceIngestedAt;
    if (since !== undefined && !Number.isFinite(since)) throw new InvalidQueryError('sinceIngestedAt must be a number');
    if (since !== undefined && since > settled) return { items: [] };
    const range: { lte: number; gte?: number } = { lte: settled };
    if (since !== undefined) range.gte = Math.ceil(since);
    const res = await this.client.request<SearchResult<FrameDoc>>({
      method: 'POST',
      path: `/${this.names.framesPattern}/_search`,
      body: {
        query: { bool: { filter: [{ range: { ingestedAt: range } }] } },
        sort: INGEST_ORDER_SORT,
        size: limit,
        track_total_hits: false,
        ...(after ? { search_after: after } : {}),
      },
    });
    const items = res.body.hits.hits.map((h) => toStoredFrame(h._source));
    const last = items[items.length - 1];
    return last ? { items, last: ingestPositionOf(last) } : { items };
  }

  /** Deletes expired sessions (not on legal hold) with their frames and fixes their identities: see SearchRetention. */
  override async purgeExpired(before: string): Promise<RetentionReport> {
    this.open();
    const cutoff = queryTsMicros('before', before);
    return new SearchRetention(this.client, this.names, this.logger).purge(cutoff);
  }

  async health(): Promise<StoreHealth> {
    const engine = this.client.engine;
    if (this.state !== 'open')
      return { ok: false, engine, detail: this.state === 'closed' ? 'closed' : 'not initialised' };
    try {
      const [root, health] = await Promise.all([
        this.client.request<{ version?: { number?: string; distribution?: string } }>({ method: 'GET', path: '/' }),
        this.client.request<{ status?: string; cluster_name?: string }>({ method: 'GET', path: '/_cluster/health' }),
      ]);
      const status = health.body.status ?? 'unknown';
      return {
        ok: status === 'green' || status === 'yellow',
        engine,
        detail: `${engine} ${root.body.version?.number ?? '?'}, cluster ${health.body.cluster_name ?? '?'} ${status}`,
      };
    } catch (err) {
      return { ok: false, engine, detail: err instanceof Error ? err.message : String(err) };
    }
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    await this.client.close();
  }
}

function frameDocument(f: StoredFrame, fallback?: { identity: FrameIdentity; resource: Resource }): FrameDoc {
  const frame = f.frame;
  const start = frame.type === 'session.start' ? frame : undefined;
  const identity = f.identity ?? (start ? pickFrameIdentity(start.identity) : fallback?.identity);
  const resource = f.resource ?? (start ? start.resource : fallback?.resource);
  const infoTypes = Object.entries(f.findings ?? {})
    .filter(([, n]) => typeof n === 'number' && n > 0)
    .map(([t]) => t);
  const doc: FrameDoc = {
    sid: f.sid,
    seq: f.seq,
    type: f.type,
    ts: f.ts,
    tsMicros: f.tsMicros,
    frame,
    bytes: f.bytes,
    findings: f.findings ?? {},
    hash: f.hash,
    ingestedAt: f.ingestedAt,
    infoTypes,
  };
  if (identity) doc.identity = identity;
  if (resource) doc.resource = resource;
  if (
    (frame.type === 'request' || frame.type === 'response' || frame.type === 'decision') &&
    typeof frame.xid === 'string'
  ) {
    doc.xid = frame.xid;
  }
  const words = frameWords(frame);
  if (words.length > 0) doc.words = words;
  return doc;
}

function toStoredFrame(d: FrameDoc): StoredFrame {
  const stored: StoredFrame = {
    id: `${d.sid}:${d.seq}`,
    sid: d.sid,
    seq: d.seq,
    type: d.type,
    ts: d.ts,
    tsMicros: d.tsMicros,
    frame: d.frame,
    bytes: d.bytes,
    findings: d.findings ?? {},
    hash: d.hash,
    ingestedAt: d.ingestedAt,
  };
  if (d.identity) stored.identity = d.identity;
  if (d.resource) stored.resource = d.resource;
  return stored;
}

function withoutLegalHold(doc: SessionDoc): SessionDoc {
  const { legalHold: _legalHold, ...rest } = doc;
  return rest;
}

function seqBounds(query: Omit<FrameRangeQuery, 'limit'>): [number, number] {
  const from =
    query.fromSeq !== undefined && Number.isFinite(query.fromSeq) ? Math.max(0, Math.ceil(query.fromSeq)) : 0;
  const to =
    query.toSeq !== undefined && Number.isFinite(query.toSeq) ? Math.floor(query.toSeq) : Number.MAX_SAFE_INTEGER;
  return [from, to];
}
