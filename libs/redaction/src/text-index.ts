/**
 * Labels a match of a label-driven detector begins with: password-like
 * assignments, aws secret labels, authorization schemes, ssn and phone labels,
 * and the names of sensitive table columns. Found in any case.
 */
const LABEL_WORDS = [
  'pass',
  'pwd',
  'secret',
  'token',
  'api',
  'access',
  'private',
  'client',
  'credential',
  'aws',
  'bearer',
  'basic',
  'ssn',
  'social',
  'phone',
  'tel',
  'mobile',
  'cell',
  'fax',
  'msisdn',
  'card',
  'cvv',
  'cvc',
  'iban',
  'authorization',
  'cookie',
  'signature',
];

/** Prefixes a vendor token (known-token), a JWT or an IBAN (country code and check digits) begins with. */
const PREFIXES =
  /A(?:KIA|SIA|BIA|CCA|Iza)|gh[pousr]_|github_pat_|sk-|[sr]k_|whsec_|xox|xapp-|https:\/\/hooks\.slack|eyJ|[A-Z]{2}\d{2}/;

/** `[Pp][Aa][Ss][Ss]`: a label in any case without the `i` flag, which would also fold `[A-Z]{2}` of PREFIXES */
function anyCase(word: string): string {
  return word.replace(/[a-z]/g, (c) => `[${c.toUpperCase()}${c}]`);
}

/** Labels and prefixes in one pass. */
const WORDS = new RegExp(`${PREFIXES.source}|${LABEL_WORDS.map(anyCase).join('|')}`, 'g');

/**
 * A run of digits and number punctuation (space . ( ) + -) starting at a digit,
 * '(' or '+', at least 7 long (the shortest number detector match is
 * `1.2.3.4`). Number detectors match only inside such runs, and the regex
 * takes each run whole (greedy), so one run is one maximal stretch.
 */
const RUN = /[\d(+][\d .()+-]{6,}/g;

/** Run flags, beside the digit count. */
export const RunFlags = { PLUS: 1, DASH: 2, SPACE: 4 } as const;

/** Every start of a `re` match, overlapping ones included ("telephone", "DE89…"). */
function starts(re: RegExp, text: string): number[] {
  const at: number[] = [];
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    at.push(m.index);
    re.lastIndex = m.index + 1;
  }
  return at;
}

/**
 * Candidates of one text, shared by all detectors of one scan instead of each
 * detector running its own pattern over the whole text. Detectors try their
 * (sticky) pattern at these positions only; that gives the same matches as a
 * global search, because every match they can make begins at one of them.
 * Each list is built on first use, in one regex pass.
 */
export class TextIndex {
  private wordStarts: number[] | null = null;
  private runList: number[] | null = null;

  constructor(readonly text: string) {}

  /** starts of labels, vendor prefixes, JWT headers and IBAN country codes, ascending */
  get words(): number[] {
    return (this.wordStarts ??= starts(WORDS, this.text));
  }

  /** number runs that can hold a number, as [start, end, digits, dots, flags] tuples, flattened, ascending */
  get runs(): number[] {
    if (this.runList !== null) return this.runList;
    const text = this.text;
    const runs: number[] = [];
    const re = RUN;
    re.lastIndex = 0;
    // test(), not exec(): no match object per run; the run is measured walking back from its end
    while (re.test(text)) {
      const end = re.lastIndex;
      let digits = 0;
      let dots = 0;
      let flags = 0;
      let start = end;
      let runDigits = 0;
      let runDots = 0;
      let runFlags = 0;
      for (let i = end - 1; i >= 0; i--) {
        const d = text.charCodeAt(i);
        if (d >= 48 && d <= 57) digits++;
        else if (d === 46) dots++;
        else if (d === 43) flags |= RunFlags.PLUS;
        else if (d === 45) flags |= RunFlags.DASH;
        else if (d === 32) flags |= RunFlags.SPACE;
        else if (d !== 40 && d !== 41) break;
        // the run starts at the first digit, '(' or '+' of the stretch
        if ((d >= 48 && d <= 57) || d === 40 || d === 43) {
          start = i;
          runDigits = digits;
          runDots = dots;
          runFlags = flags;
        }
      }
      // the fewest any number detector needs: 8 digits (E.164), or an IPv4's 4 digits and 3 dots
      if (runDigits >= 8 || (runDots >= 3 && runDigits >= 4)) runs.push(start, end, runDigits, runDots, runFlags);
    }
    return (this.runList = runs);
  }
}

/** A lookup table of the char codes in `chars`, for the character checks around candidates. */
export function charTable(chars: string): Uint8Array {
  const t = new Uint8Array(128);
  for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = 1;
  return t;
}

/**
 * A lookup table of the two-character beginnings in `pairs` (in any case with
 * `anyCase`), indexed by pairAt: which candidates a detector tries.
 */
export function pairTable(pairs: readonly string[], anyCase = false): Uint8Array {
  const t = new Uint8Array(128 * 128);
  const cases = (c: string): string[] => (anyCase ? [c.toLowerCase(), c.toUpperCase()] : [c]);
  for (const pair of pairs)
    for (const a of cases(pair[0])) for (const b of cases(pair[1])) t[(a.charCodeAt(0) << 7) | b.charCodeAt(0)] = 1;
  return t;
}

/** The pairTable slot of the two characters at `index` (other characters fold onto ASCII ones: a superset). */
export function pairAt(text: string, index: number): number {
  return ((text.charCodeAt(index) & 127) << 7) | (text.charCodeAt(index + 1) & 127);
}
