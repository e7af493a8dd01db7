import type { Frame } from '@auditorium/frames';

import { frameSearchText } from '../frame-search-text';

/** Letters, numbers, marks and private-use characters: what SQLite's unicode61 tokenizer keeps in a token. */
const TERM = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;
const MARKS = /\p{M}+/gu;
/** Words of a query; more are ignored (as the SQLite adapter does). */
export const MAX_QUERY_WORDS = 32;
/** A single token longer than this is cut (Lucene refuses terms over 32 KiB; nobody searches for such). */
const MAX_WORD_CHARS = 256;

/**
 * Search engines tokenize text their own way (the standard tokenizer keeps
 * "a.b" as one token, the simple one drops digits), so Auditorium tokenizes in
 * Node instead and indexes the result with the `whitespace` analyzer: words are
 * runs of letters and digits, lower-cased, diacritics removed — the same rule
 * for indexing and for queries, the same on both engines, and the same words
 * SQLite's unicode61 tokenizer finds.
 */
export function normalizeWord(word: string): string {
  return word.normalize('NFKD').replace(MARKS, '').toLowerCase().slice(0, MAX_WORD_CHARS);
}

/** Anything but printable ASCII and tab/newline: the general Unicode rule (letters, marks, NFKD) runs. */
const NON_ASCII = /[^\t\n\r\u0020-\u007e]/;
/** In ASCII, TERM's letters and numbers are exactly these, and normalizing is lower-casing. */
const ASCII_TERM = /[a-z0-9]+/g;

/** The distinct words of a frame's search text, space-separated (the `words` field). */
export function indexWords(text: string): string {
  const words = new Set<string>();
  if (!NON_ASCII.test(text)) {
    // the hot path of every stored frame: one lower-casing and one match, no per-word NFKD
    for (const word of text.toLowerCase().match(ASCII_TERM) ?? [])
      words.add(word.length > MAX_WORD_CHARS ? word.slice(0, MAX_WORD_CHARS) : word);
    return [...words].join(' ');
  }
  for (const match of text.matchAll(TERM)) {
    const word = normalizeWord(match[0]);
    if (word.length > 0) words.add(word);
  }
  return [...words].join(' ');
}

/** The distinct words of a user's query (at most MAX_QUERY_WORDS), or [] when it has none. */
export function queryWords(text: string): string[] {
  const words = new Set<string>();
  for (const match of text.matchAll(TERM)) {
    const word = normalizeWord(match[0]);
    if (word.length > 0) words.add(word);
    if (words.size >= MAX_QUERY_WORDS) break;
  }
  return [...words];
}

/** The `words` field of a frame's document. */
export function frameWords(frame: Frame): string {
  return indexWords(frameSearchText(frame));
}

/**
 * A frame document read back from `_source`, which excludes `words`, with its
 * words rebuilt: what must be written when a stored document is rewritten whole.
 */
export function withFrameWords<T extends { frame: Frame; words?: string }>(doc: T): T {
  const words = frameWords(doc.frame);
  return words.length > 0 ? { ...doc, words } : doc;
}
