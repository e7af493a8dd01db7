import { aSession } from '@auditorium/frames/testing';

import { csvCell, csvRow } from '../csv-cell';
import { storedFramesOf } from '../testing/export.fixtures';
import { httpSample } from '../testing/sample-sessions';
import { CSV_EXPORT_COLUMNS, csvExportHeader, toCsvLine, toCsvRecord } from './csv.mapper';

/** Minimal RFC 4180 parser for the tests. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

describe('CSV cells', () => {
  it.each([
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+1+2', "'+1+2"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    ['\tTAB', "'\tTAB"],
    ['\rCR', '"\'\rCR"'],
  ])('neutralises a cell starting with %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('neutralises formula triggers after quoting too', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvCell('=1,2')).toBe('"\'=1,2"');
  });

  it('quotes per RFC 4180 and leaves plain text and our numbers alone', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('l1\nl2')).toBe('"l1\nl2"');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvRow(['a', 1, null])).toBe('a,1,\r\n');
  });
});

describe('CSV mapper', () => {
  it('writes the fixed header and one record per frame', async () => {
    const { frames, session } = await httpSample();
    expect(csvExportHeader()).toBe(`${CSV_EXPORT_COLUMNS.join(',')}\r\n`);
    const rows = parseCsv(csvExportHeader() + frames.map((f) => toCsvLine(f, session)).join(''));
    expect(rows).toHaveLength(frames.length + 1);
    for (const row of rows) expect(row).toHaveLength(CSV_EXPORT_COLUMNS.length);
    expect(toCsvRecord(frames[2], session)).toMatchObject({
      event_id: 'sess-http-1:2',
      sid: 'sess-http-1',
      seq: 2,
      type: 'response',
      identity: 'svc-report-bot',
      resource: 'reports-api',
      resource_type: 'http',
      status: 200,
      findings: 'EMAIL_ADDRESS=1',
    });
    expect(rows[5]).toEqual([
      'sess-http-1:4',
      frames[4].ts,
      'sess-http-1',
      '4',
      'decision',
      'svc-report-bot',
      'reports-api',
      'http',
      '',
      '',
      '',
      'deny',
      '',
    ]);
    expect(rows[8][10]).toBe('error');
  });

  it('neutralises hostile identity, resource, method and target values', async () => {
    const b = aSession({
      sid: 'sess-csv',
      identity: { sub: '=cmd|" /C calc"!A0' },
      resource: { name: '+evil', type: '@http' },
    })
      .start()
      .request({ method: '-X', target: '\t=1+1' })
      .request({ method: 'GET', target: '\r=2' });
    const frames = await storedFramesOf(b.frames());
    const rows = parseCsv(frames.map((f) => toCsvLine(f)).join(''));
    expect(rows[1].slice(5, 10)).toEqual(['\'=cmd|" /C calc"!A0', "'+evil", "'@http", "'-X", "'\t=1+1"]);
    expect(rows[2][9]).toBe("'\r=2");
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});
