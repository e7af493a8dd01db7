import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { SearchIndexNames } from './search-index.names';
import { MAPPING_FILES, recordingTemplates, accessLogTemplate } from './search-index.templates';

type Props = Record<string, { type?: string; properties?: Props; enabled?: boolean; analyzer?: string }>;

/** The mapping of a dotted field path, e.g. 'identity.sub'. */
function field(properties: Props, path: string): { type?: string; enabled?: boolean; analyzer?: string } | undefined {
  const [head, ...rest] = path.split('.');
  const node = properties[head];
  if (!node || rest.length === 0) return node;
  return node.properties ? field(node.properties, rest.join('.')) : undefined;
}

describe('search index mappings (versioned JSON)', () => {
  it('every JSON file under mappings/ and lifecycle/ parses', () => {
    for (const dir of ['mappings', 'lifecycle']) {
      const files = readdirSync(join(__dirname, dir)).filter((f) => f.endsWith('.json'));
      expect(files.length).toBeGreaterThan(0);
      for (const file of files)
        expect(() => JSON.parse(readFileSync(join(__dirname, dir, file), 'utf8'))).not.toThrow();
    }
  });

  it('is strict about what gets indexed (dynamic false) and versioned', () => {
    for (const file of Object.values(MAPPING_FILES)) {
      expect(file.version).toBe(1);
      expect(file.mappings.dynamic).toBe(false);
    }
  });

  it.each([
    // field, type — every field a query, sort or aggregation of the adapters uses
    ['frames', 'sid', 'keyword'],
    ['frames', 'seq', 'long'],
    ['frames', 'identity.sub', 'keyword'],
    ['frames', 'resource.name', 'keyword'],
    ['frames', 'resource.type', 'keyword'],
    ['frames', 'words', 'text'],
    ['frames', 'ts', 'date'],
    ['frames', 'ingestedAt', 'long'],
    ['sessions', 'sid', 'keyword'],
    ['sessions', 'identitySub', 'keyword'],
    ['sessions', 'resourceName', 'keyword'],
    ['sessions', 'resourceType', 'keyword'],
    ['sessions', 'status', 'keyword'],
    ['sessions', 'decisionOutcomes', 'keyword'],
    ['sessions', 'infoTypes', 'keyword'],
    ['sessions', 'findingsTotal', 'long'],
    ['sessions', 'firstMicros', 'long'],
    ['sessions', 'lastMicros', 'long'],
    ['sessions', 'sortMicros', 'long'],
    ['sessions', 'findingList', 'nested'],
    ['sessions', 'findingList.infoType', 'keyword'],
    ['sessions', 'findingList.count', 'long'],
    ['identities', 'sub', 'keyword'],
    ['identities', 'lastMicros', 'long'],
    ['accessLog', 'id', 'keyword'],
    ['accessLog', 'atMicros', 'long'],
    ['accessLog', 'actor', 'keyword'],
    ['accessLog', 'action', 'keyword'],
    ['accessLog', 'target', 'keyword'],
  ] as const)('%s maps %s as %s', (kind, path, type) => {
    expect(field(MAPPING_FILES[kind].mappings.properties as Props, path)?.type).toBe(type);
  });

  it('indexes pre-tokenized words with the whitespace analyzer and keeps them out of _source', () => {
    const frames = MAPPING_FILES.frames.mappings;
    expect(field(frames.properties as Props, 'words')?.analyzer).toBe('whitespace');
    expect(frames._source).toEqual({ excludes: ['words'] });
  });

  it('keeps payloads and summaries out of the index (enabled: false)', () => {
    expect(field(MAPPING_FILES.frames.mappings.properties as Props, 'frame')?.enabled).toBe(false);
    for (const path of ['identity', 'seal', 'applied', 'head', 'findings', 'decisions']) {
      expect(field(MAPPING_FILES.sessions.mappings.properties as Props, path)?.enabled).toBe(false);
    }
  });

  it('builds templates under the prefix, with replicas when asked', () => {
    const names = new SearchIndexNames('acme');
    const templates = recordingTemplates(names, { replicas: 0, frameSettings: { 'index.lifecycle.name': 'p' } });
    expect(templates.map((t) => [t.name, t.body.index_patterns])).toEqual([
      ['acme-frames-v1', ['acme-frames-v1-*']],
      ['acme-sessions-v1', ['acme-sessions-v1']],
      ['acme-identities-v1', ['acme-identities-v1']],
    ]);
    expect(templates[0].body.template.settings).toMatchObject({ number_of_replicas: 0, 'index.lifecycle.name': 'p' });
    expect(templates[1].body.template.settings).not.toHaveProperty('index.lifecycle.name');
    expect(accessLogTemplate(names).body.index_patterns).toEqual(['acme-access-log-v1']);
    expect(accessLogTemplate(names).body.template.settings).not.toHaveProperty('number_of_replicas');
  });

  it('names monthly frames indices by frame ts in UTC and refuses unusable prefixes', () => {
    const names = new SearchIndexNames('auditorium');
    expect(names.framesIndex(Date.UTC(2026, 10, 30, 23, 59, 59) * 1000)).toBe('auditorium-frames-v1-2026.11');
    expect(names.framesIndex(Date.UTC(2026, 11, 1) * 1000)).toBe('auditorium-frames-v1-2026.12');
    for (const bad of ['Auditorium', '-x', 'a b', 'a*', '']) expect(() => new SearchIndexNames(bad)).toThrow();
  });
});

describe('lifecycle policies', () => {
  it('never delete: retention is a job that honours legal hold', () => {
    const ilm = JSON.parse(readFileSync(join(__dirname, 'lifecycle', 'frames.ilm.v1.json'), 'utf8'));
    const ism = JSON.parse(readFileSync(join(__dirname, 'lifecycle', 'frames.ism.v1.json'), 'utf8'));
    expect(Object.keys(ilm.policy.phases)).not.toContain('delete');
    expect(JSON.stringify(ism.policy.states)).not.toContain('"delete"');
  });
});
