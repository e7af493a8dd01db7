import { Priority, RegexDetector } from './detector';
import { InfoTypes } from './info-types';
import type { Span } from './span';
import type { Detector } from './detector';
import { charTable, pairAt, pairTable, TextIndex } from './text-index';

/** how the names of KEYWORD begin (the text index looks for them) */
const KEYWORD_FIRST = pairTable(['pa', 'pw', 'se', 'to', 'ap', 'ac', 'pr', 'cl', 'cr'], true);
const DASHES = pairTable(['--']);

/** Values that are placeholders, not secrets: SQL parameters, template variables, already-masked text. */
const PLACEHOLDER =
  /^(?:\?|\$\d+|:\w+|%s|%\(\w+\)s|@\w+|\$\{[^}]*\}?|\$[A-Za-z_]\w*|\{\{[^}]*\}\}|<[^>]*>|\[[A-Z_]+\]|\*+|null|none|nil|true|false|undefined|required|optional|string|yes|no)$/i;

/** What a placeholder can begin with (any case): a value beginning otherwise is tested no further. */
const PLACEHOLDER_FIRST = charTable('?$:%@{<[*nNtTfFuUrRoOsSyY');

const KEYWORD =
  '(?:password|passwd|pwd|passphrase|secret|secret[_-]?key|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|credentials?)';

/** `name = value`: the value is group 1 ("double-quoted"), 2 ('single-quoted') or 3 (bare), and always ends the match or its quote. */
const ASSIGNMENT = `${KEYWORD}["']?[ \\t]*(?:=>|:=|=|:)[ \\t]*(?:"((?:[^"\\\\\\n]|\\\\.){1,512})"|'((?:[^'\\\\\\n]|\\\\.){1,512})'|([^\\s"',;&)}\\]{[][^\\s"',;&)}\\]]{0,511}))`;

/**
 * PASSWORD / SECRET: the value of an assignment to a password-like name, in any
 * syntax people paste: `password=…`, `DB_PASSWORD: …`, `"secret": "…"`,
 * `token = '…'`, `--password …`. The name must end with the keyword, so
 * `max_tokens=512` or `token_count: 3` stay.
 */
export class PasswordAssignmentDetector implements Detector {
  readonly name = 'password-assignment';
  readonly infoTypes = [InfoTypes.PASSWORD, InfoTypes.SECRET];

  /** the assignment pattern; its global search is the reference the candidate search is tested against */
  private readonly assignment = new RegexDetector({
    name: 'password-assignment',
    infoType: InfoTypes.SECRET,
    priority: Priority.ASSIGNMENT,
    pattern: new RegExp(ASSIGNMENT, 'gi'),
  });

  /** the same pattern, anchored, for trying it at candidates and reading its value groups */
  private readonly assignmentAt = new RegExp(ASSIGNMENT, 'iy');

  private readonly flag = new RegexDetector({
    name: 'password-flag',
    infoType: InfoTypes.PASSWORD,
    priority: Priority.ASSIGNMENT,
    pattern:
      /--(?:password|passwd|token|secret|api-key)[ =](?:"([^"\n]{1,256})"|'([^'\n]{1,256})'|([^\s"'-][^\s"']{0,255}))/g,
  });

  detect(text: string, out: Span[], index: TextIndex = new TextIndex(text)): void {
    const words = index.words;
    for (let i = 0, next = 0; i < words.length; i++) {
      const p = words[i];
      if (p < next || KEYWORD_FIRST[pairAt(text, p)] !== 1 || !assignmentFollows(text, p)) continue;
      const end = this.assignmentValue(text, p, out);
      if (end !== -1) next = end;
    }
    const dashes = flagStarts(text, words);
    if (dashes.length === 0) return;
    const found: Span[] = [];
    this.flag.detectAt(text, dashes, DASHES, found);
    this.flagValues(text, found, out);
  }

  /**
   * The value of the assignment matched at `p` (the pattern's own value
   * group), unless a placeholder; returns the end of the match, or -1.
   */
  private assignmentValue(text: string, p: number, out: Span[]): number {
    const re = this.assignmentAt;
    re.lastIndex = p;
    const m = re.exec(text);
    if (m === null) return -1;
    const end = m.index + m[0].length;
    const bare = m[3];
    // a quoted value ends one before the match, at its closing quote
    const valueEnd = bare !== undefined ? end : end - 1;
    const valueStart = valueEnd - (bare ?? m[1] ?? m[2] ?? '').length;
    // the names with "pass" or "pwd" (password, passwd, passphrase, pwd) are the ones that begin "pa" or "pw"
    const second = text.charCodeAt(p + 1) | 32;
    const isPassword = (text.charCodeAt(p) | 32) === 112 && (second === 97 || second === 119);
    pushValue(text, valueStart, valueEnd, isPassword, out);
    return end;
  }

  /** Narrows `--flag value` matches (preceded by a blank) to their values. */
  private flagValues(text: string, found: readonly Span[], out: Span[]): void {
    for (const span of found) {
      if (span.start > 0 && !/\s/.test(text[span.start - 1])) continue;
      // the match covers `name = value`; narrow it to the value
      const match = text.slice(span.start, span.end);
      const valueSpan = narrowToValue(match);
      if (!valueSpan) continue;
      const isPassword = /pass|pwd/i.test(match.slice(0, valueSpan[0]));
      pushValue(text, span.start + valueSpan[0], span.start + valueSpan[1], isPassword, out);
    }
  }
}

function isNameCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
}

/**
 * What the assignment pattern needs after its name, checked before it is
 * tried: the name (letters, '_', '-') ends in a quote, spaces or tabs, then
 * '=' or ':'. Most labels in text ("tokens", "access denied") have none.
 */
function assignmentFollows(text: string, p: number): boolean {
  const n = text.length;
  let i = p;
  while (i < n && isNameCode(text.charCodeAt(i))) i++;
  if (i < n && (text.charCodeAt(i) === 34 || text.charCodeAt(i) === 39)) i++;
  while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return i < n && (text.charCodeAt(i) === 61 || text.charCodeAt(i) === 58);
}

/** The value [start, end) as PASSWORD or SECRET, unless empty or a placeholder (tested only when it can be one). */
function pushValue(text: string, start: number, end: number, isPassword: boolean, out: Span[]): void {
  if (start >= end) return;
  if (PLACEHOLDER_FIRST[text.charCodeAt(start) & 127] === 1 && PLACEHOLDER.test(text.slice(start, end))) return;
  out.push({
    start,
    end,
    infoType: isPassword ? InfoTypes.PASSWORD : InfoTypes.SECRET,
    priority: Priority.ASSIGNMENT,
  });
}

/**
 * Where a `--password` flag can begin: "--" right before an indexed word, as
 * every flag name (password, passwd, token, secret, api-key) starts with a
 * label the text index finds. Cheaper than a search of the text for "--".
 */
function flagStarts(text: string, words: readonly number[]): number[] {
  const at: number[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w >= 2 && text.charCodeAt(w - 1) === 45 && text.charCodeAt(w - 2) === 45) at.push(w - 2);
  }
  return at;
}

const VALUE = /(?:=>|:=|[=: \t])[ \t]*(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|(\S+))$/d;

function narrowToValue(match: string): [number, number] | null {
  const m = VALUE.exec(match);
  if (!m || !m.indices) return null;
  for (const g of [1, 2, 3]) {
    const idx = m.indices[g];
    if (idx && idx[1] > idx[0]) return [idx[0], idx[1]];
  }
  return null;
}
