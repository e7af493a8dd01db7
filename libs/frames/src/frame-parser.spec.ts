import { frameId } from './frame-id';
import { parseFrame, validateFrameObject } from './frame-parser';
import {
  DEFAULT_MAX_FRAME_BYTES,
  Frame,
  FRAME_TYPES,
  FrameRejection,
  RejectionCode,
  SessionStartFrame,
} from './frame.types';
import { aSession } from './testing';

const session = aSession({ sid: 'sess-parse' })
  .start()
  .request({ method: 'POST', target: '/v1/reports', headers: { 'content-type': 'application/json' }, body: '{}' })
  .decision('allow', { policy: 'reports-rw' })
  .response({ status: 201, body: '{"id":1}', meta: { durationMs: 3 } })
  .input('select 1;\n')
  .output(' ?column? \n')
  .error('upstream closed the connection')
  .end('ok', { exitCode: 0 });
const sample = Object.fromEntries(session.frames().map((frame) => [frame.type, frame])) as Record<Frame['type'], Frame>;
const request = sample.request;
const start = sample['session.start'] as SessionStartFrame;

function rejectionOf(input: unknown): FrameRejection {
  const result = typeof input === 'string' || Buffer.isBuffer(input) ? parseFrame(input) : validateFrameObject(input);
  if (result.ok) throw new Error(`expected a rejection, got ${JSON.stringify(result.frame)}`);
  return result.rejection;
}

function expectRejected(input: unknown, code: RejectionCode, reason: string | RegExp): void {
  const rejection = rejectionOf(input);
  expect(rejection.code).toBe(code);
  if (typeof reason === 'string') expect(rejection.reason).toBe(reason);
  else expect(rejection.reason).toMatch(reason);
}

describe('parseFrame accepts', () => {
  it.each(FRAME_TYPES)('a %s frame, from a Buffer and from a string', (type) => {
    const frame = sample[type];
    expect(parseFrame(Buffer.from(JSON.stringify(frame)))).toEqual({ ok: true, frame });
    expect(parseFrame(JSON.stringify(frame))).toEqual({ ok: true, frame });
  });

  it('a frame of only the required fields', () => {
    const minimal = { v: 1, sid: 'a', seq: 0, ts: '2026-01-01T00:00:00+01:00', type: 'input', data: '' };
    expect(parseFrame(JSON.stringify(minimal))).toEqual({ ok: true, frame: minimal });
  });

  it('any meta keys beside the typed ones, and any header and label names', () => {
    const meta = { sql: 'select 1', rowCount: 0, durationMs: 0, plan: { cost: 1 }, rows: [1, 2] };
    const headers = { 'X-Weird Header!': 'v', '': '' };
    expect(validateFrameObject({ ...request, meta, headers })).toEqual({
      ok: true,
      frame: { ...request, meta, headers },
    });
    const labels = { 'team/owner': 'finance', empty: '' };
    expect(validateFrameObject({ ...start, labels })).toMatchObject({ ok: true, frame: { labels } });
  });

  it('truncated: true on any frame', () => {
    expect(validateFrameObject({ ...sample.output, truncated: true })).toMatchObject({
      ok: true,
      frame: { truncated: true },
    });
  });

  it('a frame exactly at the size limit', () => {
    const room = 200 - Buffer.byteLength(JSON.stringify({ ...sample.output, data: '' }));
    const data = 'é'.repeat(Math.floor(room / 2)) + 'x'.repeat(room % 2);
    const text = JSON.stringify({ ...sample.output, data });
    expect(Buffer.byteLength(text)).toBe(200);
    expect(parseFrame(text, { maxBytes: 200 }).ok).toBe(true);
    expect(parseFrame(Buffer.from(text), { maxBytes: 200 }).ok).toBe(true);
    expect(parseFrame(text, { maxBytes: 199 }).ok).toBe(false);
  });
});

describe('parseFrame drops unknown fields (forward compatibility)', () => {
  it('at the top level and in nested objects, without touching the input', () => {
    const input = {
      ...start,
      futureField: { x: 1 },
      identity: { ...start.identity, acr: 'gold' },
      resource: { name: 'db', region: 'eu' },
    };
    const result = validateFrameObject(input);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.frame).not.toHaveProperty('futureField');
    expect(result.frame).toMatchObject({ identity: { sub: 'svc-report-bot' }, resource: { name: 'db' } });
    expect((result.frame as { identity: object }).identity).not.toHaveProperty('acr');
    expect((result.frame as { resource: object }).resource).toEqual({ name: 'db' });
    expect(input.futureField).toEqual({ x: 1 });
  });

  it('lists fields in contract order', () => {
    const reordered = JSON.parse(`{"xid":"x","type":"request","ts":"${request.ts}","seq":1,"sid":"s","v":1}`) as object;
    const result = validateFrameObject(reordered);
    expect(result.ok && Object.keys(result.frame)).toEqual(['v', 'sid', 'seq', 'ts', 'type', 'xid']);
  });

  it('keeps a __proto__ key as plain data', () => {
    const result = parseFrame(JSON.stringify(request).replace('{', '{"__proto__":{"polluted":1},'));
    expect(result.ok).toBe(true);
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
    if (result.ok) expect(Object.getPrototypeOf(result.frame)).toBe(Object.prototype);
  });
});

