import { AccessLog, type AccessEntry, type AccessQuery } from '../access-log/access-log';
import type { Page } from '../recording.types';
import { StoreError, StoreNotOpenError } from '../store.errors';
import { clampLimit, DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from '../store.limits';
import { parseTsMicros, queryTsMicros } from '../timestamp';
import { bulkItemOutcome } from './bulk-item.outcome';
import { ElasticsearchEngineClient } from './elasticsearch.client';
import { OpenSearchEngineClient } from './opensearch.client';
import type { RefreshMode } from './search-recording.store';
import { SearchIndexNames } from './search-index.names';
import { ensureIndex, putIndexTemplate } from './search-index.setup';
import { accessLogTemplate } from './search-index.templates';
import { decodeKeyset, keysetPage } from './search-paging';
import type { SearchConnectionOptions, SearchEngineClient } from './search-engine.client';

export interface SearchAccessLogOptions extends SearchConnectionOptions {
  indexPrefix?: string;
  refresh?: RefreshMode;
  replicas?: number;
}

interface AccessDoc extends AccessEntry {
  atMicros: number;
}

/**
 * The access log in the search engine: one document per entry in
 * <prefix>-access-log-v1, id = entry id, written with `create` so a retried
 * record() is stored once. Listed newest first by `at`, ties by id.
 */
export class SearchAccessLog extends AccessLog {
  readonly names: SearchIndexNames;
  private state: 'new' | 'open' | 'closed' = 'new';

  constructor(
    private readonly client: SearchEngineClient,
    private readonly options: SearchAccessLogOptions,
  ) {
    super();
    this.names = new SearchIndexNames(options.indexPrefix ?? 'auditorium');
  }

  async init(): Promise<void> {
    if (this.state === 'closed') throw new StoreNotOpenError('closed');
    await putIndexTemplate(this.client, accessLogTemplate(this.names, { replicas: this.options.replicas }));
    await ensureIndex(this.client, this.names.accessLog);
    this.state = 'open';
  }

  private open(): void {
    if (this.state !== 'open') throw new StoreNotOpenError(this.state === 'closed' ? 'closed' : 'not initialised');
  }

  async record(entry: AccessEntry): Promise<void> {
    this.open();
    const atMicros = parseTsMicros(entry.at) ?? Date.parse(entry.at) * 1000;
    if (!Number.isSafeInteger(atMicros)) throw new StoreError(`access entry ${entry.id}: at is not RFC 3339`);
    const doc: AccessDoc = { ...entry, atMicros };
    const refresh = this.options.refresh ?? 'wait_for';
    const res = await this.client.request<{ status?: number; error?: { type?: string; reason?: string } }>(
      {
        method: 'PUT',
        path: `/${this.names.accessLog}/_create/${encodeURIComponent(entry.id)}`,
        querystring: refresh === false ? {} : { refresh: String(refresh) },
        body: doc,
      },
      [409],
    );
    // 409: the same entry was recorded before (a retry) — stored once
    const outcome = bulkItemOutcome('create', {
      status: res.statusCode,
      error: res.statusCode === 409 ? undefined : res.body.error,
    });
    if (outcome.kind === 'failed') throw new StoreError(`access entry ${entry.id} not recorded: ${outcome.reason}`);
  }

  async list(query: AccessQuery): Promise<Page<AccessEntry>> {
    this.open();
    const limit = clampLimit(query.limit, DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT);
    const cursor = query.cursor !== undefined ? decodeKeyset(query.cursor, 'access') : undefined;
    const filter: unknown[] = [];
    if (query.actor !== undefined) filter.push({ term: { actor: query.actor } });
    if (query.action !== undefined) filter.push({ term: { action: query.action } });
    if (query.target !== undefined) filter.push({ term: { target: query.target } });
    if (query.from !== undefined) filter.push({ range: { atMicros: { gte: queryTsMicros('from', query.from) } } });
    if (query.to !== undefined) filter.push({ range: { atMicros: { lte: queryTsMicros('to', query.to) } } });
    const page = await keysetPage<AccessDoc>(this.client, {
      kind: 'access',
      index: this.names.accessLog,
      query: { bool: { filter } },
      sort: [{ atMicros: 'desc' }, { id: 'desc' }],
      limit,
      cursor,
      keepAlive: '2m',
    });
    const items = page.hits.map((h) => toEntry(h._source));
    return page.nextCursor ? { items, nextCursor: page.nextCursor } : { items };
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    await this.client.close();
  }
}

/** The access log on Elasticsearch. */
export class ElasticsearchAccessLog extends SearchAccessLog {
  constructor(options: SearchAccessLogOptions) {
    super(new ElasticsearchEngineClient(options), options);
  }
}

/** The access log on OpenSearch. */
export class OpenSearchAccessLog extends SearchAccessLog {
  constructor(options: SearchAccessLogOptions) {
    super(new OpenSearchEngineClient(options), options);
  }
}

function toEntry(d: AccessDoc): AccessEntry {
  const entry: AccessEntry = {
    id: d.id,
    at: d.at,
    actor: d.actor,
    roles: d.roles ?? [],
    action: d.action,
    target: d.target,
  };
  if (d.ip !== undefined) entry.ip = d.ip;
  if (d.userAgent !== undefined) entry.userAgent = d.userAgent;
  if (d.status !== undefined) entry.status = d.status;
  return entry;
}
