import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadOrCreateLocalAuthKey, mintLocalToken } from '@auditorium/auth';
import { aSession } from '@auditorium/frames/testing';
import { StandaloneProcess } from '../support/standalone-process';

interface AccessEntry {
  actor: string;
  roles: string[];
  action: string;
  target: string;
  ip?: string;
  at: string;
  status?: number;
}
interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  correlationId?: string;
}

const OLD = '2020-03-01T08:00:00.000000Z'; // far beyond the default RETENTION_DAYS (365)
const identity = (sub: string) => ({ sub, type: 'machine' as const, name: sub });

/** Legal hold, retention, the access log and the error answers, over the real embedded process. */
describe('admin endpoints and error answers (embedded)', () => {
  let app: StandaloneProcess;
  let admin: string;
  let auditor: string;

  const held = aSession({ sid: 'adm-old-held', startTs: OLD, identity: identity('svc-archiver') })
    .start()
    .exchange({ method: 'GET', target: '/ledger' }, { status: 200, body: 'ok' })
    .end('ok');
  const expired = aSession({ sid: 'adm-old-expired', startTs: OLD, identity: identity('svc-archiver') })
    .start()
    .exchange({ method: 'GET', target: '/ledger' }, { status: 200, body: 'ok' })
    .exchange({ method: 'GET', target: '/ledger/2' }, { status: 200, body: 'ok' })
    .end('ok');
  const recent = aSession({ sid: 'adm-recent', startTs: new Date(), identity: identity('svc-fresh') })
    .start()
    .exchange({ method: 'GET', target: '/now' }, { status: 200, body: 'ok' })
    .end('ok');
  const otherTeam = aSession({
    sid: 'adm-other-team',
    startTs: new Date(),
    identity: identity('svc-payroll'),
    resource: { name: 'payroll-db', type: 'postgres' },
  })
    .start()
    .end('ok');

  beforeAll(async () => {
    app = await StandaloneProcess.start({ env: { RETENTION_INTERVAL_MINUTES: '90' } });
    admin = app.adminToken;
    auditor = await app.token(['auditor'], 'alice');
    const ingest = await app.token(['ingest'], 'gw-1');
    for (const s of [held, expired, recent, otherTeam]) {
      const res = await app.ingest(s.ndjson(), ingest);
      expect(await res.json()).toMatchObject({ rejected: 0 });
    }
  });
  afterAll(() => app?.destroy());

  const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;
  const put = (path: string, body: unknown, token: string) =>
    app.fetch(path, {
      method: 'PUT',
      token,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const accessLog = async (query: string): Promise<AccessEntry[]> =>
    (await json<{ items: AccessEntry[] }>(await app.fetch(`/api/v1/access-log?${query}`, { token: admin }))).items;

  describe('legal hold and retention', () => {
    it('puts a session on legal hold (admin only) and shows it in the detail', async () => {
      expect((await put('/api/v1/sessions/adm-old-held/legal-hold', { hold: true }, auditor)).status).toBe(403);
      const res = await put('/api/v1/sessions/adm-old-held/legal-hold', { hold: true }, admin);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ sid: 'adm-old-held', legalHold: true });
      const detail = await json<{ legalHold?: boolean }>(
        await app.fetch('/api/v1/sessions/adm-old-held', { token: auditor }),
      );
      expect(detail.legalHold).toBe(true);
    });

    it('refuses a bad body naming the field, and an unknown session with 404', async () => {
      const bad = await put('/api/v1/sessions/adm-old-held/legal-hold', { hold: 'yes' }, admin);
      expect(bad.status).toBe(400);
      expect(JSON.stringify((await json<ErrorBody>(bad)).message)).toContain('hold');
      const extra = await put('/api/v1/sessions/adm-old-held/legal-hold', { hold: true, until: 'never' }, admin);
      expect(extra.status).toBe(400);
      expect(JSON.stringify((await json<ErrorBody>(extra)).message)).toContain('until');
      const missing = await put('/api/v1/sessions/no-such-session/legal-hold', { hold: true }, admin);
      expect(missing.status).toBe(404);
    });

    it('reports the retention settings and the background job', async () => {
      expect((await app.fetch('/api/v1/admin/retention', { token: auditor })).status).toBe(403);
      const settings = await json<{
        retentionDays: number;
        cutoff: string;
        job: { enabled: boolean; intervalMinutes: number; nextRunAt?: string };
      }>(await app.fetch('/api/v1/admin/retention', { token: admin }));
      expect(settings.retentionDays).toBe(365);
      expect(Number.isNaN(Date.parse(settings.cutoff))).toBe(false);
      expect(settings.job).toMatchObject({ enabled: true, intervalMinutes: 90 }); // RETENTION_INTERVAL_MINUTES
      expect(typeof settings.job.nextRunAt).toBe('string');
    });

    it('dry run counts what a run would delete and deletes nothing', async () => {
      const res = await app.fetch('/api/v1/admin/retention/run?dryRun=true', { method: 'POST', token: admin });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        dryRun: true,
        trigger: 'admin',
        deletedSessions: 1,
        deletedFrames: expired.frames().length,
        keptOnHold: 1,
      });
      expect((await app.fetch('/api/v1/sessions/adm-old-expired', { token: auditor })).status).toBe(200);
    });

    it('a run deletes expired sessions, keeps the held one and the recent ones', async () => {
      const res = await app.fetch('/api/v1/admin/retention/run', { method: 'POST', token: admin });
      expect(await res.json()).toMatchObject({
        dryRun: false,
        deletedSessions: 1,
        deletedFrames: expired.frames().length,
        keptOnHold: 1,
      });
      expect((await app.fetch('/api/v1/sessions/adm-old-expired', { token: auditor })).status).toBe(404);
      for (const sid of ['adm-old-held', 'adm-recent', 'adm-other-team'])
        expect([sid, (await app.fetch(`/api/v1/sessions/${sid}`, { token: auditor })).status]).toEqual([sid, 200]);
      const settings = await json<{ job: { lastRun?: { deletedSessions: number } } }>(
        await app.fetch('/api/v1/admin/retention', { token: admin }),
      );
      expect(settings.job.lastRun?.deletedSessions).toBe(1);
    });

    it('a released session goes at the next run', async () => {
      await put('/api/v1/sessions/adm-old-held/legal-hold', { hold: false }, admin);
      const res = await app.fetch('/api/v1/admin/retention/run', { method: 'POST', token: admin });
      expect(await res.json()).toMatchObject({ deletedSessions: 1, keptOnHold: 0 });
      expect((await app.fetch('/api/v1/sessions/adm-old-held', { token: auditor })).status).toBe(404);
    });

    it('records every hold, release and run in the access log, with actor, target and ip', async () => {
      const set = await accessLog('action=legal_hold.set');
      expect(set).toHaveLength(1);
      expect(set[0]).toMatchObject({ actor: 'local-admin', target: 'adm-old-held', roles: ['admin'] });
      expect(set[0].ip).toMatch(/127\.0\.0\.1/);
      expect(await accessLog('action=legal_hold.release')).toEqual([
        expect.objectContaining({ actor: 'local-admin', target: 'adm-old-held' }),
      ]);
      const runs = await accessLog('action=retention.run');
      expect(runs).toHaveLength(2);
      expect(runs[0].target).toMatch(/^before \S+: 1 sessions, \d+ frames, 0 kept on hold$/);
      expect(await accessLog('action=retention.dry_run')).toHaveLength(1);
    });
  });

  describe('the access log (admin)', () => {
    it('lists reads newest first and filters by actor, action and target; pages with a cursor', async () => {
      const bob = await app.token(['auditor'], 'bob');
      await app.fetch('/api/v1/sessions/adm-recent', { token: bob });
      await app.fetch('/api/v1/sessions/adm-recent/frames', { token: bob });
      await app.fetch('/api/v1/sessions/adm-other-team', { token: bob });

      const byBob = await accessLog('actor=bob');
      expect(byBob.map((e) => [e.action, e.target])).toEqual([
        ['session.detail', 'adm-other-team'],
        ['session.frames', 'adm-recent[0..]'],
        ['session.detail', 'adm-recent'],
      ]);
      expect(byBob.every((e) => e.ip && e.roles.includes('auditor'))).toBe(true);
      expect((await accessLog('actor=bob&action=session.frames')).map((e) => e.target)).toEqual(['adm-recent[0..]']);
      expect((await accessLog('actor=bob&target=adm-other-team')).map((e) => e.action)).toEqual(['session.detail']);

      const first = await json<{ items: AccessEntry[]; nextCursor?: string }>(
        await app.fetch('/api/v1/access-log?actor=bob&limit=2', { token: admin }),
      );
      expect(first.items).toHaveLength(2);
      const second = await json<{ items: AccessEntry[]; nextCursor?: string }>(
        await app.fetch(`/api/v1/access-log?actor=bob&limit=2&cursor=${first.nextCursor}`, { token: admin }),
      );
      expect(second.items.map((e) => e.target)).toEqual(['adm-recent']);
      expect(second.nextCursor).toBeUndefined();
    });

    it('is admin only, and its filters are validated', async () => {
      expect((await app.fetch('/api/v1/access-log', { token: auditor })).status).toBe(403);
      const bad = await app.fetch('/api/v1/access-log?action=session.delete', { token: admin });
      expect(bad.status).toBe(400);
      expect(JSON.stringify((await json<ErrorBody>(bad)).message)).toContain('action');
    });
  });

  describe('errors', () => {
    it('a validation error is a 400 naming the field', async () => {
      for (const [query, field] of [
        ['limit=9999', 'limit'],
        ['from=yesterday', 'from'],
        ['decision=maybe', 'decision'],
        ['colour=red', 'colour'],
      ]) {
        const res = await app.fetch(`/api/v1/sessions?${query}`, { token: auditor });
        const body = await json<ErrorBody>(res);
        expect([query, res.status, body.error]).toEqual([query, 400, 'Bad Request']);
        expect(JSON.stringify(body.message)).toContain(field);
      }
      const replay = await app.fetch('/api/v1/sessions/adm-recent/replay?format=v4', { token: auditor });
      expect(replay.status).toBe(400);
      expect(JSON.stringify((await json<ErrorBody>(replay)).message)).toContain('format');
    });

    it('a caller without the role gets the same 403 whether or not the session exists', async () => {
      const ingestOnly = await app.token(['ingest'], 'gw-2');
      for (const suffix of ['', '/frames', '/replay', '/timeline', '/verify']) {
        const a = await app.fetch(`/api/v1/sessions/adm-recent${suffix}`, { token: ingestOnly });
        const b = await app.fetch(`/api/v1/sessions/never-existed${suffix}`, { token: ingestOnly });
        expect([suffix, a.status, b.status]).toEqual([suffix, 403, 403]);
        expect(await a.text()).toBe(await b.text());
      }
      // the refusal comes before any lookup, and is itself recorded (PCI DSS 10.2: invalid access attempts)
      const refused = await accessLog('actor=gw-2');
      expect(refused).toHaveLength(10);
      expect(new Set(refused.map((e) => `${e.action} ${e.status}`))).toEqual(new Set(['access.denied 403']));
      expect(refused.map((e) => e.target)).toContain('GET /api/v1/sessions/never-existed/replay');
      expect((await accessLog('action=access.denied&target=GET /api/v1/sessions/adm-recent')).length).toBe(1);
    });

    it('a scoped auditor gets the same 404 for a session out of scope as for a missing one', async () => {
      const scoped = await mintLocalToken(await loadOrCreateLocalAuthKey(app.dataDir), {
        roles: ['auditor'],
        sub: 'carol',
        issuer: 'auditorium-local',
        audience: 'auditorium',
        scope: { identities: ['svc-fresh'] },
      });
      for (const suffix of ['', '/frames', '/replay', '/timeline', '/verify']) {
        const outOfScope = await app.fetch(`/api/v1/sessions/adm-other-team${suffix}`, { token: scoped });
        const missing = await app.fetch(`/api/v1/sessions/never-existed${suffix}`, { token: scoped });
        expect([suffix, outOfScope.status, missing.status]).toEqual([suffix, 404, 404]);
        expect(await outOfScope.text()).toBe(await missing.text());
        const inScope = await app.fetch(`/api/v1/sessions/adm-recent${suffix}`, { token: scoped });
        expect([suffix, inScope.status]).toEqual([suffix, 200]);
      }
      // each miss is in the log with its 404, out of scope and absent alike
      const misses = (await accessLog('actor=carol')).filter((e) => e.status === 404);
      expect(misses.map((e) => `${e.action} ${e.target}`).sort()).toEqual(
        ['detail', 'frames', 'replay', 'timeline', 'verify']
          .flatMap((a) => [`session.${a} adm-other-team`, `session.${a} never-existed`])
          .sort(),
      );
      const search = await json<{ items: Array<{ sid: string }> }>(
        await app.fetch('/api/v1/sessions', { token: scoped }),
      );
      expect(search.items.map((s) => s.sid)).toEqual(['adm-recent']);
      // a full-text search is recorded with its query; plain listing is not a search
      await app.fetch('/api/v1/sessions?q=4111&identity=svc-fresh', { token: scoped });
      expect((await accessLog('actor=carol&action=session.search')).map((e) => [e.target, e.status])).toEqual([
        ['sessions?identity=svc-fresh&q=4111', 200],
      ]);
      const identities = await json<{ items: Array<{ sub: string }> }>(
        await app.fetch('/api/v1/identities', { token: scoped }),
      );
      expect(identities.items.map((i) => i.sub)).toEqual(['svc-fresh']);
    });

    it('serves the OpenAPI spec to any role', async () => {
      const ingestOnly = await app.token(['ingest'], 'gw-3');
      expect((await app.fetch('/api/v1/openapi.json')).status).toBe(401);
      const res = await app.fetch('/api/v1/openapi.json', { token: ingestOnly });
      expect(res.status).toBe(200);
      const doc = await json<{ openapi: string; paths: Record<string, unknown> }>(res);
      expect(doc.openapi).toMatch(/^3\./);
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/sessions/{sid}/replay']));
    });

    // last: it breaks the database under the running process
    it('a 500 says nothing internal and carries a correlation id that is in the log', async () => {
      const db = new Database(join(app.dataDir, 'auditorium.db'));
      try {
        db.exec('DROP TABLE identity_resources');
      } finally {
        db.close();
      }
      const res = await app.fetch('/api/v1/identities', { token: auditor });
      expect(res.status).toBe(500);
      const text = await res.text();
      const body = JSON.parse(text) as ErrorBody;
      expect(body).toEqual({
        statusCode: 500,
        error: 'Internal Server Error',
        message: 'internal error',
        correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      expect(res.headers.get('x-correlation-id')).toBe(body.correlationId);
      expect(text).not.toMatch(/sqlite|identity_resources|no such table|at .*\.js/i);
      await waitFor(() => app.output.includes(body.correlationId as string));
      expect(app.output).toContain(body.correlationId);
    });
  });
});

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 50 && !check(); i++) await new Promise((r) => setTimeout(r, 100));
}
