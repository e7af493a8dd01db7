import { Priority } from './detector';
import type { MaskSession } from './mask-session';
import { sensitiveKeyType } from './sensitive-keys';
import type { Span } from './span';

/** Percent-encodes a masked value but keeps the mask readable (`[EMAIL_ADDRESS]`, `:`, `*`). */
function encodeFormValue(s: string): string {
  return encodeURIComponent(s).replace(/%5B/g, '[').replace(/%5D/g, ']').replace(/%3A/g, ':');
}

function decodeFormValue(s: string): string | null {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/** Looks like `a=1&b=two` (a query string or an x-www-form-urlencoded body). */
export function looksLikeForm(text: string): boolean {
  return text.length > 0 && /^[\w.%[\]-]+=[^\s&]*(?:&[\w.%[\]-]+=?[^\s&]*)*&?$/.test(text);
}

/**
 * Masks a query string or form body: values of sensitive parameter names are
 * masked whole; other values are scanned decoded (so `alice%40example.com` is
 * found) and re-encoded. `path` gets the parameter name appended.
 */
export function maskForm(session: MaskSession, text: string, basePath: string): string {
  const rawSpans = session.scan(text);
  let out = '';
  let pos = 0;
  let spanIdx = 0;
  while (pos <= text.length) {
    let amp = text.indexOf('&', pos);
    if (amp === -1) amp = text.length;
    const eq = text.indexOf('=', pos);
    const hasValue = eq !== -1 && eq < amp;
    const keyRaw = text.slice(pos, hasValue ? eq : amp);
    const key = decodeFormValue(keyRaw) ?? keyRaw;
    const path = `${basePath}.${/^[A-Za-z_][\w.-]{0,63}$/.test(key) ? key : '*'}`;
    const vStart = hasValue ? eq + 1 : amp;
    const rawValue = text.slice(vStart, amp);
    // spans of the raw pass inside this pair
    const local: Span[] = [];
    while (spanIdx < rawSpans.length && rawSpans[spanIdx].start < amp) {
      const s = rawSpans[spanIdx++];
      if (s.start >= pos && s.end <= amp) local.push({ ...s, start: s.start - pos, end: s.end - pos });
    }
    const sensitive = hasValue ? sensitiveKeyType(key) : null;
    let pair = text.slice(pos, amp);
    if (sensitive && rawValue.length > 0) {
      const value = decodeFormValue(rawValue) ?? rawValue;
      pair = `${keyRaw}=${encodeFormValue(session.replace(sensitive, value, path))}`;
    } else if (/[%+]/.test(pair)) {
      const value = decodeFormValue(rawValue);
      const maskedKey = session.maskText(key, path);
      const keyOut = maskedKey === key ? keyRaw : encodeFormValue(maskedKey);
      if (value !== null) {
        const masked = session.maskText(value, path);
        pair = hasValue ? `${keyOut}=${masked === value ? rawValue : encodeFormValue(masked)}` : keyOut;
      } else {
        pair = session.apply(pair, local, path);
      }
    } else if (local.length > 0) {
      pair = session.apply(pair, local, path);
    }
    out += pair;
    if (amp < text.length) out += '&';
    pos = amp + 1;
  }
  return out;
}

/** Spans covering whole values of sensitive parameters, for callers that mask text themselves. */
export function sensitiveParamSpans(text: string): Span[] {
  const spans: Span[] = [];
  if (!text.includes('?') && !text.includes('&')) return spans;
  const re = /[?&]([\w.%[\]-]+)=([^&\s#"'<>]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const type = sensitiveKeyType(m[1]);
    if (type) {
      const start = m.index + m[0].length - m[2].length;
      spans.push({ start, end: start + m[2].length, infoType: type, priority: Priority.CONTEXT });
    }
  }
  return spans;
}
