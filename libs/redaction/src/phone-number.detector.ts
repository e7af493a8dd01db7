import type { Detector } from './detector';
import {
  atWordStart,
  charBefore,
  codeAt,
  isDigitCode,
  isWordCode,
  Priority,
  RegexDetector,
  Starts,
  WORD_CHARS,
} from './detector';
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
export function canStartNanp(text: string, index: number): boolean {
  const b = charBefore(text, index);
  if (isWordCode(b) || b === 43 || b === 46 || b === 45) return false;
  return !((b === 32 || b === 46 || b === 45) && isDigitCode(charBefore(text, index - 1)));
}

/** Not the second group of a spaced number ("12 020…", "1.020…"). */
function notAfterSpacedNumber(text: string, index: number): boolean {
  const b = charBefore(text, index);
  return !((b === 32 || b === 46) && isDigitCode(charBefore(text, index - 1)));
}

/** where a North American number can begin */
const NANP_STARTS = new Starts({ first: '(123456789', notAfter: `${WORD_CHARS}+.-`, canStart: canStartNanp });

function isSep(c: number): boolean {
  return c === 32 || c === 46 || c === 45;
}

function isDigit2to9(c: number): boolean {
  return c >= 50 && c <= 57;
}

/** the separators of the match nanpAt found: after the area code (-1 for "(415)") and after the exchange */
let areaSep = -1;
let exchangeSep = -1;

/** `[2-9]\d{2}([ .-])\d{4}(?![\w]|[.-]\w)` at `r`: its end, or -1. */
function nanpLine(text: string, r: number, n: number): number {
  if (
    !isDigit2to9(codeAt(text, r, n)) ||
    !isDigitCode(codeAt(text, r + 1, n)) ||
    !isDigitCode(codeAt(text, r + 2, n)) ||
    !isSep(codeAt(text, r + 3, n)) ||
    !isDigitCode(codeAt(text, r + 4, n)) ||
    !isDigitCode(codeAt(text, r + 5, n)) ||
    !isDigitCode(codeAt(text, r + 6, n)) ||
    !isDigitCode(codeAt(text, r + 7, n))
  )
    return -1;
  const e = r + 8;
  const a = codeAt(text, e, n);
  if (isWordCode(a) || ((a === 46 || a === 45) && isWordCode(codeAt(text, e + 1, n)))) return -1;
  exchangeSep = codeAt(text, r + 3, n);
  return e;
}

/** `(?:\([2-9]\d{2}\) ?|[2-9]\d{2}([ .-]))` then the line, at `q`, tried in the regex's order. */
function nanpArea(text: string, q: number, n: number): number {
  const c = codeAt(text, q, n);
  if (c === 40) {
    if (
      !isDigit2to9(codeAt(text, q + 1, n)) ||
      !isDigitCode(codeAt(text, q + 2, n)) ||
      !isDigitCode(codeAt(text, q + 3, n)) ||
      codeAt(text, q + 4, n) !== 41
    )
      return -1;
    areaSep = -1;
    const spaced = codeAt(text, q + 5, n) === 32 ? nanpLine(text, q + 6, n) : -1;
    return spaced !== -1 ? spaced : nanpLine(text, q + 5, n);
  }
  if (!isDigit2to9(c) || !isDigitCode(codeAt(text, q + 1, n)) || !isDigitCode(codeAt(text, q + 2, n))) return -1;
  const sep = codeAt(text, q + 3, n);
  if (!isSep(sep)) return -1;
  areaSep = sep;
  return nanpLine(text, q + 4, n);
}

/**
 * The end of `(?:1[ .-]?)?(?:\([2-9]\d{2}\) ?|[2-9]\d{2}([ .-]))[2-9]\d{2}([ .-])\d{4}(?![\w]|[.-]\w)`
 * matched at `p` (the first match a backtracking search takes), or -1; by char
 * codes, as a regex per candidate cost more than the fixed shape takes to check.
 */
function nanpAt(text: string, p: number, n: number): number {
  if (codeAt(text, p, n) === 49) {
    if (isSep(codeAt(text, p + 1, n))) {
      const e = nanpArea(text, p + 2, n);
      if (e !== -1) return e;
    }
    const e = nanpArea(text, p + 1, n);
    if (e !== -1) return e;
  }
  return nanpArea(text, p, n);
}

/**
 * North American numbers inside [from, to), a number run: tried where one can
 * begin (as canStartNanp has it), kept when both separators agree or the
 * number begins with "(" or "1"; after one that is not, the search goes on a
 * character further.
 */
function detectNanp(text: string, from: number, to: number, out: Span[]): void {
  const n = text.length;
  for (let p = NANP_STARTS.next(text, from, to); p < to;) {
    const e = nanpAt(text, p, n);
    const c = text.charCodeAt(p);
    if (e !== -1 && (areaSep === -1 || areaSep === exchangeSep || c === 40 || c === 49)) {
      out.push({ start: p, end: e, infoType: InfoTypes.PHONE_NUMBER, priority: Priority.PHONE });
      p = NANP_STARTS.next(text, e, to);
    } else p = NANP_STARTS.next(text, p + 1, to);
  }
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
    ahead: atWordStart,
    group: 1,
    groupEndsMatch: true,
    validate: (v) => {
      const n = digitCount(v);
      return n >= 7 && n <= 15;
    },
  });

  /** Number shapes are tried inside number runs with enough digits only; labels where the index saw one. */
  detect(text: string, out: Span[], index: TextIndex = new TextIndex(text)): void {
    const runs = index.runs;
    for (let i = 0; i < runs.length; i += 5) {
      const from = runs[i];
      const to = runs[i + 1];
      const digits = runs[i + 2];
      const flags = runs[i + 4];
      if (digits >= 8 && (flags & RunFlags.PLUS) !== 0) this.international.detectIn(text, from, to, out);
      // both shapes have a separator: a run of bare digits (an id, a timestamp) holds neither
      if (digits < 10) continue;
      if (runs[i + 3] > 0 || (flags & SEPARATED) !== 0) detectNanp(text, from, to, out);
      if ((flags & SEPARATED) !== 0) this.national.detectIn(text, from, to, out);
    }
    this.labelled.detectAt(text, index.words, LABEL, out);
  }
}
