import { INFO_TYPE_PATTERN } from './info-types';
import type { InfoType } from './info-types';
import { MaskingConfigError } from './masking.errors';
import { checkRegexSafety } from './regex-safety';

export type MaskingMode = 'strict' | 'best-effort';

/**
 * How a found value is replaced:
 * - token: `[EMAIL_ADDRESS]`
 * - partial: all but the last `keep` characters starred (`************4242`); emails keep the domain
 * - pseudonym: `EMAIL_ADDRESS:3fa9c1d2e4b5`, HMAC-SHA256(secret, type + normalised value), stable across sessions
 */
export type MaskStyle = { kind: 'token' } | { kind: 'partial'; keep: number } | { kind: 'pseudonym'; length: number };
export type MaskStyleInput =
  | 'token'
  | 'partial'
  | 'pseudonym'
  | MaskStyle
  | { kind: 'partial'; keep?: number }
  | { kind: 'pseudonym'; length?: number };

export interface CustomRule {
  /** unique, shown in errors */
  name: string;
  infoType: InfoType;
  /** JavaScript regex source */
  pattern: string;
  /** any of i, m, s, u (g is implied) */
  flags?: string;
  /** mask only this capture group (default: the whole match) */
  group?: number;
}

export interface DenyListEntry {
  /** exact text to mask wherever it occurs */
  value: string;
  infoType?: InfoType;
  caseSensitive?: boolean;
}

/** Applies to a resource when every given field matches (`*` is a wildcard). */
export interface ResourceMatcher {
  name?: string;
  type?: string;
}

export interface RuleSet {
  name: string;
  match: ResourceMatcher;
  customRules?: CustomRule[];
  allowList?: string[];
  denyList?: DenyListEntry[];
}

export interface MaskingConfig {
  mode: MaskingMode;
  defaultStyle: MaskStyle;
  styles: Record<string, MaskStyle>;
  pseudonymSecret?: string;
  customRules: CustomRule[];
  /** values never masked: test card numbers, the public support address; compared normalised */
  allowList: string[];
  denyList: DenyListEntry[];
  ruleSets: RuleSet[];
  /** time budget for custom rules per frame; past it the frame fails (strict) or skips them (best-effort) */
  customRuleTimeoutMs: number;
  /** built-in info types not to detect */
  disabledInfoTypes: string[];
}

export interface MaskingConfigInput {
  mode?: MaskingMode;
  defaultStyle?: MaskStyleInput;
  styles?: Record<string, MaskStyleInput>;
  pseudonymSecret?: string;
  customRules?: CustomRule[];
  allowList?: string[];
  denyList?: Array<DenyListEntry | string>;
  ruleSets?: Array<Omit<RuleSet, 'denyList'> & { denyList?: Array<DenyListEntry | string> }>;
  customRuleTimeoutMs?: number;
  disabledInfoTypes?: string[];
}

export const DEFAULT_CUSTOM_RULE_TIMEOUT_MS = 100;

const RULE_FLAGS = /^[imsu]*$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function normalizeStyle(input: unknown, field: string): MaskStyle {
  if (input === 'token') return { kind: 'token' };
  if (input === 'partial') return { kind: 'partial', keep: 4 };
  if (input === 'pseudonym') return { kind: 'pseudonym', length: 12 };
  if (isRecord(input)) {
    if (input.kind === 'token') return { kind: 'token' };
    if (input.kind === 'partial') {
      const keep = input.keep ?? 4;
      if (typeof keep !== 'number' || !Number.isInteger(keep) || keep < 0 || keep > 8)
        throw new MaskingConfigError('partial keep must be an integer 0–8', field);
      return { kind: 'partial', keep };
    }
    if (input.kind === 'pseudonym') {
      const length = input.length ?? 12;
      if (typeof length !== 'number' || !Number.isInteger(length) || length < 6 || length > 64)
        throw new MaskingConfigError('pseudonym length must be an integer 6–64', field);
      return { kind: 'pseudonym', length };
    }
  }
  throw new MaskingConfigError(`unknown mask style ${JSON.stringify(input)} (token | partial | pseudonym)`, field);
}

function checkInfoType(v: unknown, field: string): string {
  if (typeof v !== 'string' || !INFO_TYPE_PATTERN.test(v))
    throw new MaskingConfigError(`info type ${JSON.stringify(v)} must match ${INFO_TYPE_PATTERN}`, field);
  return v;
}

function checkStringList(v: unknown, field: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string' || s.length === 0))
    throw new MaskingConfigError('must be a list of non-empty strings', field);
  return v as string[];
}

function checkDenyList(v: unknown, field: string): DenyListEntry[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new MaskingConfigError('must be a list', field);
  return v.map((entry, i) => {
    const f = `${field}[${i}]`;
    if (typeof entry === 'string') {
      if (!entry) throw new MaskingConfigError('empty value', f);
      return { value: entry, infoType: 'DENY_LIST', caseSensitive: false };
    }
    if (!isRecord(entry) || typeof entry.value !== 'string' || entry.value.length === 0)
      throw new MaskingConfigError('needs a non-empty value', f);
    return {
      value: entry.value,
      infoType: entry.infoType === undefined ? 'DENY_LIST' : checkInfoType(entry.infoType, f),
      caseSensitive: entry.caseSensitive === true,
    };
  });
}

