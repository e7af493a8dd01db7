import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame } from '@auditorium/frames';
import { aSession } from '@auditorium/frames/testing';
import { StandaloneProcess } from '../support/standalone-process';

interface Page {
  status: number;
  body: string;
  next: string | null;
  more: boolean;
  events: number;
  contentType: string | null;
}

describe('SIEM export and access reports over HTTP (embedded app)', () => {
  let app: StandaloneProcess;
  let ingestToken: string;
  let siemToken: string;

  beforeAll(async () => {
    // these tests pull as fast as they can on purpose; fair sharing has its own test (rate-limit.e2e-spec.ts)
    app = await StandaloneProcess.start({ env: { RATE_LIMIT_PER_SECOND: '0' } });
    ingestToken = await app.token(['ingest'], 'e2e-gateway');
    siemToken = await app.token(['siem'], 'e2e-siem');
  });
  afterAll(() => app?.destroy());

  async function ingest(ndjson: string): Promise<void> {
    const res = await app.ingest(ndjson, ingestToken);
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { rejected: number };
    expect(answer.rejected).toBe(0);
  }

  async function page(params: Record<string, string | undefined>, token = siemToken): Promise<Page> {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, v);
    const res = await app.fetch(`/api/v1/export/events?${q.toString()}`, { token });
    return {
      status: res.status,
      body: await res.text(),
      next: res.headers.get('auditorium-next-cursor'),
      more: res.headers.get('auditorium-more') === 'true',
      events: Number(res.headers.get('auditorium-events')),
      contentType: res.headers.get('content-type'),
    };
  }

  /** Pulls every page of a format from the beginning (or a cursor) until the server is caught up. */
  async function pullAll(format: string, cursor?: string): Promise<{ bodies: string[]; cursor?: string }> {
    const bodies: string[] = [];
    for (;;) {
      const p = await page({ format, cursor, limit: '50' });
      expect(p.status).toBe(200);
      bodies.push(p.body);
      cursor = p.next ?? cursor;
      if (!p.more) return { bodies, cursor };
    }
  }

  it('delivers every event exactly once to a client pulling with the cursor while ingest goes on, late frames included', async () => {
    const sessions = 40;
    const expected = new Set<string>();
    let ingestDone = false;
    let pendingTail: Frame[] = [];
    const ingestLoop = (async () => {
      for (let i = 0; i < sessions; i++) {
        // every third session is "late": frames with timestamps from long ago, stored now
        const startTs = i % 3 === 0 ? '2020-02-02T02:02:02Z' : new Date(Date.now() - 1000).toISOString();
        const s = aSession({ sid: `live-${i}`, identity: { sub: `svc-live-${i % 4}` }, startTs })
          .start()
          .exchange({ method: 'GET', target: `/items/${i}` }, { status: 200, body: 'ok' })
          .output(`line ${i}\n`)
          .end('ok');
        const frames = s.frames();
        // the tail of an earlier session arrives after later sessions (out of order by ts)
        const head = frames.slice(0, 3);
        const tail = frames.slice(3);
        await ingest(head.map((f) => JSON.stringify(f)).join('\n') + '\n');
        if (i > 0) await ingest(pendingTail.map((f) => JSON.stringify(f)).join('\n') + '\n');
        pendingTail = tail;
        for (const f of frames) expected.add(`${f.sid}:${f.seq}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      await ingest(pendingTail.map((f) => JSON.stringify(f)).join('\n') + '\n');
      ingestDone = true;
    })();

    const seen = new Map<string, number>();
    let cursor: string | undefined;
    let finalEmpty = false;
    let deliveredDuringIngest = 0;
    for (let rounds = 0; rounds < 100_000; rounds++) {
      const doneBefore = ingestDone; // read before the request: a pull that starts after ingest ended sees all
      const p = await page({ format: 'native', cursor, limit: '7' });
      expect(p.status).toBe(200);
      const lines = p.body.split('\n').filter((l) => l !== '');
      expect(lines).toHaveLength(p.events);
      for (const line of lines) {
        const id = (JSON.parse(line) as { id: string }).id;
        seen.set(id, (seen.get(id) ?? 0) + 1);
      }
      if (!ingestDone) deliveredDuringIngest += lines.length;
      cursor = p.next ?? cursor;
      if (p.more) continue;
      if (doneBefore) {
        finalEmpty = lines.length === 0;
        if (finalEmpty) break;
        continue;
      }
      await new Promise((r) => setTimeout(r, 3));
    }
    await ingestLoop;
    expect(finalEmpty).toBe(true);
    expect(deliveredDuringIngest).toBeGreaterThan(0); // the pulls really overlapped the ingest
    expect(expected.size).toBe(sessions * 5);
    expect([...seen.keys()].sort()).toEqual([...expected].sort());
    const twice = [...seen.entries()].filter(([, n]) => n !== 1);
    expect(twice).toEqual([]);
    // and once more: caught up, the same cursor answers nothing
    const again = await page({ format: 'native', cursor });
    expect(again).toMatchObject({ status: 200, events: 0, more: false, next: cursor });
  });

  describe('formats', () => {
    let cursor: string | undefined;
    const planted = {
      csv: ['=HYPERLINK("http://evil.example","x")', '+SUM(1,2)', '-2+3', '@cmd'],
      cef: '/pipe|back\\slash=equals',
    };

    beforeAll(async () => {
      // start after everything stored so far, so the format checks see only these sessions
      cursor = (await pullAll('native')).cursor;
      const s = aSession({ sid: 'fmt-1', identity: { sub: 'svc-formats' }, client: { ip: '10.9.8.7' } }).start();
      for (const target of planted.csv) s.exchange({ method: 'GET', target }, { status: 200, body: 'ok' });
      s.exchange({ method: 'POST', target: planted.cef }, { status: 201, body: 'made' });
      s.decision('deny', { policy: 'no|deletes=ever' }).end('ok');
      await ingest(s.ndjson());
    });

    it('CSV neutralises cells starting with = + - @ and keeps one header per response', async () => {
      const { bodies } = await pullAll('csv', cursor);
      const text = bodies.join('');
      const records = text.split('\r\n').filter((l) => l !== '' && !l.startsWith('event_id,'));
      expect(bodies.every((b) => b.startsWith('event_id,timestamp,'))).toBe(true);
      expect(records.length).toBeGreaterThanOrEqual(12);
      for (const value of planted.csv) {
        const quoted = value.includes(',') || value.includes('"') ? `"'${value.replace(/"/g, '""')}"` : `'${value}`;
        expect(text).toContain(`,${quoted},`);
      }
      // no cell (split on commas outside quotes) starts with a formula trigger
      for (const record of records) {
        for (const cell of splitCsv(record)) expect(cell).not.toMatch(/^[=+\-@]/);
      }
    });

    it('CEF escapes | and \\ in the header and \\ and = in extensions', async () => {
      const { bodies } = await pullAll('cef', cursor);
      const lines = bodies
        .join('')
        .split('\n')
        .filter((l) => l !== '');
      expect(lines.length).toBeGreaterThanOrEqual(12);
      const parsed = lines.map(parseCef);
      for (const p of parsed) expect(p.header).toHaveLength(7);
      const post = parsed.find((p) => p.ext.requestMethod === 'POST');
      expect(post?.ext.request).toBe(planted.cef);
      expect(lines.join('\n')).toContain('request=/pipe|back\\\\slash\\=equals');
      const deny = parsed.find((p) => p.ext.cs3Label === 'policy');
      expect(deny?.ext.cs3).toBe('no|deletes=ever');
      expect(parsed.map((p) => p.ext.externalId)).toContain('fmt-1:0');
    });

    it.each(['ecs', 'ocsf'])('%s lines parse as JSON with the stable event ids', async (format) => {
      const { bodies } = await pullAll(format, cursor);
      const events = bodies
        .join('')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as { event?: { id?: string }; metadata?: { uid?: string }; class_uid?: number });
      const ids = events.map((e) => (format === 'ecs' ? e.event?.id : e.metadata?.uid));
      expect(ids).toEqual(Array.from({ length: events.length }, (_, i) => `fmt-1:${i}`));
      if (format === 'ocsf') expect(events.every((e) => typeof e.class_uid === 'number')).toBe(true);
    });

    it('answers the content type of the format and refuses bad parameters and roles', async () => {
      expect((await page({ format: 'csv', cursor })).contentType).toMatch(/^text\/csv/);
      expect((await page({ format: 'ecs', cursor })).contentType).toMatch(/^application\/x-ndjson/);
      expect((await page({ format: 'xml' })).status).toBe(400);
      expect((await page({ cursor: 'bm90LWEtY3Vyc29y' })).status).toBe(400);
      expect((await page({ limit: '0' })).status).toBe(400);
      expect((await page({ since: 'yesterday' })).status).toBe(400);
      expect((await page({ unknown: '1' })).status).toBe(400);
      expect((await page({}, await app.token(['auditor']))).status).toBe(403);
      expect((await page({}, 'not-a-token')).status).toBe(401);
    });

    it('since= starts at the ingest time, and the read is in the access log', async () => {
      const future = await page({ since: '2999-01-01T00:00:00Z' });
      expect(future).toMatchObject({ status: 200, events: 0, more: false, next: null });
      const past = await page({ since: '2000-01-01T00:00:00Z', limit: '3' });
      expect(past).toMatchObject({ status: 200, events: 3, more: true });
      const admin = await app.token(['admin']);
      const log = await app.fetch('/api/v1/access-log?action=export.events', { token: admin });
      expect(log.status).toBe(200);
      const entries = (await log.json()) as { items: Array<{ actor: string; action: string }> };
      expect(entries.items.some((e) => e.actor === 'e2e-siem' && e.action === 'export.events')).toBe(true);
    });
  });

  describe('access reports', () => {
    let compliance: string;
    const from = '2026-01-01T00:00:00Z';
    const to = '2026-02-01T00:00:00Z';

    beforeAll(async () => {
      compliance = await app.token(['compliance'], 'e2e-compliance');
      const evil = '<script>alert("pwned")</script>';
      for (let i = 0; i < 3; i++) {
        const s = aSession({
          sid: `rep-${i}`,
          identity: { sub: 'svc-report-bot', name: `bot ${evil}` },
          resource: { name: i === 2 ? 'payments-db' : 'reports-api', type: i === 2 ? 'postgres' : 'http' },
          startTs: `2026-01-1${i}T10:00:00Z`,
        })
          .start()
          .exchange({ method: 'GET', target: `/reports/${i}?q=${evil}` }, { status: 200, body: evil })
          .request({ method: 'DELETE', target: `/reports/${i}` })
          .decision('deny', { policy: 'no-deletes', reason: evil })
          .end('ok');
        await ingest(s.ndjson());
      }
    });

    async function report(params: Record<string, string>): Promise<Response> {
      return app.fetch(`/api/v1/reports/access?${new URLSearchParams(params).toString()}`, { token: compliance });
    }

    it('JSON counts the sessions, exchanges and denials of the identity in the period', async () => {
      const res = await report({ identity: 'svc-report-bot', from, to });
      expect(res.status).toBe(200);
      const body = (await res.json()) as {
        sessions: number;
        exchanges: number;
        deniedTotal: number;
        basis: string;
        resourcesTouched: Array<{ name: string }>;
      };
      expect(body).toMatchObject({ sessions: 3, exchanges: 6, deniedTotal: 3, basis: 'frames' });
      expect(body.resourcesTouched.map((r) => r.name).sort()).toEqual(['payments-db', 'reports-api']);
      const byResource = (await (await report({ resource: 'payments-db', from, to })).json()) as { sessions: number };
      expect(byResource.sessions).toBe(1);
    });

    it('HTML carries no raw <script from payloads, and CSV is an attachment', async () => {
      const html = await report({ identity: 'svc-report-bot', from, to, format: 'html', bucket: 'hour' });
      expect(html.status).toBe(200);
      expect(html.headers.get('content-type')).toMatch(/^text\/html/);
      expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
      const text = await html.text();
      expect(text).toContain('svc-report-bot');
      expect(text).not.toMatch(/<script/i);
      expect(text).toContain('&lt;script&gt;');
      const csv = await report({ identity: 'svc-report-bot', from, to, format: 'csv' });
      expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.csv"$/);
    });

    it('the PDF renders: pdftoppm turns every page into a non-blank PNG', async () => {
      const res = await report({ identity: 'svc-report-bot', from, to, format: 'pdf' });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.pdf"$/);
      const pdf = Buffer.from(await res.arrayBuffer());
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

      const probe = spawnSync('pdftoppm', ['-v'], { encoding: 'utf8' });
      if (probe.error) {
        throw new Error('pdftoppm is missing: install poppler-utils (apt-get install poppler-utils) to run this test');
      }
      const dir = mkdtempSync(join(tmpdir(), 'auditorium-pdf-'));
      try {
        writeFileSync(join(dir, 'report.pdf'), pdf);
        execFileSync('pdftoppm', ['-png', '-r', '40', join(dir, 'report.pdf'), join(dir, 'page')]);
        const pngs = readdirSync(dir).filter((f) => f.endsWith('.png'));
        expect(pngs.length).toBeGreaterThanOrEqual(1);
        for (const png of pngs) {
          const bytes = readFileSync(join(dir, png));
          expect(bytes.subarray(1, 4).toString()).toBe('PNG');
          expect(bytes.readUInt32BE(16)).toBeGreaterThan(100); // IHDR width
        }
        // pixels: the same pages as greyscale PGM, each must have ink on it
        execFileSync('pdftoppm', ['-gray', '-r', '40', join(dir, 'report.pdf'), join(dir, 'grey')]);
        const pgms = readdirSync(dir).filter((f) => f.startsWith('grey'));
        expect(pgms).toHaveLength(pngs.length);
        for (const pgm of pgms) expect(inkRatio(readFileSync(join(dir, pgm)))).toBeGreaterThan(0.005);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('refuses a bad period and other roles', async () => {
      expect((await report({ identity: 'x', from: to, to: from })).status).toBe(400);
      expect((await report({ identity: 'x', from })).status).toBe(400);
      const asSiem = await app.fetch(`/api/v1/reports/access?from=${from}&to=${to}`, { token: siemToken });
      expect(asSiem.status).toBe(403);
    });
  });
});

/** Share of pixels darker than light grey in a binary PGM (P5). */
function inkRatio(pgm: Buffer): number {
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('not a binary PGM');
  const pixels = pgm.subarray(header[0].length);
  let ink = 0;
  for (const p of pixels) if (p < 200) ink++;
  return ink / pixels.length;
}

/** Cells of one CSV record (RFC 4180), quotes removed. */
function splitCsv(record: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < record.length; i++) {
    const c = record[i];
    if (quoted) {
      if (c === '"' && record[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}

/** A CEF line: the 7 header fields after "CEF:0" unescaped, and the extension as key → unescaped value. */
function parseCef(line: string): { header: string[]; ext: Record<string, string> } {
  const fields: string[] = [];
  let current = '';
  let i = 0;
  for (; i < line.length && fields.length < 7; i++) {
    const c = line[i];
    if (c === '\\' && (line[i + 1] === '|' || line[i + 1] === '\\')) {
      current += line[++i];
    } else if (c === '|') {
      fields.push(current);
      current = '';
    } else current += c;
  }
  expect(fields[0]).toBe('CEF:0');
  const extension = line.slice(i);
  // keys: a run of word characters before an unescaped "=" at the start or after a space
  const keys = [...extension.matchAll(/(?:^| )([A-Za-z0-9_]+)=/g)];
  const ext: Record<string, string> = {};
  keys.forEach((m, k) => {
    const start = (m.index ?? 0) + m[0].length;
    const end = k + 1 < keys.length ? (keys[k + 1].index ?? extension.length) : extension.length;
    ext[m[1]] = extension
      .slice(start, end)
      .replace(/\\(.)/g, (_, ch: string) => (ch === 'n' ? '\n' : ch === 'r' ? '\r' : ch));
  });
  return { header: fields, ext };
}
