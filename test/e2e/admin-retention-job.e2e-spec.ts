import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { aSession } from '@auditorium/frames/testing';
import { REPO_ROOT, StandaloneProcess } from '../support/standalone-process';

/** The background retention job, on a fast schedule: it purges, keeps held sessions, records, and stops cleanly. */
describe('the retention job (embedded, fast schedule)', () => {
  let app: StandaloneProcess;
  let stopped = false;

  beforeAll(async () => {
    app = await StandaloneProcess.start({
      args: [join(REPO_ROOT, 'scripts', 'run-ts.js'), join(__dirname, 'admin-retention-job.main.ts')],
    });
  });
  // StandaloneProcess.stop() waits forever when called again on a process that exited by a signal
  afterAll(() => (stopped ? rmSync(app.dataDir, { recursive: true, force: true }) : app?.destroy()));

  it('deletes expired sessions in the background, keeps held and recent ones, and records what it did', async () => {
    const admin = app.adminToken;
    const ingest = await app.token(['ingest']);
    const old = (sid: string) =>
      aSession({ sid, startTs: '2019-06-01T00:00:00Z' }).start().exchange().end('ok').ndjson();
    const held = old('job-old-held');
    // the hold must be in place before the job's first run (1.5 s after start, see the .main.ts)
    expect((await app.ingest(held, ingest)).status).toBe(200);
    const hold = await app.fetch('/api/v1/sessions/job-old-held/legal-hold', {
      method: 'PUT',
      token: admin,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hold: true }),
    });
    expect(hold.status).toBe(200);
    await app.ingest(old('job-old-expired'), ingest);
    await app.ingest(aSession({ sid: 'job-recent', startTs: new Date() }).start().end('ok').ndjson(), ingest);

    await until(async () => (await app.fetch('/api/v1/sessions/job-old-expired', { token: admin })).status === 404);
    expect((await app.fetch('/api/v1/sessions/job-old-held', { token: admin })).status).toBe(200);
    expect((await app.fetch('/api/v1/sessions/job-recent', { token: admin })).status).toBe(200);

    const log = (await (
      await app.fetch('/api/v1/access-log?actor=auditorium:retention-job', { token: admin })
    ).json()) as { items: Array<{ action: string; target: string; roles: string[] }> };
    expect(log.items.length).toBeGreaterThanOrEqual(1);
    expect(log.items.every((e) => e.action === 'retention.run' && e.roles.length === 0)).toBe(true);
    expect(log.items.some((e) => /: 1 sessions, \d+ frames, 1 kept on hold$/.test(e.target))).toBe(true);

    const settings = (await (await app.fetch('/api/v1/admin/retention', { token: admin })).json()) as {
      job: { enabled: boolean; nextRunAt?: string; lastRun?: { trigger: string } };
    };
    expect(settings.job.enabled).toBe(true);
    expect(settings.job.lastRun?.trigger).toBe('job');
  });

  it('stops with the process: on SIGTERM the job stops before the store closes, without errors', async () => {
    await app.stop();
    stopped = true;
    const logs = app.output
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg?: string; resource?: string; level?: number | string });
    // shutdown got past the job (beforeApplicationShutdown) to closing the clients
    expect(logs).toContainEqual(expect.objectContaining({ msg: 'closed', signal: 'SIGTERM' }));
    expect(logs.filter((l) => (l.level as number) >= 50)).toEqual([]);
    expect(logs.filter((l) => l.msg === 'retention run').length).toBeGreaterThanOrEqual(1);
    expect(app.output).not.toMatch(/retention run failed|recording store is closed|access log write failed/);
  });
});

async function until(check: () => Promise<boolean>, attempts = 100): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition never held');
}
