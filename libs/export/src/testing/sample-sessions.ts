import { aSession } from '@auditorium/frames/testing';
import type { SessionSummary, StoredFrame } from '@auditorium/store';

import { sessionSummaryOf, storedFramesOf } from './export.fixtures';

export interface SampleSession {
  frames: StoredFrame[];
  session: SessionSummary;
}

/** An HTTP session: start, GET (200), POST (denied, then 403), an error, end with status error. */
export async function httpSample(): Promise<SampleSession> {
  const b = aSession({
    sid: 'sess-http-1',
    identity: { sub: 'svc-report-bot', name: 'Report bot', type: 'machine', iss: 'https://idp.example.com' },
    resource: { name: 'reports-api', type: 'http', env: 'prod' },
    client: { ip: '10.1.2.3', userAgent: 'agent-sdk/1.2' },
    gateway: { id: 'gw-eu-1', version: '2.4.0' },
    labels: { team: 'finance', 'cost.center': '42' },
    correlationId: 'corr-9',
    startTs: '2026-01-15T09:00:00.000000Z',
  })
    .start()
    .request({ method: 'GET', target: '/reports/q1?year=2025&fmt=csv', xid: 'x1', meta: { durationMs: 12.5 } })
    .response({ status: 200, body: '{"email":"[EMAIL_ADDRESS]"}' })
    .request({ method: 'POST', target: 'https://reports.example.com:8443/admin/delete?all=1', xid: 'x2' })
    .decision('deny', { policy: 'no-admin', reason: 'admin paths are off limits' })
    .response({ status: 403 })
    .error('upstream reset')
    .end('error', { reason: 'killed by gateway' });
  const frames = await storedFramesOf(b.frames(), { findings: { 2: { EMAIL_ADDRESS: 1 } } });
  return { frames, session: sessionSummaryOf(frames) };
}

/** A postgres session: start, SELECT, INSERT, interactive output, decision allow, end ok. */
export async function databaseSample(): Promise<SampleSession> {
  const b = aSession({
    sid: 'sess-db-1',
    identity: { sub: 'etl-pipeline', name: 'ETL', type: 'machine' },
    resource: { name: 'orders-db', type: 'postgres', env: 'prod' },
    client: { ip: '2001:db8::7' },
    startTs: '2026-01-15T10:00:00.000000Z',
  })
    .start()
    .request({ target: 'orders', meta: { sql: 'SELECT * FROM orders WHERE id = $1' }, xid: 'q1' })
    .response({ meta: { rowCount: 1 } })
    .request({ target: 'orders', meta: { sql: '/* etl */ INSERT INTO orders VALUES ($1)' }, xid: 'q2' })
    .decision('allow', { policy: 'etl-write' })
    .response({})
    .output('INSERT 0 1\r\n')
    .input('\\q\n')
    .end('ok');
  const frames = await storedFramesOf(b.frames(), { findings: { 2: { CREDIT_CARD_NUMBER: 2 } } });
  return { frames, session: sessionSummaryOf(frames) };
}
