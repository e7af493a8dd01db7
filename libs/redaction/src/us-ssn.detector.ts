import type { Detector } from './detector';
import { atWordStart, charBefore, isDigitCode, Priority, RegexDetector } from './detector';
import { InfoTypes } from './info-types';
import type { Span } from './span';
import { pairTable, RunFlags, TextIndex } from './text-index';

/** ssn, social… */
const LABEL = pairTable(['ss', 'so'], true);

export function isValidSsn(area: string, group: string, serial: string): boolean {
  return validSsnParts(Number(area), Number(group), Number(serial));
}

/** Area 001–899 but 666, group not 00, serial not 0000. */
function validSsnParts(area: number, group: number, serial: number): boolean {
  return area !== 0 && area !== 666 && area < 900 && group !== 0 && serial !== 0;
}

/** The digit at `i` of `text` as a number (the caller checked it is one). */
function digitAt(text: string, i: number): number {
  return text.charCodeAt(i) - 48;
}

/** `ddd-dd-dddd` at `p`, by char codes: the shape is fixed, so a regex per candidate costs more than it checks. */
function dashedAt(text: string, p: number): boolean {
  return (
    isDigitCode(text.charCodeAt(p)) &&
    isDigitCode(text.charCodeAt(p + 1)) &&
    isDigitCode(text.charCodeAt(p + 2)) &&
    text.charCodeAt(p + 3) === 45 &&
    isDigitCode(text.charCodeAt(p + 4)) &&
    isDigitCode(text.charCodeAt(p + 5)) &&
    text.charCodeAt(p + 6) === 45 &&
    isDigitCode(text.charCodeAt(p + 7)) &&
    isDigitCode(text.charCodeAt(p + 8)) &&
    isDigitCode(text.charCodeAt(p + 9)) &&
    isDigitCode(text.charCodeAt(p + 10))
  );
}

/**
 * `(?<![\d-])(\d{3})-(\d{2})-(\d{4})(?![\d]|-\d)` inside [from, to), a number
 * run: not after a digit or '-', not followed by a digit or '-digit', and a
 * valid area, group and serial.
 */
function detectDashed(text: string, from: number, to: number, out: Span[]): void {
  const n = text.length;
  for (let p = from; p + 11 <= to; p++) {
    const b = charBefore(text, p);
    if (isDigitCode(b) || b === 45 || !dashedAt(text, p)) continue;
    // reads stay inside the text (a read past the end, NaN, deoptimizes the loop)
    const a = p + 11 < n ? text.charCodeAt(p + 11) : -1;
    if (isDigitCode(a) || (a === 45 && p + 12 < n && isDigitCode(text.charCodeAt(p + 12)))) continue;
    const area = digitAt(text, p) * 100 + digitAt(text, p + 1) * 10 + digitAt(text, p + 2);
    const group = digitAt(text, p + 4) * 10 + digitAt(text, p + 5);
    const serial =
      digitAt(text, p + 7) * 1000 + digitAt(text, p + 8) * 100 + digitAt(text, p + 9) * 10 + digitAt(text, p + 10);
    if (validSsnParts(area, group, serial))
      out.push({ start: p, end: p + 11, infoType: InfoTypes.US_SOCIAL_SECURITY_NUMBER, priority: Priority.SSN });
    // the search goes on after the match, accepted or not
    p += 10;
  }
}

/**
 * US_SOCIAL_SECURITY_NUMBER: ddd-dd-dddd anywhere; 9 bare digits or spaced
 * groups only right after an "SSN" / "social security" label.
 */
export class UsSsnDetector implements Detector {
  readonly name = 'us-ssn';
  readonly infoTypes = [InfoTypes.US_SOCIAL_SECURITY_NUMBER];

  private readonly labelled = new RegexDetector({
    name: 'us-ssn-labelled',
    infoType: InfoTypes.US_SOCIAL_SECURITY_NUMBER,
    priority: Priority.SSN,
    pattern:
      /\b(?:ssn|social[ _-]?security(?:[ _-]?(?:number|no))?)\b[^\d\n]{0,16}((\d{3})[ .]?(\d{2})[ .]?(\d{4}))(?!\d)/gi,
    ahead: atWordStart,
    group: 1,
    groupEndsMatch: true,
    validate: (_v, m) => isValidSsn(m[2], m[3], m[4]),
  });

  detect(text: string, out: Span[], index: TextIndex = new TextIndex(text)): void {
    const runs = index.runs;
    for (let i = 0; i < runs.length; i += 5)
      if (runs[i + 2] >= 9 && (runs[i + 4] & RunFlags.DASH) !== 0) detectDashed(text, runs[i], runs[i + 1], out);
    this.labelled.detectAt(text, index.words, LABEL, out);
  }
}
