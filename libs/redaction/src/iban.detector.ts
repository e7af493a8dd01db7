import { charBefore, codeAt, isDigitCode, isWordCode, Priority, RegexDetector } from './detector';
import { InfoTypes } from './info-types';
import type { Span } from './span';
import { IBAN_COUNTRIES, IBAN_LENGTHS } from './iban-countries';
import { pairAt, pairTable, TextIndex } from './text-index';

/** a country code of the IBAN registry */
const FIRST = pairTable(IBAN_COUNTRIES);

/** IBAN length per country code, indexed (c0 - 65) * 26 + (c1 - 65); 0 for none. */
const LENGTH_BY_CODE = new Uint8Array(26 * 26);
for (const [code, length] of Object.entries(IBAN_LENGTHS))
  LENGTH_BY_CODE[(code.charCodeAt(0) - 65) * 26 + code.charCodeAt(1) - 65] = length;

/** The compacted, upper-cased characters of the value being checked (no allocation per candidate). */
const CODES = new Uint8Array(34);

/**
 * ISO 7064 mod 97-10 over the rearranged IBAN, computed in chunks (no
 * BigInt); spaces and dashes are left out and letters taken in any case.
 */
export function isValidIban(value: string): boolean {
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    let c = value.charCodeAt(i);
    if (c === 32 || c === 45) continue;
    // toUpperCase of some non-ASCII letters gives ASCII ones ('ı' → 'I'): leave those to it
    if (c >= 128) return isValidIbanText(value);
    if (c >= 97 && c <= 122) c -= 32;
    if (n === CODES.length) return false;
    CODES[n++] = c;
  }
  const c0 = CODES[0] - 65;
  const c1 = CODES[1] - 65;
  if (n < 5 || c0 < 0 || c0 > 25 || c1 < 0 || c1 > 25) return false;
  if (LENGTH_BY_CODE[c0 * 26 + c1] !== n || !isDigitCode(CODES[2]) || !isDigitCode(CODES[3])) return false;
  // mod 97 taken only when the number nears 2^53 (doubles are exact below it): a few divisions, not one per character
  let rem = 0;
  for (let k = 4; k < n + 4; k++) {
    const c = CODES[k < n ? k : k - n];
    if (c >= 65 && c <= 90) rem = rem * 100 + (c - 55);
    else if (isDigitCode(c)) rem = rem * 10 + (c - 48);
    else return false;
    if (rem >= 1e13) rem %= 97;
  }
  return rem % 97 === 1;
}

/**
 * The same check on the text as upper-cased by the language's rules (which
 * turn some non-ASCII letters into ASCII ones); anything else non-ASCII fails.
 */
function isValidIbanText(value: string): boolean {
  const upper = value.toUpperCase();
  for (let i = 0; i < upper.length; i++) if (upper.charCodeAt(i) >= 128) return false;
  return isValidIban(upper);
}

/** [A-Z0-9] */
function isUpperAlnum(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

/** [A-Za-z0-9] */
function isAlnum(c: number): boolean {
  return isUpperAlnum(c) || (c >= 97 && c <= 122);
}

/** The end of the run of [A-Z0-9] from `i`, read at most `max` long (one more tells it is longer). */
function upperRunEnd(text: string, i: number, n: number, max: number): number {
  let e = i;
  while (e < n && e - i <= max && isUpperAlnum(text.charCodeAt(e))) e++;
  return e;
}

/**
 * The end of the IBAN pattern matched at `p` (its country code checked by the
 * caller), or -1; the first match a backtracking search takes, by char codes.
 * Plain: 11–30 of [A-Z0-9] not followed by an alphanumeric (a longer run, or
 * one ending in a lower-case letter, leaves an alphanumeric after any shorter
 * take). Grouped: as many " XXXX" groups as there are (up to 7), then from
 * the most down to 2: a " X{1,3}" tail whose run ends there, else none, each
 * when no alphanumeric follows.
 */
function ibanAt(text: string, p: number, n: number): number {
  if (!isDigitCode(codeAt(text, p + 2, n)) || !isDigitCode(codeAt(text, p + 3, n))) return -1;
  const q = p + 4;
  const run = upperRunEnd(text, q, n, 30);
  if (run > q) {
    const len = run - q;
    return len >= 11 && len <= 30 && !isAlnum(codeAt(text, run, n)) ? run : -1;
  }
  let groups = 0;
  while (groups < 7) {
    const x = q + groups * 5;
    if (codeAt(text, x, n) !== 32 || upperRunEnd(text, x + 1, n, 4) - (x + 1) < 4) break;
    groups++;
  }
  for (let g = groups; g >= 2; g--) {
    const x = q + g * 5;
    if (codeAt(text, x, n) === 32) {
      const tail = upperRunEnd(text, x + 1, n, 3);
      const t = tail - (x + 1);
      if (t >= 1 && t <= 3 && !isAlnum(codeAt(text, tail, n))) return tail;
    }
    if (!isAlnum(codeAt(text, x, n))) return x;
  }
  return -1;
}

/** IBAN_CODE: country code, check digits, BBAN; plain or in groups of four; mod-97 checked. */
export class IbanDetector extends RegexDetector {
  constructor() {
    super({
      name: 'iban',
      infoType: InfoTypes.IBAN_CODE,
      priority: Priority.IBAN,
      // only the registry's country codes: other capitals and digits ("ORDER12 …") are no IBAN to begin with
      pattern: new RegExp(
        `(?:${IBAN_COUNTRIES.join('|')})\\d{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?)(?![A-Za-z0-9])`,
        'g',
      ),
      validate: (v, m, text) => !isWordCode(charBefore(text, m.index)) && isValidIban(v),
    });
  }

  /**
   * Tried only where the index saw a country code and check digits, matched
   * by char codes (ibanAt); the pattern above is the reference its global
   * search is tested against.
   */
  override detect(text: string, out: Span[], index: TextIndex = new TextIndex(text)): void {
    const words = index.words;
    const n = text.length;
    for (let i = 0, next = 0; i < words.length; i++) {
      const p = words[i];
      if (p < next || FIRST[pairAt(text, p)] !== 1) continue;
      const e = ibanAt(text, p, n);
      if (e === -1) continue;
      if (!isWordCode(charBefore(text, p)) && isValidIban(text.slice(p, e)))
        out.push({ start: p, end: e, infoType: InfoTypes.IBAN_CODE, priority: Priority.IBAN });
      // as the search went on after a match, accepted or not
      next = e;
    }
  }
}
