import { parseFrame } from '../frame-parser';
import { tsToMicros } from '../frame-timestamp';
import { aSession, resetSessionIds, toNdjson } from './frame.builders';

describe('aSession', () => {
  it('numbers seq from 0, advances ts by the step and pairs exchanges by xid', () => {
    const frames = aSession({ sid: 's1', startTs: '2026-03-01T10:00:00Z', stepMs: 250 })
      .start()
      .exchange({ method: 'GET', target: '/a' }, { status: 200, body: 'ok' })
      .request({ method: 'DELETE', target: '/b' })
      .decision('deny', { policy: 'no-deletes' })
      .end('ok')
      .frames();

    expect(frames.map((f) => [f.seq, f.type])).toEqual([
      [0, 'session.start'],
      [1, 'request'],
      [2, 'response'],
      [3, 'request'],
      [4, 'decision'],
      [5, 'session.end'],
    ]);
    expect(frames.map((f) => tsToMicros(f.ts) - tsToMicros(frames[0].ts))).toEqual([
      0, 250_000, 500_000, 750_000, 1_000_000, 1_250_000,
    ]);
    expect(frames[0].ts).toBe('2026-03-01T10:00:00.000000Z');
    expect(frames.map((f) => ('xid' in f ? f.xid : undefined))).toEqual([undefined, 'x1', 'x1', 'x2', 'x2', undefined]);
  });

  it('is deterministic', () => {
    const build = () => {
      resetSessionIds();
      return aSession().start().exchange().input('ls\n').output('a b\n').end().ndjson();
    };
    expect(build()).toBe(build());
    resetSessionIds();
    expect(aSession().sid).toBe('sess-000001');
    expect(aSession().sid).toBe('sess-000002');
  });

  it('takes explicit xids, waits, gaps and session-level decisions', () => {
    const frames = aSession({ sid: 's2', startTs: new Date(Date.UTC(2026, 0, 1)) })
      .start({ correlationId: 'c-1' })
      .decision('review.pending', { xid: null })
      .wait(60_000)
      .request({ xid: 'abc' })
      .skipSeq(2)
      .response({ status: 204 })
      .error('upstream reset')
      .end('error', { exitCode: 1, reason: 'upstream reset' })
      .frames();
    expect(frames[1]).not.toHaveProperty('xid');
    expect(frames[2].ts).toBe('2026-01-01T00:01:00.020000Z');
    expect(frames[3]).toMatchObject({ seq: 5, type: 'response', xid: 'abc', status: 204 });
    expect(frames[0]).toMatchObject({ correlationId: 'c-1' });
  });

  it('refuses a response without a request to pair it with', () => {
    expect(() => aSession().response({ status: 200 })).toThrow(/xid/);
  });

  it('returns copies, so tests may mutate frames freely', () => {
    const session = aSession().start();
    const [first] = session.frames();
    first.sid = 'changed';
    expect(session.frames()[0].sid).toBe(session.sid);
  });

  it('produces frames that parse back unchanged, every type included', () => {
    const session = aSession({
      client: { ip: '10.0.0.7', userAgent: 'agent-sdk/2.1' },
      gateway: { id: 'gw-1', version: '1.4.0' },
      labels: { team: 'finance' },
    })
      .start()
      .request({ method: 'SELECT', target: 'postgres://db/customers', meta: { sql: 'select 1', x: [1] } })
      .decision('allow', { policy: 'read-only', reason: 'matches rule 4' })
      .response({ body: 'eyJ9', encoding: 'base64', meta: { rowCount: 1, durationMs: 2.5 }, truncated: true })
      .input('\\dt\n')
      .output('customers\n')
      .error('slow upstream')
      .end('timeout');
    const lines = session.ndjson().split('\n');
    expect(lines.pop()).toBe('');
    const parsed = lines.map((line) => parseFrame(line));
    expect(parsed).toEqual(session.frames().map((frame) => ({ ok: true, frame })));
    expect(new Set(session.frames().map((f) => f.type)).size).toBe(8);
  });
});

describe('toNdjson', () => {
  it('writes one compact JSON per line with a final newline', () => {
    expect(toNdjson([{ a: 1 }, { b: 'x\ny' }])).toBe('{"a":1}\n{"b":"x\\ny"}\n');
    expect(toNdjson([])).toBe('');
  });
});
