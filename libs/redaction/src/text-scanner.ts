import type { AllowList } from './allow-list';
import type { Detector } from './detector';
import { resolveSpans } from './span';
import type { Span } from './span';
import { TextIndex } from './text-index';

/** Runs a fixed set of detectors over a string and returns merged, allow-listed spans. */
export class TextScanner {
  /**
   * Each detector's detect, bound: called through this list the call site
   * sees functions, not a dozen detector classes whose `detect` property
   * would be looked up megamorphically on every scan.
   */
  private readonly detects: ReadonlyArray<Detector['detect']>;

  constructor(
    detectors: readonly Detector[],
    private readonly allowList: AllowList,
  ) {
    this.detects = detectors.map((d) => d.detect.bind(d));
  }

  /**
   * `extra` are spans found by other means (custom rules, structure) to merge
   * with; `index`, the candidate index of `text` when the caller has one.
   */
  scan(text: string, extra?: readonly Span[], index?: TextIndex): Span[] {
    if (text.length === 0) return [];
    const found: Span[] = extra ? [...extra] : [];
    const candidates = index !== undefined && index.text === text ? index : new TextIndex(text);
    const detects = this.detects;
    for (let i = 0; i < detects.length; i++) detects[i](text, found, candidates);
    if (found.length === 0) return found;
    const kept =
      this.allowList.size === 0 ? found : found.filter((s) => !this.allowList.has(text.slice(s.start, s.end)));
    return resolveSpans(kept);
  }
}
