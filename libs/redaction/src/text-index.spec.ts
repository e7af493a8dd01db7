import { AuthorizationDetector } from './authorization.detector';
import { AwsSecretKeyDetector } from './aws-secret-key.detector';
import { CreditCardDetector } from './credit-card.detector';
import type { Detector } from './detector';
import { Priority, RegexDetector } from './detector';
import { IBAN_COUNTRIES } from './iban-countries';
import { IbanDetector } from './iban.detector';
import { InfoTypes } from './info-types';
import { IpAddressDetector, OCTET } from './ip-address.detector';
import { JwtDetector } from './jwt.detector';
import { KnownTokenDetector } from './known-token.detector';
import { PasswordAssignmentDetector } from './password-assignment.detector';
import { canStartNanp, PhoneNumberDetector } from './phone-number.detector';
import { PrivateKeyDetector } from './private-key.detector';
import type { Span } from './span';
import { SENSITIVE_NAME_HINT } from './sensitive-keys';
import { sensitiveColumnSpans } from './table.masker';
import { LABEL_WORDS, RunFlags, TextIndex, textScanBackend } from './text-index';
import { isValidSsn, UsSsnDetector } from './us-ssn.detector';
import { mulberry32 } from '@auditorium/frames/testing';

import { corpusFields, fieldText, generateCorpus } from '../../../scripts/gen-masking-corpus';

describe('TextIndex', () => {
  it('takes number runs whole, from their first digit, ( or +', () => {
    const text = 'call (415) 555-0100 or +44 20 7946 0958, id 12, ip 10.0.0.1.';
    const runs = new TextIndex(text).runs;
    const found: string[] = [];
    for (let i = 0; i < runs.length; i += 5) found.push(text.slice(runs[i], runs[i + 1]));
    expect(found).toEqual(['(415) 555-0100 ', '+44 20 7946 0958', '10.0.0.1.']);
    expect(runs.slice(2, 5)).toEqual([10, 0, RunFlags.DASH | RunFlags.SPACE]);
    expect(runs.slice(7, 10)).toEqual([12, 0, RunFlags.PLUS | RunFlags.SPACE]);
    expect(runs.slice(12, 15)).toEqual([5, 4, 0]);
  });

  it('finds overlapping labels (in any case) and prefixes', () => {
    const text = 'Telephone: x; PASSWORD=y; DE89370400440532013000 eyJhbGci';
    const at = new TextIndex(text).words.map((p) => text.slice(p, p + 4));
    expect(at).toEqual(['Tele', 'phon', 'PASS', 'DE89', 'eyJh']);
  });
});

/**
 * The regex passes TextIndex replaced, as the reference its scan must agree
 * with: every start of a WORDS match, and each RUN match measured walking back.
 */
