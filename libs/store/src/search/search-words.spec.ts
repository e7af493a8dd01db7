import { indexWords, queryWords } from './search-words';

describe('search words', () => {
  it('splits on anything but letters and digits, lower-cases, folds diacritics', () => {
    expect(indexWords('SELECT email.address, "Ledger" FROM t1 -- Café')).toBe(
      'select email address ledger from t1 cafe',
    );
    expect(queryWords('"(quarterly*)"')).toEqual(['quarterly']);
    expect(queryWords('CAFÉ café')).toEqual(['cafe']);
  });

  it('has no words for pure syntax', () => {
    for (const text of ['"', '*', '()', '-', '^', '{}', "'"]) expect(queryWords(text)).toEqual([]);
  });
});
