import type { RetentionReport } from '../recording.types';
import { StoreError } from '../store.errors';
import { bulkItemAt, type BulkItemResult, type BulkResponse } from './bulk-item.outcome';
import { identityDocId, sameIdentity, type IdentityDoc } from './identity-document';
import type { SearchEngineClient } from './search-engine.client';
import type { SearchIndexNames } from './search-index.names';
import type { StoreLogger } from './search-index.setup';
import type { SearchResult } from './search-paging';
import type { SessionDoc } from './session-document';

/** Expired sessions handled per step (one realtime _mget, one frames query, one bulk of session deletes). */
const SESSION_BATCH = 500;
/** Frame ids per search page, deleted by one bulk each. */
const FRAME_PAGE = 5000;
/** Identities rebuilt per aggregation. */
const IDENTITY_BATCH = 200;
/** Distinct resources kept per identity (the identities index keeps them all in one document). */
const MAX_RESOURCES = 10_000;
const MAX_ATTEMPTS = 20;

type SessionCheck = Pick<SessionDoc, 'sid' | 'identitySub' | 'lastMicros' | 'legalHold'>;

interface MgetDoc<T> {
  _id: string;
  found: boolean;
  _source?: T;
  _seq_no?: number;
  _primary_term?: number;
}

interface Doomed {
  sid: string;
  sub?: string;
  seqNo: number;
  primaryTerm: number;
}

/**
 * Retention on a search engine, without `_delete_by_query` (the test
 * Elasticsearch has no reindex module) or scripts:
 *
 * 1. refresh the frames and sessions indices, so frames written with refresh=false are found;
 * 2. page through the expired sessions (lastMicros < cut-off, not on legal hold) by sid;
 * 3. per page, re-check the summaries with a realtime _mget (a hold set or a frame
 *    stored since the search keeps the session), search the frame ids by sid with
 *    search_after on (sid, seq) and bulk-delete them, then delete each summary only
 *    if it is unchanged since the check (if_seq_no); a summary that changed is checked
 *    again. Frames go before their summary: a crash in between leaves a summary the
 *    next run finds and finishes, never frames without a summary;
 * 4. rebuild the documents of the identities that lost sessions from the sessions
 *    that remain (first/last seen, resources; none left → the document is deleted),
 *    written with optimistic concurrency. Session and finding counts are summed from
 *    the sessions index at read time, so they are exact once the summaries are gone;
 * 5. refresh, so searches and listings no longer see what was deleted.
 */
export class SearchRetention {
  constructor(
    private readonly client: SearchEngineClient,
    private readonly names: SearchIndexNames,
    private readonly logger: StoreLogger,
  ) {}

  async purge(cutoffMicros: number): Promise<RetentionReport> {
    await this.refresh(this.names.framesPattern, this.names.sessions);
    const report: RetentionReport = {
      deletedFrames: 0,
      deletedSessions: 0,
      keptOnHold: await this.countHeld(cutoffMicros),
    };
    const subs = new Set<string>();
    let after: string | undefined;
    for (;;) {
      const res = await this.client.request<SearchResult<never>>({
        method: 'POST',
        path: `/${this.names.sessions}/_search`,
        body: {
          query: {
            bool: {
              filter: [{ range: { lastMicros: { lt: cutoffMicros } } }],
              must_not: [{ term: { legalHold: true } }],
            },
          },
          sort: [{ sid: 'asc' }],
          size: SESSION_BATCH,
          _source: false,
          track_total_hits: false,
          ...(after !== undefined ? { search_after: [after] } : {}),
        },
      });
      const sids = res.body.hits.hits.map((h) => h._id);
      if (sids.length === 0) break;
      await this.purgeSessions(sids, cutoffMicros, report, subs);
      if (sids.length < SESSION_BATCH) break;
      after = sids[sids.length - 1];
    }
    if (subs.size > 0) {
      await this.refresh(this.names.sessions);
      const all = [...subs];
      for (let i = 0; i < all.length; i += IDENTITY_BATCH)
        await this.rebuildIdentities(all.slice(i, i + IDENTITY_BATCH));
    }
    await this.refresh(this.names.framesPattern, this.names.sessions, this.names.identities);
    if (report.deletedSessions > 0) {
      this.logger.info(
        `retention: deleted ${report.deletedSessions} sessions and ${report.deletedFrames} frames, ${report.keptOnHold} kept on hold`,
      );
    }
    return report;
  }

