import { CreditCardDetector, IIN, isCardNumber } from './credit-card.detector';
import { expectPatternParity, found, piecedTexts } from './detect.testing';

describe('CreditCardDetector', () => {
  const d = new CreditCardDetector();
  it.each([
    ['card 4111111111111111 ok', '4111111111111111'],
    ['card 4111 1111 1111 1111 ok', '4111 1111 1111 1111'],
    ['card 5500-0000-0000-0004.', '5500-0000-0000-0004'],
    ['amex 3782 822463 10005', '3782 822463 10005'],
    ['{"pan":6011111111111117}', '6011111111111117'],
  ])('finds %s', (text, card) => expect(found(d, text)).toEqual([card]));

  it.each([
    ['not luhn 4111111111111112'],
    ['snowflake id 1234567890123456789'],
    ['epoch 1717171717171'],
    ['hex 92640526b441723163191714086fe6b3768d7cd4'],
    ['mixed groups 4111 11111111 1111'],
    ['longer run 41111111111111110000'],
    ['amount 4111111111111111.50'],
  ])('ignores %s', (text) => expect(found(d, text)).toEqual([]));

  it('checks Luhn and issuer', () => {
    expect(isCardNumber('4242424242424242')).toBe(true);
    expect(isCardNumber('4242424242424241')).toBe(false);
    expect(isCardNumber('0000000000000000')).toBe(false);
  });

  it('matches as the pattern does, by char codes, on digit runs with spaces and dashes', () => {
    const pieces = [
      '4111',
      '3782',
      '5',
      '6',
      '2',
      '3',
      '0',
      '1',
      ' ',
      '-',
      '  ',
      '.',
      ',',
      'x',
      '822463',
      '10005',
      '4242',
    ];
    expectPatternParity(d, piecedTexts(31, pieces, 20_000, 12));
  });

  it('takes the issuers IIN names, for every four-digit prefix', () => {
    for (let p = 0; p < 10_000; p++) {
      const prefix = String(p).padStart(4, '0');
      // twelve digits more, then the one check digit that makes it pass Luhn (if any does)
      const body = `${prefix}123456789012`;
      const card = [...'0123456789'].map((c) => body + c).find((v) => isCardNumber(v) || luhnOk(v));
      const expected = IIN.test(prefix) && !/^(\d)\1+$/.test(card ?? '');
      expect({ prefix, accepted: card !== undefined && isCardNumber(card) }).toEqual({ prefix, accepted: expected });
    }
  });
});

/** Luhn, written out here as the reference. */
function luhnOk(v: string): boolean {
  let sum = 0;
  for (let i = 0; i < v.length; i++) {
    let d = Number(v[v.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}
