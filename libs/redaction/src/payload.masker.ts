import { sensitiveParamSpans, looksLikeForm, maskForm } from './form.masker';
import { maskJson } from './json.masker';
import type { MaskSession } from './mask-session';
import { sensitiveColumnSpans } from './table.masker';
import { TextIndex } from './text-index';

const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}\s*$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export type PayloadEncoding = 'utf8' | 'base64';

/**
 * Masks a textual payload by its shape: JSON (by content type or a leading
 * `{`/`[`), form-encoded, else free text — logs, SQL, CSV/TSV and psql
 * tables, terminal output — where sensitive table columns and sensitive
 * query parameters are masked too.
 */
export function maskTextual(session: MaskSession, text: string, path: string, contentType?: string): string {
  if (text.length === 0) return text;
  const ct = contentType?.toLowerCase() ?? '';
  const first = firstNonSpace(text);
  if (ct.includes('json') || first === '{' || first === '[') {
    const masked = maskJson(session, text, path);
    if (masked !== null) return masked;
  }
  if (ct.includes('x-www-form-urlencoded') || (!ct.startsWith('text/') && looksLikeForm(text))) {
    return maskForm(session, text, path);
  }
  // one candidate index for the column hints and the detectors
  const index = new TextIndex(text);
  const extra = [...sensitiveColumnSpans(text, index), ...sensitiveParamSpans(text)];
  return session.maskText(text, path, extra, index);
}

/**
 * Masks a payload in its transport encoding. base64 that decodes to UTF-8
 * text is decoded, masked and re-encoded. Binary stays binary: it is scanned
 * as latin1 (one char per byte, so offsets are byte offsets) and what is
 * found is overwritten in place with '*' bytes of the same length — a
 * same-length overwrite keeps the lengths and offsets binary formats rely on,
 * while secrets that sit in it as ASCII (keys in a protobuf, a password in a
 * wire-protocol packet) are still removed.
 */
export function maskPayload(
  session: MaskSession,
  payload: string,
  encoding: PayloadEncoding | undefined,
  path: string,
  contentType?: string,
): string {
  if (encoding !== 'base64') return maskTextual(session, payload, path, contentType);
  if (!BASE64.test(payload)) return maskTextual(session, payload, path, contentType);
  const bytes = Buffer.from(payload, 'base64');
  let text: string | null = null;
  try {
    text = utf8.decode(bytes);
    if (text.includes('\u0000')) text = null;
  } catch {
    text = null;
  }
  if (text !== null) {
    const masked = maskTextual(session, text, path, contentType);
    return masked === text ? payload : Buffer.from(masked, 'utf8').toString('base64');
  }
  const latin1 = bytes.toString('latin1');
  const spans = session.scan(latin1);
  if (spans.length === 0) return payload;
  for (const s of spans) {
    session.replace(s.infoType, latin1.slice(s.start, s.end), path);
    bytes.fill(0x2a, s.start, s.end);
  }
  return bytes.toString('base64');
}

function firstNonSpace(text: string): string {
  for (let i = 0; i < text.length && i < 64; i++) {
    const c = text[i];
    if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') return c;
  }
  return '';
}
