import { aSession } from '@auditorium/frames/testing';

import { storedFramesOf } from '../testing/export.fixtures';
import { databaseSample, httpSample } from '../testing/sample-sessions';
import { escapeCefHeader, escapeCefValue } from './cef-escape';
import { CEF_EXTENSION_KEYS, toCefEvent, toCefLine } from './cef.mapper';

/** Splits a CEF line into 7 header fields and the extension, honouring `\|` escapes. */
function parseCef(line: string): { header: string[]; ext: Record<string, string> } {
  const header: string[] = [];
  let cur = '';
  let i = 0;
  for (; i < line.length && header.length < 7; i++) {
    const c = line[i];
    if (c === '\\') {
      cur += line[++i];
    } else if (c === '|') {
      header.push(cur);
      cur = '';
    } else cur += c;
  }
  const rest = line.slice(i);
  const ext: Record<string, string> = {};
  const re = /(\w+)=((?:\\.|[^\\])*?)(?= \w+=|$)/g;
  for (const m of rest.matchAll(re)) {
    ext[m[1]] = m[2].replace(/\\(.)/g, (_all, ch: string) => (ch === 'n' ? '\n' : ch === 'r' ? '\r' : ch));
  }
  return { header, ext };
}

describe('CEF escaping', () => {
  it('escapes backslash and pipe in header fields, and removes line breaks', () => {
    expect(escapeCefHeader('a|b\\c')).toBe('a\\|b\\\\c');
    expect(escapeCefHeader('x\r\ny\nz')).toBe('x y z');
    expect(escapeCefHeader('a=b')).toBe('a=b');
  });

  it('escapes backslash, equals and line breaks in extension values, not pipes', () => {
    expect(escapeCefValue('a=b')).toBe('a\\=b');
    expect(escapeCefValue('C:\\dir')).toBe('C:\\\\dir');
    expect(escapeCefValue('l1\nl2\rl3')).toBe('l1\\nl2\\rl3');
    expect(escapeCefValue('a|b')).toBe('a|b');
    expect(escapeCefValue('\\=')).toBe('\\\\\\=');
  });
});

describe('CEF mapper', () => {
  it('writes the header and dictionary extensions of an HTTP request', async () => {
    const { frames, session } = await httpSample();
    const line = toCefLine(frames[1], session, { productVersion: '1.0.0' });
    const { header, ext } = parseCef(line);
    expect(header).toEqual([
      'CEF:0',
      'Auditorium',
      'Auditorium',
      '1.0.0',
      'request',
      'GET /reports/q1?year=2025&fmt=csv',
      '3',
    ]);
    expect(ext).toMatchObject({
      rt: String(Date.parse('2026-01-15T09:00:00.010Z')),
      externalId: 'sess-http-1:1',
      deviceExternalId: 'gw-eu-1',
      suser: 'Report bot',
      suid: 'svc-report-bot',
      src: '10.1.2.3',
      requestMethod: 'GET',
      request: '/reports/q1?year=2025&fmt=csv',
      requestClientApplication: 'agent-sdk/1.2',
      destinationServiceName: 'reports-api',
      act: 'request',
      cs1: 'sess-http-1',
      cs1Label: 'sessionId',
      cs5: frames[1].hash,
      cn1: '1',
      cn1Label: 'seq',
    });
    expect(line).toContain('request=/reports/q1?year\\=2025&fmt\\=csv');
    expect(line).not.toContain('\n');
  });

  it('marks denied decisions with severity 7 and a decision signature', async () => {
    const { frames, session } = await httpSample();
    const e = toCefEvent(frames[4], session);
    expect(e).toMatchObject({ signatureId: 'decision:deny', severity: 7 });
    expect(e.extensions).toMatchObject({
      act: 'deny',
      outcome: 'failure',
      cs3: 'no-admin',
      msg: 'admin paths are off limits',
    });
  });

  it('puts IPv6 clients in c6a2 and findings in cs4', async () => {
    const { frames, session } = await databaseSample();
    const e = toCefEvent(frames[2], session);
    expect(e.extensions).toMatchObject({
      c6a2: '2001:db8::7',
      c6a2Label: 'Source IPv6 Address',
      cs4: 'CREDIT_CARD_NUMBER:2',
    });
    expect(e.extensions.src).toBeUndefined();
  });

  it('escapes hostile values so they cannot forge header fields, extensions or lines', async () => {
    const b = aSession({
      sid: 'sess-evil',
      identity: { sub: 'evil|sub', name: 'a=b act=allow\nCEF:0|forged|x|1|2|3|10|' },
      resource: { name: 'r|es\\ource', type: 'http' },
    })
      .start()
      .request({ method: 'GET', target: '/x?a=1|b\\c\r\nsuser=root' })
      .decision('deny', { policy: 'p=1|2', reason: 'line1\nline2 act=allow' });
    const frames = await storedFramesOf(b.frames());
    for (const f of frames) {
      const line = toCefLine(f);
      expect(line).not.toMatch(/[\r\n]/);
      const { header, ext } = parseCef(line);
      expect(header).toHaveLength(7);
      expect(header[0]).toBe('CEF:0');
      expect(header[2]).toBe('Auditorium');
      expect(Number.isInteger(Number(header[6]))).toBe(true);
      for (const key of Object.keys(ext)) expect(CEF_EXTENSION_KEYS).toContain(key);
      expect(ext.suid).toBe('evil|sub');
      expect(ext.suser).toBe('a=b act=allow\nCEF:0|forged|x|1|2|3|10|');
      expect(ext.act).not.toBe('allow');
    }
    const { header, ext } = parseCef(toCefLine(frames[0]));
    expect(header[5]).toContain('r|es\\ource');
    expect(ext.destinationServiceName).toBe('r|es\\ource');
    expect(parseCef(toCefLine(frames[1])).ext.request).toBe('/x?a=1|b\\c\r\nsuser=root');
    expect(parseCef(toCefLine(frames[2])).ext).toMatchObject({ cs3: 'p=1|2', msg: 'line1\nline2 act=allow' });
  });
});
