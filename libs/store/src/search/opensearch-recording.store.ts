import { OpenSearchEngineClient } from './opensearch.client';
import { SearchRecordingStore, type SearchRecordingStoreOptions } from './search-recording.store';

/** RecordingStore on OpenSearch 2.x (@opensearch-project/opensearch 3.x); no API keys, use username/password. */
export class OpenSearchRecordingStore extends SearchRecordingStore {
  constructor(options: SearchRecordingStoreOptions) {
    super(new OpenSearchEngineClient(options), options);
  }
}
