import { found } from './detect.testing';
import { IbanDetector, isValidIban } from './iban.detector';

describe('IbanDetector', () => {
  const d = new IbanDetector();
  it.each([
    ['pay DE89370400440532013000 now', 'DE89370400440532013000'],
    ['pay GB82 WEST 1234 5698 7654 32.', 'GB82 WEST 1234 5698 7654 32'],
    ['iban=FR1420041010050500013M02606', 'FR1420041010050500013M02606'],
  ])('finds %s', (text, v) => expect(found(d, text)).toEqual([v]));

  it.each([
    ['DE89370400440532013001'],
    ['XX89370400440532013000'],
    ['ORDERDE89370400440532013000'],
    ['AB12 CDEF GHIJ'],
  ])('ignores %s', (text) => expect(found(d, text)).toEqual([]));

  it('checks mod 97', () => {
    expect(isValidIban('NL91ABNA0417164300')).toBe(true);
    expect(isValidIban('NL91ABNA0417164301')).toBe(false);
  });
});
