import type {
  DecisionFrame,
  Encoding,
  ErrorFrame,
  Frame,
  RequestFrame,
  ResponseFrame,
  SessionEndFrame,
  SessionStartFrame,
} from '@auditorium/frames';

import { exchangeSql, sqlCommandTag, sqlStatementKind } from './sql-statement';
import { escapeControls, escapeLine } from './terminal-sanitizer';

/**
 * Exchanges as readable terminal text (CRLF line endings). Everything taken
 * from a frame goes through `escapeControls`, so a payload cannot drive the
 * terminal; the only escape sequences in the output are our own colours.
 * No Node-only APIs: the viewer reuses this in the browser.
 */
export interface TextRenderOptions {
  /** ANSI colours (default true); off for plain text (viewer timeline, logs) */
  color?: boolean;
  /** body lines shown before "… N more lines" (default 40) */
  maxBodyLines?: number;
  /** characters per body line before it is cut (default 1000) */
  maxLineChars?: number;
  /** headers shown, case-insensitive (default DEFAULT_HEADER_ALLOW_LIST) */
  headerAllowList?: readonly string[];
}

export const DEFAULT_HEADER_ALLOW_LIST: readonly string[] = [
  'content-type',
  'content-length',
  'user-agent',
  'x-request-id',
  'location',
];

const CRLF = '\r\n';

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

const sgr =
  (code: string) =>
  (s: string): string =>
    `\x1b[${code}m${s}\x1b[0m`;
const COLOR: Style = {
  bold: sgr('1'),
  dim: sgr('2'),
  red: sgr('31'),
  green: sgr('32'),
  yellow: sgr('33'),
  cyan: sgr('36'),
};
const id = (s: string): string => s;
const PLAIN: Style = { bold: id, dim: id, red: id, green: id, yellow: id, cyan: id };

function styleOf(opts: TextRenderOptions): Style {
  return opts.color === false ? PLAIN : COLOR;
}

/** A request or response frame as a block of terminal text ending in CRLF. */
export function renderExchangeText(frame: RequestFrame | ResponseFrame, opts: TextRenderOptions = {}): string {
  const s = styleOf(opts);
  const lines: string[] = [];
  const sql = typeof frame.meta?.sql === 'string' ? frame.meta.sql : undefined;
  const tag = frame.type === 'response' && frame.status === 0 ? sqlCommandTag(undefined, frame) : undefined;
  if (frame.type === 'request') {
    const method = escapeLine(frame.method ?? (sql !== undefined ? (sqlStatementKind(sql) ?? 'SQL') : 'REQUEST'));
    const target = frame.target !== undefined ? ' ' + escapeLine(frame.target) : '';
    lines.push(`${s.cyan('→')} ${s.bold(method)}${target}${truncatedNote(frame, s)}`);
  } else if (tag !== undefined) {
    // a SQL statement's status 0 is no HTTP code: the command tag says what happened
    const duration = typeof frame.meta?.durationMs === 'number' ? s.dim(`  (${formatMs(frame.meta.durationMs)})`) : '';
    lines.push(`${s.green('←')} ${s.green(s.bold(escapeLine(tag)))}${duration}${truncatedNote(frame, s)}`);
  } else {
    const status = frame.status !== undefined ? String(frame.status) : 'RESPONSE';
    const text = frame.status !== undefined && STATUS_TEXT[frame.status] ? ' ' + STATUS_TEXT[frame.status] : '';
    const paint = frame.status === undefined ? s.bold : frame.status >= 400 ? s.red : s.green;
    const duration = typeof frame.meta?.durationMs === 'number' ? s.dim(`  (${formatMs(frame.meta.durationMs)})`) : '';
    lines.push(`${paint('←')} ${paint(s.bold(status + text))}${duration}${truncatedNote(frame, s)}`);
  }
  for (const [name, value] of chosenHeaders(frame.headers, opts.headerAllowList)) {
    lines.push(`  ${s.dim(escapeLine(name) + ':')} ${escapeLine(value)}`);
  }
  if (sql && frame.type === 'request') lines.push(...indent(clip(escapeControls(sql), opts, s)));
  if (frame.type === 'response' && typeof frame.meta?.rowCount === 'number' && tag === undefined) {
    lines.push(`  ${s.dim(`(${frame.meta.rowCount} ${frame.meta.rowCount === 1 ? 'row' : 'rows'})`)}`);
  }
  // the SQL is printed once: a request body that repeats meta.sql, or a response body that is the tag, adds nothing
  const repeats = (frame.type === 'request' && frame.body?.trim() === sql?.trim()) || frame.body?.trim() === tag;
  if (frame.body !== undefined && frame.body !== '' && !repeats) {
    lines.push(...indent(clip(bodyText(frame.body, frame.encoding, contentType(frame.headers)), opts, s)));
  }
  return lines.join(CRLF) + CRLF;
}

