import { sensitiveKeyType } from './sensitive-keys';
import { sensitiveColumnSpans, splitCells } from './table.masker';
import { mulberry32 } from '@auditorium/frames/testing';

function cells(text: string): string[] {
  return sensitiveColumnSpans(text).map((s) => text.slice(s.start, s.end));
}

describe('sensitiveColumnSpans', () => {
  it('masks sensitive psql columns', () => {
    const psql =
      ' id | login | password \n----+-------+----------\n  1 | ann   | hunter2\n  2 | bo    | pa ss\n(2 rows)\n\nlater: x | y';
    expect(cells(psql)).toEqual(['hunter2', 'pa ss']);
  });
  it('masks sensitive CSV and TSV columns, quotes included', () => {
    expect(cells('id,api_token,note\n1,abc,"x, y"\n2,"q,r",z\n')).toEqual(['abc', 'q,r']);
    expect(cells('id\tssn\n1\t078051120\n')).toEqual(['078051120']);
  });
  it('masks mysql framed tables', () => {
    const t = '+----+--------+\n| id | secret |\n+----+--------+\n|  1 | s1     |\n+----+--------+';
    expect(cells(t)).toEqual(['s1']);
  });
  it('ignores prose and tables without sensitive columns', () => {
    expect(cells('Reset your password, then log in\nagain, later\n')).toEqual([]);
    expect(cells('id,name\n1,token\n')).toEqual([]);
  });

  it('splits rows as splitting each row into cells did, quotes, blanks and odd rows included', () => {
    const rnd = mulberry32(21);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
    const cellsOf = ['a', ' b ', '"q,r"', '"x ""y"""', '', '  ', '"open', '4111', 'z z', '""'];
    for (let k = 0; k < 3000; k++) {
      const sep = pick([',', '\t', ' | ']);
      const width = 2 + Math.floor(rnd() * 3);
      const header = ['id', 'password', 'card', 'note'].slice(0, width).join(sep);
      const rows: string[] = [];
      for (let r = 0, n = Math.floor(rnd() * 5); r < n; r++) {
        const cells = Array.from({ length: width + (rnd() < 0.1 ? 1 : 0) }, () => pick(cellsOf));
        rows.push(cells.join(sep) + pick(['', '\r', ' ']));
      }
      const text = [header, ...rows, pick(['', '(2 rows)', '---', 'tail'])].join('\n');
      const actual = sensitiveColumnSpans(text).map((s) => [s.start, s.end, s.infoType]);
      expect({ text, actual }).toEqual({ text, actual: referenceRows(text, sep.trim() || sep) });
    }
  });
});

/** Rows split into cell objects one by one, as the first version did: the reference for the row walk. */
function referenceRows(text: string, sep: string): Array<[number, number, string]> {
  const out: Array<[number, number, string]> = [];
  const lineEnd = (from: number): number => {
    let nl = text.indexOf('\n', from);
    if (nl === -1) nl = text.length;
    return nl > from && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
  };
  const nextLine = (from: number): number => {
    const nl = text.indexOf('\n', from);
    return nl === -1 ? text.length : nl + 1;
  };
  // the header's own splitter, once applied to every row too
  const split = (from: number, to: number): Array<[number, number]> =>
    splitCells(text, from, to, sep).map((c) => [c.start, c.end]);
  const header = split(0, lineEnd(0)).map(([a, b]) => text.slice(a, b));
  const sensitive = header.map((h) => sensitiveKeyType(h.replace(/^"|"$/g, '')));
  let rs = nextLine(0);
  while (rs < text.length) {
    const re = lineEnd(rs);
    const row = text.slice(rs, re);
    if (row.trim() === '' || /^\s*\(\d+ rows?\)\s*$/.test(row) || /^\s*[-+|]*-[-+|]*\s*$/.test(row)) break;
    const cells = split(rs, re);
    if (cells.length !== header.length) break;
    cells.forEach(([a, b], k) => {
      const type = sensitive[k];
      if (type && b > a) out.push([a, b, type]);
    });
    rs = nextLine(rs);
  }
  return out;
}
