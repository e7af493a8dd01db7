import { charBefore, isDigitCode, isWordCode, Priority, RegexDetector, WORD_CHARS } from './detector';
import { InfoTypes } from './info-types';
import { luhnDigits } from './luhn';
import type { Span } from './span';
import { TextIndex } from './text-index';

/** Issuer prefixes of the networks in use (Visa, Mastercard, Amex, Discover, Diners, JCB, UnionPay, Maestro). */
export const IIN =
  /^(?:4|5[1-5]|2(?:2[2-9]|[3-6]\d|7[01]|720)|3[47]|6(?:011|5|4[4-9]|2)|3(?:0[0-5]|[68])|35|5[06-9]|6\d)/;

/** Groups as printed on cards: 4-4-4-4(-3), 4-6-5 (Amex), 4-6-4 (Diners). */
const GROUPED = /^(?:\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?|\d{4}([ -])\d{6}\2\d{4,5})$/;

/** The digits of the value being checked, as numbers (no allocation per candidate). */
const DIGITS = new Uint8Array(19);

/** IIN.test on the digits, by their values: 4, 5x, 6x, 3[4-8], 30[0-5], 222–271, 2720. */
function issuerPrefix(d: Uint8Array): boolean {
  switch (d[0]) {
    case 4:
    case 5:
    case 6:
      return true;
    case 3:
      return d[1] >= 4 ? d[1] <= 8 : d[1] === 0 && d[2] <= 5;
    case 2: {
      // 2[2-9]x, 2[3-6]x, 27[01], 2720
      const p = d[1] * 10 + d[2];
      return (p >= 22 && p <= 71) || (p === 72 && d[3] === 0);
    }
    default:
      return false;
  }
}

export function isCardNumber(value: string): boolean {
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) continue;
    if (n === 19) return false;
    DIGITS[n++] = d;
  }
  if (n < 13) return false;
  if (n !== value.length && !GROUPED.test(value)) return false;
  if (!issuerPrefix(DIGITS)) return false;
  let same = true;
  for (let i = 1; i < n && same; i++) same = DIGITS[i] === DIGITS[0];
  if (same) return false;
  return luhnDigits(DIGITS, n);
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