/** Any frame as terminal text, or null for frames shown otherwise (input/output streams). */
export function renderFrameText(frame: Frame, opts: TextRenderOptions = {}): string | null {
  switch (frame.type) {
    case 'request':
    case 'response':
      return renderExchangeText(frame, opts);
    case 'decision':
      return renderDecisionText(frame, opts);
    case 'session.start':
      return renderSessionStartText(frame, opts);
    case 'session.end':
      return renderSessionEndText(frame, opts);
    case 'error':
      return renderErrorText(frame, opts);
    default:
      return null;
  }
}

export function renderDecisionText(frame: DecisionFrame, opts: TextRenderOptions = {}): string {
  const s = styleOf(opts);
  const policy = frame.policy ? ` by policy ${escapeLine(frame.policy)}` : '';
  const reviewer = frame.reviewer ? ` by ${escapeLine(frame.reviewer)}` : '';
  const reason = frame.reason ? `: ${escapeLine(frame.reason)}` : '';
  let line: string;
  switch (frame.outcome) {
    case 'deny':
      line = s.red(s.bold(`✖ DENIED${policy}`) + reason);
      break;
    case 'review.rejected':
      line = s.red(s.bold(`✖ REJECTED${reviewer}`) + policy + reason);
      break;
    case 'review.pending':
      line = s.yellow(`⏸ review pending${policy}${reason}`);
      break;
    case 'review.approved':
      line = s.green(`✔ approved${reviewer}`) + policy + reason;
      break;
    default:
      line = s.dim(`✔ allowed${policy}${reason}`);
  }
  return line + CRLF;
}

export function renderSessionStartText(frame: SessionStartFrame, opts: TextRenderOptions = {}): string {
  const s = styleOf(opts);
  const { identity, resource } = frame;
  const who = [identity.type, identity.iss ? `iss ${identity.iss}` : undefined, identity.clientId]
    .filter((x): x is string => !!x)
    .join(', ');
  const lines = [
    s.bold(`━━ session ${escapeLine(frame.sid)} ━━`),
    `${s.dim('identity')}  ${escapeLine(identity.name ? `${identity.name} (${identity.sub})` : identity.sub)}${
      who ? s.dim(` ${escapeLine(who)}`) : ''
    }`,
    `${s.dim('resource')}  ${escapeLine(resource.name)}${
      resource.type || resource.env
        ? s.dim(` (${escapeLine([resource.type, resource.env].filter(Boolean).join(', '))})`)
        : ''
    }`,
  ];
  if (frame.gateway?.id || frame.gateway?.version) {
    const gw = [frame.gateway.id, frame.gateway.version && `v${frame.gateway.version}`].filter(Boolean).join(' ');
    lines.push(`${s.dim('gateway ')}  ${escapeLine(gw)}`);
  }
  if (frame.client?.ip || frame.client?.userAgent) {
    const client = [frame.client.ip, frame.client.userAgent].filter(Boolean).join('  ');
    lines.push(`${s.dim('client  ')}  ${escapeLine(client)}`);
  }
  lines.push(s.dim(`started   ${escapeLine(frame.ts)}`));
  return lines.join(CRLF) + CRLF + CRLF;
}

export function renderSessionEndText(frame: SessionEndFrame, opts: TextRenderOptions = {}): string {
  const s = styleOf(opts);
  const exit = frame.exitCode !== undefined ? ` (exit ${frame.exitCode})` : '';
  const reason = frame.reason ? ` — ${escapeLine(frame.reason)}` : '';
  const paint = frame.status === 'ok' ? s.bold : s.red;
  return CRLF + paint(`━━ session ended: ${escapeLine(frame.status)}${exit}${reason} ━━`) + CRLF;
}

export function renderErrorText(frame: ErrorFrame, opts: TextRenderOptions = {}): string {
  const s = styleOf(opts);
  return s.red(`⚠ gateway error: ${escapeLine(frame.message)}`) + CRLF;
}

/**
 * One-line label of an exchange for markers and timelines, e.g.
 * `GET /reports/q3 → 200` or `SELECT * FROM users … (42 rows)`.
 */
