import { databaseSample, httpSample } from '../testing/sample-sessions';
import { ocsfMapper, toOcsfEvent } from './ocsf.mapper';
import { OCSF_ACTIVITIES, OCSF_VERSION } from './ocsf.values';

describe('OCSF mapper', () => {
  it('maps session.start / session.end to Authentication logon / logoff', async () => {
    const { frames, session } = await httpSample();
    const logon = toOcsfEvent(frames[0], session);
    expect(logon).toMatchObject({
      class_uid: 3002,
      class_name: 'Authentication',
      category_uid: 3,
      activity_id: 1,
      activity_name: 'Logon',
      type_uid: 300201,
      type_name: 'Authentication: Logon',
      severity_id: 1,
      status_id: 1,
      status: 'Success',
      time: Date.parse('2026-01-15T09:00:00Z'),
      user: { uid: 'svc-report-bot', name: 'Report bot', type_id: 99, type: 'Machine' },
      actor: { user: { uid: 'svc-report-bot' }, session: { uid: 'sess-http-1', issuer: 'https://idp.example.com' } },
      src_endpoint: { ip: '10.1.2.3' },
      service: { name: 'reports-api' },
      auth_protocol_id: 4,
      metadata: {
        version: OCSF_VERSION,
        uid: 'sess-http-1:0',
        product: { name: 'Auditorium', vendor_name: 'Auditorium' },
        correlation_uid: 'corr-9',
        sequence: 0,
      },
    });
    const logoff = toOcsfEvent(frames[7], session);
    expect(logoff).toMatchObject({
      class_uid: 3002,
      activity_id: 2,
      type_uid: 300202,
      status_id: 2,
      status_code: 'error',
      status_detail: 'killed by gateway',
      severity_id: 2,
    });
  });

  it('maps HTTP exchanges to API Activity with api, http_request and http_response', async () => {
    const { frames, session } = await httpSample();
    const get = toOcsfEvent(frames[1], session);
    expect(get).toMatchObject({
      class_uid: 6003,
      category_uid: 6,
      category_name: 'Application Activity',
      activity_id: 2,
      activity_name: 'Read',
      type_uid: 600302,
      status_id: 0,
      api: { operation: 'GET', service: { name: 'reports-api' }, request: { uid: 'x1' } },
      http_request: {
        http_method: 'GET',
        uid: 'x1',
        user_agent: 'agent-sdk/1.2',
        url: { url_string: '/reports/q1?year=2025&fmt=csv', path: '/reports/q1', query_string: 'year=2025&fmt=csv' },
      },
      resources: [{ name: 'reports-api', type: 'http' }],
      unmapped: { auditorium: { sid: 'sess-http-1', seq: 1, hash: frames[1].hash, duration_ms: 12.5 } },
    });
    const post = toOcsfEvent(frames[3], session);
    expect(post).toMatchObject({ activity_id: 1, activity_name: 'Create', type_uid: 600301 });
    expect(post.http_request?.url).toMatchObject({ hostname: 'reports.example.com', scheme: 'https', port: 8443 });

    const ok = toOcsfEvent(frames[2], session);
    expect(ok).toMatchObject({
      status_id: 1,
      status_code: '200',
      http_response: { code: 200 },
      api: { response: { code: 200 } },
    });
    expect(ok.activity_id).toBe(0); // the response frame carries no method
    expect(ok.unmapped.auditorium).toMatchObject({ findings: { EMAIL_ADDRESS: 1 } });
    expect(toOcsfEvent(frames[5], session)).toMatchObject({ status_id: 2, status: 'Failure', status_code: '403' });
  });

  it('maps decisions with action_id and authorizations, severity Medium on deny', async () => {
    const { frames, session } = await httpSample();
    expect(toOcsfEvent(frames[4], session)).toMatchObject({
      class_uid: 6003,
      activity_id: 99,
      activity_name: 'Policy Decision',
      type_uid: 600399,
      action_id: 2,
      action: 'Denied',
      status_id: 2,
      status_code: 'deny',
      status_detail: 'admin paths are off limits',
      severity_id: 3,
      severity: 'Medium',
      authorizations: [{ decision: 'deny', policy: { name: 'no-admin' } }],
      metadata: { profiles: ['security_control'] },
    });
  });

  it('maps database resources to Datastore Activity by SQL verb', async () => {
    const { frames, session } = await databaseSample();
    const select = toOcsfEvent(frames[1], session);
    expect(select).toMatchObject({
      class_uid: 6005,
      class_name: 'Datastore Activity',
      category_uid: 6,
      activity_id: 4,
      activity_name: 'Query',
      type_uid: 600504,
      database: { name: 'orders', type: 'postgres', type_id: 1 },
      type_id: 1,
      query_info: { query_string: 'SELECT * FROM orders WHERE id = $1' },
      src_endpoint: { ip: '2001:db8::7' },
      api: { operation: 'SELECT' },
    });
    expect(toOcsfEvent(frames[3], session)).toMatchObject({ activity_id: 5, activity_name: 'Write', type_uid: 600505 });
    expect(toOcsfEvent(frames[4], session)).toMatchObject({
      class_uid: 6005,
      activity_id: 99,
      action_id: 1,
      status_id: 1,
    });
    expect(toOcsfEvent(frames[6], session)).toMatchObject({
      class_uid: 6005,
      activity_id: 99,
      activity_name: 'Output',
    });
  });

  it('keeps type_uid = class_uid * 100 + activity_id and activity ids from the class enum', async () => {
    const samples = [await httpSample(), await databaseSample()];
    for (const { frames, session } of samples) {
      for (const f of frames) {
        const e = toOcsfEvent(f, session);
        expect(e.type_uid).toBe(e.class_uid * 100 + e.activity_id);
        const ids = Object.keys(OCSF_ACTIVITIES[e.class_uid as 3002 | 6003 | 6005]).map(Number);
        expect(ids).toContain(e.activity_id);
        expect(Number.isInteger(e.time)).toBe(true);
      }
    }
  });

  it('takes vendor and version from options', async () => {
    const { frames } = await httpSample();
    const e = ocsfMapper({ productVersion: '9.9.9', vendor: 'Acme' })(frames[0]);
    expect(e.metadata.product).toEqual({ name: 'Auditorium', vendor_name: 'Acme', version: '9.9.9' });
  });
});
