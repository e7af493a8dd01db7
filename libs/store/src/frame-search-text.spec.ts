import type { Frame } from '@auditorium/frames';

import { frameSearchText } from './frame-search-text';

const base = { v: 1 as const, sid: 's', seq: 1, ts: '2025-01-01T00:00:00Z' };

describe('frameSearchText', () => {
  it('takes target, header values, utf8 body and SQL of exchanges', () => {
    const frame: Frame = {
      ...base,
      type: 'request',
      xid: 'x',
      method: 'POST',
      target: '/customers',
      headers: { 'x-name': 'header value' },
      body: 'the body',
      meta: { sql: 'select 1', rowCount: 3 },
    };
    expect(frameSearchText(frame).split('\n')).toEqual(['/customers', 'header value', 'the body', 'select 1']);
  });

  it('skips base64 payloads', () => {
    expect(frameSearchText({ ...base, type: 'response', xid: 'x', body: 'aGVsbG8=', encoding: 'base64' })).toBe('');
    expect(frameSearchText({ ...base, type: 'output', data: 'aGVsbG8=', encoding: 'base64' })).toBe('');
    expect(frameSearchText({ ...base, type: 'input', data: 'ls -la' })).toBe('ls -la');
  });

  it('takes messages and reasons, nothing from session.start', () => {
    expect(frameSearchText({ ...base, type: 'error', message: 'boom' })).toBe('boom');
    expect(frameSearchText({ ...base, type: 'decision', outcome: 'deny', reason: 'no' })).toBe('no');
    expect(frameSearchText({ ...base, type: 'session.end', status: 'ok', reason: 'done' })).toBe('done');
    expect(frameSearchText({ ...base, type: 'session.start', identity: { sub: 'a' }, resource: { name: 'db' } })).toBe(
      '',
    );
  });
});