const reference = (() => {
  const prefixes =
    /A(?:KIA|SIA|BIA|CCA|Iza)|gh[pousr]_|github_pat_|sk-|[sr]k_|whsec_|xox|xapp-|https:\/\/hooks\.slack|eyJ/;
  const ibans = `(?:${IBAN_COUNTRIES.join('|')})\\d{2}`;
  const anyCase = (word: string): string => word.replace(/[a-z]/g, (c) => `[${c.toUpperCase()}${c}]`);
  const WORDS = new RegExp(`${prefixes.source}|${ibans}|${LABEL_WORDS.map(anyCase).join('|')}`, 'g');
  const RUN = /[\d(+][\d .()+-]{6,}/g;

  function words(text: string): number[] {
    const at: number[] = [];
    WORDS.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = WORDS.exec(text)) !== null) {
      at.push(m.index);
      WORDS.lastIndex = m.index + 1;
    }
    return at;
  }

  function runs(text: string): number[] {
    const out: number[] = [];
    RUN.lastIndex = 0;
    while (RUN.test(text)) {
      const end = RUN.lastIndex;
      let [digits, dots, flags, start, runDigits, runDots, runFlags] = [0, 0, 0, end, 0, 0, 0];
      for (let i = end - 1; i >= 0; i--) {
        const d = text.charCodeAt(i);
        if (d >= 48 && d <= 57) digits++;
        else if (d === 46) dots++;
        else if (d === 43) flags |= RunFlags.PLUS;
        else if (d === 45) flags |= RunFlags.DASH;
        else if (d === 32) flags |= RunFlags.SPACE;
        else if (d !== 40 && d !== 41) break;
        if ((d >= 48 && d <= 57) || d === 40 || d === 43)
          [start, runDigits, runDots, runFlags] = [i, digits, dots, flags];
      }
      if (runDigits >= 9 || (runDigits === 8 && (runFlags & RunFlags.PLUS) !== 0) || (runDots >= 3 && runDigits >= 4))
        out.push(start, end, runDigits, runDots, runFlags);
    }
    return out;
  }

  function colons(text: string): number[] {
    const at: number[] = [];
    for (let p = text.indexOf(':'); p !== -1; p = text.indexOf(':', p + 1))
      if (/[\da-fA-F:.]/.test(text.charAt(p + 1))) at.push(p);
    return at;
  }

  return { words, runs, colons };
})();

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function expectParity(texts: readonly string[]): void {
  for (const text of texts) {
    // runs, words and colons asked for in another order on a second index: getters build lists together
    const a = new TextIndex(text);
    const b = new TextIndex(text);
    const actual = { text, runs: a.runs, words: a.words, colons: a.colons };
    const other = { text, colons: b.colons, words: b.words, runs: b.runs };
    const expected = { text, runs: reference.runs(text), words: reference.words(text), colons: reference.colons(text) };
    // toEqual only on a difference, which it then shows: it is slow over thousands of texts
    const same = (x: typeof actual): boolean =>
      sameNumbers(actual.runs, x.runs) && sameNumbers(actual.words, x.words) && sameNumbers(actual.colons, x.colons);
    if (!same(other)) expect(other).toEqual(actual);
    if (!same(expected)) expect(actual).toEqual(expected);
  }
}

/** Labels and prefixes whole and cut short, so words end at every point of the trie. */
const MIXED_WORDS = [
  ...LABEL_WORDS,
  'AKIA',
  'ASIA',
  'ABIA',
  'ACCA',
  'AIza',
  'ghp_',
  'gho_',
  'github_pat_',
  'sk-',
  'sk_',
]
  .concat(['rk_', 'whsec_', 'xox', 'xapp-', 'https://hooks.slack', 'eyJ', 'DE89', 'GB82', 'telephone', 'passwd'])
  .flatMap((w) => [w, w.slice(0, -1), w.slice(1)]);
/**
 * Digits and run punctuation; letters either side of the folding bit (@ [ ` { _); non-ASCII that
 * folds onto ASCII under other flags (ſ, K), is made of surrogates (emoji) or narrows to a byte
 */
const MIXED_CHARS = [
  ...'0123456789 .()+-',
  ...'aAzZpPsStTkKiIyYJxfFgG_@[`{/:=,\n\t',
  'é',
  'É',
  '用',
  'ſ',
  'K',
  'ı',
  '٣',
  '😀',
  '\ud83d',
  // the WebAssembly scan narrows code units to bytes: 255 as it is, from 256 up to 255, from 0x8000 up to 0
  'ÿ',
  'Ā',
  '\u8000',
  '：',
];

/** `n` pieces: words in a random mix of cases, number-like stretches, single characters. */
function mixedText(rnd: () => number, n: number): string {
  let s = '';
  for (let k = 0; k < n; k++) {
    const r = rnd();
    if (r < 0.2) {
      for (const c of MIXED_WORDS[Math.floor(rnd() * MIXED_WORDS.length)]) s += rnd() < 0.5 ? c.toUpperCase() : c;
    } else if (r < 0.35) {
      const m = Math.floor(rnd() * 12);
      for (let j = 0; j < m; j++) s += rnd() < 0.7 ? String(Math.floor(rnd() * 10)) : ' .()+-'[Math.floor(rnd() * 6)];
    } else s += MIXED_CHARS[Math.floor(rnd() * MIXED_CHARS.length)];
  }
  return s;
}

