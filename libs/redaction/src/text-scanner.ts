import type { AllowList } from './allow-list';
import type { Detector } from './detector';
import { resolveSpans } from './span';
import type { Span } from './span';

/** Runs a fixed set of detectors over a string and returns merged, allow-listed spans. */
export class TextScanner {
  constructor(
    private readonly detectors: readonly Detector[],
    private readonly allowList: AllowList,
  ) {}

  /** `extra` are spans found by other means (custom rules, structure) to merge with. */
  scan(text: string, extra?: readonly Span[]): Span[] {
    if (text.length === 0) return [];
    const found: Span[] = extra ? [...extra] : [];
    for (const d of this.detectors) d.detect(text, found);
    if (found.length === 0) return found;
    const kept =
      this.allowList.size === 0 ? found : found.filter((s) => !this.allowList.has(text.slice(s.start, s.end)));
    return resolveSpans(kept);
  }
}
