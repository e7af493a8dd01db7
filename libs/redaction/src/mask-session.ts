import type { InfoType } from './info-types';
import type { Masker } from './masker';
import type { Span } from './span';
import type { TextIndex } from './text-index';

export interface Finding {
  infoType: InfoType;
  /** field path in the frame: "body", "body.users[].email", "headers.authorization", "target.query.token" */
  path: string;
  count: number;
}

export type ScanFn = (text: string, extra?: readonly Span[], index?: TextIndex) => Span[];

/** State of masking one frame: how to scan, how to replace, and the findings so far (never values). */
export class MaskSession {
  /** in order of first occurrence */
  private readonly findings: Finding[] = [];
  /**
   * path → its findings, to count without building a key string per value; a
   * path has one or two info types, so an array search beats a Map per path
   */
  private readonly byPath = new Map<string, Finding[]>();

  constructor(
    readonly scan: ScanFn,
    private readonly masker: Masker,
  ) {}

  replace(infoType: InfoType, value: string, path: string): string {
    this.count(infoType, path);
    return this.masker.replacement(infoType, value);
  }

  /**
   * replace() of text.slice(start, end), sliced only when the replacement
   * needs the value (partial, pseudonym): a type masked by token never does.
   */
  replaceIn(infoType: InfoType, text: string, start: number, end: number, path: string): string {
    const token = this.masker.cachedToken(infoType);
    if (token === undefined) return this.replace(infoType, text.slice(start, end), path);
    this.count(infoType, path);
    return token;
  }

  private count(infoType: InfoType, path: string): void {
    const atPath = this.byPath.get(path);
    let f: Finding | undefined;
    if (atPath !== undefined)
      for (let i = 0; i < atPath.length; i++)
        if (atPath[i].infoType === infoType) {
          f = atPath[i];
          break;
        }
    if (f) f.count++;
    else {
      const finding = { infoType, path, count: 1 };
      if (atPath) atPath.push(finding);
      else this.byPath.set(path, [finding]);
      this.findings.push(finding);
    }
  }

  /** Replaces resolved (sorted, non-overlapping) spans in `text`. */
  apply(text: string, spans: readonly Span[], path: string, escape?: (s: string) => string): string {
    if (spans.length === 0) return text;
    let out = '';
    let pos = 0;
    for (const s of spans) {
      const r = this.replaceIn(s.infoType, text, s.start, s.end, path);
      out += text.slice(pos, s.start) + (escape ? escape(r) : r);
      pos = s.end;
    }
    return out + text.slice(pos);
  }

  /** Scans and masks a free-text string. */
  maskText(text: string, path: string, extra?: readonly Span[], index?: TextIndex): string {
    return this.apply(text, this.scan(text, extra, index), path);
  }

  getFindings(): Finding[] {
    return [...this.findings];
  }
}
