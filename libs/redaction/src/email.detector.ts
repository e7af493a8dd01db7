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

/** TLD.test(text.slice(from, end)), by char codes for ASCII names (nearly all): no slice, no regex. */
function isTld(text: string, from: number, end: number): boolean {
  const len = end - from;
  if (len < 2 || len > 24) return false;
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i) | 32;
    if (c >= 128) return TLD.test(text.slice(from, end));
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
        // the domain's last dot, and whether two dots meet, read off the text (no slice of the domain)
        let dot = -1;
        let doubled = false;
        for (let i = at + 1; i < e; i++) {
          if (text.charCodeAt(i) !== 46) continue;
          if (dot === i - 1) doubled = true;
          dot = i;
        }
        if (
          dot > at + 1 &&
          !doubled &&
          isTld(text, dot + 1, e) &&
          at - s <= 64 &&
          // the suffix of "logo@2x.png" begins with a digit
          !(isDigitCode(text.charCodeAt(at + 1)) && IMAGE_SUFFIX.test(text.slice(at + 1, e)))
        ) {
          out.push({ start: s, end: e, infoType: InfoTypes.EMAIL_ADDRESS, priority: Priority.EMAIL });
          floor = e;
        }
      }
      at = text.indexOf('@', Math.max(at + 1, floor));
    }
  }
}
