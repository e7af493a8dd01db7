import type { Frame } from '@auditorium/frames';
import type { StoredFrame } from '@auditorium/store';

import { renderAsciicast } from './asciicast';
import type { AsciicastOptions } from './asciicast';
import { collect, httpSession, stored, summary, T0, ts } from './replay.fixtures';

describe('renderAsciicast', () => {
  const frames = httpSession();
  const session = summary(frames);
  const render = (version: 2 | 3, extra: Partial<AsciicastOptions> = {}, input: Frame[] = frames) =>
    collect(renderAsciicast(stored(input), { version, session: summary(input), ...extra }));

  it('writes NDJSON: one JSON value per line, header first', async () => {
    for (const version of [2, 3] as const) {
      const { lines, events } = await render(version);
      for (const l of lines) {
        expect(l.endsWith('\n')).toBe(true);
        expect(l.slice(0, -1)).not.toContain('\n');
        expect(() => JSON.parse(l)).not.toThrow();
      }
      for (const e of events) {
        expect(e).toHaveLength(3);
        expect(typeof e[0]).toBe('number');
        expect(['o', 'i', 'm', 'r', 'x']).toContain(e[1]);
        expect(typeof e[2]).toBe('string');
      }
    }
  });

  it('follows the v2 header rules', async () => {
    const { header } = await render(2);
    expect(header).toEqual({
      version: 2,
      width: 120,
      height: 40,
      timestamp: Math.floor(T0 / 1000),
      title: 'Report bot → reports-api · sess-h',
      env: { TERM: 'xterm-256color' },
    });
    expect((await render(2, { idleTimeLimit: 2, width: 80, height: 24 })).header).toMatchObject({
      width: 80,
      height: 24,
      idle_time_limit: 2,
    });
  });

  it('follows the v3 header rules', async () => {
    const { header } = await render(3, { idleTimeLimit: 1.5 });
    expect(header).toEqual({
      version: 3,
      term: { cols: 120, rows: 40, type: 'xterm-256color' },
      timestamp: Math.floor(T0 / 1000),
      idle_time_limit: 1.5,
      title: 'Report bot → reports-api · sess-h',
      tags: ['http', 'prod', 'machine'],
    });
    expect(Number.isInteger(header.timestamp)).toBe(true);
  });

  it('uses real times: v2 absolute, v3 intervals summing to them, idle gaps kept', async () => {
    const v2 = (await render(2)).events;
    const v3 = (await render(3)).events.filter((e) => e[1] !== 'x');
    expect(v3.map((e) => [e[1], e[2]])).toEqual(v2.map((e) => [e[1], e[2]]));
    let sum = 0;
    v3.forEach((e, i) => {
      expect(e[0]).toBeGreaterThanOrEqual(0);
      sum += e[0];
      expect(sum).toBeCloseTo(v2[i][0], 6);
    });
    for (let i = 1; i < v2.length; i++) expect(v2[i][0]).toBeGreaterThanOrEqual(v2[i - 1][0]);
    expect(v2[v2.length - 1][0]).toBeCloseTo(90.7, 6); // the 90 s idle gap is not squeezed
  });

  it('adds one marker per exchange at the request time, labelled with the outcome', async () => {
    const { events } = await render(2);
    const markers = events.filter((e) => e[1] === 'm');
    expect(markers).toHaveLength(session.exchangeCount);
    expect(markers).toEqual([
      [0.1, 'm', 'GET /reports/q3 → 200'],
      [0.4, 'm', 'DELETE /reports/q3 → denied'],
      [0.5, 'm', 'SELECT id, email FROM users WHERE active (42 rows)'],
    ]);
  });

  it('renders exchanges as CRLF text with banner, decision and end', async () => {
    const out = (await render(2, { color: false })).events
      .filter((e) => e[1] === 'o')
      .map((e) => e[2])
      .join('');
    expect(out.replace(/\r\n/g, '')).not.toContain('\n');
    expect(out).toContain(
      '━━ session sess-h ━━\r\nidentity  Report bot (agent-7) machine\r\nresource  reports-api (http, prod)',
    );
    expect(out).toContain('→ GET /reports/q3\r\n  User-Agent: agent/1.0\r\n  x-request-id: r-1\r\n');
    expect(out).toContain('← 200 OK  (250 ms)\r\n  content-type: application/json\r\n  {\r\n    "quarter": "q3",');
    expect(out).toContain('"id": 12345678901234567890');
    expect(out).toContain('✖ DENIED by policy no-deletes: read-only agent\r\n');
    expect(out).toContain('━━ session ended: ok (exit 0) ━━');
    expect(out).not.toContain('MASKED'); // authorization header is not shown
  });

  it('emits the exit event in v3 only', async () => {
    expect((await render(3)).events.at(-1)).toEqual([0, 'x', '0']);
    expect((await render(2)).events.some((e) => e[1] === 'x')).toBe(false);
  });

  it('strips control sequences from exchange payloads', async () => {
    const evil = '\x1b]52;c;ZXZpbA==\x07\x1b[2J\x1b]8;;http://x\x07\r\x9b\u202e';
    let seq = 0;
    const f = () => ({ v: 1 as const, sid: 'e', seq: seq++, ts: ts(seq) });
    const input = [
      {
        ...f(),
        type: 'request',
        xid: 'a',
        method: 'GET',
        target: `/${evil}`,
        headers: { 'user-agent': evil },
        body: evil,
      },
      {
        ...f(),
        type: 'response',
        xid: 'a',
        status: 500,
        body: Buffer.from(evil).toString('base64'),
        encoding: 'base64',
      },
      { ...f(), type: 'decision', xid: 'a', outcome: 'deny', reason: evil },
      { ...f(), type: 'error', message: evil },
    ] as Frame[];
    const { lines } = await render(3, { color: false }, input);
    const decoded = lines.map((l) => JSON.parse(l) as unknown);
    const strings = JSON.stringify(decoded);
    expect(strings).not.toMatch(/\\u001b|\\u0007|\\u009b|\\u202e/);
    expect(JSON.stringify(decoded.slice(1))).not.toMatch(/\\r(?!\\n)/);
  });

  it('passes interactive streams through, minus clipboard, hyperlinks and queries', async () => {
    const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
    const euro = Buffer.from('€');
    let seq = 0;
    const f = () => ({ v: 1 as const, sid: 'i', seq: seq++, ts: ts(seq * 10) });
    const input = [
      { ...f(), type: 'input', data: 'select 1;\r' },
      { ...f(), type: 'output', data: '\x1b[1mpsql\x1b[0m> \x1b]52;c;' },
      { ...f(), type: 'output', data: 'ZXZpbA==\x07ok\x1b[6n' },
      {
        ...f(),
        type: 'output',
        data: b64(Buffer.concat([Buffer.from('1 '), euro.subarray(0, 2)])),
        encoding: 'base64',
      },
      { ...f(), type: 'output', data: b64(Buffer.concat([euro.subarray(2), Buffer.from('\r\n')])), encoding: 'base64' },
      { ...f(), type: 'session.end', status: 'ok', exitCode: 3 },
    ] as Frame[];
    const { events } = await render(3, { color: false }, input);
    expect(events.filter((e) => e[1] === 'i')).toEqual([[0, 'i', 'select 1;\r']]);
    const out = events.filter((e) => e[1] === 'o').map((e) => e[2]);
    expect(out.slice(0, 4)).toEqual(['\x1b[1mpsql\x1b[0m> ', 'ok', '1 ', '€\r\n']);
    expect(events.at(-1)).toEqual([0, 'x', '3']);
  });

  it('marks an exchange whose request is missing at the response, and one whose response never comes', async () => {
    let seq = 0;
    const f = () => ({ v: 1 as const, sid: 'm', seq: seq++, ts: ts(seq * 10) });
    const input = [
      { ...f(), type: 'response', xid: 'lost', status: 204, target: '/ping' },
      { ...f(), type: 'request', xid: 'hang', method: 'GET', target: '/slow' },
      ...Array.from({ length: 10 }, () => ({ ...f(), type: 'output', data: '.' })),
    ] as Frame[];
    const { events } = await render(2, { maxLookahead: 4 }, input);
    expect(events.filter((e) => e[1] === 'm').map((e) => [e[0], e[2]])).toEqual([
      [0, '/ping → 204'],
      [0.01, 'GET /slow'],
    ]);
  });

  it('streams: the header comes before any frame is pulled, 100k frames in bounded memory', async () => {
    let pulled = 0;
    const N = 100_000;
    async function* source(): AsyncGenerator<StoredFrame> {
      for (let seq = 0; seq < N; seq++) {
        pulled++;
        const xid = `x${seq >> 1}`;
        const frame: Frame =
          seq % 2 === 0
            ? { v: 1, sid: 'big', seq, ts: ts(seq), type: 'request', xid, method: 'GET', target: `/r/${seq}` }
            : { v: 1, sid: 'big', seq, ts: ts(seq), type: 'response', xid, status: 200, body: 'ok' };
        yield stored([frame])[0];
      }
    }
    const gen = renderAsciicast(source(), { version: 3, session: summary(httpSession()) });
    const first = await gen.next();
    expect(pulled).toBe(0);
    expect(JSON.parse(first.value as string)).toMatchObject({ version: 3 });

    let lines = 0;
    let markers = 0;
    let maxBehind = 0;
    for await (const l of gen) {
      lines++;
      if (l.includes('"m"')) markers++;
      maxBehind = Math.max(maxBehind, pulled - Math.ceil(lines / 3) * 2);
    }
    expect(markers).toBe(N / 2);
    expect(lines).toBe(N + N / 2);
    expect(maxBehind).toBeLessThan(10); // the renderer keeps up with its source: nothing piles up
  });
});
