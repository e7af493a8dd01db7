// Proves the search engine the integration tests run against is the real
// thing: talks to it with the engine's official client (which, for
// Elasticsearch, refuses any server that does not say it is Elasticsearch),
// checks the node reports the engine's own build and JVM, then creates an
// index with a mapping, bulk indexes, searches, pages with a point in time and
// search_after, and deletes the index.
// SEARCH_URL / SEARCH_ENGINE come from the jest global setup (test/infra).
import { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import { Client as OpenSearchClient } from '@opensearch-project/opensearch';

type Engine = 'elasticsearch' | 'opensearch';

const url = process.env.SEARCH_URL;
const engine = (process.env.SEARCH_ENGINE || 'elasticsearch') as Engine;
const index = `smoke-${process.pid}-${Date.now()}`;

interface Frame {
  sid: string;
  seq: number;
  ts: string;
  kind: string;
  text: string;
  identity: { sub: string; kind: string };
  labels: Record<string, string>;
}

const frames: Frame[] = [
  {
    sid: 'sess-1',
    seq: 0,
    ts: '2026-11-29T10:00:00.000Z',
    kind: 'request',
    text: 'SELECT name FROM Customers WHERE id = 42',
    identity: { sub: 'agent-billing', kind: 'ai_agent' },
    labels: { env: 'prod', target: 'postgres' },
  },
  {
    sid: 'sess-1',
    seq: 1,
    ts: '2026-11-29T10:00:01.000Z',
    kind: 'response',
    text: '1 row returned',
    identity: { sub: 'agent-billing', kind: 'ai_agent' },
    labels: { env: 'prod', target: 'postgres' },
  },
  {
    sid: 'sess-2',
    seq: 0,
    ts: '2026-11-29T11:00:00.000Z',
    kind: 'request',
    text: 'kubectl get pods',
    identity: { sub: 'ci-deployer', kind: 'pipeline' },
    labels: { env: 'staging', target: 'k8s' },
  },
];

/** Our mapping; `labels` is `flattened` in Elasticsearch, `flat_object` in OpenSearch. */
function mappingFor<T extends 'flattened' | 'flat_object'>(labelsType: T) {
  return {
    dynamic: 'strict' as const,
    properties: {
      sid: { type: 'keyword' as const },
      seq: { type: 'long' as const },
      ts: { type: 'date' as const },
      kind: { type: 'keyword' as const },
      text: { type: 'text' as const, analyzer: 'standard' },
      identity: {
        type: 'object' as const,
        properties: { sub: { type: 'keyword' as const }, kind: { type: 'keyword' as const } },
      },
      labels: { type: labelsType },
    },
  };
}

interface Hit {
  _id?: string | null;
  _source?: unknown;
  sort?: unknown[];
}

const sortBySessionThenSeq: Record<string, { order: 'asc' }>[] = [{ sid: { order: 'asc' } }, { seq: { order: 'asc' } }];

function ids(hits: Hit[]): string[] {
  return hits.map((hit) => String(hit._id));
}

function requireUrl(): string {
  if (!url) throw new Error('SEARCH_URL is not set: the jest global setup (test/infra) starts the engine and sets it');
  return url;
}

// only the engine that runs is smoked (SEARCH_ENGINE picks it); the other is not skipped but absent
if (engine === 'elasticsearch')
  describe('Elasticsearch smoke (official client)', () => {
    let client: ElasticsearchClient;

    beforeAll(() => {
      client = new ElasticsearchClient({ node: requireUrl(), requestTimeout: 30_000 });
    });
    afterAll(async () => {
      await client?.indices.delete({ index, ignore_unavailable: true }).catch(() => undefined);
      await client?.close();
    });

    it('talks to a real Elasticsearch node', async () => {
      // The client rejects any 2xx answer without `x-elastic-product: Elasticsearch`.
      const info = await client.info();
      const nodes = await client.nodes.info({ metric: ['jvm', 'process'] });
      const [node] = Object.values(nodes.nodes);
      console.log(
        `search engine: elasticsearch ${info.version.number} (lucene ${info.version.lucene_version}, ` +
          `node ${node.name}, JVM ${node.jvm?.version ?? '?'}) at ${url}`,
      );
      expect(info.version.number).toMatch(/^9\.\d+\.\d+$/);
      expect(info.tagline).toBe('You Know, for Search');
      // Answered by the server's own nodes-info action, not by the launcher.
      expect(node.version).toBe(info.version.number);
      expect(node.build_flavor).toBe('default');
      expect(node.jvm?.pid).toBeGreaterThan(0);
      expect(info.cluster_uuid).toBe((await client.cluster.state({ metric: ['metadata'] })).metadata?.cluster_uuid);
    });

    it('creates an index with a mapping, bulk indexes, searches, pages with a point in time, deletes', async () => {
      await client.indices.create({
        index,
        settings: { number_of_shards: 1, number_of_replicas: 0 },
        mappings: mappingFor('flattened'),
      });
      const mapping = await client.indices.getMapping({ index });
      expect(mapping[index].mappings.properties?.labels?.type).toBe('flattened');

      const bulk = await client.bulk({
        refresh: true,
        operations: frames.flatMap((frame) => [{ index: { _index: index, _id: `${frame.sid}:${frame.seq}` } }, frame]),
      });
      expect(bulk.errors).toBe(false);
      expect(bulk.items).toHaveLength(frames.length);

      // Full text through the standard analyzer (case-folded).
      const text = await client.search<Frame>({ index, query: { match: { text: 'customers' } } });
      expect(ids(text.hits.hits)).toEqual(['sess-1:0']);
      // keyword, nested object field, flattened key, date range.
      const filtered = await client.search<Frame>({
        index,
        query: {
          bool: {
            filter: [
              { term: { 'identity.kind': 'ai_agent' } },
              { term: { 'labels.target': 'postgres' } },
              { range: { ts: { gte: '2026-11-29T10:00:00Z', lt: '2026-11-29T10:30:00Z' } } },
            ],
          },
        },
        sort: sortBySessionThenSeq,
      });
      expect(ids(filtered.hits.hits)).toEqual(['sess-1:0', 'sess-1:1']);

      // Deep paging: point in time + search_after, one hit a page.
      const pit = await client.openPointInTime({ index, keep_alive: '1m' });
      const seen: string[] = [];
      let after: Hit['sort'];
      for (let page = 0; page < frames.length + 1; page++) {
        const result = await client.search<Frame>({
          pit: { id: pit.id, keep_alive: '1m' },
          size: 1,
          sort: sortBySessionThenSeq,
          ...(after ? { search_after: after as (string | number)[] } : {}),
        });
        if (!result.hits.hits.length) break;
        seen.push(...ids(result.hits.hits));
        after = result.hits.hits[result.hits.hits.length - 1].sort;
      }
      expect(seen).toEqual(['sess-1:0', 'sess-1:1', 'sess-2:0']);
      const closed = await client.closePointInTime({ id: pit.id });
      expect(closed.succeeded).toBe(true);

      await client.indices.delete({ index });
      expect(await client.indices.exists({ index })).toBe(false);
    });
  });

if (engine === 'opensearch')
  describe('OpenSearch smoke (official client)', () => {
    let client: OpenSearchClient;

    beforeAll(() => {
      client = new OpenSearchClient({ node: requireUrl(), requestTimeout: 30_000 });
    });
    afterAll(async () => {
      await client?.indices.delete({ index, ignore_unavailable: true }).catch(() => undefined);
      await client?.close();
    });

    it('talks to a real OpenSearch node', async () => {
      const { body: info } = await client.info();
      const { body: nodes } = await client.nodes.info({ metric: ['jvm', 'process'] });
      const [node] = Object.values(nodes.nodes);
      console.log(
        `search engine: opensearch ${info.version.number} (lucene ${info.version.lucene_version}, ` +
          `node ${node.name}, JVM ${node.jvm?.version ?? '?'}) at ${url}`,
      );
      expect(info.version.distribution).toBe('opensearch');
      expect(info.version.number).toMatch(/^[23]\.\d+\.\d+$/);
      expect(node.version).toBe(info.version.number);
      expect(node.jvm?.pid).toBeGreaterThan(0);
    });

    it('creates an index with a mapping, bulk indexes, searches, pages with a point in time, deletes', async () => {
      await client.indices.create({
        index,
        body: { settings: { number_of_shards: 1, number_of_replicas: 0 }, mappings: mappingFor('flat_object') },
      });
      const { body: mapping } = await client.indices.getMapping({ index });
      expect(mapping[index].mappings.properties?.labels?.type).toBe('flat_object');

      const { body: bulk } = await client.bulk({
        refresh: true,
        body: frames.flatMap((frame) => [{ index: { _index: index, _id: `${frame.sid}:${frame.seq}` } }, frame]),
      });
      expect(bulk.errors).toBe(false);
      expect(bulk.items).toHaveLength(frames.length);

      const { body: text } = await client.search({ index, body: { query: { match: { text: 'customers' } } } });
      expect(ids(text.hits.hits)).toEqual(['sess-1:0']);
      const { body: filtered } = await client.search({
        index,
        body: {
          query: {
            bool: {
              filter: [
                { term: { 'identity.kind': 'ai_agent' } },
                { term: { 'labels.target': 'postgres' } },
                { range: { ts: { gte: '2026-11-29T10:00:00Z', lt: '2026-11-29T10:30:00Z' } } },
              ],
            },
          },
          sort: sortBySessionThenSeq,
        },
      });
      expect(ids(filtered.hits.hits)).toEqual(['sess-1:0', 'sess-1:1']);

      const { body: pit } = await client.createPit({ index: [index], keep_alive: '1m' });
      const seen: string[] = [];
      let after: Hit['sort'];
      for (let page = 0; page < frames.length + 1; page++) {
        const { body: result } = await client.search({
          body: {
            pit: { id: pit.pit_id, keep_alive: '1m' },
            size: 1,
            sort: sortBySessionThenSeq,
            ...(after ? { search_after: after as (string | number)[] } : {}),
          },
        });
        if (!result.hits.hits.length) break;
        seen.push(...ids(result.hits.hits));
        after = result.hits.hits[result.hits.hits.length - 1].sort;
      }
      expect(seen).toEqual(['sess-1:0', 'sess-1:1', 'sess-2:0']);
      const { body: deleted } = await client.deletePit({ body: { pit_id: [pit.pit_id] } });
      expect(deleted.pits?.[0]?.successful).toBe(true);

      await client.indices.delete({ index });
      expect((await client.indices.exists({ index })).body).toBe(false);
    });
  });
