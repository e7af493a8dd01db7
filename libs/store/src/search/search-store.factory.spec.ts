import { loadConfig } from '@auditorium/config';

import { SqliteAccessLog } from '../access-log/sqlite-access-log';
import { SqliteRecordingStore } from '../sqlite/sqlite-recording.store';
import { createAccessLog, createRecordingStore } from '../store.factory';
import { ElasticsearchRecordingStore } from './elasticsearch-recording.store';
import { OpenSearchRecordingStore } from './opensearch-recording.store';
import { ElasticsearchAccessLog, OpenSearchAccessLog } from './search-access-log';

const env = (extra: Record<string, string>) =>
  loadConfig({ AUDITORIUM_DATA_DIR: '/tmp/auditorium-factory', ...extra }, '/');

describe('store factory', () => {
  it('picks the adapter AUDITORIUM_STORE names (nothing connects before init)', async () => {
    expect(createRecordingStore(env({}))).toBeInstanceOf(SqliteRecordingStore);
    expect(createAccessLog(env({}))).toBeInstanceOf(SqliteAccessLog);
    const es = env({ AUDITORIUM_STORE: 'elasticsearch', SEARCH_URL: 'http://127.0.0.1:1', SEARCH_API_KEY: 'k' });
    const os = env({
      AUDITORIUM_STORE: 'opensearch',
      SEARCH_URL: 'http://127.0.0.1:1',
      SEARCH_USERNAME: 'u',
      SEARCH_PASSWORD: 'p',
      SEARCH_INDEX_PREFIX: 'acme',
    });
    const stores = [createRecordingStore(es, { refresh: false }), createRecordingStore(os)];
    expect(stores[0]).toBeInstanceOf(ElasticsearchRecordingStore);
    expect(stores[1]).toBeInstanceOf(OpenSearchRecordingStore);
    expect((stores[1] as OpenSearchRecordingStore).names.sessions).toBe('acme-sessions-v1');
    const logs = [createAccessLog(es), createAccessLog(os)];
    expect(logs[0]).toBeInstanceOf(ElasticsearchAccessLog);
    expect(logs[1]).toBeInstanceOf(OpenSearchAccessLog);
    for (const closable of [...stores, ...logs]) await closable.close();
  });

  it('passes the export settle window from EXPORT_SETTLE_MS, or from the factory options', async () => {
    const base = { AUDITORIUM_STORE: 'elasticsearch', SEARCH_URL: 'http://127.0.0.1:1' };
    const byDefault = createRecordingStore(env(base)) as ElasticsearchRecordingStore;
    const fromEnv = createRecordingStore(env({ ...base, EXPORT_SETTLE_MS: '12000' })) as ElasticsearchRecordingStore;
    const fromOpts = createRecordingStore(env({ ...base, EXPORT_SETTLE_MS: '12000' }), {
      exportSettleMs: 250,
    }) as ElasticsearchRecordingStore;
    expect([byDefault.exportSettleMs, fromEnv.exportSettleMs, fromOpts.exportSettleMs]).toEqual([5000, 12000, 250]);
    expect(() => env({ ...base, EXPORT_SETTLE_MS: '-1' })).toThrow(/EXPORT_SETTLE_MS/);
    for (const s of [byDefault, fromEnv, fromOpts]) await s.close();
  });

  it('refuses an API key for OpenSearch and a missing CA file, without echoing secrets', () => {
    const withKey = env({ AUDITORIUM_STORE: 'opensearch', SEARCH_URL: 'http://127.0.0.1:1', SEARCH_API_KEY: 's3cr3t' });
    expect(() => createRecordingStore(withKey)).toThrow(/API keys/);
    try {
      createRecordingStore(withKey);
    } catch (err) {
      expect(String(err)).not.toContain('s3cr3t');
    }
    const badCa = env({
      AUDITORIUM_STORE: 'elasticsearch',
      SEARCH_URL: 'http://127.0.0.1:1',
      SEARCH_CA_FILE: '/nonexistent/ca.pem',
      SEARCH_PASSWORD: 'hunter2',
      SEARCH_USERNAME: 'u',
    });
    expect(() => createRecordingStore(badCa)).toThrow(/SEARCH_CA_FILE .*ENOENT/);
  });
});
