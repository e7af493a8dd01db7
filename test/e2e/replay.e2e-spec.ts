import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { DEMO_SECRETS, demoSessions } from '../../scripts/demo/demo-sessions';
import { REPO_ROOT, StandaloneProcess } from '../support/standalone-process';

type Event = [number, string, string];
interface Cast {
  header: Record<string, unknown>;
  events: Event[];
  text: string;
}
interface Summary {
  sid: string;
  exchangeCount: number;
  findings: Record<string, number>;
  identity?: { sub: string };
}
interface TimelineEntry {
  xid: string;
  index: number;
  time: number;
  method?: string;
  target?: string;
}
interface AccessEntry {
  actor: string;
  action: string;
  target: string;
  ip?: string;
  roles: string[];
}

const V2_CODES = ['o', 'i', 'm', 'r'];
const V3_CODES = ['o', 'i', 'm', 'r', 'x'];
const demo = demoSessions();
const subOf = (s: (typeof demo)[number]) => (s.frames[0] as unknown as { identity: { sub: string } }).identity.sub;

/** Parses a served cast line by line: every line must be one JSON value. */
function parseCast(text: string): Cast {
  expect(text.endsWith('\n')).toBe(true);
  const lines = text.slice(0, -1).split('\n');
  const values = lines.map((line, i) => {
    try {
      return JSON.parse(line) as unknown;
    } catch {
      throw new Error(`line ${i + 1} is not JSON: ${line.slice(0, 120)}`);
    }
  });
  const [header, ...events] = values;
  expect(typeof header === 'object' && header !== null && !Array.isArray(header)).toBe(true);
  return { header: header as Record<string, unknown>, events: events as Event[], text };
}

