import type { Detector } from './detector';
import { charBefore, codeAt, isDigitCode, isWordCode, Priority, Starts, WORD_CHARS } from './detector';
import { InfoTypes } from './info-types';
import type { Span } from './span';
import { TextIndex } from './text-index';

export const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';

/**
 * What an IPv6 candidate grows over, as a table (a chain of range tests per
 * character mispredicts): hex digits and ':' to the left (V6_LEFT), and '.'
 * too to the right.
 */
const V6_LEFT = 1;
const V6_CHARS = new Uint8Array(128);
for (const ch of '0123456789abcdefABCDEF:') V6_CHARS[ch.charCodeAt(0)] = V6_LEFT | 2;
V6_CHARS[46] = 2;

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

const IPV4_STRICT = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);

/** Parses an IPv6 literal (RFC 4291 text forms, optional trailing dotted IPv4). */
export function isIPv6(value: string): boolean {
  if (value.length < 2 || value.length > 45) return false;
  const halves = value.split('::');
  if (halves.length > 2) return false;
  const groupsOf = (s: string): string[] | null => (s === '' ? [] : s.split(':'));
  const head = groupsOf(halves[0]);
  const tail = halves.length === 2 ? groupsOf(halves[1]) : [];
  if (!head || !tail) return false;
  const all = [...head, ...tail];
  let count = 0;
  for (let i = 0; i < all.length; i++) {
    const g = all[i];
    if (i === all.length - 1 && g.includes('.')) {
      if (!IPV4_STRICT.test(g)) return false;
      count += 2;
      continue;
    }
    if (g.length < 1 || g.length > 4) return false;
    for (let j = 0; j < g.length; j++) if (!isHex(g.charCodeAt(j))) return false;
    count++;
  }
  if (halves.length === 2) return count <= 7 && (count > 0 || value === '::');
  return count === 8;
}

/** Not right after "name/", as in Chrome/120.0.0.0. */
export function notAfterProductSlash(text: string, index: number): boolean {
  if (charBefore(text, index) !== 47) return true;
  const c = charBefore(text, index - 1) | 32;
  return c < 97 || c > 122;
}

/** The end of the octet (0–255, no leading zero) at `p`: the whole digit run there, or -1. */
function octetEnd(text: string, p: number, n: number): number {
  let e = p;
  while (e < n && e - p < 4 && isDigitCode(text.charCodeAt(e))) e++;
  const len = e - p;
  if (len === 0 || len === 4) return -1;
  const d0 = text.charCodeAt(p) - 48;
  if (len > 1 && d0 === 0) return -1;
  if (len === 3 && d0 * 100 + (text.charCodeAt(p + 1) - 48) * 10 + (text.charCodeAt(p + 2) - 48) > 255) return -1;
  return e;
}

/**
 * The end of `OCTET(?:\.OCTET){3}(?![\w]|\.\d)` at `p`, or -1, by char codes:
 * each octet must be a whole digit run (a shorter one leaves a digit where the
 * pattern wants '.' or no word character), so there is nothing to backtrack.
 */
function ipv4At(text: string, p: number, n: number): number {
  let q = p;
  for (let k = 0; k < 4; k++) {
    const e = octetEnd(text, q, n);
    if (e === -1) return -1;
    if (k === 3) q = e;
    else if (codeAt(text, e, n) !== 46) return -1;
    else q = e + 1;
  }
  const a = codeAt(text, q, n);
  if (isWordCode(a) || (a === 46 && isDigitCode(codeAt(text, q + 1, n)))) return -1;
  return q;
}

/** Where an IPv4 address can begin: a digit not after a word, '.' or "name/". */
const V4_STARTS = new Starts({ first: '0123456789', notAfter: `${WORD_CHARS}.`, canStart: notAfterProductSlash });

/** IPv4 addresses inside [from, to), a number run. */
function detectV4(text: string, from: number, to: number, out: Span[]): void {
  const n = text.length;
  for (let p = V4_STARTS.next(text, from, to); p < to;) {
    const e = ipv4At(text, p, n);
    if (e === -1) p = V4_STARTS.next(text, p + 1, to);
    else {
      out.push({ start: p, end: e, infoType: InfoTypes.IP_ADDRESS, priority: Priority.IP });
      p = V4_STARTS.next(text, e, to);
    }
  }
}

