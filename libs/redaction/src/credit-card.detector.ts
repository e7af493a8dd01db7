import { charBefore, isDigitCode, isWordCode, Priority, RegexDetector, WORD_CHARS } from './detector';
import { InfoTypes } from './info-types';
import { digitsOnly, luhnValid } from './luhn';
import type { Span } from './span';
import { TextIndex } from './text-index';

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

/** Not glued to a word, a decimal or a number before it ("x4111…", "1.4111…", "12 4111…"). */
function canStartCard(text: string, index: number): boolean {
  const before = charBefore(text, index);
  if (isWordCode(before) || before === 46 || before === 44 || before === 43) return false;
  return !((before === 32 || before === 45) && isDigitCode(charBefore(text, index - 1)));
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
      starts: { first: '23456', notAfter: `${WORD_CHARS}.,+`, canStart: canStartCard },
      validate: (v, m, text) => {
        if (!canStartCard(text, m.index)) return false;
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

  /** Only number runs with 13 digits or more can hold a card number. */
  override detect(text: string, out: Span[], index: TextIndex = new TextIndex(text)): void {
    const runs = index.runs;
    for (let i = 0; i < runs.length; i += 5) if (runs[i + 2] >= 13) this.detectIn(text, runs[i], runs[i + 1], out);
  }
}
