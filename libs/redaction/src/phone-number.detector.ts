import type { Detector } from './detector';
import { charBefore, isDigitCode, isWordCode, Priority, RegexDetector, WORD_CHARS } from './detector';
import { InfoTypes } from './info-types';
import type { Span } from './span';
import { pairTable, RunFlags, TextIndex } from './text-index';

/** phone, tel…, mobile, cell, fax, msisdn */
const LABEL = pairTable(['ph', 'te', 'mo', 'ce', 'fa', 'ms'], true);
const SEPARATED = RunFlags.DASH | RunFlags.SPACE;

function digitCount(v: string): number {
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/** Not glued to a word, a '+', or a number before it. */
function canStartNanp(text: string, index: number): boolean {
  const b = charBefore(text, index);
  if (isWordCode(b) || b === 43 || b === 46 || b === 45) return false;
  return !((b === 32 || b === 46 || b === 45) && isDigitCode(charBefore(text, index - 1)));
}

/** Not the second group of a spaced number ("12 020…", "1.020…"). */
function notAfterSpacedNumber(text: string, index: number): boolean {
  const b = charBefore(text, index);
  return !((b === 32 || b === 46) && isDigitCode(charBefore(text, index - 1)));
}

/**
 * PHONE_NUMBER. Only shapes that people write as phone numbers, so ids,
 * timestamps, amounts and versions stay untouched:
 * - E.164 and international: `+` then 8–15 digits, optionally grouped;
 * - North American: (415) 555-0100, 415-555-0100, 415.555.0100, 1-800-555-0100;
 * - national trunk-prefixed: 020 7946 0958, 07700 900123, 030-1234-5678;
 * - bare digit runs only right after a phone/tel/mobile label.
 */
export class PhoneNumberDetector implements Detector {
  readonly name = 'phone-number';
  readonly infoTypes = [InfoTypes.PHONE_NUMBER];

  private readonly international = new RegexDetector({
    name: 'phone-international',
    infoType: InfoTypes.PHONE_NUMBER,
    priority: Priority.PHONE,
    pattern: /(?<![\w+])\+[1-9]\d{0,3}(?:[ .-]?\(?\d{1,5}\)?){1,6}(?![\w+]|[.-]\d)/g,
    // as the lookbehind has it
    starts: { first: '+', notAfter: `${WORD_CHARS}+` },
    retryInside: true,
    validate: (v) => {
      const n = digitCount(v);
      return n >= 8 && n <= 15;
    },
  });

  private readonly nanp = new RegexDetector({
    name: 'phone-nanp',
    infoType: InfoTypes.PHONE_NUMBER,
    priority: Priority.PHONE,
    pattern: /(?:1[ .-]?)?(?:\([2-9]\d{2}\) ?|[2-9]\d{2}([ .-]))[2-9]\d{2}([ .-])\d{4}(?![\w]|[.-]\w)/g,
    retryInside: true,
    starts: { first: '(123456789', notAfter: `${WORD_CHARS}+.-`, canStart: canStartNanp },
    validate: (v, m, text) => {
      if (!canStartNanp(text, m.index)) return false;
      return m[1] === undefined || m[1] === m[2] || v.startsWith('(') || v.startsWith('1');
    },
  });

  private readonly national = new RegexDetector({
    name: 'phone-national',
    infoType: InfoTypes.PHONE_NUMBER,
    priority: Priority.PHONE,
    pattern: /0\d{1,4}[ -]\d{3,4}[ -]?\d{3,4}(?![\w]|[.-]\d)/g,
    // what validate asks of the characters before, checked before the pattern is tried
    starts: { first: '0', notAfter: `${WORD_CHARS}+.-`, canStart: notAfterSpacedNumber },
    retryInside: true,
    validate: (v, m, text) => {
      const b = charBefore(text, m.index);
      if (isWordCode(b) || b === 43 || b === 46 || b === 45) return false;
      if ((b === 32 || b === 46) && isDigitCode(charBefore(text, m.index - 1))) return false;
      const n = digitCount(v);
      return n >= 10 && n <= 12;
    },
  });

  private readonly labelled = new RegexDetector({
    name: 'phone-labelled',
    infoType: InfoTypes.PHONE_NUMBER,
    priority: Priority.CONTEXT,
    pattern:
      /\b(?:phone|tel|telephone|mobile|cell|fax|msisdn)(?:[_ -]?(?:number|no))?["']?\s*[:=]\s*["']?(\+?\d[\d ().-]{5,18}\d)(?!\d)/gi,
    group: 1,
    validate: (v) => {
      const n = digitCount(v);
      return n >= 7 && n <= 15;
    },
  });

  /** Number shapes are tried inside number runs with enough digits only; labels where the index saw one. */
  detect(text: string, out: Span[], index: TextIndex = new TextIndex(text)): void {
    const runs = index.runs;
    for (let i = 0; i < runs.length; i += 5)
      if (runs[i + 2] >= 8 && (runs[i + 4] & RunFlags.PLUS) !== 0)
        this.international.detectIn(text, runs[i], runs[i + 1], out);
    // both shapes have a separator: a run of bare digits (an id, a timestamp) holds neither
    for (let i = 0; i < runs.length; i += 5)
      if (runs[i + 2] >= 10 && (runs[i + 3] > 0 || (runs[i + 4] & SEPARATED) !== 0))
        this.nanp.detectIn(text, runs[i], runs[i + 1], out);
    for (let i = 0; i < runs.length; i += 5)
      if (runs[i + 2] >= 10 && (runs[i + 4] & SEPARATED) !== 0) this.national.detectIn(text, runs[i], runs[i + 1], out);
    this.labelled.detectAt(text, index.words, LABEL, out);
  }
}
