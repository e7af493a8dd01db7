import type { Detector } from './detector';
import { isDigitCode, Priority } from './detector';
import { InfoTypes } from './info-types';
import type { Span } from './span';

const LOCAL = new Uint8Array(128);
const DOMAIN = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9]/.test(ch)) {
    LOCAL[c] = 1;
    DOMAIN[c] = 1;
  }
}
for (const ch of "._%+-'") LOCAL[ch.charCodeAt(0)] = 1;
for (const ch of '.-') DOMAIN[ch.charCodeAt(0)] = 1;

const LETTER = /[\p{L}\p{N}]/u;
/** Internationalised addresses (zoë@example.com, 用户@例子.广告): letters beyond ASCII count too. */
function isLetter(ch: string): boolean {
  return LETTER.test(ch);
}

const IMAGE_SUFFIX = /^\d+(?:\.\d+)?x\.(?:png|jpe?g|gif|svg|webp|avif)$/i;
const TLD = /^(?:[A-Za-z]{2,24}|[\p{L}]{2,24})$/u;

/** TLD.test(domain.slice(from)), by char codes for ASCII names (nearly all): no slice, no regex. */
function isTld(domain: string, from: number): boolean {
  const len = domain.length - from;
  if (len < 2 || len > 24) return false;
  for (let i = from; i < domain.length; i++) {
    const c = domain.charCodeAt(i) | 32;
    if (c >= 128) return TLD.test(domain.slice(from));
    if (c < 97 || c > 122) return false;
  }
  return true;
}

/**
 * EMAIL_ADDRESS. Scans for '@' and grows left and right instead of running a
 * regex at every position: one indexOf per candidate, no backtracking.
 */
export class EmailDetector implements Detector {
  readonly name = 'email';
  readonly infoTypes = [InfoTypes.EMAIL_ADDRESS];

  detect(text: string, out: Span[]): void {
    let at = text.indexOf('@');
    let floor = 0;
    while (at !== -1) {
      let s = at;
      while (s > floor) {
        const c = text.charCodeAt(s - 1);
        if (c < 128 ? LOCAL[c] === 1 : isLetter(text[s - 1])) s--;
        else break;
      }
      while (s < at && (text.charCodeAt(s) === 46 || text.charCodeAt(s) === 39)) s++; // no leading '.' or '
      let e = at + 1;
      const n = text.length;
      while (e < n) {
        const c = text.charCodeAt(e);
        if (c < 128 ? DOMAIN[c] === 1 : isLetter(text[e])) e++;
        else break;
      }
      while (e > at + 1 && (text.charCodeAt(e - 1) === 46 || text.charCodeAt(e - 1) === 45)) e--;
      if (s < at && e > at + 1) {
        const domain = text.slice(at + 1, e);
        const dot = domain.lastIndexOf('.');
        if (
          dot > 0 &&
          !domain.includes('..') &&
          isTld(domain, dot + 1) &&
          at - s <= 64 &&
          // the suffix of "logo@2x.png" begins with a digit
          !(isDigitCode(domain.charCodeAt(0)) && IMAGE_SUFFIX.test(domain))
        ) {
          out.push({ start: s, end: e, infoType: InfoTypes.EMAIL_ADDRESS, priority: Priority.EMAIL });
          floor = e;
        }
      }
      at = text.indexOf('@', Math.max(at + 1, floor));
    }
  }
}
