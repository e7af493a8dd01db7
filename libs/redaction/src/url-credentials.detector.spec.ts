import { found } from './detect.testing';
import { UrlCredentialsDetector } from './url-credentials.detector';

describe('UrlCredentialsDetector', () => {
  const d = new UrlCredentialsDetector();
  it('finds the password in user info', () =>
    expect(found(d, 'DATABASE_URL=postgres://app:S3cr3t@db:5432/app')).toEqual(['S3cr3t']));
  it.each([['https://example.com/a:b@c'], ['https://host:8443/x'], ['mailto:bob@example.com']])('ignores %s', (text) =>
    expect(found(d, text)).toEqual([]),
  );
});
