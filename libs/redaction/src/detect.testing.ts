import { mulberry32 } from '@auditorium/frames/testing';

import type { Detector } from './detector';
import { RegexDetector } from './detector';
import { resolveSpans } from './span';
import type { Span } from './span';

/** The strings a detector would mask in `text`, for specs. */
export function found(detector: Detector, text: string): string[] {
  const out: Span[] = [];
  detector.detect(text, out);
  return resolveSpans(out).map((s) => text.slice(s.start, s.end));
}

/** `count` texts of 1 to `maxPieces` pieces drawn from `pieces`, seeded: inputs for the specs' parity checks. */
export function piecedTexts(seed: number, pieces: readonly string[], count: number, maxPieces: number): string[] {
  const rnd = mulberry32(seed);
  const texts: string[] = [];
  for (let k = 0; k < count; k++) {
    let text = '';
    for (let i = 0, n = 1 + Math.floor(rnd() * maxPieces); i < n; i++)
      text += pieces[Math.floor(rnd() * pieces.length)];
    texts.push(text);
  }
  return texts;
}

/**
 * Expects a detector that extends RegexDetector but matches by char codes to
 * find, in every text, what the global search of its own pattern finds.
 */
export function expectPatternParity(detector: RegexDetector, texts: readonly string[]): void {
  for (const text of texts) {
    const expected: Span[] = [];
    RegexDetector.prototype.detect.call(detector, text, expected);
    const actual: Span[] = [];
    detector.detect(text, actual);
    expect({ text, actual }).toEqual({ text, actual: expected });
  }
}
