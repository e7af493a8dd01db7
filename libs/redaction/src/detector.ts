import type { InfoType } from './info-types';
import type { Span } from './span';
import { charTable, pairAt } from './text-index';
import type { TextIndex } from './text-index';

/** Finds one kind of sensitive value in a string. Detectors never throw on odd input. */
export interface Detector {
  readonly name: string;
  readonly infoTypes: readonly InfoType[];
  /**
   * Appends what it finds in `text` to `out`. `index` is the candidate index
   * of `text` shared by the detectors of one scan; detectors that use one
   * build it themselves when it is not given.
   */
  detect(text: string, out: Span[], index?: TextIndex): void;
}

export interface RegexDetectorOptions {
  name: string;
  infoType: InfoType;
  priority: number;
  /** must have the `g` flag */
  pattern: RegExp;
  /** capture group whose text is masked (default: whole match) */
  group?: number;
  /**
   * The group always ends where the match does (only look-aheads follow it):
   * its start is then known from the lengths, without the `d` flag's indices,
   * which cost an allocation per match.
   */
  groupEndsMatch?: boolean;
  /**
   * A cheap necessary condition at a candidate of `detectAt`, checked before
   * the pattern is tried there (what must follow a label, a word boundary).
   */
  ahead?: (text: string, index: number) => boolean;
  /** extra check on the masked text (checksum, plausibility, boundaries) */
  validate?: (value: string, match: RegExpExecArray, text: string) => boolean;
  /** after a rejected match, retry from the next character instead of after the match */
  retryInside?: boolean;
  /** Where a match can begin, for `detectIn` to try the pattern there only (see StartsOptions). */
  starts?: StartsOptions;
}

/**
 * Where a match can begin: `first`, the characters it begins with;
 * `notAfter`, characters that cannot come right before it; `canStart`, any
 * further check. Each must hold for every match of the pattern or, for a
 * detector that retries one character on after a rejected match, for every
 * match it accepts.
 */
export interface StartsOptions {
  first: string;
  notAfter: string;
  canStart?: (text: string, index: number) => boolean;
}

/** Word characters, as `\w` and isWordCode have them. */
export const WORD_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_';

/** Char code before `index`, or -1 at the start. Boundary checks live in JS, not in leading
 *  lookbehinds, because a pattern starting with a lookbehind loses V8's fast first-char scan. */
export function charBefore(text: string, index: number): number {
  return index > 0 ? text.charCodeAt(index - 1) : -1;
}

/** Char code at `i`, or -1 past `n`, the text's length (a read past the end, NaN, deoptimizes a loop). */
export function codeAt(text: string, i: number, n: number): number {
  return i < n ? text.charCodeAt(i) : -1;
}

export function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** `\b` before a word character at `index`: nothing, or no word character, comes before it. */
export function atWordStart(text: string, index: number): boolean {
  return !isWordCode(charBefore(text, index));
}

export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The positions of a number run where a match can begin, as StartsOptions have them. */
export class Starts {
  private readonly first: Uint8Array;
  private readonly notAfter: Uint8Array;
  private readonly canStart: ((text: string, index: number) => boolean) | null;
  /** no match begins right after a digit: skip the rest of a digit run */
  private readonly skipDigits: boolean;

  constructor(options: StartsOptions) {
    this.first = charTable(options.first);
    this.notAfter = charTable(options.notAfter);
    this.canStart = options.canStart ?? null;
    this.skipDigits = [...'0123456789'].every((d) => options.notAfter.includes(d));
  }

  /** The first position from `p` before `to` where a match can begin, or `to`. */
  next(text: string, p: number, to: number): number {
    const first = this.first;
    const notAfter = this.notAfter;
    const canStart = this.canStart;
    while (p < to) {
      const c = text.charCodeAt(p);
      const b = charBefore(text, p);
      if (
        c < 128 &&
        first[c] === 1 &&
        !(b >= 0 && b < 128 && notAfter[b] === 1) &&
        (canStart === null || canStart(text, p))
      )
        return p;
      p++;
      if (this.skipDigits && isDigitCode(c)) while (p < to && isDigitCode(text.charCodeAt(p))) p++;
    }
    return to;
  }
}

