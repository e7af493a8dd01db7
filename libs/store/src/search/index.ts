export * from './search-engine.client';
export { ElasticsearchEngineClient } from './elasticsearch.client';
export { OpenSearchEngineClient } from './opensearch.client';
export { SearchIndexNames, SEARCH_SCHEMA_VERSION } from './search-index.names';
export { MAPPING_FILES, recordingTemplates, accessLogTemplate, type IndexTemplate } from './search-index.templates';
export type { StoreLogger } from './search-index.setup';
export { SearchRecordingStore, type SearchRecordingStoreOptions, type RefreshMode } from './search-recording.store';
export { ElasticsearchRecordingStore } from './elasticsearch-recording.store';
export { OpenSearchRecordingStore } from './opensearch-recording.store';
export {
  SearchAccessLog,
  ElasticsearchAccessLog,
  OpenSearchAccessLog,
  type SearchAccessLogOptions,
} from './search-access-log';
export { DEFAULT_EXPORT_SETTLE_MS, ingestSortKey } from './search-ingest-order';
export { frameWords, withFrameWords } from './search-words';
