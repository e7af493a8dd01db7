import type { Detector } from './detector';
import { Priority, RegexDetector } from './detector';
import { InfoTypes } from './info-types';
import type { InfoType } from './info-types';
import type { Span } from './span';
import { pairAt, pairTable, TextIndex } from './text-index';

interface TokenShape {
  name: string;
  infoType: InfoType;
  pattern: RegExp;
  /** the two characters a match can begin with (of a prefix the text index looks for) */
  first: readonly string[];
  validate?: (value: string) => boolean;
}

const hasDigitAndLetter = (v: string): boolean => /\d/.test(v) && /[A-Za-z]/.test(v);

/** Vendor credentials recognisable by their prefix and shape. */
export const TOKEN_SHAPES: readonly TokenShape[] = [
  {
    name: 'aws-access-key-id',
    infoType: InfoTypes.AWS_ACCESS_KEY_ID,
    pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}(?![A-Za-z0-9])/g,
    first: ['AK', 'AS', 'AB', 'AC'],
  },
  {
    name: 'github-token',
    infoType: InfoTypes.GITHUB_TOKEN,
    pattern: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{50,255})(?![A-Za-z0-9_])/g,
    first: ['gh', 'gi'],
  },
  {
    name: 'openai-api-key',
    infoType: InfoTypes.OPENAI_API_KEY,
    pattern: /(?<![A-Za-z0-9_-])sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}(?![A-Za-z0-9_-])/g,
    first: ['sk'],
    validate: hasDigitAndLetter,
  },
  {
    name: 'stripe-api-key',
    infoType: InfoTypes.STRIPE_API_KEY,
    pattern: /(?<![A-Za-z0-9_])(?:(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,247}|whsec_[A-Za-z0-9]{24,})(?![A-Za-z0-9_])/g,
    first: ['sk', 'rk', 'wh'],
  },
  {
    name: 'slack-token',
    infoType: InfoTypes.SLACK_TOKEN,
    pattern:
      /(?<![A-Za-z0-9_-])(?:xox[abposre]-[A-Za-z0-9-]{10,250}|xapp-\d-[A-Za-z0-9-]{10,250})(?![A-Za-z0-9_-])|https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]+/g,
    first: ['xo', 'xa', 'ht'],
  },
  {
    name: 'google-api-key',
    infoType: InfoTypes.GOOGLE_API_KEY,
    pattern: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g,
    first: ['AI'],
  },
];

/** Which shapes (a bit each, in TOKEN_SHAPES order) can begin with the two characters at a pairAt slot. */
const SHAPES_BY_PAIR = buildShapesByPair();

function buildShapesByPair(): Uint8Array {
  const t = new Uint8Array(128 * 128);
  TOKEN_SHAPES.forEach((shape, k) => {
    const pairs = pairTable(shape.first);
    for (let i = 0; i < pairs.length; i++) if (pairs[i] === 1) t[i] |= 1 << k;
  });
  return t;
}

/** AWS_ACCESS_KEY_ID, GITHUB_TOKEN, OPENAI_API_KEY, STRIPE_API_KEY, SLACK_TOKEN, GOOGLE_API_KEY. */
export class KnownTokenDetector implements Detector {
  readonly name = 'known-token';
  readonly infoTypes = TOKEN_SHAPES.map((t) => t.infoType);
  private readonly shapes = TOKEN_SHAPES.map(
    (t) =>
      new RegexDetector({
        name: t.name,
        infoType: t.infoType,
        priority: Priority.KNOWN_TOKEN,
        pattern: t.pattern,
        validate: t.validate,
      }),
  );
  /** per shape, where its search goes on (as a global search of that shape alone would) */
  private readonly next = new Int32Array(TOKEN_SHAPES.length);

  /** One walk over the text index's words; each shape is tried only where its prefix was seen. */
  detect(text: string, out: Span[], index: TextIndex = new TextIndex(text)): void {
    const words = index.words;
    const next = this.next;
    next.fill(0);
    for (let i = 0; i < words.length; i++) {
      const p = words[i];
      let shapes = SHAPES_BY_PAIR[pairAt(text, p)];
      for (let k = 0; shapes !== 0; k++, shapes >>= 1)
        if ((shapes & 1) !== 0 && p >= next[k]) next[k] = this.shapes[k].tryAt(text, p, out);
    }
  }
}
