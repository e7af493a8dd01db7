import { AuthorizationDetector } from './authorization.detector';
import { AwsSecretKeyDetector } from './aws-secret-key.detector';
import { CreditCardDetector } from './credit-card.detector';
import type { Detector } from './detector';
import { RegexDetector } from './detector';
import { IbanDetector } from './iban.detector';
import { IpAddressDetector } from './ip-address.detector';
import { JwtDetector } from './jwt.detector';
import { KnownTokenDetector } from './known-token.detector';
import { PasswordAssignmentDetector } from './password-assignment.detector';
import { PhoneNumberDetector } from './phone-number.detector';
import type { Span } from './span';
import { SENSITIVE_NAME_HINT } from './sensitive-keys';
import { sensitiveColumnSpans } from './table.masker';
import { RunFlags, TextIndex } from './text-index';
import { UsSsnDetector } from './us-ssn.detector';

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

/** mulberry32: seeded, so a failure can be replayed */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Texts dense with near-misses: number shapes, labels, prefixes and the punctuation around them. */
function randomTexts(count: number, seed: number): string[] {
  const rnd = prng(seed);
  const pieces = [
    '4111 1111 1111 1111',
    '4111-1111-1111-1111',
    '378282246310005',
    '2024-01-15',
    '(415) 555-0100',
    '415.555.0100',
    '1-800-555-0100',
    '+44 20 7946 0958',
    '+14155550100',
    '020 7946 0958',
    '078-05-1120',
    '10.0.0.1',
    '192.168.1.254',
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
  const tokenShapes = (tokens as unknown as { detectors: Array<{ regex: RegexDetector }> }).detectors;
  const password = new PasswordAssignmentDetector();
  const { collect } = password as unknown as {
    collect: (isFlag: boolean, text: string, found: Span[], out: Span[]) => void;
  };
  const cases: Array<[string, Detector, Run[]]> = [
    ['credit-card', new CreditCardDetector(), []],
    ['iban', new IbanDetector(), []],
    ['jwt', new JwtDetector(), []],
    ['authorization', new AuthorizationDetector(), []],
    ['phone', phone, ['international', 'nanp', 'national', 'labelled'].map((f) => wholeText(phone, f))],
    ['us-ssn', ssn, ['dashed', 'labelled'].map((f) => wholeText(ssn, f))],
    ['ip-address', ip, [wholeText(ip, 'v4'), own(ip, 'detectV6')]],
    ['aws-secret-key', aws, [wholeText(aws, 'labelled'), own(aws, 'detectBare')]],
    ['known-token', tokens, tokenShapes.map((s) => (text: string, out: Span[]) => s.regex.detect(text, out))],
    [
      'password-assignment',
      password,
      [
        (text, out) => {
          for (const [field, isFlag] of [
            ['assignment', false],
            ['flag', true],
          ] as const) {
            const found: Span[] = [];
            wholeText(password, field)(text, found);
            collect.call(password, isFlag, text, found, out);
          }
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
      expect({ text, spans: actual }).toEqual({ text, spans: expected });
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
