import { charBefore, isDigitCode, isWordCode, Priority, RegexDetector } from './detector';
import { InfoTypes } from './info-types';
import type { Span } from './span';
import { IBAN_COUNTRIES, IBAN_LENGTHS } from './iban-countries';
import { pairTable, TextIndex } from './text-index';

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

/** The same check on the text as upper-cased by the language's rules. */
function isValidIbanText(value: string): boolean {
  const iban = value.replace(/[ -]/g, '').toUpperCase();
  const expected = IBAN_LENGTHS[iban.slice(0, 2)];
  if (!expected || iban.length !== expected || !/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let rem = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const c = rearranged.charCodeAt(i);
    if (c >= 65) {
      rem = (rem * 100 + (c - 55)) % 97;
    } else {
      rem = (rem * 10 + (c - 48)) % 97;
    }
  }
  return rem === 1;
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

  /** Tried only where the index saw a country code and check digits. */
  override detect(text: string, out: Span[], index: TextIndex = new TextIndex(text)): void {
    this.detectAt(text, index.words, FIRST, out);
  }
}
