import type { Detector } from './detector';
import { charBefore, isDigitCode, isWordCode, Priority, RegexDetector } from './detector';
import { InfoTypes } from './info-types';
import type { Span } from './span';

function digitCount(v: string): number {
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
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

  private readonly detectors = [
    new RegexDetector({
      name: 'phone-international',
      infoType: InfoTypes.PHONE_NUMBER,
      priority: Priority.PHONE,
      pattern: /(?<![\w+])\+[1-9]\d{0,3}(?:[ .-]?\(?\d{1,5}\)?){1,6}(?![\w+]|[.-]\d)/g,
      validate: (v) => {
        const n = digitCount(v);
        return n >= 8 && n <= 15;
      },
    }),
    new RegexDetector({
      name: 'phone-nanp',
      infoType: InfoTypes.PHONE_NUMBER,
      priority: Priority.PHONE,
      pattern: /(?:1[ .-]?)?(?:\([2-9]\d{2}\) ?|[2-9]\d{2}([ .-]))[2-9]\d{2}([ .-])\d{4}(?![\w]|[.-]\w)/g,
      retryInside: true,
      validate: (v, m, text) => {
        const b = charBefore(text, m.index);
        if (isWordCode(b) || b === 43 || b === 46 || b === 45) return false;
        if ((b === 32 || b === 46 || b === 45) && isDigitCode(charBefore(text, m.index - 1))) return false;
        return m[1] === undefined || m[1] === m[2] || v.startsWith('(') || v.startsWith('1');
      },
    }),
    new RegexDetector({
      name: 'phone-national',
      infoType: InfoTypes.PHONE_NUMBER,
      priority: Priority.PHONE,
      pattern: /0\d{1,4}[ -]\d{3,4}[ -]?\d{3,4}(?![\w]|[.-]\d)/g,
      validate: (v, m, text) => {
        const b = charBefore(text, m.index);
        if (isWordCode(b) || b === 43 || b === 46 || b === 45) return false;
        if ((b === 32 || b === 46) && isDigitCode(charBefore(text, m.index - 1))) return false;
        const n = digitCount(v);
        return n >= 10 && n <= 12;
      },
    }),
    new RegexDetector({
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
    }),
  ];

  detect(text: string, out: Span[]): void {
    for (const d of this.detectors) d.detect(text, out);
  }
}
