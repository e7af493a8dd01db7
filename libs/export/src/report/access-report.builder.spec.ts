import { aSession } from '@auditorium/frames/testing';
import { InvalidQueryError } from '@auditorium/store';
import type { SessionSummary, StoredFrame } from '@auditorium/store';

import { asAsync, sessionSummaryOf, storedFramesOf } from '../testing/export.fixtures';
import { databaseSample, httpSample } from '../testing/sample-sessions';
import { buildAccessReport, MAX_REPORT_BUCKETS } from './access-report.builder';

const DAY = { from: '2026-01-15T00:00:00Z', to: '2026-01-16T00:00:00Z', bucket: 'hour' as const };
const generatedAt = '2026-01-16T08:00:00.000Z';

describe('buildAccessReport', () => {
  let sessions: SessionSummary[];
  let frames: StoredFrame[];

  beforeAll(async () => {
    const http = await httpSample();
    const db = await databaseSample();
    sessions = [http.session, db.session];
    frames = [...http.frames, ...db.frames];
  });

  it('reports one identity from its frames: counts, decisions, denied exchanges, info types, series', async () => {
    const r = await buildAccessReport(asAsync(sessions), asAsync(frames), {
      scope: { identity: 'svc-report-bot' },
      ...DAY,
      generatedAt,
    });
    expect(r).toMatchObject({
      version: 1,
      generatedAt,
      scope: { identity: 'svc-report-bot' },
      period: DAY,
      basis: 'frames',
      sessions: 1,
      sessionStatus: { error: 1 },
      exchanges: 2,
      bytes: frames.filter((f) => f.sid === 'sess-http-1').reduce((n, f) => n + f.bytes, 0),
      resourcesTouched: [{ name: 'reports-api', type: 'http', sessions: 1, exchanges: 2, denied: 1 }],
      identities: [{ sub: 'svc-report-bot', name: 'Report bot', type: 'machine', sessions: 1, exchanges: 2 }],
      decisions: { allow: 0, deny: 1, 'review.pending': 0, 'review.approved': 0, 'review.rejected': 0 },
      deniedTotal: 1,
      deniedExchanges: [
        {
          sid: 'sess-http-1',
          seq: 4,
          outcome: 'deny',
          identity: 'svc-report-bot',
          resource: 'reports-api',
          xid: 'x2',
          method: 'POST',
          target: 'https://reports.example.com:8443/admin/delete?all=1',
          policy: 'no-admin',
          reason: 'admin paths are off limits',
        },
      ],
      infoTypes: [{ type: 'EMAIL_ADDRESS', count: 1 }],
      firstAccess: '2026-01-15T09:00:00.000000Z',
      lastAccess: '2026-01-15T09:00:00.070000Z',
    });
    expect(r.series).toHaveLength(24);
    expect(r.series[9]).toEqual({ start: '2026-01-15T09:00:00.000Z', sessions: 1, exchanges: 2, denied: 1 });
    expect(r.series.reduce((n, p) => n + p.exchanges, 0)).toBe(2);
    expect(r.byResource).toEqual(r.resourcesTouched);
  });

  it('reports every identity of a resource, or everything, and skips frames outside the scope', async () => {
    const byResource = await buildAccessReport(sessions, frames, { scope: { resource: 'orders-db' }, ...DAY });
    expect(byResource).toMatchObject({
      sessions: 1,
      exchanges: 3, // two SQL exchanges and the `\q` typed at the interactive prompt
      identities: [{ sub: 'etl-pipeline' }],
      decisions: { allow: 1 },
      infoTypes: [{ type: 'CREDIT_CARD_NUMBER', count: 2 }],
      deniedExchanges: [],
    });
    const all = await buildAccessReport(sessions, frames, { scope: {}, ...DAY, bucket: 'day' });
    expect(all).toMatchObject({ sessions: 2, exchanges: 5, deniedTotal: 1 });
    expect(all.series).toEqual([{ start: '2026-01-15T00:00:00.000Z', sessions: 2, exchanges: 5, denied: 1 }]);
    expect(all.resourcesTouched.map((r) => r.name).sort()).toEqual(['orders-db', 'reports-api']);
  });

  it('counts whole sessions from summaries when no frames are given', async () => {
    const r = await buildAccessReport(sessions, undefined, { scope: { identity: 'svc-report-bot' }, ...DAY });
    expect(r).toMatchObject({
      basis: 'sessions',
      sessions: 1,
      exchanges: 2,
      deniedTotal: 1,
      deniedExchanges: [],
      firstAccess: '2026-01-15T09:00:00.000000Z',
    });
    expect(r.series[9]).toMatchObject({ sessions: 1, exchanges: 2, denied: 1 });
  });

  it('keeps only activity inside the period', async () => {
    const r = await buildAccessReport(sessions, frames, {
      scope: {},
      from: '2026-01-15T09:00:00.035Z',
      to: '2026-01-15T12:00:00Z',
      bucket: 'hour',
    });
    // the http session overlaps; only its frames from seq 4 on count: the decision, and the
    // response of x2 (its request came before the period, so the exchange counts once, here)
    expect(r.sessions).toBe(2);
    expect(r.series[0].sessions).toBe(1); // started before the period: counted in the first bucket
    expect(r.resourcesTouched.find((x) => x.name === 'reports-api')).toMatchObject({ exchanges: 1, denied: 1 });
    expect(r.deniedExchanges[0]).toMatchObject({ xid: 'x2' });
    expect(r.deniedExchanges[0].method).toBeUndefined();
    const none = await buildAccessReport(sessions, frames, {
      scope: {},
      from: '2026-01-15T11:00:00Z',
      to: '2026-01-15T12:00:00Z',
      bucket: 'hour',
    });
    expect(none).toMatchObject({ sessions: 0, exchanges: 0, resourcesTouched: [], series: [{ exchanges: 0 }] });
    expect(none.firstAccess).toBeUndefined();
  });

  it('lists the newest denied exchanges up to maxDenied and counts them all', async () => {
    const b = aSession({
      sid: 'sess-deny',
      identity: { sub: 'pushy' },
      resource: { name: 'api', type: 'http' },
    }).start();
    for (let i = 0; i < 7; i++) b.request({ method: 'DELETE', target: `/items/${i}` }).decision('deny');
    const f = await storedFramesOf(b.frames());
    const r = await buildAccessReport([sessionSummaryOf(f)], f, { scope: {}, ...DAY, maxDenied: 3 });
    expect(r.deniedTotal).toBe(7);
    expect(r.deniedExchanges.map((d) => d.target)).toEqual(['/items/6', '/items/5', '/items/4']);
  });

  it('sums resources beyond the top 10 into one chart entry', async () => {
    const many: SessionSummary[] = Array.from({ length: 13 }, (_, i) => ({
      sid: `s${i}`,
      identity: { sub: 'bot' },
      resource: { name: `res-${String(i).padStart(2, '0')}`, type: 'http' },
      status: 'ok',
      firstTs: '2026-01-15T10:00:00Z',
      lastTs: '2026-01-15T10:05:00Z',
      frameCount: 2,
      exchangeCount: 100 - i,
      bytes: 10,
      maxSeq: 1,
      gaps: [],
      decisions: {},
      findings: {},
    }));
    const r = await buildAccessReport(many, undefined, { scope: {}, ...DAY });
    expect(r.resourcesTouched).toHaveLength(13);
    expect(r.byResource).toHaveLength(11);
    expect(r.byResource[10]).toMatchObject({ name: '(3 other)', sessions: 3, exchanges: 88 + 89 + 90 });
  });

  it('answers an empty period [t, t) with an empty report', async () => {
    const r = await buildAccessReport([], undefined, { scope: {}, ...DAY, to: DAY.from });
    expect(r).toMatchObject({ sessions: 0, exchanges: 0, bytes: 0 });
  });

  it('rejects bad periods and buckets with InvalidQueryError', async () => {
    const bad = async (o: Record<string, string>): Promise<unknown> =>
      buildAccessReport([], undefined, { scope: {}, ...DAY, ...o } as Parameters<typeof buildAccessReport>[2]).catch(
        (err: unknown) => err,
      );
    expect(await bad({ from: 'yesterday' })).toBeInstanceOf(InvalidQueryError);
    expect(((await bad({ to: '2000-01-01T00:00:00Z' })) as Error).message).toMatch(/not be before from/);
    expect(((await bad({ bucket: 'week' })) as Error).message).toMatch(/bucket must be one of hour, day/);
    expect(((await bad({ from: '2000-01-01T00:00:00Z' })) as Error).message).toContain(`at most ${MAX_REPORT_BUCKETS}`);
  });

  it('counts each line submitted in an interactive session as an exchange, with the info types of its output', async () => {
    const b = aSession({
      sid: 'sess-psql-1',
      identity: { sub: 'svc-runbook', type: 'machine' },
      resource: { name: 'orders-db', type: 'postgres' },
      startTs: '2026-01-15T11:00:00.000000Z',
    })
      .start()
      .output('orders=> ')
      .input('SELECT card ')
      .input('FROM orders;')
      .input('\r')
      .output('SELECT card FROM orders;\r\n [CREDIT_CARD_NUMBER]\r\n(1 row)\r\norders=> ')
      .input('\\q\r')
      .end('ok');
    const psql = await storedFramesOf(b.frames(), { findings: { 5: { CREDIT_CARD_NUMBER: 1 } } });
    const r = await buildAccessReport([sessionSummaryOf(psql)], psql, { scope: { identity: 'svc-runbook' }, ...DAY });
    expect(r).toMatchObject({
      sessions: 1,
      exchanges: 2,
      resourcesTouched: [{ name: 'orders-db', exchanges: 2 }],
      infoTypes: [{ type: 'CREDIT_CARD_NUMBER', count: 1 }],
    });
  });
});
