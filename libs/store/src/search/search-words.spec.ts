import { indexWords, normalizeWord, queryWords } from './search-words';

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

  it('indexes ASCII text exactly as the Unicode rule does', () => {
    // the ASCII fast path must agree with the general rule word for word
    const unicodeRule = (text: string) =>
      [...new Set([...text.matchAll(/[\p{L}\p{N}\p{M}\p{Co}]+/gu)].map((m) => normalizeWord(m[0])))].join(' ');
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const alphabet = 'aZ9_ -.:/"{}\t\nQx0';
    for (let n = 0; n < 500; n++) {
      let text = '';
      const len = next() % 80;
      for (let i = 0; i < len; i++) text += alphabet[next() % alphabet.length];
      expect(indexWords(text)).toBe(unicodeRule(text));
    }
    const long = `${'Ab'.repeat(200)} ${'ab'.repeat(150)}x`;
    expect(indexWords(long)).toBe(unicodeRule(long));
    expect(indexWords('GET /v1/Users?id=42 HTTP/1.1')).toBe('get v1 users id 42 http 1');
  });
});
