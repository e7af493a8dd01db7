import { AwsSecretKeyDetector } from './aws-secret-key.detector';
import { found } from './detect.testing';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe('AwsSecretKeyDetector', () => {
  const d = new AwsSecretKeyDetector();
  it('finds a labelled key', () => expect(found(d, `aws_secret_access_key = ${SECRET}`)).toEqual([SECRET]));
  it('finds a bare key that looks random', () => expect(found(d, `"${SECRET}"`)).toEqual([SECRET]));
  it.each([
    ['da39a3ee5e6b4b0d3255bfef95601890afd80709'],
    ['/usr/local/lib/node_modules/some/package/dir'],
    [`${SECRET}ABCD`],
    ['https://example.com/a/b/c/d/e/f/g/h/i/j/k/l'],
  ])('ignores %s', (text) => expect(found(d, text)).toEqual([]));
});
