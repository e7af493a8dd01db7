import type { Detector } from './detector';
import { Priority } from './detector';
import { InfoTypes } from './info-types';
import type { Span } from './span';

/** user:password@ right after "://" */
const USER_INFO = /[^\s:@/?#"'<>]{1,128}:([^\s@/?#"'<>]{1,256})@/y;

/** PASSWORD in URLs with user info: `postgres://app:s3cret@db:5432/app`, `https://u:p@host/`. */
export class UrlCredentialsDetector implements Detector {
  readonly name = 'url-credentials';
  readonly infoTypes = [InfoTypes.PASSWORD];

  detect(text: string, out: Span[]): void {
    // user info ends in '@', a rarer character than ':' to search for first
    if (text.indexOf('@') === -1) return;
    let p = text.indexOf('://');
    while (p !== -1) {
      USER_INFO.lastIndex = p + 3;
      const m = USER_INFO.exec(text);
      if (m && p > 0 && /[A-Za-z0-9]/.test(text[p - 1])) {
        const end = USER_INFO.lastIndex - 1;
        out.push({ start: end - m[1].length, end, infoType: InfoTypes.PASSWORD, priority: Priority.URL_CREDENTIALS });
      }
      p = text.indexOf('://', p + 3);
    }
  }
}
