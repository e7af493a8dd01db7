import type { Frame, Resource } from '@auditorium/frames';

import { AllowList } from './allow-list';
import { builtInDetectors } from './built-in-detectors';
import { CustomRuleRunner, CustomRuleTimeoutError } from './custom-rule.runner';
import { DenyListDetector } from './deny-list.detector';
import type { Detector } from './detector';
import { maskHeaders } from './headers.masker';
import { MaskSession } from './mask-session';
import type { Finding, ScanFn } from './mask-session';
import { Masker } from './masker';
import { validateMaskingConfig } from './masking.config';
import type { MaskingConfig, MaskingConfigInput, ResourceMatcher } from './masking.config';
import { MaskingError } from './masking.errors';
import { maskPayload } from './payload.masker';
import type { Span } from './span';
import { TextScanner } from './text-scanner';
import { maskTarget } from './url.masker';

export interface MaskContext {
  /** the session's resource, for rule sets; defaults to the frame's own for session.start */
  resource?: Pick<Resource, 'name' | 'type'>;
}

export interface MaskResult {
  /** a masked copy; the input frame is not modified */
  frame: Frame;
  /** where each info type was found and how often — never the values */
  findings: Finding[];
  /** occurrences per info type, e.g. { EMAIL_ADDRESS: 3 } */
  counts: Record<string, number>;
  /** best-effort mode only: fields that could not be masked and were replaced whole */
  errors: Array<{ path: string; message: string }>;
}

/** Replaces a field that could not be masked in best-effort mode: nothing unmasked is kept. */
export const MASKING_FAILED_PLACEHOLDER = '[MASKING_FAILED]';

interface ResourceRules {
  scanner: TextScanner;
  /** scanner.scan as a ScanFn, built once rather than per frame */
  scan: ScanFn;
  runner: CustomRuleRunner | null;
}

function globMatch(pattern: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  if (!pattern.includes('*')) return pattern === value;
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return re.test(value);
}

function matches(m: ResourceMatcher, r: Pick<Resource, 'name' | 'type'> | undefined): boolean {
  if (!r) return false;
  return (m.name === undefined || globMatch(m.name, r.name)) && (m.type === undefined || globMatch(m.type, r.type));
}

/**
 * Finds and masks secrets and personal data in frames before they are stored.
 * Construct once from config (invalid rules throw MaskingConfigError here, at
 * boot); `maskFrame` is synchronous, pure and safe to call concurrently.
 */
export class MaskingEngine {
  readonly config: MaskingConfig;
  private readonly masker: Masker;
  private readonly detectors: Detector[];
  private readonly rulesCache = new Map<string, ResourceRules>();
  private readonly defaultRules: ResourceRules;

  constructor(config: MaskingConfigInput | MaskingConfig = {}) {
    this.config = validateMaskingConfig(config);
    this.masker = new Masker(this.config.defaultStyle, this.config.styles, this.config.pseudonymSecret);
    const disabled = new Set(this.config.disabledInfoTypes);
    this.detectors = builtInDetectors().filter((d) => !d.infoTypes.every((t) => disabled.has(t)));
    // compile everything up front so a bad rule set fails at boot, not on the first frame
    this.defaultRules = this.compile([]);
    for (const rs of this.config.ruleSets) this.compile([rs.name]);
  }

  maskFrame(frame: Frame, ctx: MaskContext = {}): MaskResult {
    const resource = ctx.resource ?? (frame.type === 'session.start' ? frame.resource : undefined);
    const rules = this.rulesFor(resource);
    const scanner = rules.scanner;
    if (!rules.runner) return this.run(frame, rules.scan);

    // Custom rules run in one bounded vm call per frame over every text the
    // built-in pass scanned; only frames where they hit are masked again.
    const units: string[] = [];
    const first = this.run(frame, (text, extra, index) => {
      units.push(text);
      return scanner.scan(text, extra, index);
    });
    let custom: Span[][];
    try {
      custom = rules.runner.run(units);
    } catch (err) {
      const message = err instanceof CustomRuleTimeoutError ? err.message : 'custom rules failed';
      if (this.config.mode === 'strict') throw new MaskingError(message, undefined, { cause: err });
      return { ...first, errors: [...first.errors, { path: '*', message }] };
    }
    const byText = new Map<string, Span[]>();
    custom.forEach((spans, i) => {
      if (spans.length > 0) byText.set(units[i], spans);
    });
    if (byText.size === 0) return first;
    return this.run(frame, (text, extra, index) => {
      const hits = byText.get(text);
      return scanner.scan(text, hits ? [...(extra ?? []), ...hits] : extra, index);
    });
  }

  private rulesFor(resource: Pick<Resource, 'name' | 'type'> | undefined): ResourceRules {
    // without rule sets every frame gets the same rules: skip the matching per frame
    if (this.config.ruleSets.length === 0 && this.defaultRules) return this.defaultRules;
    const names = this.config.ruleSets.filter((rs) => matches(rs.match, resource)).map((rs) => rs.name);
    return this.compile(names);
  }

