import { found, piecedTexts } from './detect.testing';
import type { Span } from './span';
import { UrlCredentialsDetector, USER_INFO } from './url-credentials.detector';

describe('UrlCredentialsDetector', () => {
  const d = new UrlCredentialsDetector();
  it('finds the password in user info', () =>
    expect(found(d, 'DATABASE_URL=postgres://app:S3cr3t@db:5432/app')).toEqual(['S3cr3t']));
  it.each([['https://example.com/a:b@c'], ['https://host:8443/x'], ['mailto:bob@example.com']])('ignores %s', (text) =>
    expect(found(d, text)).toEqual([]),
  );

  it('finds what a search for "://" and the user-info pattern after it finds', () => {
    const pieces = [
      '://',
      'https',
      'x',
      ':',
      '@',
      'u',
      'p4ss',
      '/',
      ' ',
      '#',
      '?',
      '\u00a0',
      'é',
      'a'.repeat(130),
      'b'.repeat(300),
    ];
    for (const text of piecedTexts(3, pieces, 20_000, 10)) {
      const out: Span[] = [];
      d.detect(text, out);
      expect({ text, found: out.map((s) => [s.start, s.end]) }).toEqual({ text, found: reference(text) });
    }
  });
});

/** The forward search this detector replaced. */
function reference(text: string): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  for (let p = text.indexOf('://'); p !== -1; p = text.indexOf('://', p + 3)) {
    USER_INFO.lastIndex = p + 3;
    const m = USER_INFO.exec(text);
    if (m && p > 0 && /[A-Za-z0-9]/.test(text[p - 1])) {
      const end = USER_INFO.lastIndex - 1;
      found.push([end - m[1].length, end]);
    }
  }
  return found;
}
