import { Priority, RegexDetector } from './detector';
import { InfoTypes } from './info-types';
import type { Span } from './span';
import type { Detector } from './detector';

/** Values that are placeholders, not secrets: SQL parameters, template variables, already-masked text. */
const PLACEHOLDER =
  /^(?:\?|\$\d+|:\w+|%s|%\(\w+\)s|@\w+|\$\{[^}]*\}?|\$[A-Za-z_]\w*|\{\{[^}]*\}\}|<[^>]*>|\[[A-Z_]+\]|\*+|null|none|nil|true|false|undefined|required|optional|string|yes|no)$/i;

const KEYWORD =
  '(?:password|passwd|pwd|passphrase|secret|secret[_-]?key|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|credentials?)';

/**
 * PASSWORD / SECRET: the value of an assignment to a password-like name, in any
 * syntax people paste: `password=…`, `DB_PASSWORD: …`, `"secret": "…"`,
 * `token = '…'`, `--password …`. The name must end with the keyword, so
 * `max_tokens=512` or `token_count: 3` stay.
 */
export class PasswordAssignmentDetector implements Detector {
  readonly name = 'password-assignment';
  readonly infoTypes = [InfoTypes.PASSWORD, InfoTypes.SECRET];

  private readonly assignment = new RegexDetector({
    name: 'password-assignment',
    infoType: InfoTypes.SECRET,
    priority: Priority.ASSIGNMENT,
    pattern: new RegExp(
      `${KEYWORD}["']?[ \\t]*(?:=>|:=|=|:)[ \\t]*(?:"((?:[^"\\\\\\n]|\\\\.){1,512})"|'((?:[^'\\\\\\n]|\\\\.){1,512})'|([^\\s"',;&)}\\]{[][^\\s"',;&)}\\]]{0,511}))`,
      'gi',
    ),
  });

  private readonly flag = new RegexDetector({
    name: 'password-flag',
    infoType: InfoTypes.PASSWORD,
    priority: Priority.ASSIGNMENT,
    pattern:
      /--(?:password|passwd|token|secret|api-key)[ =](?:"([^"\n]{1,256})"|'([^'\n]{1,256})'|([^\s"'-][^\s"']{0,255}))/g,
  });

  detect(text: string, out: Span[]): void {
    this.collect(this.assignment, text, out);
    this.collect(this.flag, text, out);
  }

  private collect(detector: RegexDetector, text: string, out: Span[]): void {
    const found: Span[] = [];
    detector.detect(text, found);
    for (const span of found) {
      if (detector === this.flag && span.start > 0 && !/\s/.test(text[span.start - 1])) continue;
      // the match covers `name = value`; narrow it to the value
      const match = text.slice(span.start, span.end);
      const valueSpan = narrowToValue(match);
      if (!valueSpan) continue;
      const value = match.slice(valueSpan[0], valueSpan[1]);
      if (PLACEHOLDER.test(value)) continue;
      const isPassword = /pass|pwd/i.test(match.slice(0, valueSpan[0]));
      out.push({
        start: span.start + valueSpan[0],
        end: span.start + valueSpan[1],
        infoType: isPassword ? InfoTypes.PASSWORD : InfoTypes.SECRET,
        priority: Priority.ASSIGNMENT,
      });
    }
  }
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
