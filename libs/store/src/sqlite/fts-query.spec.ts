import Database from 'better-sqlite3';

import { toFtsQuery } from './fts-query';

describe('toFtsQuery', () => {
  it('quotes every word and ANDs them', () => {
    expect(toFtsQuery('Quarterly report')).toBe('"quarterly" "report"');
  });

  it('turns FTS operators and stray syntax into plain words or nothing', () => {
    expect(toFtsQuery('"foo')).toBe('"foo"');
    expect(toFtsQuery('NEAR(foo bar)')).toBe('"near" "foo" "bar"');
    expect(toFtsQuery('col:umn* ^x -y +z')).toBe('"col" "umn" "x" "y" "z"');
    expect(toFtsQuery('"(*)')).toBeNull();
    expect(toFtsQuery('')).toBeNull();
  });

  it('keeps non-Latin words and drops repeats', () => {
    expect(toFtsQuery('Zürich zürich 東京')).toBe('"zürich" "東京"');
  });

  it('never produces an expression FTS5 rejects', () => {
    const db = new Database(':memory:');
    db.exec("CREATE VIRTUAL TABLE t USING fts5(text, content='', tokenize='unicode61 remove_diacritics 2')");
    db.prepare('INSERT INTO t (rowid, text) VALUES (1, ?)').run('alpha beta');
    const match = db.prepare('SELECT rowid FROM t WHERE t MATCH ?');
    const inputs = [
      '"',
      '""',
      'AND',
      'OR NOT',
      'NEAR(',
      'a:b',
      '{a b}',
      '^',
      '*',
      "'",
      '\u0000x',
      'e\u0301',
      '🙂 alpha',
      'x'.repeat(5000),
    ];
    for (const input of inputs) {
      const q = toFtsQuery(input);
      if (q !== null) expect(() => match.all(q)).not.toThrow();
    }
    expect(match.all(toFtsQuery('🙂 ALPHA') as string)).toEqual([{ rowid: 1 }]);
    db.close();
  });
});