describe('TextIndex scan', () => {
  it('agrees with the regex passes over the masking corpus', () => {
    const texts: string[] = [];
    for (const { frame } of generateCorpus({ seed: 42, docs: 1500 }))
      for (const field of corpusFields(frame)) {
        const text = fieldText(frame, field) ?? '';
        texts.push(text, text.toUpperCase(), text.toLowerCase());
      }
    expect(texts.length).toBeGreaterThan(3000);
    expectParity(texts);
  });

  it('agrees with the regex passes over random text, non-ASCII included', () => {
    const rnd = mulberry32(11);
    const texts: string[] = [];
    for (let i = 0; i < 5000; i++) texts.push(mixedText(rnd, Math.floor(rnd() * 40)));
    expectParity(texts);
  });

  it('scans long texts with the WebAssembly module (npm run build:wasm builds it)', () => {
    expect(textScanBackend()).toEqual({ backend: 'webassembly' });
  });

  it('agrees with the regex passes over long random texts (the WebAssembly scan), ending at every alignment', () => {
    const rnd = mulberry32(12);
    const texts: string[] = [];
    for (let i = 0; i < 400; i++) {
      const text = mixedText(rnd, 150 + Math.floor(rnd() * 600));
      // bitmaps hold 16 characters a step and 64 a word: cut the text at each remainder
      texts.push(text, text.slice(0, 256 + (i % 130)));
    }
    expect(texts.filter((t) => t.length >= 256).length).toBeGreaterThan(700);
    expectParity(texts);
  });

  it('agrees with the regex passes on long number runs at every offset (the WebAssembly scan reads 64 bits at once)', () => {
    const rnd = mulberry32(13);
    const stretch = (len: number, leading: number): string => {
      let s = ' '.repeat(Math.min(leading, len));
      while (s.length < len) s += rnd() < 0.6 ? String(Math.floor(rnd() * 10)) : ' .()+-'[Math.floor(rnd() * 6)];
      return s;
    };
    const texts: string[] = [];
    for (const len of [7, 8, 62, 63, 64, 65, 66, 127, 128, 129, 300])
      for (const leading of [0, 5, 63, 64, 70, len])
        for (let offset = 0; offset < 70; offset += 3)
          texts.push(`${'x'.repeat(256 + offset)}${stretch(len, leading)}y${'z'.repeat(offset % 7)}`);
    expectParity(texts);
  });

  it('agrees with the regex passes on every short slice, so at both ends of a text', () => {
    // shortest keepable runs (7 long) at every alignment, colons before the last character, labels cut off
    const sample = [
      'abcdefghijklmn1.2.3.4y 12345678x1.2.3.4y (1.2.3.4)+12345678',
      ' a:f ::1 fe80::1: 10:00 IPv6 DE89 AKIAI eyJ ghp_ github_pat_ sk-a rk_ xox',
      ' xapp- whsec_ https://hooks.slack PASSWD Telephone cVc iban 用é😀 --password z:',
    ].join('');
    const texts: string[] = [];
    for (let from = 0; from < sample.length; from++)
      for (let len = 0; len <= 24 && from + len <= sample.length; len++) texts.push(sample.slice(from, from + len));
    expectParity(texts);
  });
});

