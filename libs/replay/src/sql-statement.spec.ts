import type { RequestFrame, ResponseFrame } from '@auditorium/frames';
import { sqlCommandTag, sqlStatementKind } from './sql-statement';

const req = (sql: string) => ({ type: 'request', xid: 'q', target: 'customers', meta: { sql } }) as RequestFrame;
const res = (body: string | undefined, rowCount?: number) =>
  ({ type: 'response', xid: 'q', status: 0, body, meta: { rowCount } }) as ResponseFrame;

describe('SQL statements', () => {
  it.each([
    ["SET application_name = 'x'; -- password=[PASSWORD]", 'SET'],
    ['  select 1', 'SELECT'],
    ['/* etl */ INSERT INTO orders VALUES ($1)', 'INSERT'],
    ['-- comment\n  ((SELECT 1))', 'SELECT'],
    ['WITH x AS (SELECT 1) SELECT * FROM x', 'WITH'],
    ['', undefined],
  ])('%j is a %s', (sql, kind) => {
    expect(sqlStatementKind(sql)).toBe(kind);
  });

  it('answers with the command tag: the body when it is one, else kind and rows', () => {
    expect(sqlCommandTag(req('SET a = 1'), res('SET', 0))).toBe('SET');
    expect(sqlCommandTag(req('UPDATE t SET a = 1'), res('UPDATE 3', 3))).toBe('UPDATE 3');
    expect(sqlCommandTag(req('SELECT * FROM t'), res(' id | a\n----\n 1 | x\n(1 row)', 1))).toBe('SELECT 1');
    expect(sqlCommandTag(req('SELECT * FROM t'), res(undefined))).toBe('SELECT');
    expect(sqlCommandTag(undefined, res('SET'))).toBe('SET'); // the response alone: status 0 with a tag
    expect(sqlCommandTag(undefined, { ...res('OK'), status: 200 })).toBeUndefined(); // HTTP
  });
});
