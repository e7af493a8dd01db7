/** Characters the unicode61 tokenizer keeps inside tokens: letters, numbers, private use. */
const TERM = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;
const MAX_TERMS = 32;

/**
 * Turns free text typed by a user into an FTS5 MATCH expression that cannot be a
 * syntax error: every word becomes a double-quoted string (FTS5 operators such as
 * AND, NEAR(, *, ^, column filters and stray quotes lose their meaning), and the
 * words are AND-ed, so a frame matches when it contains all of them. Returns null
 * when the text holds no word at all; such a search matches nothing.
 */
export function toFtsQuery(text: string): string | null {
  const terms = text.match(TERM);
  if (!terms) return null;
  const unique = [...new Set(terms.map((t) => t.toLowerCase()))].slice(0, MAX_TERMS);
  return unique.map((t) => `"${t.replace(/"/g, '""')}"`).join(' ');
}