/** Texts dense with near-misses: number shapes, labels, prefixes and the punctuation around them. */
function randomTexts(count: number, seed: number): string[] {
  const rnd = mulberry32(seed);
  const pieces = [
    '4111 1111 1111 1111',
    '4111-1111-1111-1111',
    '378282246310005',
    '2024-01-15',
    '(415) 555-0100',
    '415.555.0100',
    '1-800-555-0100',
    '1 (415)555-0100',
    '1.415-555.0100',
    '(415)  555-0100',
    '+44 20 7946 0958',
    '+14155550100',
    '020 7946 0958',
    '078-05-1120',
    '10.0.0.1',
    '192.168.1.254',
    '256.1.2.3',
    '01.2.3.4',
    '1.2.3.4.5',
    '255.255.255.255x',
    'Chrome/120.0.0.0',
    '1.2.3.045',
    'DE89 3704 0044 0532 0130 00',
    'GB82WEST12345698765432',
    'AKIAIOSFODNN7EXAMPLE',
    'sk-proj-abc123DEF456ghi789JKL0',
    'sk_live_4eC39HqLyjWDarjtT1zdp7dc',
    'ghp_1234567890abcdefghijABCDEFGHIJ123456',
    'AIzaSyA1234567890abcdefghijklmnopqrstu',
    'xoxb-1234567890-abcdefghij',
    'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.abc',
    'Bearer abc123DEF456ghi',
    'Basic dXNlcjpwYXNz',
    'password=',
    'PASSWORD: ',
    '"secret": "',
    'api_key=',
    '--password ',
    '--token=',
    'ssn ',
    'social security number: ',
    'phone: ',
    'Tel=',
    'aws_secret_access_key=',
    'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    'card',
    'id,card_number\n1,4242\n',
    '-----BEGIN RSA PRIVATE KEY-----\nMIIB',
    '-----END RSA PRIVATE KEY-----',
    'private key',
  ];
  const alphabet = '0123456789 .-()+,:;=/"\'_\nabcXYZ';
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    let s = '';
    const n = 1 + Math.floor(rnd() * 12);
    for (let k = 0; k < n; k++) {
      if (rnd() < 0.5) s += pieces[Math.floor(rnd() * pieces.length)];
      const m = Math.floor(rnd() * 6);
      for (let j = 0; j < m; j++) s += alphabet[Math.floor(rnd() * alphabet.length)];
    }
    texts.push(s);
  }
  return texts;
}

type Run = (text: string, out: Span[]) => void;

function inOrder(spans: Span[]): Span[] {
  return [...spans].sort((a, b) => a.start - b.start || a.end - b.end || a.infoType.localeCompare(b.infoType));
}

/** The global search over the whole text that each candidate-driven detector must agree with. */
function wholeText(detector: object, field: string): Run {
  const d = (detector as Record<string, unknown>)[field];
  if (!(d instanceof RegexDetector)) throw new Error(`no RegexDetector at ${field}`);
  return (text, out) => d.detect(text, out);
}

function own(detector: object, method: string): Run {
  const fn = (detector as Record<string, unknown>)[method];
  if (typeof fn !== 'function') throw new Error(`no method ${method}`);
  return (text, out) => (fn as (t: string, o: Span[]) => void).call(detector, text, out);
}

