import { Priority, RegexDetector } from './detector';
import { InfoTypes } from './info-types';
import type { Span } from './span';
import { pairTable, TextIndex } from './text-index';

/** Bearer, Basic, Token */
const FIRST = pairTable(['be', 'ba', 'to'], true);

function blankAt(text: string, i: number): boolean {
  const c = i < text.length ? text.charCodeAt(i) : -1;
  return c === 32 || c === 9;
}

function plausibleCredential(scheme: string, value: string): boolean {
  if (/^basic$/i.test(scheme)) {
    // Basic credentials are base64("user:password").
    if (!/^[A-Za-z0-9+/]+=*$/.test(value) || value.length % 4 !== 0) return false;
    return Buffer.from(value, 'base64').toString('latin1').includes(':');
  }
  // An opaque bearer token has digits or is long and mixed-case; prose ("Bearer authentication") is neither.
  return /\d/.test(value) || (value.length >= 20 && /[a-z]/.test(value) && /[A-Z]/.test(value));
}

/** AUTHORIZATION: the credential after a Bearer / Basic / Token scheme, wherever it is written. */
export class AuthorizationDetector extends RegexDetector {
  constructor() {
    super({
      name: 'authorization',
      infoType: InfoTypes.AUTHORIZATION,
      priority: Priority.AUTHORIZATION,
      pattern:
        /\b(Bearer|Basic|Token|bearer|basic|token|BEARER|BASIC)[ \t]+([A-Za-z0-9\-._~+/]{8,}=*)(?![A-Za-z0-9\-._~+/=])/g,
      group: 2,
      groupEndsMatch: true,
      // a scheme is five or six letters, and a blank follows it
      ahead: (text, p) => blankAt(text, p + 5) || blankAt(text, p + 6),
      validate: (v, m) => plausibleCredential(m[1], v),
    });
  }

  /** Tried where the index saw a scheme's first letters. */
  override detect(text: string, out: Span[], index: TextIndex = new TextIndex(text)): void {
    this.detectAt(text, index.words, FIRST, out);
  }
}