/** A detector made of one global regex, optionally a capture group and a validator. */
export class RegexDetector implements Detector {
  readonly name: string;
  readonly infoTypes: readonly InfoType[];
  private readonly pattern: RegExp;
  /** the same pattern, anchored at lastIndex, for trying it at candidate positions */
  private readonly sticky: RegExp;
  private readonly starts: Starts | null;
  // the options as fields of one shape: read per match, a destructured options object of varying shape was megamorphic
  private readonly infoType: InfoType;
  private readonly priority: number;
  private readonly group: number;
  private readonly validate: NonNullable<RegexDetectorOptions['validate']> | null;
  private readonly retryInside: boolean;
  private readonly groupEndsMatch: boolean;
  private readonly ahead: ((text: string, index: number) => boolean) | null;

  constructor(options: RegexDetectorOptions) {
    if (!options.pattern.global) throw new Error(`detector ${options.name}: pattern needs the g flag`);
    this.name = options.name;
    this.infoTypes = [options.infoType];
    this.infoType = options.infoType;
    this.priority = options.priority;
    this.group = options.group ?? 0;
    this.validate = options.validate ?? null;
    this.retryInside = options.retryInside === true;
    this.groupEndsMatch = options.groupEndsMatch === true;
    this.ahead = options.ahead ?? null;
    this.starts = options.starts ? new Starts(options.starts) : null;
    const flags = options.pattern.flags + (options.group && !this.groupEndsMatch ? 'd' : '');
    this.pattern = new RegExp(options.pattern.source, flags);
    this.sticky = new RegExp(options.pattern.source, flags.replace('g', '') + 'y');
  }

  detect(text: string, out: Span[]): void {
    const re = this.pattern;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) re.lastIndex = this.accept(m, re.lastIndex, text, out);
  }

  /**
   * Same result as `detect` when every match can only begin at one of
   * `candidates` (ascending) whose first two characters are marked in
   * `pairs` (a pairTable) and that pass `ahead`: the pattern is tried there
   * only, instead of at every position of the text.
   */
  detectAt(text: string, candidates: readonly number[], pairs: Uint8Array, out: Span[]): void {
    const ahead = this.ahead;
    let next = 0;
    for (let i = 0; i < candidates.length; i++) {
      const p = candidates[i];
      if (p < next || pairs[pairAt(text, p)] !== 1 || (ahead !== null && !ahead(text, p))) continue;
      next = this.tryAt(text, p, out);
    }
  }

  /** Tries the pattern at `p` only; returns where a global search would go on. */
  tryAt(text: string, p: number, out: Span[]): number {
    const re = this.sticky;
    re.lastIndex = p;
    const m = re.exec(text);
    return m === null ? p + 1 : this.accept(m, re.lastIndex, text, out);
  }

  /**
   * Same as `detect` restricted to matches inside [from, to), a stretch no
   * match can cross (a number run), tried where `starts` allows (a detector
   * without them has no use for this).
   */
  detectIn(text: string, from: number, to: number, out: Span[]): void {
    const starts = this.starts;
    if (starts === null) throw new Error(`detector ${this.name}: detectIn needs starts`);
    const re = this.sticky;
    for (let p = starts.next(text, from, to); p < to;) {
      re.lastIndex = p;
      const m = re.exec(text);
      p = starts.next(text, m === null ? p + 1 : Math.max(p + 1, this.accept(m, re.lastIndex, text, out)), to);
    }
  }

  /** Handles one match; returns where the search goes on, as the global loop would. */
  private accept(m: RegExpExecArray, lastIndex: number, text: string, out: Span[]): number {
    const group = this.group;
    const validate = this.validate;
    let start = m.index;
    let value = m[0];
    if (group !== 0) {
      const g = m[group];
      if (g === undefined) return lastIndex;
      if (this.groupEndsMatch) start = m.index + m[0].length - g.length;
      else {
        const idx = m.indices?.[group];
        if (!idx) return lastIndex;
        start = idx[0];
      }
      value = g;
    }
    if (value.length === 0) return lastIndex + 1;
    if (validate !== null && !validate(value, m, text)) return this.retryInside ? m.index + 1 : lastIndex;
    out.push({ start, end: start + value.length, infoType: this.infoType, priority: this.priority });
    return lastIndex;
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
