import type { Frame, OutputFrame, RequestFrame, ResponseFrame, SessionStartFrame } from '@auditorium/frames';

import { MaskingEngine, MASKING_FAILED_PLACEHOLDER } from './masking.engine';
import { MaskingConfigError, MaskingError } from './masking.errors';

const base = { v: 1 as const, sid: 'sess-1', seq: 1, ts: '2024-01-15T10:00:00Z' };

function response(body: string, headers: Record<string, string> = {}, encoding?: 'base64'): ResponseFrame {
  return { ...base, type: 'response', xid: 'x1', status: 200, headers, body, ...(encoding && { encoding }) };
}

function output(data: string): OutputFrame {
  return { ...base, type: 'output', data };
}

describe('MaskingEngine', () => {
  const engine = new MaskingEngine();

  it('masks JSON values, keeps JSON valid and the formatting and numbers intact', () => {
    const body =
      '{"user": {"email": "ann@example.com", "password": "hunter2", "card": 4111111111111111, "id": 12345678901234567890,\n' +
      '  "note": "call +1 415-555-0100, quote \\"x\\" from bob@example.org", "tags": ["a", "b"], "nested": {"api_key": 42}}}';
    const r = engine.maskFrame(response(body, { 'content-type': 'application/json' }));
    const out = (r.frame as ResponseFrame).body ?? '';
    expect(() => JSON.parse(out)).not.toThrow();
    expect(out).toContain('"email": "[EMAIL_ADDRESS]"');
    expect(out).toContain('"password": "[PASSWORD]"');
    expect(out).toContain('"card": "[CREDIT_CARD_NUMBER]"');
    expect(out).toContain('"id": 12345678901234567890');
    expect(out).toContain('"api_key": "[SECRET]"');
    expect(JSON.parse(out).user.note).toBe('call [PHONE_NUMBER], quote "x" from [EMAIL_ADDRESS]');
    expect(r.findings).toEqual(
      expect.arrayContaining([
        { infoType: 'EMAIL_ADDRESS', path: 'body.user.email', count: 1 },
        { infoType: 'PASSWORD', path: 'body.user.password', count: 1 },
        { infoType: 'EMAIL_ADDRESS', path: 'body.user.note', count: 1 },
      ]),
    );
    expect(r.counts).toMatchObject({
      EMAIL_ADDRESS: 2,
      PASSWORD: 1,
      CREDIT_CARD_NUMBER: 1,
      PHONE_NUMBER: 1,
      SECRET: 1,
    });
  });

  it('never puts values into findings, counts or paths', () => {
    const r = engine.maskFrame(response('{"ann@example.com": {"x": "4111111111111111"}}'));
    const serialized = JSON.stringify({ findings: r.findings, counts: r.counts, errors: r.errors });
    expect(serialized).not.toContain('ann@');
    expect(serialized).not.toContain('4111');
  });

  it('masks credentials in headers whatever they look like, keeping schemes and cookie names', () => {
    const frame: RequestFrame = {
      ...base,
      type: 'request',
      xid: 'x1',
      method: 'GET',
      target: '/users/ann@example.com?api_key=abc&q=bob%40example.org&page=2#frag',
      headers: {
        Authorization: 'Bearer x',
        'Proxy-Authorization': 'Basic Zm9vOmJhcg==',
        Cookie: 'sid=abc; theme=dark',
        'Set-Cookie': 'sid=abc; Path=/; HttpOnly',
        'X-Api-Key': 'k',
        'User-Agent': 'agent/1.0 (ops@example.com)',
        Accept: 'application/json',
      },
    };
    const r = engine.maskFrame(frame).frame as RequestFrame;
    expect(r.headers).toEqual({
      Authorization: 'Bearer [AUTHORIZATION]',
      'Proxy-Authorization': 'Basic [AUTHORIZATION]',
      Cookie: 'sid=[COOKIE]; theme=[COOKIE]',
      'Set-Cookie': 'sid=[COOKIE]; Path=/; HttpOnly',
      'X-Api-Key': '[SECRET]',
      'User-Agent': 'agent/1.0 ([EMAIL_ADDRESS])',
      Accept: 'application/json',
    });
    expect(r.target).toBe('/users/[EMAIL_ADDRESS]?api_key=[SECRET]&q=[EMAIL_ADDRESS]&page=2#frag');
  });

  it('masks form bodies by parameter', () => {
    const frame: RequestFrame = {
      ...base,
      type: 'request',
      xid: 'x',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'username=ann&password=p%40ss+word&email=ann%40example.com',
    };
    expect((engine.maskFrame(frame).frame as RequestFrame).body).toBe(
      'username=ann&password=[PASSWORD]&email=[EMAIL_ADDRESS]',
    );
  });

  it('masks SQL text, psql result tables and terminal output', () => {
    const frame: RequestFrame = {
      ...base,
      type: 'request',
      xid: 'x',
      target: 'app',
      meta: { sql: "UPDATE users SET password = 'n3w' WHERE email = 'ann@example.com'", rowCount: 1 },
    };
    expect((engine.maskFrame(frame).frame as RequestFrame).meta).toEqual({
      sql: "UPDATE users SET password = '[PASSWORD]' WHERE email = '[EMAIL_ADDRESS]'",
      rowCount: 1,
    });
    const table =
      ' id | token \n----+-------\n  1 | abc\n(1 row)\n$ export GITHUB_TOKEN=ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789\n';
    expect((engine.maskFrame(output(table)).frame as OutputFrame).data).toBe(
      ' id | token \n----+-------\n  1 | [SECRET]\n(1 row)\n$ export GITHUB_TOKEN=[GITHUB_TOKEN]\n',
    );
  });

  it('keeps offsets right around multi-byte UTF-8', () => {
    const data = '日本語 ann@example.com 🎉 4111 1111 1111 1111 ✓';
    expect((engine.maskFrame(output(data)).frame as OutputFrame).data).toBe(
      '日本語 [EMAIL_ADDRESS] 🎉 [CREDIT_CARD_NUMBER] ✓',
    );
  });

  it('decodes base64 text, masks it and re-encodes', () => {
    const body = Buffer.from('{"email": "zoë@example.com"}').toString('base64');
    const masked = (engine.maskFrame(response(body, {}, 'base64')).frame as ResponseFrame).body ?? '';
    expect(Buffer.from(masked, 'base64').toString('utf8')).toBe('{"email": "[EMAIL_ADDRESS]"}');
  });

  it('overwrites secrets in binary base64 in place and leaves the rest byte for byte', () => {
    const bin = Buffer.concat([
      Buffer.from([0, 1, 2, 255, 254]),
      Buffer.from('key=AKIAIOSFODNN7EXAMPLE'),
      Buffer.from([0, 9]),
    ]);
    const r = engine.maskFrame(response(bin.toString('base64'), {}, 'base64'));
    const out = Buffer.from((r.frame as ResponseFrame).body ?? '', 'base64');
    expect(out.length).toBe(bin.length);
    expect(out.subarray(0, 5)).toEqual(bin.subarray(0, 5));
    expect(out.toString('latin1')).toContain('key=' + '*'.repeat(20));
    expect(r.counts).toEqual({ AWS_ACCESS_KEY_ID: 1 });
  });

  it('masks every data-carrying field of every frame type, not the audit keys', () => {
    const start: SessionStartFrame = {
      ...base,
      type: 'session.start',
      identity: { sub: 'agent-ann@example.com' },
      resource: { name: 'db-ann@example.com', type: 'postgres' },
      client: { ip: '10.0.0.1', userAgent: 'sdk (ops@example.com)' },
      labels: { owner: 'ann@example.com' },
    };
    const s = engine.maskFrame(start).frame as SessionStartFrame;
    expect(s.identity.sub).toBe('agent-ann@example.com');
    expect(s.resource.name).toBe('db-ann@example.com');
    expect(s.sid).toBe('sess-1');
    expect(s.client?.userAgent).toBe('sdk ([EMAIL_ADDRESS])');
    expect(s.labels).toEqual({ owner: '[EMAIL_ADDRESS]' });
    const frames: Frame[] = [
      { ...base, type: 'decision', outcome: 'deny', reason: 'ann@example.com is blocked' },
      { ...base, type: 'session.end', status: 'error', reason: 'ann@example.com' },
      { ...base, type: 'error', message: 'auth failed for ann@example.com' },
      { ...base, type: 'input', data: 'password=x1\r' },
    ];
    for (const f of frames) expect(JSON.stringify(engine.maskFrame(f).frame)).not.toMatch(/ann@|x1/);
  });

  it('applies partial and pseudonym styles; pseudonyms are stable and keyed', () => {
    const e = new MaskingEngine({
      styles: { CREDIT_CARD_NUMBER: 'partial', EMAIL_ADDRESS: 'pseudonym' },
      pseudonymSecret: 'deployment-secret-0123456789',
    });
    const out = (f: string): string => (e.maskFrame(output(f)).frame as OutputFrame).data;
    expect(out('card 4242 4242 4242 4242')).toBe('card ************4242');
    const a = out('ann@example.com');
    expect(a).toMatch(/^EMAIL_ADDRESS:[0-9a-f]{12}$/);
    expect(out('ANN@example.com')).toBe(a);
    expect(out('bob@example.com')).not.toBe(a);
    const other = new MaskingEngine({
      styles: { EMAIL_ADDRESS: 'pseudonym' },
      pseudonymSecret: 'another-secret-0123456789',
    });
    expect((other.maskFrame(output('ann@example.com')).frame as OutputFrame).data).not.toBe(a);
  });

  it('honours allow lists, deny lists, custom rules and rule sets per resource', () => {
    const e = new MaskingEngine({
      allowList: ['4242 4242 4242 4242', 'support@example.com'],
      denyList: ['Project Falcon'],
      customRules: [{ name: 'order-id', infoType: 'ORDER_ID', pattern: '\\bORD-(\\d{6})\\b', group: 1 }],
      ruleSets: [
        {
          name: 'hr',
          match: { name: 'hr-*', type: 'postgres' },
          customRules: [{ name: 'emp', infoType: 'EMPLOYEE_ID', pattern: 'E\\d{5}' }],
        },
      ],
    });
    const text =
      'mail support@example.com or ann@example.com; card 4242424242424242; project falcon; ORD-123456; E12345';
    const r = e.maskFrame(output(text));
    expect((r.frame as OutputFrame).data).toBe(
      'mail support@example.com or [EMAIL_ADDRESS]; card 4242424242424242; [DENY_LIST]; ORD-[ORDER_ID]; E12345',
    );
    const hr = e.maskFrame(output(text), { resource: { name: 'hr-db', type: 'postgres' } });
    expect((hr.frame as OutputFrame).data).toMatch(/; \[EMPLOYEE_ID\]$/);
    expect(hr.counts.EMPLOYEE_ID).toBe(1);
  });

  it('rejects a bad rule at construction with a message naming the rule', () => {
    expect(() => new MaskingEngine({ customRules: [{ name: 'evil', infoType: 'EVIL', pattern: '(a+)+$' }] })).toThrow(
      /rule "evil"/,
    );
    expect(() => new MaskingEngine({ customRules: [{ name: 'evil', infoType: 'EVIL', pattern: '(a+)+$' }] })).toThrow(
      MaskingConfigError,
    );
  });

  describe('a catastrophic-backtracking rule cannot hold a frame', () => {
    // (a|aa)+$ passes the static check (star height 1) but is exponential on "aaaa…b"
    const rule = { name: 'ambiguous', infoType: 'AMBIGUOUS', pattern: '(a|aa)+$' };
    const evil = output('a'.repeat(64) + 'b ann@example.com');

    it('strict: fails the frame with MaskingError within a bounded time', () => {
      const e = new MaskingEngine({ customRules: [rule], customRuleTimeoutMs: 50 });
      const t0 = Date.now();
      expect(() => e.maskFrame(evil)).toThrow(MaskingError);
      expect(Date.now() - t0).toBeLessThan(2000);
    });

    it('best-effort: skips the custom rules, still masks with the built-ins, reports it', () => {
      const e = new MaskingEngine({ mode: 'best-effort', customRules: [rule], customRuleTimeoutMs: 50 });
      const t0 = Date.now();
      const r = e.maskFrame(evil);
      expect(Date.now() - t0).toBeLessThan(2000);
      expect((r.frame as OutputFrame).data).toContain('[EMAIL_ADDRESS]');
      expect(r.errors).toEqual([{ path: '*', message: expect.stringContaining('ambiguous') }]);
    });
  });

  it('best-effort replaces a field it cannot mask; strict throws MaskingError', () => {
    const broken = {
      ...base,
      type: 'request',
      xid: 'x',
      meta: {
        get sql(): string {
          throw new Error('boom');
        },
      },
    } as unknown as Frame;
    const be = new MaskingEngine({ mode: 'best-effort' }).maskFrame(broken);
    expect(be.errors).toEqual([{ path: 'meta', message: 'masking failed at meta: Error' }]);
    expect((be.frame as RequestFrame).meta).toEqual({});
    expect(() => engine.maskFrame(broken)).toThrow(MaskingError);
    expect(MASKING_FAILED_PLACEHOLDER).toBe('[MASKING_FAILED]');
  });

  it('does not modify the input frame', () => {
    const f = output('ann@example.com');
    engine.maskFrame(f);
    expect(f.data).toBe('ann@example.com');
  });
});
