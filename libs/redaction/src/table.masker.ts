import { Priority, WORD_CHARS } from './detector';
import type { InfoType } from './info-types';
import { sensitiveKeyType, SENSITIVE_NAME_HINT } from './sensitive-keys';
import type { Span } from './span';
import { charTable, pairAt, pairTable, TextIndex } from './text-index';

/** Tried at the labels of the text index only (a superset of where a hint can begin). */
const HINT = new RegExp(SENSITIVE_NAME_HINT.source, 'iy');
/** The two letters each alternative of the hint begins with: the labels worth trying it at. */
const HINT_FIRST = pairTable(
  SENSITIVE_NAME_HINT.source.split('|').map((alternative) => alternative.slice(0, 2)),
  true,
);

interface Cell {
  start: number;
  end: number;
}

const RULE_LINE = /^\s*[-+|]*-[-+|]*\s*$/;
const PSQL_FOOTER = /^\s*\(\d+ rows?\)\s*$/;
/** Column names: identifiers of one or two words ("card_number", "Card Number"), not prose. */
const HEADER_CELL = /^\s*"?[A-Za-z_][\w.$-]{0,63}(?: [A-Za-z_][\w.$-]{0,63})?"?\s*$/;

/** The cell nextCell found last: [cellStart, cellEnd), spaces trimmed. */
let cellStart = 0;
let cellEnd = 0;

/**
 * The cell of a line ending at `to` that begins at `i` (into cellStart and
 * cellEnd); returns where its separator is (or `to`). Honours CSV quotes
 * ("a, b" and "" escapes) when the separator is ','.
 */
function nextCell(text: string, i: number, to: number, sep: number): number {
  let start = i;
  let end: number;
  if (sep === 44 && text.charCodeAt(i) === 34) {
    let j = i + 1;
    while (j < to) {
      if (text.charCodeAt(j) === 34) {
        if (text.charCodeAt(j + 1) === 34) j += 2;
        else break;
      } else j++;
    }
    start = i + 1;
    end = Math.min(j, to);
    i = j;
  } else end = -1;
  while (i < to && text.charCodeAt(i) !== sep) i++;
  if (end === -1) end = i;
  // trim spaces (psql pads cells)
  while (start < end && text.charCodeAt(start) === 32) start++;
  while (end > start && text.charCodeAt(end - 1) === 32) end--;
  cellStart = start;
  cellEnd = end;
  return i;
}

/** Splits one line into cells. */
export function splitCells(text: string, from: number, to: number, sep: string): Cell[] {
  const cells: Cell[] = [];
  const code = sep.charCodeAt(0);
  for (let i = from; i <= to;) {
    i = nextCell(text, i, to, code) + 1;
    cells.push({ start: cellStart, end: cellEnd });
  }
  return cells;
}

/**
 * Column-aware masking for tabular text (CSV, TSV, psql/mysql tables): when a
 * header row names a sensitive column (password, token, ssn, card…), every
 * cell of that column is masked, whatever it looks like. Returns spans in
 * `text` coordinates; values detectors recognise are found by them anyway.
 */
export function sensitiveColumnSpans(text: string, index: TextIndex = new TextIndex(text)): Span[] {
  const spans: Span[] = [];
  const labels = index.words;
  let next = 0;
  let lineFrom = 0;
  let lineBreak = -1;
  // only lines holding a sensitive name can be headers worth a look
  for (let i = 0; i < labels.length; i++) {
    const at = labels[i];
    if (at < next || HINT_FIRST[pairAt(text, at)] !== 1) continue;
    HINT.lastIndex = at;
    if (!HINT.test(text)) continue;
    // the line holding `at`: line ends are found forward, each once, as the labels ascend
    while (lineBreak < at) {
      lineFrom = lineBreak + 1;
      lineBreak = text.indexOf('\n', lineFrom);
      if (lineBreak === -1) lineBreak = text.length;
    }
    const hs = lineFrom;
    const he = lineEnd(text, hs);
    next = nextLine(text, hs);
    if (!headerCharsOnly(text, hs, he)) continue;
    const sep = pickSeparator(text.slice(hs, he));
    if (!sep || next >= text.length) continue;
    const rawHeader = splitCells(text, hs, he, sep).map((c) => text.slice(c.start, c.end));
    if (rawHeader.length < 2 || !rawHeader.every((h) => h === '' || HEADER_CELL.test(h))) continue;
    const sensitive = rawHeader.map((h) => (h ? sensitiveKeyType(h.replace(/^"|"$/g, '')) : null));
    if (!sensitive.some((t) => t !== null)) continue;
    // psql puts a rule line under the header; mysql also frames the table with +---+ lines
    let rs = nextLine(text, hs);
    while (rs < text.length && RULE_LINE.test(text.slice(rs, lineEnd(text, rs)))) rs = nextLine(text, rs);
    while (rs < text.length) {
      const re = lineEnd(text, rs);
      if (endsTable(text, rs, re) || !rowSpans(text, rs, re, sep.charCodeAt(0), sensitive, spans)) break;
      rs = nextLine(text, rs);
    }
    next = Math.max(next, rs);
  }
  return spans;
}

/** A blank line, a psql footer or a rule line; the regexes run only where the first character allows them. */
function endsTable(text: string, from: number, to: number): boolean {
  let i = from;
  while (i < to && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  const c = i < to ? text.charCodeAt(i) : -1;
  // any other ASCII character that is not a space begins a row of cells
  if (c > 32 && c < 128 && c !== 40 && c !== 45 && c !== 43 && c !== 124) return false;
  const row = text.slice(from, to);
  if (c === 40) return PSQL_FOOTER.test(row);
  if (c === 45 || c === 43 || c === 124) return RULE_LINE.test(row);
  return row.trim() === '' || PSQL_FOOTER.test(row) || RULE_LINE.test(row);
}

/**
 * The spans of the sensitive columns of one row [from, to), without a cell
 * object each; false, and nothing added, when
 * the row has another number of cells than the header (the table has ended).
 */
function rowSpans(
  text: string,
  from: number,
  to: number,
  sep: number,
  sensitive: ReadonlyArray<InfoType | null>,
  spans: Span[],
): boolean {
  const before = spans.length;
  let k = 0;
  for (let i = from; i <= to; k++) {
    i = nextCell(text, i, to, sep) + 1;
    const type = k < sensitive.length ? sensitive[k] : null;
    if (type && cellEnd > cellStart)
      spans.push({ start: cellStart, end: cellEnd, infoType: type, priority: Priority.CONTEXT });
  }
  if (k === sensitive.length) return true;
  spans.length = before;
  return false;
}

function pickSeparator(header: string): string | null {
  return header.includes('\t') ? '\t' : header.includes('|') ? '|' : header.includes(',') ? ',' : null;
}

/** What a header line can hold (names, blanks, separators), by ASCII code. */
const HEADER_CHARS = charTable(`${WORD_CHARS}.$- ,|\t\r\v\f`);

/**
 * Whether the line [from, to) holds only characters a header of names can:
 * a log line that mentions a token (':', '=', '[', '/') is turned away before
 * it is split into cells. Non-ASCII and quotes (a quoted CSV cell drops what
 * follows its closing quote) are left to the full check.
 */
function headerCharsOnly(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) return true;
    if (c < 128 && HEADER_CHARS[c] !== 1) return false;
  }
  return true;
}

function lineEnd(text: string, from: number): number {
  let nl = text.indexOf('\n', from);
  if (nl === -1) nl = text.length;
  return nl > from && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
}

function nextLine(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl === -1 ? text.length : nl + 1;
}
