import type { Detector } from './detector';
import { resolveSpans } from './span';
import type { Span } from './span';

/** The strings a detector would mask in `text`, for specs. */
export function found(detector: Detector, text: string): string[] {
  const out: Span[] = [];
  detector.detect(text, out);
  return resolveSpans(out).map((s) => text.slice(s.start, s.end));
}
