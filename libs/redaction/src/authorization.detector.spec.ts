import { AuthorizationDetector } from './authorization.detector';
import { found } from './detect.testing';

describe('AuthorizationDetector', () => {
  const d = new AuthorizationDetector();
  it.each([
    ['Authorization: Bearer abc123def456ghi', 'abc123def456ghi'],
    ['curl -H "Authorization: Basic dXNlcjpwYXNzd29yZA=="', 'dXNlcjpwYXNzd29yZA=='],
    ['token: Bearer AbCdEfGhIjKlMnOpQrStUv', 'AbCdEfGhIjKlMnOpQrStUv'],
  ])('finds %s', (text, v) => expect(found(d, text)).toEqual([v]));

  it.each([
    ['Bearer authentication is enabled'],
    ['Basic authentication'],
    ['"token_type": "Bearer"'],
    ['Basic aGVsbG8gd29ybGQ='],
  ])('ignores %s', (text) => expect(found(d, text)).toEqual([]));
});
