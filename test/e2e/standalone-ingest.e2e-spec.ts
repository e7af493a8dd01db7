import { spawnSync } from 'node:child_process';
import { aSession } from '@auditorium/frames/testing';
import { STANDALONE_MAIN, StandaloneProcess } from '../support/standalone-process';

interface IngestAnswer {
  accepted: number;
  stored: number;
  duplicates: number;
  rejected: number;
  errors: Array<{ line: number; code: string; reason: string }>;
}

describe('embedded ingest over HTTP (NDJSON)', () => {
  let app: StandaloneProcess;
  let ingestToken: string;
  let auditorToken: string;

  beforeAll(async () => {
    app = await StandaloneProcess.start({ env: { AUDITORIUM_INGEST_MAX_BODY_BYTES: String(4 * 1024 * 1024) } });
    ingestToken = await app.token(['ingest']);
    auditorToken = await app.token(['auditor']);
  });
  afterAll(() => app?.destroy());

  async function getJson<T>(path: string): Promise<T> {
    const res = await app.fetch(path, { token: auditorToken });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  }

  it('stores each frame once when the same NDJSON is ingested twice', async () => {
    const s = aSession({ sid: 'dup-once-1', identity: { sub: 'svc-dup' } })
      .start()
      .exchange({ method: 'GET', target: '/a' }, { status: 200, body: 'ok' })
      .end('ok');
    const body = s.ndjson();
    const first = (await (await app.ingest(body, ingestToken)).json()) as IngestAnswer;
    const second = (await (await app.ingest(body, ingestToken)).json()) as IngestAnswer;
    expect(first).toMatchObject({ accepted: 4, stored: 4, duplicates: 0, rejected: 0 });
    expect(second).toMatchObject({ accepted: 4, stored: 0, duplicates: 4, rejected: 0 });
    const detail = await getJson<{ frameCount: number; exchangeCount: number; status: string }>(
      '/api/v1/sessions/dup-once-1',
    );
    expect(detail).toMatchObject({ frameCount: 4, exchangeCount: 1, status: 'ok' });
    const frames = await getJson<{ items: Array<{ seq: number }> }>('/api/v1/sessions/dup-once-1/frames');
    expect(frames.items.map((f) => f.seq)).toEqual([0, 1, 2, 3]);
  });

  it('stores exactly the 1,000 valid lines of a file with 100 invalid ones and answers 100 reasons', async () => {
    const lines: string[] = [];
    const valid: string[] = [];
    for (let i = 0; i < 10; i++) {
      const s = aSession({ sid: `mixed-${i}`, identity: { sub: 'svc-mixed' } }).start();
      for (let k = 0; k < 98; k++) s.output(`line ${k}\r\n`);
      s.end('ok');
      valid.push(...s.frames().map((f) => JSON.stringify(f)));
    }
    const bad = [
      '{not json',
      '[]',
      JSON.stringify({ v: 1, sid: 'bad sid!', seq: 0, ts: '2026-01-01T00:00:00Z', type: 'output', data: 'x' }),
      JSON.stringify({ v: 1, sid: 'ok-sid', seq: -1, ts: '2026-01-01T00:00:00Z', type: 'output', data: 'x' }),
      JSON.stringify({ v: 1, sid: 'ok-sid', seq: 0, ts: '2026-01-01T00:00:00Z', type: 'teleport' }),
    ];
    // interleave: every 10th valid line is followed by an invalid one
    valid.forEach((line, i) => {
      lines.push(line);
      if (i % 10 === 9) lines.push(bad[((i / 10) % bad.length) | 0]);
    });
    expect(valid).toHaveLength(1000);
    expect(lines).toHaveLength(1100);
    const res = await app.ingest(lines.join('\n') + '\n', ingestToken);
    expect(res.status).toBe(200);
    const answer = (await res.json()) as IngestAnswer;
    expect(answer).toMatchObject({ accepted: 1000, stored: 1000, rejected: 100 });
    expect(answer.errors).toHaveLength(100);
    for (const e of answer.errors) {
      expect(lines[e.line - 1]).toBe(bad.find((b) => b === lines[e.line - 1]));
      expect(e.reason.length).toBeGreaterThan(5);
    }
    const codes = new Set(answer.errors.map((e) => e.code));
    expect([...codes].sort()).toEqual(['bad_json', 'invalid', 'not_an_object', 'unknown_type']);
    const page = await getJson<{ items: Array<{ sid: string; frameCount: number }> }>(
      '/api/v1/sessions?identity=svc-mixed&limit=50',
    );
    expect(page.items).toHaveLength(10);
    expect(page.items.reduce((n, s) => n + s.frameCount, 0)).toBe(1000);
  });

  it('refuses a body over the limit with 413 and keeps serving', async () => {
    const big = 'x'.repeat(5 * 1024 * 1024);
    const res = await app.ingest(big, ingestToken);
    expect(res.status).toBe(413);
    expect((await app.fetch('/healthz')).status).toBe(200);
  });

  it('validates query parameters and names the field', async () => {
    const res = await app.fetch('/api/v1/sessions?limit=0&bogus=1', { token: auditorToken });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { message: string[] };
    expect(body.message.join(' ')).toMatch(/limit/);
    expect(body.message.join(' ')).toMatch(/bogus/);
  });

  it('keeps everything across a restart', async () => {
    const before = await getJson<{ frameCount: number }>('/api/v1/sessions/dup-once-1');
    await app.restart();
    auditorToken = await app.token(['auditor']);
    const after = await getJson<{ frameCount: number }>('/api/v1/sessions/dup-once-1');
    expect(after).toEqual(before);
    const ids = await getJson<{ items: Array<{ sub: string; sessionCount: number }> }>('/api/v1/identities');
    expect(ids.items.find((i) => i.sub === 'svc-mixed')?.sessionCount).toBe(10);
  });

  it('fails at boot naming a bad configuration value', () => {
    const r = spawnSync(process.execPath, [STANDALONE_MAIN], {
      env: { ...process.env, AUDITORIUM_PORT: 'eighty', AUDITORIUM_DATA_DIR: app.dataDir },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(78);
    expect(r.stderr).toContain('AUDITORIUM_PORT="eighty": must be an integer');
  });
});