/**
 * IP_ADDRESS, v4 and v6. v4 skips version strings such as `Chrome/120.0.0.0`
 * and `v1.2.3.4`; v6 candidates are grown around each ':' and parsed, so
 * times (12:30:45) and MAC addresses are not taken for addresses.
 */
export class IpAddressDetector implements Detector {
  readonly name = 'ip-address';
  readonly infoTypes = [InfoTypes.IP_ADDRESS];

  detect(text: string, out: Span[], index: TextIndex = new TextIndex(text)): void {
    // a v4 address is a number run with three dots and four digits at least
    const runs = index.runs;
    for (let i = 0; i < runs.length; i += 5)
      if (runs[i + 2] >= 4 && runs[i + 3] >= 3) detectV4(text, runs[i], runs[i + 1], out);
    this.detectV6(text, out, index.colons);
  }

  /**
   * Grows a candidate around each of `colons`, the ':'s followed by a hex
   * digit, ':' or '.' (by default searched here; the text index has them).
   * One with nothing to grow right from ('"key": 1', "addr: x") is left out:
   * what is left of it holds no other colon (that one would have been grown
   * from first), and what is right of it stops the next candidate's growth
   * anyway, so it adds nothing.
   */
  private detectV6(text: string, out: Span[], colons: readonly number[] = growableColons(text)): void {
    const n = text.length;
    let floor = 0;
    for (let k = 0; k < colons.length; k++) {
      const p = colons[k];
      if (p < floor) continue;
      let s = p;
      while (s > floor) {
        const c = text.charCodeAt(s - 1);
        if (c < 128 && (V6_CHARS[c] & V6_LEFT) !== 0) s--;
        else break;
      }
      let e = p + 1;
      while (e < n) {
        const c = text.charCodeAt(e);
        if (c < 128 && V6_CHARS[c] !== 0) e++;
        else break;
      }
      while (e > p && text.charCodeAt(e - 1) === 46) e--;
      const before = s > 0 ? text.charCodeAt(s - 1) : 32;
      const after = e < n ? text.charCodeAt(e) : 32;
      const boundary = !isWordChar(before) && !isWordChar(after) && after !== 58;
      if (boundary && e - s >= 3) {
        // a trailing single ':' as in "addr: ::1:" or "host ::1:8080" is punctuation, not the address
        const end = text.charCodeAt(e - 1) === 58 && text.charCodeAt(e - 2) !== 58 ? e - 1 : e;
        if (mayBeIPv6(text, s, end) && isIPv6(text.slice(s, end))) {
          out.push({ start: s, end, infoType: InfoTypes.IP_ADDRESS, priority: Priority.IP });
        }
      }
      floor = Math.max(e, p + 1);
    }
  }
}

function growableColons(text: string): number[] {
  const at: number[] = [];
  for (let p = text.indexOf(':'); p !== -1; p = text.indexOf(':', p + 1)) {
    const next = text.charCodeAt(p + 1);
    if (isHex(next) || next === 58 || next === 46) at.push(p);
  }
  return at;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/**
 * Necessary conditions of isIPv6 for `text` from `start` to `end`, checked
 * without allocating (not even the slice), so the times (10:00:00.000) and
 * MAC addresses of a log skip the parse: two colons at least; no dots or the
 * three of a trailing IPv4; without "::", exactly 8 groups (7 colons, or 6 and
 * the IPv4).
 */
function mayBeIPv6(text: string, start: number, end: number): boolean {
  let colons = 0;
  let dots = 0;
  let compressed = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 58) {
      colons++;
      if (i > start && text.charCodeAt(i - 1) === 58) compressed = true;
    } else if (c === 46) dots++;
  }
  if (colons < 2 || (dots !== 0 && dots !== 3)) return false;
  return compressed || colons === 7 || (colons === 6 && dots === 3);
}
