/**
 * The access log on the real engine (SEARCH_URL / SEARCH_ENGINE from the jest
 * global setup), in an index of its own prefix, removed at the end.
 */
import { randomBytes } from 'node:crypto';

import {
  AccessEntry,
  ElasticsearchAccessLog,
  InvalidCursorError,
  OpenSearchAccessLog,
  SearchAccessLog,
} from '@auditorium/store';

import { removeIndices, testEngine } from '../support/search-engine';

jest.setTimeout(120_000);

const { url, engine } = testEngine();

const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
const prefix = `it-access-${run}`;

function makeLog(): SearchAccessLog {
  const options = { node: url, indexPrefix: prefix, replicas: 0 };
  return engine === 'opensearch' ? new OpenSearchAccessLog(options) : new ElasticsearchAccessLog(options);
}

describe(`${engine} access log`, () => {
  let log: SearchAccessLog;
  const entry = (i: number, over: Partial<AccessEntry> = {}): AccessEntry => ({
    id: `${run}-${i}`,
    at: new Date(Date.UTC(2030, 0, 1, 12, 0, i)).toISOString(),
    actor: i % 2 ? 'alice' : 'bob',
    roles: ['auditor'],
    action: i % 3 ? 'session.detail' : 'session.replay',
    target: `sid-${i % 4}`,
    ...over,
  });

  beforeAll(async () => {
    log = makeLog();
    await log.init();
    await log.init(); // idempotent
    for (let i = 0; i < 12; i++)
      await log.record(entry(i, i === 0 ? { ip: '10.0.0.1', userAgent: 'ua', status: 200 } : {}));
  });

  afterAll(async () => {
    await log?.close();
    await removeIndices(prefix);
  });

  it('lists newest first, with every field, and records a retried entry once', async () => {
    await log.record(entry(3));
    const page = await log.list({ limit: 500 });
    expect(page.items.map((e) => e.id)).toEqual(Array.from({ length: 12 }, (_, i) => `${run}-${11 - i}`));
    expect(page.items[11]).toEqual(entry(0, { ip: '10.0.0.1', userAgent: 'ua', status: 200 }));
    expect(page.nextCursor).toBeUndefined();
  });

  it('filters by actor, action, target and time', async () => {
    const ids = async (q: Parameters<SearchAccessLog['list']>[0]): Promise<string[]> =>
      (await log.list(q)).items.map((e) => e.id);
    expect(await ids({ actor: 'alice', action: 'session.replay' })).toEqual([`${run}-9`, `${run}-3`]);
    expect(await ids({ target: 'sid-0' })).toEqual([`${run}-8`, `${run}-4`, `${run}-0`]);
    expect(
      await ids({ from: new Date(Date.UTC(2030, 0, 1, 12, 0, 10)).toISOString(), to: '2030-01-01T12:00:11Z' }),
    ).toEqual([`${run}-11`, `${run}-10`]);
  });

  it('pages with a cursor and refuses one it did not issue', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await log.list({ limit: 5, cursor });
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
    await expect(log.list({ cursor: 'nope' })).rejects.toBeInstanceOf(InvalidCursorError);
  });
});
