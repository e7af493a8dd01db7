import { ElasticsearchEngineClient } from './elasticsearch.client';
import { SearchRecordingStore, type SearchRecordingStoreOptions } from './search-recording.store';

/** RecordingStore on Elasticsearch 9 (@elastic/elasticsearch 9.4). */
export class ElasticsearchRecordingStore extends SearchRecordingStore {
  constructor(options: SearchRecordingStoreOptions) {
    super(new ElasticsearchEngineClient(options), options);
  }
}
