/**
 * What `play` writes when its output is not a terminal (a pipe, a file): the
 * text without the terminal's escape sequences. The cast was sanitized by the
 * server already; this only drops what a terminal would interpret (colours,
 * cursor moves, titles), so a log or a grep sees the words. Sequences split
 * across two writes are rare in a cast (the server emits whole events) and
 * would leave a few visible characters at worst.
 */
const ESCAPES =
  // eslint-disable-next-line no-control-regex
  /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[PX^_][^\x1b]*\x1b\\|\x1b[ -/]*[0-~]/g;

export function plainText(data: string): string {
  return data.replace(ESCAPES, '').replace(/\r\n/g, '\n');
}
