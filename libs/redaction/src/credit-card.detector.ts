import { charBefore, codeAt, isDigitCode, isWordCode, Priority, RegexDetector, Starts, WORD_CHARS } from './detector';
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

/** The checks after a match from `start` to `end`: alone (not glued to a word or a number), and a valid card number. */
function acceptCard(text: string, start: number, end: number): boolean {
  if (!canStartCard(text, start)) return false;
  const after = end < text.length ? text.charCodeAt(end) : -1;
  if (isWordCode(after)) return false;
  if ((after === 46 || after === 44) && isDigitCode(end + 1 < text.length ? text.charCodeAt(end + 1) : -1))
    return false;
  if ((after === 32 || after === 45) && isDigitCode(end + 1 < text.length ? text.charCodeAt(end + 1) : -1))
    return false;
  return isCardNumber(text.slice(start, end));
}

function isSep(c: number): boolean {
  return c === 32 || c === 45;
}

/** Whether `count` digits begin at `i`. */
function digitsAt(text: string, i: number, n: number, count: number): boolean {
  for (let k = 0; k < count; k++) if (!isDigitCode(codeAt(text, i + k, n))) return false;
  return true;
}

/** The end of up to `max` digits from `i`. */
function digitsUpTo(text: string, i: number, n: number, max: number): number {
  let e = i;
  while (e - i < max && isDigitCode(codeAt(text, e, n))) e++;
  return e;
}

/**
 * The end of the card pattern matched at `p`, or -1, by char codes. Nothing
 * in it can be backtracked into: each optional separator must be followed by
 * digits (a digit cannot stand where a separator was passed over), and only
 * the optional tail follows the one greedy count.
 */
function cardAt(text: string, p: number, n: number): number {
  const c = codeAt(text, p, n);
  // [2-6]\d{3}(?:[ -]?\d{4}){2}[ -]?\d{1,4}(?:[ -]?\d{1,3})?
  if (c >= 50 && c <= 54 && digitsAt(text, p + 1, n, 3)) {
    let q = p + 4;
    let ok = true;
    for (let g = 0; g < 2 && ok; g++) {
      if (isSep(codeAt(text, q, n)) && digitsAt(text, q + 1, n, 4)) q += 5;
      else if (digitsAt(text, q, n, 4)) q += 4;
      else ok = false;
    }
    if (ok) {
      if (isSep(codeAt(text, q, n)) && isDigitCode(codeAt(text, q + 1, n))) q++;
      if (isDigitCode(codeAt(text, q, n))) {
        q = digitsUpTo(text, q, n, 4);
        if (isSep(codeAt(text, q, n)) && isDigitCode(codeAt(text, q + 1, n))) q = digitsUpTo(text, q + 1, n, 3);
        else q = digitsUpTo(text, q, n, 3);
        return q;
      }
    }
  }
  // [3]\d{3}[ -]\d{6}[ -]\d{4,5}
  if (
    c === 51 &&
    digitsAt(text, p + 1, n, 3) &&
    isSep(codeAt(text, p + 4, n)) &&
    digitsAt(text, p + 5, n, 6) &&
    isSep(codeAt(text, p + 11, n)) &&
    digitsAt(text, p + 12, n, 4)
  )
    return isDigitCode(codeAt(text, p + 16, n)) ? p + 17 : p + 16;
  return -1;
}

/** Where a card number can begin: a 2–6 not glued to a word, a decimal or a number before it. */
const CARD_STARTS = new Starts({ first: '23456', notAfter: `${WORD_CHARS}.,+`, canStart: canStartCard });

/** CREDIT_CARD_NUMBER: 13–19 digits, plain or grouped with spaces or dashes, Luhn-checked. */
export class CreditCardDetector extends RegexDetector {
  constructor() {
    // the pattern is the reference the char-code search (cardAt) is tested against
    super({
      name: 'credit-card',
      infoType: InfoTypes.CREDIT_CARD_NUMBER,
      priority: Priority.CREDIT_CARD,
      pattern: /[2-6]\d{3}(?:[ -]?\d{4}){2}[ -]?\d{1,4}(?:[ -]?\d{1,3})?|[3]\d{3}[ -]\d{6}[ -]\d{4,5}/g,
      retryInside: true,
      validate: (v, m, text) => acceptCard(text, m.index, m.index + v.length),
    });
  }

  /** Only number runs with 13 digits or more can hold a card number; tried where one can begin. */
  override detect(text: string, out: Span[], index: TextIndex = new TextIndex(text)): void {
    const runs = index.runs;
    const n = text.length;
    for (let i = 0; i < runs.length; i += 5) {
      if (runs[i + 2] < 13) continue;
      const to = runs[i + 1];
      for (let p = CARD_STARTS.next(text, runs[i], to); p < to;) {
        const e = cardAt(text, p, n);
        if (e !== -1 && acceptCard(text, p, e)) {
          out.push({ start: p, end: e, infoType: InfoTypes.CREDIT_CARD_NUMBER, priority: Priority.CREDIT_CARD });
          p = CARD_STARTS.next(text, e, to);
        } else p = CARD_STARTS.next(text, p + 1, to);
      }
    }
  }
}
