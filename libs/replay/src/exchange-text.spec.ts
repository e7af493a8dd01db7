import type { RequestFrame, ResponseFrame } from '@auditorium/frames';

import { exchangeLabel, prettyJson, renderExchangeText, renderFrameText } from './exchange-text';

const base = { v: 1 as const, sid: 's', ts: '2025-01-02T03:04:05Z' };
const req = (extra: Partial<RequestFrame> = {}): RequestFrame => ({
  ...base,
  seq: 1,
  type: 'request',
  xid: 'x',
  method: 'POST',
  target: '/items',
  ...extra,
});
const res = (extra: Partial<ResponseFrame> = {}): ResponseFrame => ({
  ...base,
  seq: 2,
  type: 'response',
  xid: 'x',
  status: 201,
  ...extra,
});

describe('renderExchangeText', () => {
  it('renders request line, allowed headers and body with CRLF', () => {
    const text = renderExchangeText(
      req({
        headers: { 'Content-Type': 'application/json', Authorization: 'Bearer [MASKED]', 'user-agent': 'bot' },
        body: '{"a":1}',
      }),
      { color: false },
    );
    expect(text).toBe(
      '→ POST /items\r\n  Content-Type: application/json\r\n  user-agent: bot\r\n  {\r\n    "a": 1\r\n  }\r\n',
    );
    expect(text).not.toContain('MASKED'); // authorization is not on the allow-list
  });

  it('renders status, duration and clips long bodies', () => {
    const body = Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n');
    const text = renderExchangeText(
      res({ body, meta: { durationMs: 12.5 }, headers: { 'content-type': 'text/plain' } }),
      {
        color: false,
        maxBodyLines: 3,
      },
    );
    expect(text).toBe(
      '← 201 Created  (12.5 ms)\r\n  content-type: text/plain\r\n  line 0\r\n  line 1\r\n  line 2\r\n  … 47 more lines\r\n',
    );
  });

  it('decodes base64 text, summarises binary, keeps masked values', () => {
    const utf8 = Buffer.from('héllo [CREDIT_CARD_NUMBER]').toString('base64');
    expect(renderExchangeText(res({ body: utf8, encoding: 'base64' }), { color: false })).toContain(
      'héllo [CREDIT_CARD_NUMBER]',
    );
    const bin = Buffer.from([0, 1, 2, 255, 254]).toString('base64');
    expect(renderExchangeText(res({ body: bin, encoding: 'base64' }), { color: false })).toContain('[binary 5 bytes]');
  });

  it('never lets payload bytes act on the terminal', () => {
    const evil = '\x1b]52;c;ZXZpbA==\x07\x1b[2J\rover\x9b31m\u202e';
    const text = renderExchangeText(
      req({ method: `GET${evil}`, target: `/x${evil}`, headers: { 'user-agent': evil }, body: evil }),
      { color: true },
    );
    // our own SGR colours are the only escape sequences left
    // eslint-disable-next-line no-control-regex
    expect(text.replace(/\x1b\[\d+(;\d+)*m/g, '')).not.toMatch(/[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e]/);
    expect(text).toContain('␛]52;c;ZXZpbA==␇␛[2J␍over⟨U+009B⟩31m⟨U+202E⟩');
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('renders decisions and session frames', () => {
    const opts = { color: false };
    expect(
      renderFrameText({ ...base, seq: 3, type: 'decision', outcome: 'deny', policy: 'p1', reason: 'nope' }, opts),
    ).toBe('✖ DENIED by policy p1: nope\r\n');
    expect(renderFrameText({ ...base, seq: 9, type: 'session.end', status: 'killed', exitCode: 137 }, opts)).toContain(
      'session ended: killed (exit 137)',
    );
    expect(renderFrameText({ ...base, seq: 9, type: 'output', data: 'x' }, opts)).toBeNull();
  });
});

describe('SQL exchanges', () => {
  const sql = 'UPDATE customers SET synced_at = now() WHERE id IN (1,2,3);';
  const request = { type: 'request', xid: 'q3', target: 'customers', body: sql, meta: { sql } } as RequestFrame;
  const response = { type: 'response', xid: 'q3', status: 0, body: 'UPDATE 3', meta: { rowCount: 3 } } as ResponseFrame;

  it('prints the SQL once, under its statement kind, and answers with the command tag, not status 0', () => {
    const req = renderExchangeText(request, { color: false });
    expect(req.split(sql)).toHaveLength(2);
    expect(req.startsWith('→ UPDATE customers')).toBe(true);
    const res = renderExchangeText(response, { color: false });
    expect(res).toBe('← UPDATE 3\r\n');
    expect(exchangeLabel(request, response)).toBe(`${sql} → UPDATE 3`);
  });
});

describe('prettyJson', () => {
  it('re-indents without touching values', () => {
    expect(prettyJson('{"id":12345678901234567890,"s":"a,b:{c}","e":[],"o":{}}')).toBe(
      '{\n  "id": 12345678901234567890,\n  "s": "a,b:{c}",\n  "e": [],\n  "o": {}\n}',
    );
    expect(prettyJson('{"a": "\\"}"}')).toBe('{\n  "a": "\\"}"\n}');
    expect(prettyJson('not json')).toBeUndefined();
    expect(prettyJson('{"a":')).toBeUndefined();
  });
});

describe('exchangeLabel', () => {
  it('labels HTTP and SQL exchanges', () => {
    expect(exchangeLabel(req({ method: 'GET', target: '/reports/q3' }), res({ status: 200 }))).toBe(
      'GET /reports/q3 → 200',
    );
    expect(
      exchangeLabel(req({ meta: { sql: 'SELECT *\n FROM t' } }), res({ status: undefined, meta: { rowCount: 42 } })),
    ).toBe('SELECT * FROM t (42 rows)');
    expect(
      exchangeLabel(req({ method: 'DELETE', target: '/a' }), undefined, {
        ...base,
        seq: 2,
        type: 'decision',
        outcome: 'deny',
      }),
    ).toBe('DELETE /a → denied');
    expect(exchangeLabel(req({ target: '/\x1b[2J' }))).toBe('POST /␛[2J');
  });
});
