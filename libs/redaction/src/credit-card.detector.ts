import { charBefore, isDigitCode, isWordCode, Priority, RegexDetector } from './detector';
import { InfoTypes } from './info-types';
import { digitsOnly, luhnValid } from './luhn';

/** Issuer prefixes of the networks in use (Visa, Mastercard, Amex, Discover, Diners, JCB, UnionPay, Maestro). */
const IIN = /^(?:4|5[1-5]|2(?:2[2-9]|[3-6]\d|7[01]|720)|3[47]|6(?:011|5|4[4-9]|2)|3(?:0[0-5]|[68])|35|5[06-9]|6\d)/;

/** Groups as printed on cards: 4-4-4-4(-3), 4-6-5 (Amex), 4-6-4 (Diners). */
const GROUPED = /^(?:\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?|\d{4}([ -])\d{6}\2\d{4,5})$/;

export function isCardNumber(value: string): boolean {
  const digits = digitsOnly(value);
  if (digits.length < 13 || digits.length > 19) return false;
  if (digits.length !== value.length && !GROUPED.test(value)) return false;
  if (!IIN.test(digits)) return false;
  if (/^(\d)\1+$/.test(digits)) return false;
  return luhnValid(digits);
}

/** CREDIT_CARD_NUMBER: 13–19 digits, plain or grouped with spaces or dashes, Luhn-checked. */
export class CreditCardDetector extends RegexDetector {
  constructor() {
    super({
      name: 'credit-card',
      infoType: InfoTypes.CREDIT_CARD_NUMBER,
      priority: Priority.CREDIT_CARD,
      pattern: /[2-6]\d{3}(?:[ -]?\d{4}){2}[ -]?\d{1,4}(?:[ -]?\d{1,3})?|[3]\d{3}[ -]\d{6}[ -]\d{4,5}/g,
      retryInside: true,
      validate: (v, m, text) => {
        const before = charBefore(text, m.index);
        if (isWordCode(before) || before === 46 || before === 44 || before === 43) return false;
        if ((before === 32 || before === 45) && isDigitCode(charBefore(text, m.index - 1))) return false;
        const end = m.index + v.length;
        const after = end < text.length ? text.charCodeAt(end) : -1;
        if (isWordCode(after)) return false;
        if ((after === 46 || after === 44) && isDigitCode(end + 1 < text.length ? text.charCodeAt(end + 1) : -1))
          return false;
        if ((after === 32 || after === 45) && isDigitCode(end + 1 < text.length ? text.charCodeAt(end + 1) : -1))
          return false;
        return isCardNumber(v);
      },
    });
  }
}