export function exchangeLabel(
  request: RequestFrame | undefined,
  response?: ResponseFrame,
  decision?: DecisionFrame,
): string {
  const sql = exchangeSql(request, response);
  const tag = response?.status === 0 ? sqlCommandTag(request, response) : undefined;
  const rows = [response?.meta?.rowCount, request?.meta?.rowCount].find((x): x is number => typeof x === 'number');
  let label: string;
  if (sql) {
    label = shorten(sql.replace(/\s+/g, ' ').trim(), 60);
  } else {
    const method = request?.method ?? response?.method;
    const target = request?.target ?? response?.target;
    label = [method, target].filter(Boolean).join(' ') || `exchange ${request?.xid ?? response?.xid ?? ''}`.trim();
  }
  const denied = decision && (decision.outcome === 'deny' || decision.outcome === 'review.rejected');
  if (denied) label += ' → denied';
  else if (tag !== undefined) label += ` → ${tag}`;
  else if (response?.status !== undefined) label += ` → ${response.status}`;
  if (rows !== undefined && tag === undefined) label += ` (${rows} ${rows === 1 ? 'row' : 'rows'})`;
  return shorten(escapeLine(label), 120);
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}

function truncatedNote(frame: RequestFrame | ResponseFrame, s: Style): string {
  return frame.truncated ? s.yellow('  [truncated by gateway]') : '';
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms * 10) / 10} ms`;
}

function chosenHeaders(
  headers: Record<string, string> | undefined,
  allow: readonly string[] = DEFAULT_HEADER_ALLOW_LIST,
): Array<[string, string]> {
  if (!headers) return [];
  const allowed = new Set(allow.map((h) => h.toLowerCase()));
  return Object.entries(headers).filter(([name]) => allowed.has(name.toLowerCase()));
}

function contentType(headers: Record<string, string> | undefined): string | undefined {
  if (!headers) return undefined;
  for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() === 'content-type') return value;
  return undefined;
}

/** Body as safe text: base64 decoded when it is UTF-8, JSON re-indented. */
function bodyText(body: string, encoding: Encoding | undefined, type: string | undefined): string {
  let text = body;
  if (encoding === 'base64') {
    const bytes = decodeBase64(body);
    if (!bytes) return `[invalid base64, ${body.length} chars]`;
    const decoded = decodeUtf8(bytes);
    if (decoded === undefined || looksBinary(decoded)) return `[binary ${bytes.length} bytes]`;
    text = decoded;
  }
  const pretty = type === undefined || /json/i.test(type) ? prettyJson(text) : undefined;
  return escapeControls(pretty ?? text);
}

export function decodeBase64(b64: string): Uint8Array | undefined {
  try {
    const bin = atob(b64.replace(/\s+/g, ''));
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes;
  } catch {
    return undefined;
  }
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function looksBinary(text: string): boolean {
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) controls++;
  }
  return controls > text.length / 10;
}

/**
 * Re-indent JSON text without parsing its values, so numbers beyond 2^53 and
 * key order stay exactly as recorded. Undefined when the text is not JSON.
 */
export function prettyJson(text: string): string | undefined {
  const trimmed = text.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return undefined;
  try {
    JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  let out = '';
  let depth = 0;
  let inString = false;
  const newline = (): string => '\n' + '  '.repeat(depth);
  for (let i = 0; i < trimmed.length; i++) {
    const ch = trimmed[i];
    if (inString) {
      out += ch;
      if (ch === '\\') out += trimmed[++i];
      else if (ch === '"') inString = false;
      continue;
    }
    switch (ch) {
      case '"':
        inString = true;
        out += ch;
        break;
      case '{':
      case '[': {
        const close = ch === '{' ? '}' : ']';
        let j = i + 1;
        while (/\s/.test(trimmed[j] ?? '')) j++;
        if (trimmed[j] === close) {
          out += ch + close;
          i = j;
        } else {
          depth++;
          out += ch + newline();
        }
        break;
      }
      case '}':
      case ']':
        depth--;
        out += newline() + ch;
        break;
      case ',':
        out += ',' + newline();
        break;
      case ':':
        out += ': ';
        break;
      case ' ':
      case '\t':
      case '\n':
      case '\r':
        break;
      default:
        out += ch;
    }
  }
  return out;
}

function clip(text: string, opts: TextRenderOptions, s: Style): string[] {
  const maxLines = Math.max(1, opts.maxBodyLines ?? 40);
  const maxChars = Math.max(10, opts.maxLineChars ?? 1000);
  const lines = text.split('\n');
  const shown = lines
    .slice(0, maxLines)
    .map((l) => (l.length > maxChars ? l.slice(0, maxChars) + s.dim(` … +${l.length - maxChars} chars`) : l));
  if (lines.length > maxLines) {
    const more = lines.length - maxLines;
    shown.push(s.dim(`… ${more} more ${more === 1 ? 'line' : 'lines'}`));
  }
  return shown;
}

function indent(lines: string[]): string[] {
  return lines.map((l) => (l ? '  ' + l : l));
}