describe('parseFrame rejects', () => {
  it('too large frames first, on the byte length', () => {
    expectRejected(
      Buffer.alloc(DEFAULT_MAX_FRAME_BYTES + 1, 0x20),
      'too_large',
      `frame is ${DEFAULT_MAX_FRAME_BYTES + 1} bytes, over the ${DEFAULT_MAX_FRAME_BYTES}-byte limit: split the payload or cut it and set truncated: true`,
    );
    const text = JSON.stringify({ ...sample.output, data: 'é'.repeat(30) });
    expect(text.length).toBeLessThan(150);
    expect(parseFrame(text, { maxBytes: 150 })).toEqual({
      ok: false,
      rejection: { code: 'too_large', reason: expect.stringContaining(`frame is ${Buffer.byteLength(text)} bytes`) },
    });
    expect(parseFrame('not json at all', { maxBytes: 5 })).toMatchObject({ rejection: { code: 'too_large' } });
  });

  it('bad JSON, naming the position', () => {
    expectRejected(
      '{"v":1,"sid":}',
      'bad_json',
      "bad JSON at position 13 (line 1, column 14): expected a value, got '}'",
    );
    expectRejected('', 'bad_json', /^bad JSON at position 0 .*got end of input$/);
    expectRejected(`${JSON.stringify(request)}\n${JSON.stringify(request)}`, 'bad_json', /expected end of input/);
  });

  it('bytes that are not UTF-8', () => {
    expectRejected(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]), 'bad_json', 'frame is not valid UTF-8');
  });

  it.each([
    ['null', 'null'],
    ['[]', 'an array'],
    ['"frame"', 'a string'],
    ['42', 'a number'],
  ])('%s, which is not an object', (text, kind) => {
    expectRejected(text, 'not_an_object', `a frame must be a JSON object, got ${kind}`);
  });

  it('an unsupported or missing version', () => {
    expectRejected(
      { ...request, v: 2 },
      'unsupported_version',
      'unsupported frame version 2: this Auditorium accepts v 1',
    );
    expectRejected({ ...request, v: '1' }, 'unsupported_version', /unsupported frame version "1"/);
    const { v: _v, ...noVersion } = request;
    expectRejected(noVersion, 'unsupported_version', 'v is required: the frame contract version, 1');
  });

  it('an unknown or missing type, listing the valid ones', () => {
    const valid = 'session.start, request, response, input, output, decision, session.end, error';
    expectRejected({ ...request, type: 'query' }, 'unknown_type', `unknown type "query"; expected one of: ${valid}`);
    expectRejected({ ...request, type: 7 }, 'unknown_type', `unknown type 7; expected one of: ${valid}`);
    const { type: _type, ...noType } = request;
    expectRejected(noType, 'unknown_type', `type is required; expected one of: ${valid}`);
  });

  it.each([
    ['', 'sid must be 1–128 characters of [A-Za-z0-9._:-]'],
    ['a b', 'sid must be 1–128 characters of [A-Za-z0-9._:-]'],
    ['x'.repeat(129), 'sid must be 1–128 characters of [A-Za-z0-9._:-]'],
    ['sess/1', 'sid must be 1–128 characters of [A-Za-z0-9._:-]'],
    [42, 'sid must be a string'],
    [undefined, 'sid is required'],
  ])('a bad sid %j', (sid, reason) => {
    expectRejected({ ...request, sid }, 'invalid', reason);
  });

  it('sids of every allowed character up to 128 long', () => {
    expect(validateFrameObject({ ...request, sid: 'aZ09._:-'.repeat(16) }).ok).toBe(true);
  });

  it.each([
    [-1, 'seq must not be negative'],
    [1.5, 'seq must be an integer number'],
    ['3', 'seq must be an integer number'],
    [2 ** 53, 'seq must not be greater than 9007199254740991'],
    [undefined, 'seq is required'],
  ])('a bad seq %j', (seq, reason) => {
    expectRejected({ ...request, seq }, 'invalid', reason);
  });

  it.each(['2026-02-30T00:00:00Z', '2026-01-01T00:00:00', '2026-01-01T00:00:00.1234567Z', 1767225600])(
    'a bad ts %j',
    (ts) => {
      expectRejected({ ...request, ts }, 'invalid', /^ts must (be a string|be an RFC 3339 timestamp of a real date)/);
    },
  );

  it('missing and mistyped fields, naming the path', () => {
    const identity = start.identity;
    expectRejected({ ...start, identity: { ...identity, sub: 7 } }, 'invalid', 'identity.sub must be a string');
    expectRejected({ ...start, identity: { ...identity, sub: undefined } }, 'invalid', 'identity.sub is required');
    expectRejected(
      { ...start, identity: { ...identity, type: 'robot' } },
      'invalid',
      /^identity\.type must be one of the following values: machine, human$/,
    );
    expectRejected(
      { ...start, identity: { ...identity, groups: ['a', 1] } },
      'invalid',
      'each value in identity.groups must be a string',
    );
    expectRejected(
      { ...start, identity: { ...identity, groups: 'admins' } },
      'invalid',
      'identity.groups must be an array',
    );
    expectRejected(
      { ...start, identity: { ...identity, sub: 'x'.repeat(257) } },
      'invalid',
      'identity.sub must be shorter than or equal to 256 characters',
    );
    expectRejected({ ...start, identity: undefined }, 'invalid', 'identity is required');
    expectRejected({ ...start, identity: 'svc' }, 'invalid', 'identity must be an object');
    expectRejected({ ...start, identity: [identity] }, 'invalid', 'identity must be an object');
    expectRejected({ ...start, resource: {} }, 'invalid', 'resource.name is required');
    expectRejected({ ...start, client: { ip: 1 } }, 'invalid', 'client.ip must be a string');
    expectRejected({ ...start, gateway: null }, 'invalid', 'gateway must be an object');
    expectRejected({ ...start, labels: { team: 1 } }, 'invalid', 'labels.team must be a string');
    expectRejected({ ...start, labels: ['a'] }, 'invalid', 'labels must be an object of string values');
    expectRejected({ ...request, headers: { accept: ['a', 'b'] } }, 'invalid', 'headers.accept must be a string');
    expectRejected({ ...request, xid: undefined }, 'invalid', 'xid is required');
    expectRejected({ ...request, body: { json: true } }, 'invalid', 'body must be a string');
    expectRejected(
      { ...request, encoding: 'gzip' },
      'invalid',
      'encoding must be one of the following values: utf8, base64',
    );
    expectRejected({ ...request, meta: { rowCount: -1 } }, 'invalid', 'meta.rowCount must be an integer ≥ 0');
    expectRejected({ ...request, meta: { durationMs: '3' } }, 'invalid', 'meta.durationMs must be a number ≥ 0');
    expectRejected({ ...request, meta: { sql: 1 } }, 'invalid', 'meta.sql must be a string');
    expectRejected({ ...request, meta: 'x' }, 'invalid', 'meta must be an object');
    expectRejected({ ...sample.response, status: '200' }, 'invalid', 'status must be an integer number');
    expectRejected({ ...sample.input, data: undefined }, 'invalid', 'data is required');
    expectRejected(
      { ...sample.decision, outcome: 'maybe' },
      'invalid',
      /^outcome must be one of the following values: allow, deny/,
    );
    expectRejected(
      { ...sample['session.end'], status: 'done' },
      'invalid',
      /^status must be one of the following values: ok, error/,
    );
    expectRejected({ ...sample['session.end'], exitCode: 0.5 }, 'invalid', 'exitCode must be an integer number');
    expectRejected({ ...sample.error, message: undefined }, 'invalid', 'message is required');
    expectRejected({ ...request, truncated: 'yes' }, 'invalid', 'truncated must be a boolean value');
  });

  it('null for an optional field (omit it instead)', () => {
    expectRejected({ ...request, method: null }, 'invalid', 'method must be a string');
  });

  it('with every problem listed', () => {
    expectRejected(
      { ...request, sid: '', seq: -1, xid: 5 },
      'invalid',
      'sid must be 1–128 characters of [A-Za-z0-9._:-]; seq must not be negative; xid must be a string',
    );
  });
});

describe('frameId', () => {
  it('is sid:seq', () => {
    expect(frameId('sess-1', 0)).toBe('sess-1:0');
    expect(frameId('a:b', 12)).toBe('a:b:12');
  });
});
