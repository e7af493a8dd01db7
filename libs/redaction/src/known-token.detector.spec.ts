import { found } from './detect.testing';
import { KnownTokenDetector } from './known-token.detector';

describe('KnownTokenDetector', () => {
  const d = new KnownTokenDetector();
  it.each([
    'AKIAIOSFODNN7EXAMPLE',
    'ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789',
    'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVW',
    'sk-proj-abc123DEF456ghi789JKL012mno',
    'sk_live_4eC39HqLyjWDarjtT1zdp7dc',
    'whsec_abcdefghijklmnopqrstuvwxyz012345',
    'xoxb-12345678901-123456789012-abcdefghijklmnopqrstuvwx',
    'https://hooks.slack.com/services/T0000/B0000/abcdefXYZ',
    'AIzaSyA-1234567890abcdefghijklmnopqrstu',
  ])('finds %s', (token) => expect(found(d, `key: ${token} end`)).toEqual([token]));

  it.each([
    ['AKIA-not-a-key'],
    ['task-list-of-many-things-here'],
    ['ghp_short'],
    ['sk-abcdefghijklmnopqrstuvwxyz'],
    ['pk_live_4eC39HqLyjWDarjtT1zdp7dc'],
    ['AIzaShort'],
  ])('ignores %s', (text) => expect(found(d, text)).toEqual([]));
});
