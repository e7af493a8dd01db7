import type { Detector } from './detector';
import { Priority } from './detector';
import { InfoTypes } from './info-types';
import type { Span } from './span';

/** user:password@ right after "://": the pattern this detector matches, kept as the reference of its scan. */
export const USER_INFO = /[^\s:@/?#"'<>]{1,128}:([^\s@/?#"'<>]{1,256})@/y;

/** `\s` of a JavaScript regex, by char code. */
function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** The ASCII characters user info cannot hold: `\s @ / ? # " ' < >`, as a table. */
const ENDS_USER_INFO = new Uint8Array(128);
for (const ch of '@/?#"\'<> \t\n\v\f\r') ENDS_USER_INFO[ch.charCodeAt(0)] = 1;

function endsUserInfo(c: number): boolean {
  return c < 128 ? ENDS_USER_INFO[c] === 1 : isSpace(c);
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * PASSWORD in URLs with user info: `postgres://app:s3cret@db:5432/app`, `https://u:p@host/`.
 * Works back from each '@' (rarer than ':'): the user info before it runs back
 * to the "://" of a scheme, holds a ':' within its first 129 characters, and
 * the password after that ':' is what is masked.
 */
export class UrlCredentialsDetector implements Detector {
  readonly name = 'url-credentials';
  readonly infoTypes = [InfoTypes.PASSWORD];

  detect(text: string, out: Span[]): void {
    for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
      // back over the user info, at most user (128), ':' and password (256) long
      let b = at;
      const floor = at > 385 ? at - 385 : 0;
      while (b > floor && !endsUserInfo(text.charCodeAt(b - 1))) b--;
      if (b < 4 || text.charCodeAt(b - 1) !== 47 || text.charCodeAt(b - 2) !== 47 || text.charCodeAt(b - 3) !== 58)
        continue;
      if (!isAlnum(text.charCodeAt(b - 4))) continue;
      let colon = b;
      while (colon < at && text.charCodeAt(colon) !== 58) colon++;
      const user = colon - b;
      const password = at - colon - 1;
      if (user < 1 || user > 128 || password < 1 || password > 256) continue;
      out.push({ start: colon + 1, end: at, infoType: InfoTypes.PASSWORD, priority: Priority.URL_CREDENTIALS });
    }
  }
}
