import { DECISION_OUTCOMES } from '@auditorium/frames';
import { aSession } from '@auditorium/frames/testing';

import { storedFramesOf } from '../testing/export.fixtures';
import { databaseSample, httpSample } from '../testing/sample-sessions';
import { ECS_DATASET, toEcsEvent } from './ecs.mapper';
import {
  ECS_EVENT_CATEGORIES,
  ECS_EVENT_KINDS,
  ECS_EVENT_OUTCOMES,
  ECS_EVENT_TYPES,
  ECS_EXPECTED_TYPES,
} from './ecs.values';
import type { EcsEvent } from './ecs.mapper';

describe('ECS mapper', () => {
  async function allEvents(): Promise<EcsEvent[]> {
    const http = await httpSample();
    const db = await databaseSample();
    const decisions = aSession({ sid: 'sess-dec', resource: { name: 'box', type: 'ssh' } }).start();
    for (const outcome of DECISION_OUTCOMES) decisions.decision(outcome, { xid: null });
    decisions.request({ method: 'exec', target: 'ls' }).response({ status: 500 }).error('boom');
    decisions.input('ls\n').output('file\n');
    for (const status of ['ok', 'error', 'killed', 'timeout'] as const) decisions.end(status);
    const other = await storedFramesOf(decisions.frames());
    return [
      ...http.frames.map((f) => toEcsEvent(f, http.session)),
      ...db.frames.map((f) => toEcsEvent(f, db.session)),
      ...other.map((f) => toEcsEvent(f)),
    ];
  }

  it('writes only allowed ECS categorization values, each type expected for its category', async () => {
    const events = await allEvents();
    expect(events.length).toBeGreaterThan(25);
    for (const e of events) {
      expect(ECS_EVENT_KINDS).toContain(e.event.kind);
      expect(e.event.category.length).toBeGreaterThan(0);
      expect(e.event.type.length).toBeGreaterThan(0);
      for (const c of e.event.category) {
        expect(ECS_EVENT_CATEGORIES).toContain(c);
        for (const t of e.event.type) {
          expect(ECS_EVENT_TYPES).toContain(t);
          expect({ category: c, type: t, ok: ECS_EXPECTED_TYPES[c]?.includes(t) }).toEqual({
            category: c,
            type: t,
            ok: true,
          });
        }
      }
      if (e.event.outcome !== undefined) expect(ECS_EVENT_OUTCOMES).toContain(e.event.outcome);
      // ECS: no outcome on purely informational events
      if (e.auditorium.frame_type === 'input' || e.auditorium.frame_type === 'output') {
        expect(e.event.outcome).toBeUndefined();
      }
    }
  });

  it('maps an HTTP exchange to web access with url, http, user, source, service and labels', async () => {
    const { frames, session } = await httpSample();
    const req = toEcsEvent(frames[1], session);
    expect(req).toMatchObject({
      '@timestamp': frames[1].ts,
      event: {
        kind: 'event',
        category: ['web'],
        type: ['access'],
        outcome: 'unknown',
        action: 'request',
        id: 'sess-http-1:1',
        dataset: ECS_DATASET,
        sequence: 1,
        hash: frames[1].hash,
        duration: 12_500_000,
      },
      user: { id: 'svc-report-bot', name: 'Report bot' },
      source: { ip: '10.1.2.3', address: '10.1.2.3' },
      user_agent: { original: 'agent-sdk/1.2' },
      url: { original: '/reports/q1?year=2025&fmt=csv', path: '/reports/q1', query: 'year=2025&fmt=csv' },
      http: { request: { method: 'GET', id: 'x1' } },
      service: { name: 'reports-api', type: 'http', environment: 'prod' },
      observer: { name: 'gw-eu-1', version: '2.4.0' },
      labels: { team: 'finance', cost_center: '42' },
      related: { user: ['svc-report-bot', 'Report bot'], ip: ['10.1.2.3'] },
      auditorium: { sid: 'sess-http-1', seq: 1, xid: 'x1', correlation_id: 'corr-9' },
    });
    const res = toEcsEvent(frames[2], session);
    expect(res.event).toMatchObject({ type: ['access'], outcome: 'success' });
    expect(res.http).toEqual({ request: { id: 'x1' }, response: { status_code: 200 } });
    expect(res.auditorium.findings).toEqual({ EMAIL_ADDRESS: 1 });

    const abs = toEcsEvent(frames[3], session);
    expect(abs.url).toEqual({
      original: 'https://reports.example.com:8443/admin/delete?all=1',
      path: '/admin/delete',
      query: 'all=1',
      domain: 'reports.example.com',
      scheme: 'https',
      port: 8443,
    });
    expect(toEcsEvent(frames[5], session).event).toMatchObject({ outcome: 'failure' });
  });

  it('maps sessions, decisions and errors', async () => {
    const { frames, session } = await httpSample();
    expect(toEcsEvent(frames[0], session).event).toMatchObject({
      category: ['authentication', 'session'],
      type: ['start'],
      outcome: 'success',
      action: 'session-start',
    });
    expect(toEcsEvent(frames[4], session).event).toMatchObject({
      category: ['api'],
      type: ['denied'],
      outcome: 'failure',
      action: 'access-denied',
      reason: 'admin paths are off limits',
    });
    expect(toEcsEvent(frames[6], session)).toMatchObject({
      event: { category: ['web'], type: ['error'], outcome: 'failure' },
      error: { message: 'upstream reset' },
    });
    expect(toEcsEvent(frames[7], session).event).toMatchObject({
      category: ['session'],
      type: ['end'],
      outcome: 'failure',
      reason: 'killed by gateway',
    });
  });

  it('maps database traffic to the database category, IPv6 clients to source.ip', async () => {
    const { frames, session } = await databaseSample();
    const e = toEcsEvent(frames[1], session);
    expect(e.event).toMatchObject({ category: ['database'], type: ['access'] });
    expect(e.url).toBeUndefined();
    expect(e.auditorium).toMatchObject({ target: 'orders', sql: 'SELECT * FROM orders WHERE id = $1' });
    expect(e.source).toEqual({ ip: '2001:db8::7', address: '2001:db8::7' });
    expect(e.message).toBe('SELECT orders');
  });

  it('fills identity from the session when the frame was stored before session.start, and keeps bad IPs out of source.ip', async () => {
    const { frames, session } = await httpSample();
    const { identity: _i, resource: _r, ...bare } = frames[1];
    const e = toEcsEvent(bare, { ...session, client: { ip: 'not-an-ip' } });
    expect(e.user).toEqual({ id: 'svc-report-bot', name: 'Report bot' });
    expect(e.service?.name).toBe('reports-api');
    expect(e.source).toEqual({ address: 'not-an-ip' });
    expect(toEcsEvent(bare).user).toBeUndefined();
  });
});
