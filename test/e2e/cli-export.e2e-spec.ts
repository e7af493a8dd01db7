import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aSession } from '@auditorium/frames/testing';
import { REPO_ROOT, StandaloneProcess } from '../support/standalone-process';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const BIN = join(REPO_ROOT, 'bin', 'auditorium.js');

describe('the auditorium CLI: export, report, export-bundle, verify --bundle', () => {
  let app: StandaloneProcess;
  let ingestToken: string;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    app = await StandaloneProcess.start();
    ingestToken = await app.token(['ingest']);
    const token = await app.token(['siem', 'auditor', 'compliance'], 'e2e-cli');
    env = { AUDITORIUM_URL: app.baseUrl, AUDITORIUM_TOKEN: token };
    dir = mkdtempSync(join(tmpdir(), 'auditorium-cli-'));
  });
  afterAll(async () => {
    await app?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function cli(args: string[], extraEnv: Record<string, string> = {}): Promise<Run> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], {
        cwd: dir,
        env: { ...process.env, ...env, ...extraEnv },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.once('error', reject);
      child.once('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  async function ingestSessions(prefix: string, count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const s = aSession({ sid: `${prefix}-${i}`, identity: { sub: 'svc-cli' } })
        .start()
        .exchange({ method: 'GET', target: `/things/${i}` }, { status: 200, body: `thing ${i}` })
        .end('ok');
      const res = await app.ingest(s.ndjson(), ingestToken);
      expect(res.status).toBe(200);
      ids.push(...s.frames().map((f) => `${f.sid}:${f.seq}`));
    }
    return ids;
  }

  const idsIn = (file: string) =>
    readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => (JSON.parse(l) as { id: string }).id);

  it('exports to a file with its cursor, then resumes with only what came since', async () => {
    const first = await ingestSessions('cli-a', 5);
    const run1 = await cli(['export', '--out', 'events.ndjson', '--limit', '6']);
    expect(run1.code).toBe(0);
    expect(idsIn('events.ndjson')).toEqual(first);
    const cursor = readFileSync(join(dir, 'events.ndjson.cursor'), 'utf8').trim();
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(run1.stderr).toContain(`next cursor: ${cursor}`);
    expect(run1.stderr).toMatch(/exported 20 events/);

    const second = await ingestSessions('cli-b', 3);
    const run2 = await cli(['export', '--out', 'events.ndjson', '--resume']);
    expect(run2.code).toBe(0);
    expect(idsIn('events.ndjson')).toEqual([...first, ...second]);

    // the same with an explicit --cursor into a new file: only the new events
    const run3 = await cli(['export', '--cursor', cursor, '--out', 'since-cursor.ndjson', '--quiet']);
    expect(run3.code).toBe(0);
    expect(idsIn('since-cursor.ndjson')).toEqual(second);

    // CSV across several responses: one header row
    const csv = await cli(['export', '--format', 'csv', '--limit', '7', '-q']);
    expect(csv.code).toBe(0);
    const rows = csv.stdout.split('\r\n').filter((l) => l !== '');
    expect(rows.filter((r) => r.startsWith('event_id,'))).toHaveLength(1);
    expect(rows).toHaveLength(first.length + second.length + 1);
  });

  it('export-bundle then verify --bundle passes; one flipped byte in a frame fails and names the seq', async () => {
    const s = aSession({ sid: 'cli-bundle-1', identity: { sub: 'svc-cli' } })
      .start()
      .exchange({ method: 'GET', target: '/reports/q3' }, { status: 200, body: 'quarterly numbers' })
      .exchange({ method: 'GET', target: '/reports/q4' }, { status: 200, body: 'more numbers' })
      .end('ok');
    expect((await app.ingest(s.ndjson(), ingestToken)).status).toBe(200);

    const exported = await cli(['export-bundle', 'cli-bundle-1', '--out', 'session.bundle']);
    expect(exported.code).toBe(0);
    const ok = await cli(['verify', '--bundle', 'session.bundle']);
    expect(ok.stdout).toMatch(/^ok: /);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toMatch(/warning: .*key/); // origin unproven without --jwks / --pin

    const jwks = await app.fetch('/api/v1/keys/jwks.json', { token: env.AUDITORIUM_TOKEN });
    writeFileSync(join(dir, 'jwks.json'), await jwks.text());
    const trusted = await cli(['verify', '--bundle', 'session.bundle', '--jwks', 'jwks.json']);
    expect(trusted.code).toBe(0);
    expect(trusted.stderr).toBe('');
    const pinnedElsewhere = await cli(['verify', '--bundle', 'session.bundle', '--pin', 'some-other-kid']);
    expect(pinnedElsewhere.code).toBe(7);

    // the alias: export --bundle
    const alias = await cli(['export', '--bundle', 'cli-bundle-1', '--out', 'alias.bundle']);
    expect(alias.code).toBe(0);
    expect(existsSync(join(dir, 'alias.bundle'))).toBe(true);

    // flip one byte inside the frame of seq 3 (the body "more numbers" → "more numbars")
    const bytes = readFileSync(join(dir, 'session.bundle'));
    const at = bytes.indexOf('more numbers');
    expect(at).toBeGreaterThan(0);
    const lineStart = bytes.lastIndexOf('\n', at) + 1;
    expect(bytes.subarray(lineStart, lineStart + 10).toString()).toBe('{"seq":4,"');
    bytes[at + 10] = 'a'.charCodeAt(0);
    writeFileSync(join(dir, 'tampered.bundle'), bytes);
    const bad = await cli(['verify', '--bundle', 'tampered.bundle']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^tampered/);
    expect(bad.stdout).toMatch(/seq 4\b/);
  });

  it('writes a PDF report to a file', async () => {
    const run = await cli([
      'report',
      '--identity',
      'svc-cli',
      '--from',
      '2026-01-01',
      '--to',
      '2026-02-01T00:00:00Z',
      '--format',
      'pdf',
      '--out',
      'report.pdf',
    ]);
    expect(run.code).toBe(0);
    expect(readFileSync(join(dir, 'report.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('--help works on every command, and errors have meaningful exit codes', async () => {
    for (const cmd of [[], ['export'], ['report'], ['export-bundle'], ['verify'], ['play'], ['token']]) {
      const run = await cli([...cmd, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Usage: auditorium/);
    }
    const badToken = await cli(['export', '--out', 'x.ndjson'], { AUDITORIUM_TOKEN: 'not-a-jwt' });
    expect(badToken.code).toBe(5);
    expect(badToken.stderr).toMatch(/unauthorized/);
    const noToken = await cli(['export', '--out', 'x.ndjson'], { AUDITORIUM_TOKEN: '' });
    expect(noToken.code).toBe(5);
    expect(noToken.stderr).toMatch(/no token/);
    const wrongRole = await cli(['report', '--identity', 'svc-cli'], {
      AUDITORIUM_TOKEN: await app.token(['auditor']),
    });
    expect(wrongRole.code).toBe(5);
    expect((await cli(['export', '--format', 'xml'])).code).toBe(2);
    expect((await cli(['export', '--resume'])).code).toBe(2);
    expect((await cli(['export-bundle', 'no-such-session', '--out', 'x.bundle'])).code).toBe(4);
    expect(existsSync(join(dir, 'x.bundle'))).toBe(false);
    const missing = await cli(['verify', '--bundle', 'does-not-exist.bundle']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read does-not-exist\.bundle/);
  });
});
