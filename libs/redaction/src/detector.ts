import type { InfoType } from './info-types';
import type { Span } from './span';

/** Finds one kind of sensitive value in a string. Detectors never throw on odd input. */
export interface Detector {
  readonly name: string;
  readonly infoTypes: readonly InfoType[];
  /** Appends what it finds in `text` to `out`. */
  detect(text: string, out: Span[]): void;
}

export interface RegexDetectorOptions {
  name: string;
  infoType: InfoType;
  priority: number;
  /** must have the `g` flag */
  pattern: RegExp;
  /** capture group whose text is masked (default: whole match) */
  group?: number;
  /** extra check on the masked text (checksum, plausibility, boundaries) */
  validate?: (value: string, match: RegExpExecArray, text: string) => boolean;
  /** after a rejected match, retry from the next character instead of after the match */
  retryInside?: boolean;
}

/** Char code before `index`, or -1 at the start. Boundary checks live in JS, not in leading
 *  lookbehinds, because a pattern starting with a lookbehind loses V8's fast first-char scan. */
export function charBefore(text: string, index: number): number {
  return index > 0 ? text.charCodeAt(index - 1) : -1;
}

export function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A detector made of one global regex, optionally a capture group and a validator. */
export class RegexDetector implements Detector {
  readonly name: string;
  readonly infoTypes: readonly InfoType[];
  private readonly pattern: RegExp;

  constructor(private readonly options: RegexDetectorOptions) {
    if (!options.pattern.global) throw new Error(`detector ${options.name}: pattern needs the g flag`);
    this.name = options.name;
    this.infoTypes = [options.infoType];
    this.pattern = new RegExp(options.pattern.source, options.pattern.flags + (options.group ? 'd' : ''));
  }

  detect(text: string, out: Span[]): void {
    const { group, validate, infoType, priority } = this.options;
    const re = this.pattern;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      let start = m.index;
      let value = m[0];
      if (group) {
        const g = m[group];
        const idx = m.indices?.[group];
        if (g === undefined || !idx) continue;
        value = g;
        start = idx[0];
      }
      if (value.length === 0) {
        re.lastIndex++;
        continue;
      }
      if (validate && !validate(value, m, text)) {
        if (this.options.retryInside) re.lastIndex = m.index + 1;
        continue;
      }
      out.push({ start, end: start + value.length, infoType, priority });
    }
  }
}

/** Detection priorities: the more specific a detector, the higher. */
export const Priority = {
  PRIVATE_KEY: 100,
  KNOWN_TOKEN: 90,
  JWT: 85,
  URL_CREDENTIALS: 82,
  AUTHORIZATION: 80,
  ASSIGNMENT: 70,
  CUSTOM: 65,
  DENY_LIST: 64,
  CREDIT_CARD: 60,
  IBAN: 55,
  SSN: 50,
  EMAIL: 45,
  IP: 40,
  PHONE: 30,
  CONTEXT: 20,
} as const;
