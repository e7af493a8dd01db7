import { httpSample } from '../testing/sample-sessions';
import { toNativeEvent } from './native.mapper';

describe('native mapper', () => {
  it('is the stored frame with its id, hash, findings and ingestedAt', async () => {
    const { frames, session } = await httpSample();
    const e = toNativeEvent(frames[2], session);
    expect(e).toEqual({
      id: 'sess-http-1:2',
      sid: 'sess-http-1',
      seq: 2,
      type: 'response',
      ts: frames[2].ts,
      tsMicros: frames[2].tsMicros,
      ingestedAt: frames[2].ingestedAt,
      identity: frames[2].identity,
      resource: frames[2].resource,
      findings: { EMAIL_ADDRESS: 1 },
      bytes: frames[2].bytes,
      hash: frames[2].hash,
      frame: frames[2].frame,
    });
  });

  it('fills identity and resource from the session for frames stored before session.start', async () => {
    const { frames, session } = await httpSample();
    const { identity: _i, resource: _r, ...bare } = frames[3];
    expect(toNativeEvent(bare, session)).toMatchObject({
      identity: { sub: 'svc-report-bot', name: 'Report bot', type: 'machine', iss: 'https://idp.example.com' },
      resource: { name: 'reports-api', type: 'http', env: 'prod' },
    });
    const alone = toNativeEvent(bare);
    expect(alone).not.toHaveProperty('identity');
    expect(alone).not.toHaveProperty('resource');
  });
});
