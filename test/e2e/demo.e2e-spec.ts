import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DEMO_SECRETS, demoSessions } from '../../scripts/demo/demo-sessions';
import { REPO_ROOT, StandaloneProcess } from '../support/standalone-process';

/** What a new user does: npm start, npm run demo, then look at the sessions. */
describe('npm start + npm run demo', () => {
  let app: StandaloneProcess;

  beforeAll(async () => {
    // scripts/start.js is what `npm start` runs: build, then the embedded all-in-one
    app = await StandaloneProcess.start({ args: [join(REPO_ROOT, 'scripts', 'start.js')] });
  });
  afterAll(() => app?.destroy());

  it('feeds the demo through the public ingest path and lists it with the right frame counts', async () => {
    const out = await new Promise<{ code: number | null; text: string }>((resolve) => {
      const child = spawn(process.execPath, [join(REPO_ROOT, 'scripts', 'run-ts.js'), 'scripts/demo.ts'], {
        cwd: REPO_ROOT,
        env: { ...process.env, AUDITORIUM_URL: app.baseUrl, AUDITORIUM_DATA_DIR: app.dataDir },
      });
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d.toString()));
      child.stderr.on('data', (d: Buffer) => (text += d.toString()));
      child.on('exit', (code) => resolve({ code, text }));
    });
    expect(out.text).toContain('demo-reportbot-q3-0001');
    expect(out.code).toBe(0);

    const token = await app.token(['auditor']);
    const res = await app.fetch('/api/v1/sessions?limit=50', { token });
    const page = (await res.json()) as {
      items: Array<{ sid: string; frameCount: number; identity?: { sub: string } }>;
    };
    const expected = demoSessions();
    for (const s of expected) {
      const got = page.items.find((i) => i.sid === s.sid);
      expect(got?.frameCount).toBe(s.frames.length);
      expect(got?.identity?.sub).toBe((s.frames[0] as { identity: { sub: string } }).identity.sub);
    }
    const denied = await app.fetch('/api/v1/sessions?decision=deny', { token });
    const deniedPage = (await denied.json()) as { items: Array<{ sid: string }> };
    expect(deniedPage.items.map((s) => s.sid)).toEqual(['demo-support-agent-0003']);
  });

  it("the psql session's commands are on its timeline and count in the access report with their info types", async () => {
    const timeline = (await (
      await app.fetch('/api/v1/sessions/demo-oncall-psql-0004/timeline', { token: await app.token(['auditor']) })
    ).json()) as { items: Array<{ xid: string; command?: { line: string; output: string }; findings: object }> };
    expect(timeline.items.map((i) => [i.xid, i.command?.line])).toEqual([
      ['cmd-0', 'SELECT email, card_number FROM orders ORDER BY id DESC LIMIT 2;'],
      ['cmd-1', '\\q'],
    ]);
    expect(timeline.items[0].command?.output).toContain('[CREDIT_CARD_NUMBER]');
    expect(timeline.items[0].findings).toEqual({ CREDIT_CARD_NUMBER: 2, EMAIL_ADDRESS: 2 });

    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const report = (await (
      await app.fetch(`/api/v1/reports/access?identity=svc-oncall-runbook&from=${from}&to=${to}`, {
        token: await app.token(['compliance']),
      })
    ).json()) as { exchanges: number; infoTypes: Array<{ type: string; count: number }> };
    expect(report.exchanges).toBe(2);
    expect(report.infoTypes).toEqual([
      { type: 'CREDIT_CARD_NUMBER', count: 2 },
      { type: 'EMAIL_ADDRESS', count: 2 },
    ]);
  });

  it('stores none of the planted secrets anywhere in the SQLite file (every table, every column)', () => {
    const db = new Database(join(app.dataDir, 'auditorium.db'), { readonly: true });
    try {
      const tables = db
        .prepare("SELECT name FROM sqlite_master WHERE type IN ('table') AND name NOT LIKE 'sqlite_%'")
        .all() as Array<{ name: string }>;
      expect(tables.length).toBeGreaterThan(0);
      const leaks: string[] = [];
      let cells = 0;
      for (const { name } of tables) {
        const rows = db
          .prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`)
          .raw()
          .iterate() as Iterable<unknown[]>;
        for (const row of rows) {
          for (const cell of row) {
            if (cell === null || cell === undefined) continue;
            cells++;
            const text = Buffer.isBuffer(cell) ? cell.toString('latin1') : String(cell);
            for (const [label, secret] of Object.entries(DEMO_SECRETS)) {
              const variants = [secret, secret.replace(/\s/g, ''), encodeURIComponent(secret)];
              if (variants.some((v) => text.includes(v))) leaks.push(`${label} in ${name}`);
            }
          }
        }
      }
      expect(cells).toBeGreaterThan(100);
      expect(leaks).toEqual([]);
    } finally {
      db.close();
    }
  });
});
