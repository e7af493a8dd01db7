import { sensitiveColumnSpans } from './table.masker';

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
});
