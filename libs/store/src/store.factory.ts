import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { AppConfig } from '@auditorium/config';

import type { AccessLog } from './access-log/access-log';
import { SqliteAccessLog } from './access-log/sqlite-access-log';
import type { RecordingStore } from './recording.store';
import { ElasticsearchAccessLog, OpenSearchAccessLog, type SearchAccessLogOptions } from './search/search-access-log';
import { ElasticsearchRecordingStore } from './search/elasticsearch-recording.store';
import { OpenSearchRecordingStore } from './search/opensearch-recording.store';
import type { RefreshMode } from './search/search-recording.store';
import type { SearchConnectionOptions } from './search/search-engine.client';
import type { StoreLogger } from './search/search-index.setup';
import { SqliteRecordingStore } from './sqlite/sqlite-recording.store';
import { StoreError } from './store.errors';

/** The embedded database file under AUDITORIUM_DATA_DIR (recordings and access log share it). */
export const SQLITE_FILE = 'auditorium.db';

export interface RecordingStoreFactoryOptions {
  /**
   * Search engines only: 'wait_for' (default) makes every write visible to searches
   * before it resolves; the ingester passes false for throughput.
   */
  refresh?: RefreshMode;
  /** index.number_of_replicas for indices created from now on (default: the engine's) */
  replicas?: number;
  /**
   * Search engines only: ingest-order reads (export) serve frames stored at least
   * this long ago (default: config EXPORT_SETTLE_MS, else 5000 ms). See search/README.md.
   */
  exportSettleMs?: number;
  logger?: StoreLogger;
}

/** The RecordingStore AUDITORIUM_STORE names, not initialised yet (call init()). */
export function createRecordingStore(config: AppConfig, opts: RecordingStoreFactoryOptions = {}): RecordingStore {
  switch (config.store) {
    case 'sqlite':
      return new SqliteRecordingStore({ path: join(config.dataDir, SQLITE_FILE) });
    case 'elasticsearch':
      return new ElasticsearchRecordingStore({ ...searchOptions(config), ...opts });
    case 'opensearch':
      return new OpenSearchRecordingStore({ ...searchOptions(config), ...opts });
  }
}

/** The AccessLog beside the recordings: the same SQLite file, or an index of the same engine. */
export function createAccessLog(
  config: AppConfig,
  opts: Pick<SearchAccessLogOptions, 'refresh' | 'replicas'> = {},
): AccessLog {
  switch (config.store) {
    case 'sqlite':
      return new SqliteAccessLog({ path: join(config.dataDir, SQLITE_FILE) });
    case 'elasticsearch':
      return new ElasticsearchAccessLog({ ...searchOptions(config), ...opts });
    case 'opensearch':
      return new OpenSearchAccessLog({ ...searchOptions(config), ...opts });
  }
}

/** Connection options from config.search. Credentials go to the client only; nothing here logs them. */
function searchOptions(config: AppConfig): SearchConnectionOptions & { indexPrefix: string; exportSettleMs?: number } {
  const search = config.search;
  if (!search) throw new StoreError(`SEARCH_URL is required when AUDITORIUM_STORE=${config.store}`);
  let auth: SearchConnectionOptions['auth'];
  if (search.apiKey) auth = { apiKey: search.apiKey };
  else if (search.username && search.password) auth = { username: search.username, password: search.password };
  else if (search.username || search.password) {
    throw new StoreError('SEARCH_USERNAME and SEARCH_PASSWORD must be set together');
  }
  let ca: Buffer | undefined;
  if (search.caFile) {
    try {
      ca = readFileSync(search.caFile);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new StoreError(`SEARCH_CA_FILE ${search.caFile}: ${code}`);
    }
  }
  return {
    node: search.url,
    ...(auth ? { auth } : {}),
    ...(ca ? { tls: { ca } } : {}),
    indexPrefix: search.indexPrefix,
    ...(search.exportSettleMs !== undefined ? { exportSettleMs: search.exportSettleMs } : {}),
  };
}
