import { IBAN_COUNTRIES } from './iban-countries';
import { SCAN_TABLES, WasmTextScan } from './text-scan';

/**
 * Labels a match of a label-driven detector begins with: password-like
 * assignments, aws secret labels, authorization schemes, ssn and phone labels,
 * and the names of sensitive table columns. Found in any (ASCII) case.
 */
export const LABEL_WORDS: readonly string[] = [
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

/** Run flags, beside the digit count. */
export const RunFlags = { PLUS: 1, DASH: 2, SPACE: 4 } as const;

/** The labels as a trie over a–z (node 0 is the root; a child of 0 means none). */
const { child: TRIE, last: TRIE_END } = buildTrie(LABEL_WORDS);

function buildTrie(words: readonly string[]): { child: Uint16Array; last: Uint8Array } {
  const size = words.reduce((n, w) => n + w.length, 1);
  const child = new Uint16Array(size * 26);
  const last = new Uint8Array(size);
  let nodes = 1;
  for (const word of words) {
    let node = 0;
    for (let i = 0; i < word.length; i++) {
      const slot = node * 26 + word.charCodeAt(i) - 97;
      if (child[slot] === 0) child[slot] = nodes++;
      node = child[slot];
    }
    last[node] = 1;
  }
  return { child, last };
}

/**
 * What each ASCII character is to a number run, as bits: the RunFlags it sets
 * (the low three bits), whether it is a digit or a dot, part of a run, or a
 * character a run starts at. Characters from 128 up are none of these, as for
 * the ASCII-only `\d` of the regex this replaced. Bits, so counting needs no branches.
 */
const DIGIT = 8;
const DOT = 16;
const IN_RUN = 32;
const RUN_START = 64;

const RUN_CHARS = buildRunChars();

function buildRunChars(): Uint8Array {
  const t = new Uint8Array(128);
  for (let c = 48; c <= 57; c++) t[c] = DIGIT | IN_RUN | RUN_START;
  t[40] = IN_RUN | RUN_START; // (
  t[43] = IN_RUN | RUN_START | RunFlags.PLUS;
  t[41] = IN_RUN; // )
  t[46] = IN_RUN | DOT;
  t[45] = IN_RUN | RunFlags.DASH;
  t[32] = IN_RUN | RunFlags.SPACE;
  return t;
}

function inRun(c: number): boolean {
  return c < 128 && (RUN_CHARS[c] & IN_RUN) !== 0;
}

/**
 * What the first two characters (case as written, `c0 << 7 | c1`) can begin,
 * as bits: a label (LABEL), a vendor prefix (PREFIX), an IBAN's country code (IBAN),
 * or they are a ':' an IPv6 address can grow from (COLON, alone). One lookup
 * turns most characters away before the full checks.
 */
const LABEL = 1;
const PREFIX = 2;
const IBAN = 4;
const COLON = 8;
/** What can follow a ':' an IPv6 address grows from: a hex digit, ':' or '.'. */
const GROWS_IPV6 = '0123456789abcdefABCDEF:.';
/**
 * How the vendor prefixes prefixAt knows begin: their first two characters
 * and the characters the third can be (AKIA, gh[pousr]_, github_pat_, sk-…).
 */
const PREFIX_HEADS: ReadonlyArray<readonly [string, string]> = [
  ['AK', 'I'],
  ['AS', 'I'],
  ['AB', 'I'],
  ['AC', 'C'],
  ['AI', 'z'],
  ['gh', 'pousr'],
  ['gi', 't'],
  ['sk', '-_'],
  ['rk', '_'],
  ['wh', 's'],
  ['xo', 'x'],
  ['xa', 'p'],
  ['ht', 't'],
  ['ey', 'J'],
];
const PAIRS = buildPairs();
const GROWER = charTable(GROWS_IPV6);

function isGrower(c: number): boolean {
  return c < 128 && GROWER[c] === 1;
}
function pairSlot(a: string, b: string): number {
  return (a.charCodeAt(0) << 7) | b.charCodeAt(0);
}

/** The slots of a label's first two characters in any case ("pa", "pA", "Pa", "PA"). */
function labelSlots(label: string): number[] {
  const [a, b] = label;
  return [a, a.toUpperCase()].flatMap((x) => [b, b.toUpperCase()].map((y) => pairSlot(x, y)));
}

function buildPairs(): Uint8Array {
  const t = new Uint8Array(128 * 128);
  for (const label of LABEL_WORDS) for (const slot of labelSlots(label)) t[slot] |= LABEL;
  for (const [[a, b]] of PREFIX_HEADS) t[pairSlot(a, b)] |= PREFIX;
  for (const code of IBAN_COUNTRIES) t[pairSlot(code[0], code[1])] |= IBAN;
  for (const c of GROWS_IPV6) t[pairSlot(':', c)] = COLON;
  return t;
}

/**
 * A character as the third of a candidate, one bit of 32: a–z folded (bits
 * 0–25), a digit (26), '-' (27), '_' (28), anything else (29).
 */
const THIRD_CLASS = buildThirdClass();
/**
 * Per pair, the THIRD_CLASS bits of the third characters that can go on what
 * the pair begins (a label, a prefix, an IBAN's check digit), every bit for a
 * colon pair. Pairs are common in text, pairs with a third that fits are not:
 * one test of both keeps the scan's one branch rarely taken.
 */
const THIRDS = buildThirds();

function thirdClass(c: number): number {
  const f = (c | 32) - 97;
  if (f >= 0 && f < 26) return 1 << f;
  if (c >= 48 && c <= 57) return 1 << 26;
  return c === 45 ? 1 << 27 : c === 95 ? 1 << 28 : 1 << 29;
}

function buildThirdClass(): Uint32Array {
  const t = new Uint32Array(128);
  for (let c = 0; c < 128; c++) t[c] = thirdClass(c);
  return t;
}

function buildThirds(): Uint32Array {
  const t = new Uint32Array(128 * 128);
  const add = (slot: number, thirds: string): void => {
    for (const c of thirds) t[slot] |= thirdClass(c.charCodeAt(0));
  };
  for (const label of LABEL_WORDS) for (const slot of labelSlots(label)) add(slot, label[2]);
  for (const [pair, thirds] of PREFIX_HEADS) add(pairSlot(pair[0], pair[1]), thirds);
  for (const code of IBAN_COUNTRIES) add(pairSlot(code[0], code[1]), '0');
  for (const c of GROWS_IPV6) t[pairSlot(':', c)] = 0xffffffff;
  return t;
}

/** Whether a label (any case) starts at `i`. */
function labelAt(text: string, i: number, n: number): boolean {
  let node = 0;
  for (let j = i; j < n; j++) {
    // `| 32` folds A–Z onto a–z, and nothing else onto a–z
    const c = text.charCodeAt(j) | 32;
    if (c < 97 || c > 122) return false;
    node = TRIE[node * 26 + c - 97];
    if (node === 0) return false;
    if (TRIE_END[node] === 1) return true;
  }
  return false;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Whether a prefix (case as written) starts at `i`, given its first two
 * characters; the text holds a third. Reads stay inside the text: a read past
 * the end (NaN) deoptimized the scan.
 */
function prefixAt(text: string, i: number, n: number, c0: number, c1: number): boolean {
  const c2 = text.charCodeAt(i + 2);
  const c3 = i + 3 < n ? text.charCodeAt(i + 3) : 0;
  if (c0 >= 65 && c0 <= 90) {
    if (c0 !== 65) return false;
    // A(?:KIA|SIA|BIA|CCA|Iza)
    if (c1 === 75 || c1 === 83 || c1 === 66) return c2 === 73 && c3 === 65;
    if (c1 === 67) return c2 === 67 && c3 === 65;
    return c1 === 73 && c2 === 122 && c3 === 97;
  }
  switch (c0) {
    case 103: // gh[pousr]_ | github_pat_
      if (c1 === 105) return text.startsWith('github_pat_', i);
      return c1 === 104 && (c2 === 112 || c2 === 111 || c2 === 117 || c2 === 115 || c2 === 114) && c3 === 95;
    case 115: // sk- | sk_
      return c1 === 107 && (c2 === 45 || c2 === 95);
    case 114: // rk_
      return c1 === 107 && c2 === 95;
    case 119:
      return c1 === 104 && text.startsWith('whsec_', i);
    case 120: // xox | xapp-
      return c1 === 111 ? c2 === 120 : c1 === 97 && text.startsWith('xapp-', i);
    case 104:
      return c1 === 116 && text.startsWith('https://hooks.slack', i);
    case 101: // eyJ
      return c1 === 121 && c2 === 74;
    default:
      return false;
  }
}

/**
 * Starts of labels (any case), vendor prefixes, JWT headers and IBAN country
 * codes with check digits, ascending, overlapping ones included ("telephone");
 * and the ':'s an IPv6 address can grow from. One pass over character pairs.
 */
function wordsAndColons(text: string): Lists {
  const words: number[] = [];
  const colons: number[] = [];
  const n = text.length;
  let c0 = n > 0 ? text.charCodeAt(0) : 0;
  let c1 = n > 1 ? text.charCodeAt(1) : 0;
  // every label and prefix is at least three characters long
  for (let i = 0; i + 2 < n; i++) {
    const c2 = text.charCodeAt(i + 2);
    // the masks fold non-ASCII characters onto ASCII ones; `< 128`, checked on the few that pass, takes them out
    if ((THIRDS[((c0 << 7) | c1) & 0x3fff] & THIRD_CLASS[c2 & 127]) !== 0 && (c0 | c1) < 128)
      candidateAt(text, i, n, c0, c1, c2, words, colons);
    c0 = c1;
    c1 = c2;
  }
  lastPair(text, n, colons);
  return { words, colons, runs: null };
}

/**
 * Adds `i` (the text reads c0 c1 c2 there, i + 2 < n) to the words or the
 * colons when a candidate begins there. Callers have tested the position
 * (an ASCII pair whose THIRDS meet c2's THIRD_CLASS): the JavaScript scan
 * itself, the WebAssembly one before it hands the position over.
 */
function candidateAt(
  text: string,
  i: number,
  n: number,
  c0: number,
  c1: number,
  c2: number,
  words: number[],
  colons: number[],
): void {
  const kind = PAIRS[(c0 << 7) | c1];
  if (kind === COLON) colons.push(i);
  else if (
    ((kind & LABEL) !== 0 && labelAt(text, i, n)) ||
    ((kind & PREFIX) !== 0 && prefixAt(text, i, n, c0, c1)) ||
    ((kind & IBAN) !== 0 && i + 3 < n && isDigit(c2) && isDigit(text.charCodeAt(i + 3)))
  )
    words.push(i);
}

/**
 * The last pair, which only a colon can use. `n - 1` is worked out every time:
 * a rarely run operation without type feedback (and `includes`) deoptimized
 * the scan again and again.
 */
function lastPair(text: string, n: number, colons: number[]): void {
  if (n < 2) return;
  const last = n - 1;
  if (text.charCodeAt(last - 1) === 58 && isGrower(text.charCodeAt(last))) colons.push(last - 1);
}

/**
 * Number runs as [start, end, digits, dots, flags] tuples, flattened: each
 * maximal stretch of digits and number punctuation (space . ( ) + -), from its
 * first digit, '(' or '+', kept when it holds what the smallest number detector
 * match needs: 9 digits (an SSN), 8 and a '+' (E.164), or an IPv4's 4 digits
 * and 3 dots. An 8-digit date without a '+' is no candidate for any of them.
 */
function numberRuns(text: string): number[] {
  const runs: number[] = [];
  const n = text.length;
  // a run worth keeping is at least 7 long, so it covers one of every 7 positions: only those are looked at
  for (let j = 6; j < n; j += 7) {
    if (!inRun(text.charCodeAt(j))) continue;
    // the stretch began after the last position looked at, at most 6 back
    let end = j;
    while (end > 0 && inRun(text.charCodeAt(end - 1))) end--;
    let start = -1;
    let digits = 0;
    let dots = 0;
    let flags = 0;
    for (; end < n; end++) {
      const c = text.charCodeAt(end);
      const f = c < 128 ? RUN_CHARS[c] : 0;
      if ((f & IN_RUN) === 0) break;
      if (start < 0) {
        if ((f & RUN_START) === 0) continue;
        start = end;
      }
      digits += (f >> 3) & 1;
      dots += (f >> 4) & 1;
      flags |= f & 7;
    }
    if (digits >= 9 || (digits === 8 && (flags & RunFlags.PLUS) !== 0) || (dots >= 3 && digits >= 4))
      runs.push(start, end, digits, dots, flags);
    // text[end] is no run character: the next stretch lies after it
    j = end;
  }
  return runs;
}

/** The lists of a text's index; runs are read when first asked for (the WebAssembly scan reads them at once). */
interface Lists {
  words: number[];
  colons: number[];
  runs: number[] | null;
}

/** Texts shorter than this are scanned in JavaScript: for them the copy and the call cost more than they save. */
const WASM_MIN_LENGTH = 256;
/** Nor longer than this: the module's memory grows to the longest text (about 10 bytes a character) and stays. */
const WASM_MAX_LENGTH = 1 << 22;

/**
 * The word heads of each bucket (0–6) of the WebAssembly scan's class tables:
 * a label's or prefix's first three characters folded to lower case (a set
 * for the third).
 * Any assignment finds every candidate; this one, from a local search over the
 * character triples of the masking corpus, lets the fewest other positions
 * through: 4% of positions pass, of which half are candidates. A head missing
 * here goes to bucket 6. Bucket 7 is the colon's.
 */
const WORD_BUCKETS: ReadonlyArray<readonly string[]> = [
  ['pwd', 'pho', 'ghpousr', 'whs'],
  ['cli', 'cre', 'bea', 'cvc', 'coo'],
  ['api', 'acc', 'pri', 'ssn', 'msi', 'aki', 'asi', 'abi'],
  ['car', 'cvv', 'sk-_'],
  ['sec', 'tok', 'soc', 'tel', 'mob', 'cel', 'iba', 'sig'],
  ['pas', 'aws', 'bas', 'fax', 'rk_', 'xox', 'xap'],
  ['aut', 'aiz', 'git', 'htt', 'eyj'],
];

/** The tables text-scan.wat classifies and tests characters with, as its memory holds them (SCAN_TABLES). */
function wasmScanTables(): Uint8Array {
  const t = new Uint8Array(SCAN_TABLES.bytes);
  // WebAssembly memory is little-endian whatever the machine
  const view = new DataView(t.buffer);
  THIRD_CLASS.forEach((v, i) => view.setUint32(SCAN_TABLES.thirdClass + 4 * i, v, true));
  THIRDS.forEach((v, i) => view.setUint32(SCAN_TABLES.thirds + 4 * i, v, true));
  // a character in bucket b of a table: bit b at its low nibble, and 16 bytes on at its high nibble
  const add = (table: number, bucket: number, chars: string | readonly number[]): void => {
    for (const c of typeof chars === 'string' ? [...chars].map((x) => x.charCodeAt(0)) : chars) {
      t[table + (c & 15)] |= 1 << bucket;
      t[table + 16 + (c >> 4)] |= 1 << bucket;
    }
  };
  const [first, second, third] = SCAN_TABLES.wordNibbles;
  const heads: Array<readonly string[]> = [
    ...LABEL_WORDS.map((w) => [w[0], w[1], w[2]]),
    ...PREFIX_HEADS.map(([pair, thirds]) => [pair[0], pair[1], thirds]),
  ];
  for (const head of heads) {
    const [a, b, c] = head.map((x) => x.toLowerCase());
    const found = WORD_BUCKETS.findIndex((members) => members.includes(a + b + c));
    const bucket = found === -1 ? 6 : found;
    add(first, bucket, a);
    add(second, bucket, b);
    add(third, bucket, c);
  }
  // a colon and what an IPv6 address grows with, then anything
  add(first, 7, ':');
  add(second, 7, GROWS_IPV6.toLowerCase());
  const anyByte = Array.from({ length: 256 }, (_, c) => c);
  add(third, 7, anyByte);
  // IBAN country codes as written (upper case), spread over the 8 buckets by their first letter
  const [ibanFirst, ibanSecond, ibanThird] = SCAN_TABLES.ibanNibbles;
  for (const code of IBAN_COUNTRIES) {
    const bucket = (code.charCodeAt(0) - 65) % 8;
    add(ibanFirst, bucket, code[0]);
    add(ibanSecond, bucket, code[1]);
    add(ibanThird, bucket, '0123456789');
  }
  return t;
}

/** The process's WebAssembly scan, or why there is none; undefined until a long text asks for it. */
let wasmScan: WasmTextScan | string | undefined;

function wasm(): WasmTextScan | null {
  wasmScan ??= WasmTextScan.create(wasmScanTables());
  return typeof wasmScan === 'string' ? null : wasmScan;
}

/** Which scan long texts get: the WebAssembly one, or JavaScript and why (its module was not built). */
export function textScanBackend(): { backend: 'webassembly' | 'javascript'; reason?: string } {
  return wasm() ? { backend: 'webassembly' } : { backend: 'javascript', reason: wasmScan as string };
}

/** The lists of a long text from the WebAssembly scan: its candidates checked exactly, its runs as they are. */
function scanWasm(scan: WasmTextScan, text: string): Lists {
  scan.scan(text);
  const words: number[] = [];
  const colons: number[] = [];
  const n = text.length;
  const i32 = scan.i32;
  for (let j = scan.candAt, end = scan.candAt + scan.candCount; j < end; j++) {
    const i = i32[j];
    candidateAt(text, i, n, text.charCodeAt(i), text.charCodeAt(i + 1), text.charCodeAt(i + 2), words, colons);
  }
  lastPair(text, n, colons);
  // copied into a plain array: a typed array costs more to allocate than the copy
  const runs = new Array<number>(5 * scan.runCount);
  for (let j = 0, from = scan.runAt; j < runs.length; j++) runs[j] = i32[from + j];
  return { words, colons, runs };
}

/**
 * Candidates of one text, shared by all detectors of one scan instead of each
 * detector running its own pattern over the whole text. Detectors try their
 * (sticky) pattern at these positions only; that gives the same matches as a
 * global search, because every match they can make begins at one of them.
 * Lists are built on first use, from char codes (no regex): for long texts by
 * the WebAssembly scan (text-scan.wat), else words and colons in one pass over
 * character pairs and runs from every 7th character; both give the same lists.
 */
export class TextIndex {
  private lists: Lists | null = null;

  constructor(readonly text: string) {}

  /** starts of labels, vendor prefixes, JWT headers and IBAN country codes, ascending */
  get words(): number[] {
    return (this.lists ??= this.scan()).words;
  }

  /** every ':' followed by a hex digit, ':' or '.', where an IPv6 address can grow from, ascending */
  get colons(): number[] {
    return (this.lists ??= this.scan()).colons;
  }

  /** number runs that can hold a number, as [start, end, digits, dots, flags] tuples, flattened, ascending */
  get runs(): number[] {
    const lists = (this.lists ??= this.scan());
    return (lists.runs ??= numberRuns(this.text));
  }

  private scan(): Lists {
    const n = this.text.length;
    const scan = n >= WASM_MIN_LENGTH && n <= WASM_MAX_LENGTH ? wasm() : null;
    if (scan !== null)
      try {
        return scanWasm(scan, this.text);
      } catch {
        // the module's memory could not grow for this text: the JavaScript scan gives the same lists
      }
    return wordsAndColons(this.text);
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