  private async refresh(...indices: string[]): Promise<void> {
    await this.client.request({ method: 'POST', path: `/${indices.join(',')}/_refresh` });
  }

  private async countHeld(cutoffMicros: number): Promise<number> {
    const res = await this.client.request<{ count: number }>({
      method: 'POST',
      path: `/${this.names.sessions}/_count`,
      body: {
        query: {
          bool: { filter: [{ range: { lastMicros: { lt: cutoffMicros } } }, { term: { legalHold: true } }] },
        },
      },
    });
    return res.body.count;
  }

  /** Deletes the frames and summaries of these sessions that are still expired and not held (see the class comment). */
  private async purgeSessions(
    sids: string[],
    cutoffMicros: number,
    report: RetentionReport,
    subs: Set<string>,
  ): Promise<void> {
    let pending = sids;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= MAX_ATTEMPTS) {
        throw new StoreError(
          `retention: sessions kept changing while being deleted: ${pending.slice(0, 5).join(', ')}`,
        );
      }
      const res = await this.client.request<{ docs: Array<MgetDoc<SessionCheck>> }>({
        method: 'POST',
        path: `/${this.names.sessions}/_mget`,
        querystring: { _source_includes: 'sid,identitySub,lastMicros,legalHold' },
        body: { ids: pending },
      });
      const doomed: Doomed[] = [];
      for (const d of res.body.docs) {
        const s = d._source;
        if (!d.found || !s || d._seq_no === undefined || d._primary_term === undefined) continue; // gone meanwhile
        if (s.lastMicros >= cutoffMicros) continue; // active again: not expired any more
        if (s.legalHold === true) {
          report.keptOnHold++; // held since the search
          continue;
        }
        doomed.push({ sid: d._id, sub: s.identitySub, seqNo: d._seq_no, primaryTerm: d._primary_term });
      }
      if (doomed.length === 0) return;
      report.deletedFrames += await this.deleteFrames(doomed.map((d) => d.sid));
      const items = await this.bulk(
        doomed.map((d) => ({
          action: {
            delete: { _index: this.names.sessions, _id: d.sid, if_seq_no: d.seqNo, if_primary_term: d.primaryTerm },
          },
        })),
      );
      pending = [];
      doomed.forEach((d, i) => {
        const item = items[i];
        const status = item?.status;
        if (status === 200) {
          report.deletedSessions++;
          if (d.sub !== undefined) subs.add(d.sub);
        } else if (status === 409) {
          pending.push(d.sid); // changed since the check (a frame, a hold, a seal): check again
        } else if (status !== 404) {
          throw new StoreError(`retention: session ${d.sid} not deleted: ${describeItem(item)}`);
        }
      });
    }
  }

  /** Deletes every stored frame of these sessions: ids by search_after on (sid, seq), a bulk of deletes per page. */
  private async deleteFrames(sids: string[]): Promise<number> {
    let deleted = 0;
    let after: unknown[] | undefined;
    for (;;) {
      const res = await this.client.request<SearchResult<never>>({
        method: 'POST',
        path: `/${this.names.framesPattern}/_search`,
        body: {
          query: { bool: { filter: [{ terms: { sid: sids } }] } },
          sort: [{ sid: 'asc' }, { seq: 'asc' }],
          size: FRAME_PAGE,
          _source: false,
          track_total_hits: false,
          ...(after ? { search_after: after } : {}),
        },
      });
      const hits = res.body.hits.hits;
      if (hits.length === 0) return deleted;
      const items = await this.bulk(hits.map((h) => ({ action: { delete: { _index: h._index, _id: h._id } } })));
      hits.forEach((h, i) => {
        const item = items[i];
        if (item?.status === 200) deleted++;
        else if (item?.status !== 404)
          throw new StoreError(`retention: frame ${h._id} not deleted: ${describeItem(item)}`);
      });
      if (hits.length < FRAME_PAGE) return deleted;
      after = hits[hits.length - 1].sort;
    }
  }

  /**
   * Rebuilds identity documents from the sessions that remain: earliest first seen,
   * latest last seen, the resources still used (name and type are kept). An identity
   * with no session left loses its document. Written with if_seq_no; a lost race is
   * recomputed.
   */
  private async rebuildIdentities(subs: string[]): Promise<void> {
    let pending = subs;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= MAX_ATTEMPTS) throw new StoreError('retention: identities kept changing while being rebuilt');
      const remaining = await this.identityAggregates(pending);
      const current = await this.client.request<{ docs: Array<MgetDoc<IdentityDoc>> }>({
        method: 'POST',
        path: `/${this.names.identities}/_mget`,
        body: { ids: pending.map(identityDocId) },
      });
      const ops: BulkOp[] = [];
      const written: string[] = [];
      pending.forEach((sub, i) => {
        const got = current.body.docs[i];
        const existing = got?.found && got._source ? got._source : undefined;
        const cas =
          existing && got._seq_no !== undefined && got._primary_term !== undefined
            ? { if_seq_no: got._seq_no, if_primary_term: got._primary_term }
            : undefined;
        const rebuilt = remaining.get(sub);
        if (!rebuilt) {
          if (cas) {
            ops.push({ action: { delete: { _index: this.names.identities, _id: identityDocId(sub), ...cas } } });
            written.push(sub);
          }
          return;
        }
        const doc: IdentityDoc = { ...rebuilt };
        const name = existing?.name ?? rebuilt.name;
        const type = existing?.type ?? rebuilt.type;
        if (name !== undefined) doc.name = name;
        if (type !== undefined) doc.type = type;
        if (existing && sameIdentity(existing, doc)) return;
        const meta: BulkOp['action'] = cas
          ? { index: { _index: this.names.identities, _id: identityDocId(sub), ...cas } }
          : { create: { _index: this.names.identities, _id: identityDocId(sub) } };
        ops.push({ action: meta, doc });
        written.push(sub);
      });
      if (ops.length === 0) return;
      const items = await this.bulk(ops);
      pending = [];
      written.forEach((sub, i) => {
        const item = items[i];
        const status = item?.status ?? 0;
        if (status === 409) pending.push(sub);
        else if (!(status >= 200 && status < 300) && status !== 404) {
          throw new StoreError(`retention: identity ${sub} not rebuilt: ${describeItem(item)}`);
        }
      });
    }
  }

  /** Per identity, what its remaining sessions add up to (absent: no session left). */
  private async identityAggregates(subs: string[]): Promise<Map<string, IdentityDoc>> {
    type Top = { hits: { hits: Array<{ _source: Partial<SessionDoc> }> } };
    type Bucket = { key: string; first: Top; last: Top; resources: { buckets: Array<{ key: string }> } };
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
              first: {
                top_hits: {
                  size: 1,
                  sort: [{ firstMicros: 'asc' }],
                  _source: { includes: ['firstTs', 'firstMicros'] },
                },
              },
              last: {
                top_hits: { size: 1, sort: [{ lastMicros: 'desc' }], _source: { includes: ['lastTs', 'lastMicros'] } },
              },
              resources: { terms: { field: 'resourceName', size: MAX_RESOURCES } },
            },
          },
        },
      },
    });
    const out = new Map<string, IdentityDoc>();
    const buckets = (res.body.aggregations?.subs as { buckets?: Bucket[] } | undefined)?.buckets ?? [];
    for (const b of buckets) {
      const first = b.first.hits.hits[0]?._source;
      const last = b.last.hits.hits[0]?._source;
      if (
        first?.firstTs === undefined ||
        first.firstMicros === undefined ||
        last?.lastTs === undefined ||
        last.lastMicros === undefined
      ) {
        continue;
      }
      out.set(b.key, {
        sub: b.key,
        firstTs: first.firstTs,
        firstMicros: first.firstMicros,
        lastTs: last.lastTs,
        lastMicros: last.lastMicros,
        resources: b.resources.buckets.map((r) => r.key).sort(),
      });
    }
    return out;
  }

  /** One _bulk request; the result of each op, in order. */
  private async bulk(ops: BulkOp[]): Promise<Array<BulkItemResult | undefined>> {
    const lines: string[] = [];
    for (const op of ops) {
      lines.push(JSON.stringify(op.action));
      if (op.doc !== undefined) lines.push(JSON.stringify(op.doc));
    }
    const res = await this.client.request<BulkResponse>({ method: 'POST', path: '/_bulk', bulkBody: lines });
    return ops.map((_, i) => bulkItemAt(res.body, i));
  }
}

/** A bulk action and, for index/create, its document. */
interface BulkOp {
  action: Record<string, Record<string, string | number>>;
  doc?: unknown;
}

function describeItem(item: BulkItemResult | undefined): string {
  if (!item) return 'no result for this item';
  const e = item.error;
  if (typeof e === 'string') return `${item.status}: ${e}`;
  return `${item.status ?? '?'} ${e?.type ?? ''} ${e?.reason ?? ''}`.trim();
}