describe('candidate-driven detectors', () => {
  const texts = randomTexts(3000, 7);
  const phone = new PhoneNumberDetector();
  const ssn = new UsSsnDetector();
  const ip = new IpAddressDetector();
  const aws = new AwsSecretKeyDetector();
  const tokens = new KnownTokenDetector();
  const tokenShapes = (tokens as unknown as { shapes: RegexDetector[] }).shapes;
  // the regex the char-code matcher of IPv4 addresses replaced
  const ipv4Regex = new RegexDetector({
    name: 'ipv4',
    infoType: InfoTypes.IP_ADDRESS,
    priority: Priority.IP,
    pattern: new RegExp(`${OCTET}(?:\\.${OCTET}){3}(?![\\w]|\\.\\d)`, 'g'),
    validate: (_v, m, text) => {
      const b = m.index > 0 ? text.charCodeAt(m.index - 1) : -1;
      if (/\w/.test(String.fromCharCode(b)) || b === 46) return false;
      return !(b === 47 && /[A-Za-z]/.test(text[m.index - 2] ?? ''));
    },
  });
  // the regex the char-code matcher of North American numbers replaced
  const nanpRegex = new RegexDetector({
    name: 'phone-nanp',
    infoType: InfoTypes.PHONE_NUMBER,
    priority: Priority.PHONE,
    pattern: /(?:1[ .-]?)?(?:\([2-9]\d{2}\) ?|[2-9]\d{2}([ .-]))[2-9]\d{2}([ .-])\d{4}(?![\w]|[.-]\w)/g,
    retryInside: true,
    validate: (v, m, text) => {
      if (!canStartNanp(text, m.index)) return false;
      return m[1] === undefined || m[1] === m[2] || v.startsWith('(') || v.startsWith('1');
    },
  });
  // the regex the char-code matcher of dashed SSNs replaced
  const ssnDashed = new RegexDetector({
    name: 'us-ssn-dashed',
    infoType: InfoTypes.US_SOCIAL_SECURITY_NUMBER,
    priority: Priority.SSN,
    pattern: /(?<![\d-])(\d{3})-(\d{2})-(\d{4})(?![\d]|-\d)/g,
    validate: (_v, m) => isValidSsn(m[1], m[2], m[3]),
  });
  const password = new PasswordAssignmentDetector();
  const { assignmentValue, flagValues } = password as unknown as {
    assignmentValue: (text: string, p: number, out: Span[]) => number;
    flagValues: (text: string, found: Span[], out: Span[]) => void;
  };
  const cases: Array<[string, Detector, Run[]]> = [
    ['credit-card', new CreditCardDetector(), []],
    ['iban', new IbanDetector(), []],
    ['jwt', new JwtDetector(), []],
    ['private-key', new PrivateKeyDetector(), [own(new PrivateKeyDetector(), 'detectAll')]],
    ['authorization', new AuthorizationDetector(), []],
    [
      'phone',
      phone,
      [...['international', 'national', 'labelled'].map((f) => wholeText(phone, f)), (t, o) => nanpRegex.detect(t, o)],
    ],
    ['us-ssn', ssn, [(text, out) => ssnDashed.detect(text, out), wholeText(ssn, 'labelled')]],
    ['ip-address', ip, [(t, o) => ipv4Regex.detect(t, o), own(ip, 'detectV6')]],
    ['aws-secret-key', aws, [wholeText(aws, 'labelled'), own(aws, 'detectBare')]],
    ['known-token', tokens, tokenShapes.map((s) => (text: string, out: Span[]) => s.detect(text, out))],
    [
      'password-assignment',
      password,
      [
        (text, out) => {
          const assignments: Span[] = [];
          wholeText(password, 'assignment')(text, assignments);
          for (const a of assignments) assignmentValue.call(password, text, a.start, out);
          const flags: Span[] = [];
          wholeText(password, 'flag')(text, flags);
          flagValues.call(password, text, flags, out);
        },
      ],
    ],
  ];

  it.each(cases)('%s finds what a search of the whole text finds', (_name, detector, reference) => {
    for (const text of texts) {
      const expected: Span[] = [];
      // a detector that is one RegexDetector: its plain global search is the reference
      if (detector instanceof RegexDetector) RegexDetector.prototype.detect.call(detector, text, expected);
      else for (const run of reference) run(text, expected);
      const actual: Span[] = [];
      detector.detect(text, actual);
      // in the order of the text: a detector may find them in another (resolveSpans sorts anyway)
      expect({ text, spans: inOrder(actual) }).toEqual({ text, spans: inOrder(expected) });
    }
  });

  it('indexes every place a sensitive column name can begin', () => {
    const hint = new RegExp(SENSITIVE_NAME_HINT.source, 'iy');
    for (const text of texts) {
      const labels = new Set(new TextIndex(text).words);
      for (let p = 0; p < text.length; p++) {
        hint.lastIndex = p;
        if (hint.test(text)) expect({ text, p, indexed: labels.has(p) }).toEqual({ text, p, indexed: true });
      }
    }
    expect(sensitiveColumnSpans('id,card_number\n1,4242\n').length).toBe(1);
  });
});
