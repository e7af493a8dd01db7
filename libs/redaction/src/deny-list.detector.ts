import type { Detector } from './detector';
import { Priority } from './detector';
import type { DenyListEntry } from './masking.config';
import type { Span } from './span';

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Exact strings from the deny list (names, project code words), as one
 * alternation of escaped literals per case mode: linear, no backtracking.
 */
export class DenyListDetector implements Detector {
  readonly name = 'deny-list';
  readonly infoTypes: string[];
  private readonly matchers: Array<{ re: RegExp; types: Map<string, string>; fold: boolean }> = [];

  constructor(entries: readonly DenyListEntry[]) {
    this.infoTypes = [...new Set(entries.map((e) => e.infoType ?? 'DENY_LIST'))];
    for (const fold of [false, true]) {
      const group = entries.filter((e) => !e.caseSensitive === fold);
      if (group.length === 0) continue;
      const values = [...new Set(group.map((e) => e.value))].sort((a, b) => b.length - a.length);
      const types = new Map(group.map((e) => [fold ? e.value.toLowerCase() : e.value, e.infoType ?? 'DENY_LIST']));
      this.matchers.push({ re: new RegExp(values.map(escapeRegex).join('|'), fold ? 'gi' : 'g'), types, fold });
    }
  }

  detect(text: string, out: Span[]): void {
    for (const { re, types, fold } of this.matchers) {
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(text)) !== null) {
        const key = fold ? m[0].toLowerCase() : m[0];
        out.push({
          start: m.index,
          end: m.index + m[0].length,
          infoType: types.get(key) ?? 'DENY_LIST',
          priority: Priority.DENY_LIST,
        });
      }
    }
  }
}