/** What the real asciinema-player parser makes of the cast (the player is ESM-only: run in a child). */
async function playerView(cast: string): Promise<{ cols: number; rows: number; markers: Array<[number, string]> }> {
  const dir = await fs.mkdtemp(join(tmpdir(), 'replay-e2e-'));
  try {
    const file = join(dir, 'session.cast');
    await fs.writeFile(file, cast);
    const { stdout } = await promisify(execFile)(process.execPath, [
      join(REPO_ROOT, 'libs', 'replay', 'src', 'asciinema-player-parse.mjs'),
      file,
    ]);
    return JSON.parse(stdout) as { cols: number; rows: number; markers: Array<[number, string]> };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** Search, replay, timeline and verify over the embedded default, fed with the demo. */
describe('replay over the embedded default', () => {
  let app: StandaloneProcess;
  let auditor: string;
  const casts = new Map<string, Cast>();

  beforeAll(async () => {
    app = await StandaloneProcess.start();
    auditor = await app.token(['auditor'], 'replay-auditor');
    const ingest = await app.token(['ingest'], 'demo-gateway');
    for (const s of demo) {
      const res = await app.ingest(s.frames.map((f) => JSON.stringify(f)).join('\n') + '\n', ingest);
      expect(await res.json()).toMatchObject({ accepted: s.frames.length, rejected: 0 });
    }
  });
  afterAll(() => app?.destroy());

  const get = (path: string) => app.fetch(path, { token: auditor });
  const detail = async (sid: string) => (await (await get(`/api/v1/sessions/${sid}`)).json()) as Summary;
  /** lines submitted in an interactive session: each has a marker like an exchange (the summary counts exchanges only) */
  const commandCount = async (sid: string) =>
    (
      (await (await get(`/api/v1/sessions/${sid}/timeline`)).json()) as { items: Array<{ command?: object }> }
    ).items.filter((i) => i.command).length;

  it('search by identity returns exactly that identity’s sessions', async () => {
    for (const s of demo) {
      const res = await get(`/api/v1/sessions?identity=${encodeURIComponent(subOf(s))}`);
      const page = (await res.json()) as { items: Summary[] };
      expect([subOf(s), page.items.map((i) => i.sid)]).toEqual([subOf(s), [s.sid]]);
    }
    const none = (await (await get('/api/v1/sessions?identity=nobody-at-all')).json()) as { items: Summary[] };
    expect(none.items).toEqual([]);
  });

  describe.each(demo.map((s) => [s.sid]))('%s', (sid) => {
    it('v2: every line parses; header, codes, times and one marker per exchange and command', async () => {
      const res = await get(`/api/v1/sessions/${sid}/replay`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/x-asciicast/);
      const cast = parseCast(await res.text());
      casts.set(`${sid}:v2`, cast);
      const { header, events } = cast;
      expect(header.version).toBe(2);
      for (const k of ['width', 'height', 'timestamp']) expect([k, Number.isInteger(header[k])]).toEqual([k, true]);
      expect(header.width as number).toBeGreaterThan(0);
      expect(header.height as number).toBeGreaterThan(0);
      let last = 0;
      for (const e of events) {
        expect(e).toHaveLength(3);
        expect(typeof e[0]).toBe('number');
        expect(V2_CODES).toContain(e[1]);
        expect(typeof e[2]).toBe('string');
        expect(e[0]).toBeGreaterThanOrEqual(last); // v2: absolute times, never backwards
        last = e[0];
      }
      const markers = events.filter((e) => e[1] === 'm');
      expect(markers).toHaveLength((await detail(sid)).exchangeCount + (await commandCount(sid)));
    });

    it('v3: every line parses; header with term, codes, non-negative intervals, one marker per exchange and command', async () => {
      const res = await get(`/api/v1/sessions/${sid}/replay?format=v3`);
      expect(res.status).toBe(200);
      const cast = parseCast(await res.text());
      casts.set(`${sid}:v3`, cast);
      const { header, events } = cast;
      expect(header.version).toBe(3);
      const term = header.term as { cols: unknown; rows: unknown };
      expect(Number.isInteger(term.cols) && Number.isInteger(term.rows)).toBe(true);
      expect('width' in header || 'height' in header).toBe(false);
      for (const e of events) {
        expect(e).toHaveLength(3);
        expect(V3_CODES).toContain(e[1]);
        expect(typeof e[2]).toBe('string');
        expect(e[0]).toBeGreaterThanOrEqual(0); // v3: intervals
      }
      expect(events.filter((e) => e[1] === 'm')).toHaveLength(
        (await detail(sid)).exchangeCount + (await commandCount(sid)),
      );
      // the same events as v2, on the same clock
      const v2 = (casts.get(`${sid}:v2`) as Cast).events;
      const v3 = events.filter((e) => e[1] !== 'x');
      expect(v3.map((e) => [e[1], e[2]])).toEqual(v2.map((e) => [e[1], e[2]]));
      let sum = 0;
      v3.forEach((e, i) => {
        sum += e[0];
        expect(sum).toBeCloseTo(v2[i][0], 5);
      });
    });

    it('loads in the real asciinema-player parser with its markers', async () => {
      for (const version of ['v2', 'v3']) {
        const cast = casts.get(`${sid}:${version}`) as Cast;
        const view = await playerView(cast.text);
        expect(view.markers.map((m) => m[1])).toEqual(cast.events.filter((e) => e[1] === 'm').map((e) => e[2]));
        expect(view.cols).toBeGreaterThan(0);
      }
    });

    it('shows masked values and none of the planted secrets', async () => {
      const { findings } = await detail(sid);
      const text = (casts.get(`${sid}:v2`) as Cast).text + (casts.get(`${sid}:v3`) as Cast).text;
      if (findings.EMAIL_ADDRESS) expect(text).toContain('[EMAIL_ADDRESS]');
      for (const [label, secret] of Object.entries(DEMO_SECRETS)) {
        for (const variant of [secret, secret.replace(/\s/g, ''), JSON.stringify(secret).slice(1, -1)])
          expect([label, text.includes(variant)]).toEqual([label, false]);
      }
    });

    it('timeline entries match the markers', async () => {
      const res = await get(`/api/v1/sessions/${sid}/timeline`);
      const { items, truncated } = (await res.json()) as { items: TimelineEntry[]; truncated: boolean };
      expect(truncated).toBe(false);
      const markers = (casts.get(`${sid}:v2`) as Cast).events.filter((e) => e[1] === 'm');
      expect(items).toHaveLength(markers.length);
      items.forEach((entry, i) => {
        expect(entry.index).toBe(i);
        expect(entry.time).toBeCloseTo(markers[i][0], 5);
        if (entry.target && entry.method) expect(markers[i][2]).toContain(entry.method);
      });
    });

    it('verifies ok: the session ended and was sealed', async () => {
      const res = await get(`/api/v1/sessions/${sid}/verify`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ sid, status: 'ok', gaps: [], seal: { valid: true } });
    });
  });

  it('the v2 casts together mask emails, card numbers and secrets', () => {
    const all = demo.map((s) => (casts.get(`${s.sid}:v2`) as Cast).text).join('');
    expect(all).toMatch(/\[EMAIL_ADDRESS\]/);
    expect(all).toMatch(/\[CREDIT_CARD_NUMBER\]/);
  });

  it('verify names the seq of a frame row edited in the SQLite file under the running process', async () => {
    const sid = 'demo-support-agent-0003';
    const db = new Database(join(app.dataDir, 'auditorium.db'));
    let seq: number;
    try {
      const row = db
        .prepare("SELECT seq FROM frames WHERE sid = ? AND type = 'request' ORDER BY seq LIMIT 1 OFFSET 1")
        .get(sid) as { seq: number };
      seq = row.seq;
      const changed = db
        .prepare("UPDATE frames SET frame = json_set(frame, '$.method', 'GET') WHERE sid = ? AND seq = ?")
        .run(sid, seq);
      expect(changed.changes).toBe(1);
    } finally {
      db.close();
    }
    const res = await get(`/api/v1/sessions/${sid}/verify`);
    const result = (await res.json()) as { status: string; firstBadSeq?: number; message: string };
    expect(result).toMatchObject({ status: 'tampered', firstBadSeq: seq });
    expect(result.message).toContain(`seq ${seq}`);
    // the other sessions are untouched
    const other = (await (await get('/api/v1/sessions/demo-oncall-psql-0004/verify')).json()) as { status: string };
    expect(other.status).toBe('ok');
  });

  it('every read appears in the access log with actor, action, target and ip', async () => {
    const entries: AccessEntry[] = [];
    let cursor: string | undefined;
    do {
      const res = await app.fetch(
        `/api/v1/access-log?actor=replay-auditor&limit=500${cursor ? `&cursor=${cursor}` : ''}`,
        { token: app.adminToken },
      );
      const page = (await res.json()) as { items: AccessEntry[]; nextCursor?: string };
      entries.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const seen = (action: string, target: string) =>
      entries.filter((e) => e.action === action && e.target === target).length;
    for (const s of demo) {
      expect([s.sid, seen('session.replay', s.sid)]).toEqual([s.sid, 2]);
      // once for its own test, twice to count the commands beside the v2 and v3 markers
      expect([s.sid, seen('session.timeline', s.sid)]).toEqual([s.sid, 3]);
      expect(seen('session.verify', s.sid)).toBeGreaterThanOrEqual(1);
      expect(seen('session.detail', s.sid)).toBeGreaterThanOrEqual(1);
    }
    for (const e of entries) {
      expect(e.actor).toBe('replay-auditor');
      expect(e.roles).toEqual(['auditor']);
      expect(e.ip).toMatch(/127\.0\.0\.1/);
    }
  });
});
