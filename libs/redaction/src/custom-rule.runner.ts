import { createContext, Script } from 'node:vm';
import type { Context } from 'node:vm';

import { Priority } from './detector';
import type { CustomRule } from './masking.config';
import type { Span } from './span';

export class CustomRuleTimeoutError extends Error {
  override readonly name = 'CustomRuleTimeoutError';
}

interface CompiledRule {
  name: string;
  infoType: string;
  regex: RegExp;
  group: number;
}

/**
 * Runs configured regexes over all texts of one frame inside a `vm` context
 * with a timeout. V8's watchdog interrupts a regex mid-backtrack, so a
 * pathological pattern costs at most the budget, never a stalled partition.
 * One vm call per frame (~0.1 ms of watchdog setup), and only when custom
 * rules are configured.
 */
export class CustomRuleRunner {
  private readonly rules: CompiledRule[];
  private readonly context: Context;
  private readonly script = new Script(`
    'use strict';
    result = [];
    for (let u = 0; u < units.length; u++) {
      const text = units[u];
      for (let r = 0; r < rules.length; r++) {
        const re = rules[r].regex;
        const group = rules[r].group;
        re.lastIndex = 0;
        let m;
        while ((m = re.exec(text)) !== null) {
          if (m[0].length === 0) { re.lastIndex++; continue; }
          if (group > 0) {
            const idx = m.indices && m.indices[group];
            if (idx && idx[1] > idx[0]) result.push(u, r, idx[0], idx[1]);
          } else {
            result.push(u, r, m.index, m.index + m[0].length);
          }
        }
      }
    }
  `);

  constructor(
    rules: readonly CustomRule[],
    private readonly timeoutMs: number,
  ) {
    this.rules = rules.map((r) => ({
      name: r.name,
      infoType: r.infoType,
      regex: new RegExp(r.pattern, `g${r.flags ?? ''}${r.group ? 'd' : ''}`),
      group: r.group ?? 0,
    }));
    this.context = createContext({ rules: this.rules, units: [], result: [] });
  }

  get size(): number {
    return this.rules.length;
  }

  /** Spans per unit; throws CustomRuleTimeoutError past the budget. */
  run(units: readonly string[]): Span[][] {
    const spans: Span[][] = units.map(() => []);
    if (this.rules.length === 0 || units.length === 0) return spans;
    this.context.units = units;
    try {
      this.script.runInContext(this.context, { timeout: this.timeoutMs });
    } catch (err) {
      // errors from the vm may come from another realm: match on the message, not the class
      const message = (err as { message?: unknown } | null)?.message;
      if (typeof message === 'string' && /timed out/i.test(message)) {
        throw new CustomRuleTimeoutError(
          `custom rules exceeded ${this.timeoutMs} ms (rules: ${this.rules.map((r) => r.name).join(', ')})`,
        );
      }
      throw err;
    } finally {
      this.context.units = [];
    }
    const result = this.context.result as number[];
    this.context.result = [];
    for (let k = 0; k < result.length; k += 4) {
      const rule = this.rules[result[k + 1]];
      spans[result[k]].push({
        start: result[k + 2],
        end: result[k + 3],
        infoType: rule.infoType,
        priority: Priority.CUSTOM,
      });
    }
    return spans;
  }
}
