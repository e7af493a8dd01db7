import type { Detector } from './detector';
import { Priority, RegexDetector } from './detector';
import { InfoTypes } from './info-types';
import type { Span } from './span';
import { charTable, pairTable, TextIndex } from './text-index';

/** aws…, secret… */
const LABEL = pairTable(['aw', 'se'], true);

/** The base64 alphabet as a table: one predictable branch per character, where a chain of range tests mispredicts. */
const B64 = charTable('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+');

function isB64(c: number): boolean {
  return c < 128 && B64[c] === 1;
}

/** Whether `word` (lower case) is at `i`, in any case. */
function wordAt(text: string, i: number, word: string): boolean {
  if (i + word.length > text.length) return false;
  for (let k = 0; k < word.length; k++) if ((text.charCodeAt(i + k) | 32) !== word.charCodeAt(k)) return false;
  return true;
}

/**
 * What the labelled pattern begins with, checked before it is tried: "aws",
 * an optional '_', "secret"; or "secret", an optional '_', "access". Most
 * "secret"s in text go on otherwise.
 */
function labelAhead(text: string, p: number): boolean {
  if (wordAt(text, p, 'aws')) return wordsAt(text, p + 3, 'secret');
  return wordAt(text, p, 'secret') && wordsAt(text, p + 6, 'access');
}

/** `word` at `i`, or after a '_' there. */
function wordsAt(text: string, i: number, word: string): boolean {
  return wordAt(text, i, word) || (text.charCodeAt(i) === 95 && wordAt(text, i + 1, word));
}

/**
 * AWS_SECRET_ACCESS_KEY: 40 base64 characters. Next to a label it is taken as
 * is; alone it must look random (upper, lower, digit, and a '/' or '+'), which
 * excludes hex digests and words.
 */
export class AwsSecretKeyDetector implements Detector {
  readonly name = 'aws-secret-key';
  readonly infoTypes = [InfoTypes.AWS_SECRET_ACCESS_KEY];

  private readonly labelled = new RegexDetector({
    name: 'aws-secret-key-labelled',
    infoType: InfoTypes.AWS_SECRET_ACCESS_KEY,
    priority: Priority.KNOWN_TOKEN,
    pattern:
      /(?:aws_?secret_?(?:access_?)?key|secret_?access_?key)["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
    group: 1,
    groupEndsMatch: true,
    ahead: labelAhead,
  });

  detect(text: string, out: Span[], index: TextIndex = new TextIndex(text)): void {
    this.labelled.detectAt(text, index.words, LABEL, out);
    this.detectBare(text, out);
  }

  /** Grows a base64 run around each '/' or '+' (rare in text) instead of trying every letter. */
  private detectBare(text: string, out: Span[]): void {
    const n = text.length;
    let slash = text.indexOf('/');
    let plus = text.indexOf('+');
    while (slash !== -1 || plus !== -1) {
      const at = slash === -1 ? plus : plus === -1 ? slash : Math.min(slash, plus);
      let s = at;
      while (s > 0 && isB64(text.charCodeAt(s - 1))) s--;
      let e = at + 1;
      while (e < n && isB64(text.charCodeAt(e))) e++;
      // go on after this run, as a search for the next '/' or '+' from `e` would
      if (slash !== -1 && slash < e) slash = text.indexOf('/', e);
      if (plus !== -1 && plus < e) plus = text.indexOf('+', e);
      if (e - s !== 40 || (e < n && text.charCodeAt(e) === 61)) continue;
      const v = text.slice(s, e);
      if (/[a-z]/.test(v) && /[A-Z]/.test(v) && /\d/.test(v) && !v.includes('//'))
        out.push({ start: s, end: e, infoType: InfoTypes.AWS_SECRET_ACCESS_KEY, priority: Priority.CONTEXT });
    }
  }
}
