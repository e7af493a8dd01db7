import { CreditCardDetector, isCardNumber } from './credit-card.detector';
import { found } from './detect.testing';

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
});
