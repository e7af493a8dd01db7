import type { Detector } from './detector';
import { Priority } from './detector';
import { InfoTypes } from './info-types';
import type { Span } from './span';
import { TextIndex } from './text-index';

const BEGIN = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g;
const END = /-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g;
/** Body of a key cut short (truncated frame): base64, whitespace, escaped newlines, headers. */
const BODY = /[A-Za-z0-9+/=\s\\:,-]*/y;

/** Whether "PRIVATE KEY" is in the text, from the words the index found ("private" is one): no search of the whole text. */
function indexedPrivateKey(text: string, words: readonly number[]): boolean {
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (text.charCodeAt(w) === 80 && text.startsWith('PRIVATE KEY', w)) return true;
  }
  return false;
}

/** PRIVATE_KEY: PEM / OpenSSH private key blocks, BEGIN to END, or to the end of the base64 if cut. */
export class PrivateKeyDetector implements Detector {
  readonly name = 'private-key';
  readonly infoTypes = [InfoTypes.PRIVATE_KEY];

  detect(text: string, out: Span[], index: TextIndex = new TextIndex(text)): void {
    if (indexedPrivateKey(text, index.words)) this.detectAll(text, out);
  }

  /** The blocks of a text known to hold "PRIVATE KEY". */
  private detectAll(text: string, out: Span[]): void {
    BEGIN.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = BEGIN.exec(text)) !== null) {
      const start = m.index;
      END.lastIndex = BEGIN.lastIndex;
      const end = END.exec(text);
      let stop: number;
      if (end) {
        stop = end.index + end[0].length;
      } else {
        BODY.lastIndex = BEGIN.lastIndex;
        BODY.exec(text);
        stop = BODY.lastIndex;
      }
      out.push({ start, end: stop, infoType: InfoTypes.PRIVATE_KEY, priority: Priority.PRIVATE_KEY });
      BEGIN.lastIndex = stop;
    }
  }
}