/** Validates one custom rule; the message names the rule. Exported for tests and config tooling. */
export function checkCustomRule(rule: unknown, field: string, seen: Set<string>): CustomRule {
  if (!isRecord(rule)) throw new MaskingConfigError('must be an object', field);
  const name = rule.name;
  if (typeof name !== 'string' || name.length === 0) throw new MaskingConfigError('needs a name', field);
  const where = `${field} (rule "${name}")`;
  if (seen.has(name)) throw new MaskingConfigError('duplicate rule name', where);
  seen.add(name);
  const infoType = checkInfoType(rule.infoType, where);
  if (typeof rule.pattern !== 'string' || rule.pattern.length === 0)
    throw new MaskingConfigError('needs a pattern', where);
  const flags = rule.flags ?? '';
  if (typeof flags !== 'string' || !RULE_FLAGS.test(flags))
    throw new MaskingConfigError(`flags ${JSON.stringify(flags)} may only hold i, m, s, u`, where);
  let re: RegExp;
  try {
    re = new RegExp(rule.pattern, flags);
  } catch (err) {
    throw new MaskingConfigError(`pattern does not compile: ${(err as Error).message}`, where);
  }
  if (re.test('')) throw new MaskingConfigError('pattern matches the empty string', where);
  const unsafe = checkRegexSafety(rule.pattern);
  if (unsafe) throw new MaskingConfigError(`pattern rejected: ${unsafe}`, where);
  const group = rule.group;
  if (group !== undefined) {
    const groups = new RegExp(`${rule.pattern}|`, flags).exec('')?.length ?? 1;
    if (typeof group !== 'number' || !Number.isInteger(group) || group < 1 || group >= groups)
      throw new MaskingConfigError(`group ${String(group)} does not exist in the pattern`, where);
  }
  return { name, infoType, pattern: rule.pattern, flags, group: group as number | undefined };
}

function checkRuleList(v: unknown, field: string, seen: Set<string>): CustomRule[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new MaskingConfigError('must be a list', field);
  return v.map((r, i) => checkCustomRule(r, `${field}[${i}]`, seen));
}

/** Validates and completes a masking config; throws MaskingConfigError naming what is wrong. */
export function validateMaskingConfig(input: MaskingConfigInput | unknown = {}): MaskingConfig {
  if (!isRecord(input)) throw new MaskingConfigError('must be an object', 'root');
  const mode = input.mode ?? 'strict';
  if (mode !== 'strict' && mode !== 'best-effort')
    throw new MaskingConfigError(`must be 'strict' or 'best-effort', got ${JSON.stringify(mode)}`, 'mode');
  const defaultStyle = normalizeStyle(input.defaultStyle ?? 'token', 'defaultStyle');
  const styles: Record<string, MaskStyle> = {};
  if (input.styles !== undefined) {
    if (!isRecord(input.styles)) throw new MaskingConfigError('must be an object', 'styles');
    for (const [type, style] of Object.entries(input.styles)) {
      checkInfoType(type, `styles.${type}`);
      styles[type] = normalizeStyle(style, `styles.${type}`);
    }
  }
  const pseudonymSecret = input.pseudonymSecret;
  if (pseudonymSecret !== undefined && (typeof pseudonymSecret !== 'string' || pseudonymSecret.length < 16))
    throw new MaskingConfigError('must be a string of at least 16 characters', 'pseudonymSecret');
  const usesPseudonym = defaultStyle.kind === 'pseudonym' || Object.values(styles).some((s) => s.kind === 'pseudonym');
  if (usesPseudonym && !pseudonymSecret)
    throw new MaskingConfigError('required when a pseudonym style is configured', 'pseudonymSecret');

  const seen = new Set<string>();
  const customRules = checkRuleList(input.customRules, 'customRules', seen);
  const allowList = checkStringList(input.allowList, 'allowList');
  const denyList = checkDenyList(input.denyList, 'denyList');

  const ruleSets: RuleSet[] = [];
  if (input.ruleSets !== undefined) {
    if (!Array.isArray(input.ruleSets)) throw new MaskingConfigError('must be a list', 'ruleSets');
    const names = new Set<string>();
    input.ruleSets.forEach((rs: unknown, i: number) => {
      const field = `ruleSets[${i}]`;
      if (!isRecord(rs) || typeof rs.name !== 'string' || !rs.name) throw new MaskingConfigError('needs a name', field);
      const where = `${field} ("${rs.name}")`;
      if (names.has(rs.name)) throw new MaskingConfigError('duplicate rule set name', where);
      names.add(rs.name);
      if (!isRecord(rs.match)) throw new MaskingConfigError('needs match: { name?, type? }', where);
      const match: ResourceMatcher = {};
      for (const k of ['name', 'type'] as const) {
        const v = rs.match[k];
        if (v === undefined) continue;
        if (typeof v !== 'string' || !v) throw new MaskingConfigError(`match.${k} must be a non-empty string`, where);
        match[k] = v;
      }
      if (!match.name && !match.type) throw new MaskingConfigError('match needs a name or a type', where);
      ruleSets.push({
        name: rs.name,
        match,
        customRules: checkRuleList(rs.customRules, `${where}.customRules`, seen),
        allowList: checkStringList(rs.allowList, `${where}.allowList`),
        denyList: checkDenyList(rs.denyList, `${where}.denyList`),
      });
    });
  }

  const timeout = input.customRuleTimeoutMs ?? DEFAULT_CUSTOM_RULE_TIMEOUT_MS;
  if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout < 1 || timeout > 10_000)
    throw new MaskingConfigError('must be a number of milliseconds between 1 and 10000', 'customRuleTimeoutMs');
  const disabledInfoTypes = checkStringList(input.disabledInfoTypes, 'disabledInfoTypes');

  return {
    mode,
    defaultStyle,
    styles,
    pseudonymSecret: pseudonymSecret as string | undefined,
    customRules,
    allowList,
    denyList,
    ruleSets,
    customRuleTimeoutMs: timeout,
    disabledInfoTypes,
  };
}
