import { expectPatternParity, found, piecedTexts } from './detect.testing';
import { IBAN_LENGTHS } from './iban-countries';
import { IbanDetector, isValidIban } from './iban.detector';
import { mulberry32 } from '@auditorium/frames/testing';

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

  it('agrees with the check on the upper-cased text, valid or not', () => {
    const rnd = mulberry32(11);
    const pick = (chars: string): string => chars[Math.floor(rnd() * chars.length)];
    for (let k = 0; k < 20_000; k++) {
      const country = pick('DEGBFRNLXXAB') + pick('EBRLXB');
      let bban = '';
      for (let i = 0, n = 10 + Math.floor(rnd() * 22); i < n; i++) bban += pick('0123456789ABCDEFWXYZ');
      // the check digits that make it valid, most of the time
      const valid = `${country}${String(98 - mod97(`${bban}${country}00`)).padStart(2, '0')}${bban}`;
      let v = rnd() < 0.8 ? valid : `${country}${pick('0123456789')}${pick('0123456789')}${bban}`;
      if (rnd() < 0.3) v = v.toLowerCase();
      if (rnd() < 0.3) v = v.replace(/(.{4})/g, `$1${pick(' -.')}`);
      if (rnd() < 0.05) v += pick('ıß!é');
      expect({ v, valid: isValidIban(v) }).toEqual({ v, valid: reference(v) });
    }
  });
  it('matches as the pattern does, by char codes, on grouped, plain, long and cut IBAN-like text', () => {
    const pieces = [
      'DE',
      'GB',
      'NL',
      'FR',
      'XX',
      '89',
      '82',
      ' ',
      ' ',
      'WEST',
      '3704',
      '0044',
      '12',
      '3',
      'abc',
      'Q',
      '00',
      '-',
      '1234567890',
      'ABCDEFGHIJK',
    ];
    expectPatternParity(d, piecedTexts(17, pieces, 20_000, 14));
  });
});

/** The check as first written: on the text with spaces and dashes removed, upper-cased. */
function reference(value: string): boolean {
  const iban = value.replace(/[ -]/g, '').toUpperCase();
  if (iban.length !== IBAN_LENGTHS[iban.slice(0, 2)] || !/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) return false;
  return mod97(iban.slice(4) + iban.slice(0, 4)) === 1;
}

function mod97(s: string): number {
  let rem = 0;
  for (const ch of s) rem = (rem * (ch >= 'A' ? 100 : 10) + (ch >= 'A' ? ch.charCodeAt(0) - 55 : Number(ch))) % 97;
  return rem;
}