  private compile(ruleSetNames: string[]): ResourceRules {
    const key = ruleSetNames.join('\u0000');
    const cached = this.rulesCache.get(key);
    if (cached) return cached;
    const sets = this.config.ruleSets.filter((rs) => ruleSetNames.includes(rs.name));
    const allow = [...this.config.allowList, ...sets.flatMap((s) => s.allowList ?? [])];
    const deny = [...this.config.denyList, ...sets.flatMap((s) => s.denyList ?? [])];
    const custom = [...this.config.customRules, ...sets.flatMap((s) => s.customRules ?? [])];
    const detectors = deny.length > 0 ? [...this.detectors, new DenyListDetector(deny)] : this.detectors;
    const scanner = new TextScanner(detectors, new AllowList(allow));
    const rules: ResourceRules = {
      scanner,
      scan: (text, extra, index) => scanner.scan(text, extra, index),
      runner: custom.length > 0 ? new CustomRuleRunner(custom, this.config.customRuleTimeoutMs) : null,
    };
    if (this.rulesCache.size < 1000) this.rulesCache.set(key, rules);
    return rules;
  }

  private run(frame: Frame, scan: ScanFn): MaskResult {
    const session = new MaskSession(scan, this.masker);
    const errors: MaskResult['errors'] = [];
    const strict = this.config.mode === 'strict';
    const guard = <T>(path: string, fallback: T, fn: () => T): T => {
      try {
        return fn();
      } catch (err) {
        if (err instanceof MaskingError) throw err;
        // the cause may quote the payload: keep it on the error object, out of the message
        const message = `masking failed at ${path}: ${err instanceof Error ? err.name : 'error'}`;
        if (strict) throw new MaskingError(message, path, { cause: err });
        errors.push({ path, message });
        return fallback;
      }
    };
    const text = (path: string, value: string | undefined): string | undefined =>
      value === undefined || typeof value !== 'string'
        ? value
        : guard(path, MASKING_FAILED_PLACEHOLDER, () => session.maskText(value, path));

    let masked: Frame;
    switch (frame.type) {
      case 'session.start': {
        const labels = frame.labels
          ? Object.fromEntries(Object.entries(frame.labels).map(([k, v]) => [k, text(`labels.${k}`, v) ?? v]))
          : undefined;
        const client = frame.client
          ? {
              ...frame.client,
              ...(frame.client.userAgent !== undefined && {
                userAgent: text('client.userAgent', frame.client.userAgent),
              }),
            }
          : undefined;
        masked = { ...frame, ...(labels && { labels }), ...(client && { client }) };
        break;
      }
      case 'request':
      case 'response': {
        const contentType = headerValue(frame.headers, 'content-type');
        const copy = { ...frame };
        if (frame.headers)
          copy.headers = guard('headers', {}, () => maskHeaders(session, frame.headers ?? {}, 'headers'));
        if (frame.target !== undefined)
          copy.target = guard('target', MASKING_FAILED_PLACEHOLDER, () =>
            maskTarget(session, frame.target ?? '', 'target'),
          );
        if (frame.body !== undefined)
          copy.body = guard('body', MASKING_FAILED_PLACEHOLDER, () =>
            maskPayload(session, frame.body ?? '', frame.encoding, 'body', contentType),
          );
        if (frame.meta)
          copy.meta = guard('meta', {}, () => maskUnknown(session, frame.meta, 'meta') as typeof frame.meta);
        masked = copy;
        break;
      }
      case 'input':
      case 'output':
        masked = {
          ...frame,
          data: guard('data', MASKING_FAILED_PLACEHOLDER, () =>
            maskPayload(session, frame.data, frame.encoding, 'data'),
          ),
        };
        break;
      case 'decision':
        masked = frame.reason === undefined ? { ...frame } : { ...frame, reason: text('reason', frame.reason) };
        break;
      case 'session.end':
        masked = frame.reason === undefined ? { ...frame } : { ...frame, reason: text('reason', frame.reason) };
        break;
      case 'error':
        masked = { ...frame, message: text('message', frame.message) ?? '' };
        break;
      default:
        throw new MaskingError(`unknown frame type ${JSON.stringify((frame as { type?: unknown }).type)}`);
    }
    const findings = session.getFindings();
    const counts: Record<string, number> = {};
    for (const f of findings) counts[f.infoType] = (counts[f.infoType] ?? 0) + f.count;
    return { frame: masked, findings, counts, errors };
  }
}

function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  for (const k in headers) {
    if (Object.prototype.hasOwnProperty.call(headers, k) && k.length === name.length && k.toLowerCase() === name)
      return headers[k];
  }
  return undefined;
}

/** Masks every string inside a protocol-extras object (meta.sql and the rest); numbers stay. */
function maskUnknown(session: MaskSession, value: unknown, path: string): unknown {
  if (typeof value === 'string') return session.maskText(value, path);
  if (Array.isArray(value)) return value.map((v) => maskUnknown(session, v, `${path}[]`));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = maskUnknown(session, v, `${path}.${/^[\w-]{1,64}$/.test(k) ? k : '*'}`);
    }
    return out;
  }
  return value;
}
