/**
 * The search engine the jest global setup started (SEARCH_URL, SEARCH_ENGINE),
 * as the store tests reach it: a client of the right kind, and the clean-up of
 * a run's indices and templates.
 */
import { ElasticsearchEngineClient, OpenSearchEngineClient, type SearchEngineClient } from '@auditorium/store';

export function testEngine(): { url: string; engine: 'elasticsearch' | 'opensearch' } {
  const url = process.env.SEARCH_URL;
  if (!url) throw new Error('SEARCH_URL must be set (the jest global setup starts the engine)');
  return { url, engine: process.env.SEARCH_ENGINE === 'opensearch' ? 'opensearch' : 'elasticsearch' };
}

export function engineClient(): SearchEngineClient {
  const { url, engine } = testEngine();
  return engine === 'opensearch'
    ? new OpenSearchEngineClient({ node: url })
    : new ElasticsearchEngineClient({ node: url });
}

/** Deletes every index and template under `prefix` (wildcard deletes are refused by default: by name). */
export async function removeIndices(prefix: string): Promise<void> {
  const admin = engineClient();
  try {
    const indices = await admin.request<Array<{ index: string }>>({
      method: 'GET',
      path: `/_cat/indices/${prefix}-*`,
      querystring: { format: 'json', expand_wildcards: 'all' },
    });
    for (const { index } of indices.body) await admin.request({ method: 'DELETE', path: `/${index}` }, [404]);
    const templates = await admin.request<{ index_templates: Array<{ name: string }> }>(
      { method: 'GET', path: `/_index_template/${prefix}-*` },
      [404],
    );
    for (const { name } of templates.body.index_templates ?? []) {
      await admin.request({ method: 'DELETE', path: `/_index_template/${name}` }, [404]);
    }
  } finally {
    await admin.close();
  }
}
