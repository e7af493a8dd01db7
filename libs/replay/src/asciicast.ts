import type { DecisionFrame, Encoding, Frame, RequestFrame, ResponseFrame } from '@auditorium/frames';
import type { SessionSummary, StoredFrame } from '@auditorium/store';

import { CommandIndexer } from './command-index';
import { decodeBase64, exchangeLabel, renderFrameText } from './exchange-text';
import type { TextRenderOptions } from './exchange-text';
import { escapeLine, TerminalStreamSanitizer } from './terminal-sanitizer';

export type AsciicastVersion = 2 | 3;
export type AsciicastEventCode = 'o' | 'i' | 'm' | 'r' | 'x';

export interface AsciicastOptions extends TextRenderOptions {
  version: AsciicastVersion;
  session: SessionSummary;
  /** columns, default 120 */
  width?: number;
  /** rows, default 40 */
  height?: number;
  /** written to the header for the player; idle gaps themselves are always kept */
  idleTimeLimit?: number;
  /** default: "<identity> → <resource> · <sid>" */
  title?: string;
  /**
   * Events held back while waiting for an exchange's response, so its marker
   * can carry the status (default 256). Bounds memory: when exceeded, the
   * oldest marker goes out with what is known.
   */
  maxLookahead?: number;
}

export interface AsciicastV2Header {
  version: 2;
  width: number;
  height: number;
  timestamp?: number;
  idle_time_limit?: number;
  title: string;
  env: { TERM: string };
}

export interface AsciicastV3Header {
  version: 3;
  term: { cols: number; rows: number; type: string };
  timestamp?: number;
  idle_time_limit?: number;
  title: string;
  tags?: string[];
}

export const ASCIICAST_TERM = 'xterm-256color';
export const ASCIICAST_MEDIA_TYPE = 'application/x-asciicast';

export function asciicastHeader(opts: AsciicastOptions): AsciicastV2Header | AsciicastV3Header {
  const width = positiveInt(opts.width, 120);
  const height = positiveInt(opts.height, 40);
  const { session } = opts;
  const startMs = Date.parse(session.startedAt ?? session.firstTs);
  const timestamp = Number.isFinite(startMs) ? Math.floor(startMs / 1000) : undefined;
  const idle =
    opts.idleTimeLimit !== undefined && opts.idleTimeLimit > 0 && Number.isFinite(opts.idleTimeLimit)
      ? { idle_time_limit: opts.idleTimeLimit }
      : {};
  const title = escapeLine(opts.title ?? defaultTitle(session));
  const ts = timestamp !== undefined ? { timestamp } : {};
  if (opts.version === 2) {
    return { version: 2, width, height, ...ts, ...idle, title, env: { TERM: ASCIICAST_TERM } };
  }
  const tags = [
    ...new Set([session.resource?.type, session.resource?.env, session.identity?.type].filter((t): t is string => !!t)),
  ].map(escapeLine);
  return {
    version: 3,
    term: { cols: width, rows: height, type: ASCIICAST_TERM },
    ...ts,
    ...idle,
    title,
    ...(tags.length ? { tags } : {}),
  };
}

function defaultTitle(session: SessionSummary): string {
  const who = session.identity ? (session.identity.name ?? session.identity.sub) : 'unknown identity';
  const what = session.resource?.name ?? 'unknown resource';
  return `${who} → ${what} · ${session.sid}`;
}

function positiveInt(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isInteger(value) && value > 0 ? value : fallback;
}

interface Exchange {
  request?: RequestFrame;
  response?: ResponseFrame;
  decision?: DecisionFrame;
  done: boolean;
}

interface QueuedEvent {
  micros: number;
  code: AsciicastEventCode;
  data?: string;
  /** a marker whose label waits for its response */
  exchange?: Exchange;
}

/** xids remembered after their marker went out, so a late response adds no second marker. */
const RECENT_XIDS = 4096;

/**
 * Frames → asciicast v2/v3 as NDJSON lines (each ending in "\n"), streamed:
 * the header is yielded before the first frame is pulled, and memory stays
 * bounded whatever the session length (a small lookahead queue, see
 * `maxLookahead`).
 *
 * - Times are real: tsMicros relative to the first frame, never negative or
 *   going back (a frame stamped earlier than its predecessor is shown at the
 *   predecessor's time); idle gaps are kept (idle_time_limit is the player's).
 * - One marker per exchange, at its request's time (or at the response's
 *   when the request is missing), labelled `GET /x → 200`, `SELECT … (3 rows)`;
 *   one per line submitted in an interactive session, labelled `$ <line>`.
 * - Request, response, decision, session start/end and error frames are
 *   rendered as text with all payload controls made inert (renderFrameText).
 * - input/output frames of interactive sessions are the terminal stream: sent
 *   as "i"/"o" as recorded (base64 decoded, UTF-8 split across frames joined),
 *   output filtered by TerminalStreamSanitizer (clipboard, hyperlinks, device
 *   queries removed).
 * - v3 only: session.end with an exitCode adds an "x" event.
 */
export async function* renderAsciicast(
  frames: AsyncIterable<StoredFrame> | Iterable<StoredFrame>,
  opts: AsciicastOptions,
): AsyncGenerator<string> {
  const header = asciicastHeader(opts);
  yield JSON.stringify(header) + '\n';

  const maxLookahead = Math.max(1, opts.maxLookahead ?? 256);
  const queue: QueuedEvent[] = [];
  const open = new Map<string, Exchange>();
  const recent = new Set<string>();
  const output = new StreamDecoder();
  const input = new StreamDecoder();
  const sanitizer = new TerminalStreamSanitizer();
  const commands = new CommandIndexer();
  let firstMicros: number | undefined;
  let lastMicros = 0;
  let emittedMicros = 0;

  const line = (e: QueuedEvent): string => {
    const data = e.exchange ? labelOf(e.exchange) : (e.data ?? '');
    const time = opts.version === 2 ? e.micros / 1e6 : (e.micros - emittedMicros) / 1e6;
    emittedMicros = e.micros;
    return JSON.stringify([time, e.code, data]) + '\n';
  };
  const remember = (xid: string): void => {
    recent.add(xid);
    if (recent.size > RECENT_XIDS) recent.delete(recent.values().next().value as string);
  };
  const settle = (ex: Exchange): void => {
    if (ex.done) return;
    ex.done = true;
    const xid = ex.request?.xid ?? ex.response?.xid;
    if (xid !== undefined) {
      open.delete(xid);
      remember(xid);
    }
  };
  function* drain(all: boolean): Generator<string> {
    while (queue.length) {
      const head = queue[0];
      if (head.exchange && !head.exchange.done) {
        if (!all && queue.length <= maxLookahead) return;
        settle(head.exchange);
      }
      queue.shift();
      yield line(head);
    }
  }

  for await (const stored of frames) {
    const frame = stored.frame;
    const at = stored.tsMicros;
    firstMicros ??= at;
    lastMicros = Math.max(lastMicros, at - firstMicros);
    const micros = lastMicros;
    const push = (code: AsciicastEventCode, data: string): void => {
      if (data !== '') queue.push({ micros, code, data });
    };

    switch (frame.type) {
      case 'request': {
        let ex = open.get(frame.xid);
        if (!ex && !recent.has(frame.xid)) {
          ex = { request: frame, done: false };
          open.set(frame.xid, ex);
          queue.push({ micros, code: 'm', exchange: ex });
        }
        push('o', renderFrameText(frame, opts) ?? '');
        break;
      }
      case 'response': {
        const ex = open.get(frame.xid);
        if (ex) {
          ex.response = frame;
          settle(ex);
        } else if (!recent.has(frame.xid)) {
          // its request is missing (gap) or came long ago: mark the exchange here
          const orphan: Exchange = { response: frame, done: false };
          queue.push({ micros, code: 'm', exchange: orphan });
          remember(frame.xid);
          orphan.done = true;
        }
        push('o', renderFrameText(frame, opts) ?? '');
        break;
      }
      case 'decision': {
        const ex = frame.xid !== undefined ? open.get(frame.xid) : undefined;
        if (ex) ex.decision = frame;
        push('o', renderFrameText(frame, opts) ?? '');
        break;
      }
      case 'output':
        push('o', sanitizer.push(output.decode(frame.data, frame.encoding)));
        break;
      case 'input':
        commands.push(stored);
        // a marker per submitted line, like one per exchange: the timeline lists both
        for (const typed of commands.lastSubmitted) queue.push({ micros, code: 'm', data: commandLabel(typed) });
        push('i', input.decode(frame.data, frame.encoding));
        break;
      case 'session.end':
        push('o', output.flush() + sanitizer.end() + (renderFrameText(frame, opts) ?? ''));
        if (opts.version === 3 && frame.exitCode !== undefined) push('x', String(frame.exitCode));
        break;
      default:
        push('o', renderFrameText(frame as Frame, opts) ?? '');
    }
    yield* drain(false);
  }
  const tail = output.flush() + sanitizer.end();
  if (tail) queue.push({ micros: lastMicros, code: 'o', data: tail });
  yield* drain(true);
}

const MAX_COMMAND_LABEL = 80;

function commandLabel(line: string): string {
  const text = `$ ${line}`;
  return text.length > MAX_COMMAND_LABEL ? `${text.slice(0, MAX_COMMAND_LABEL - 1)}…` : text;
}

function labelOf(ex: Exchange): string {
  return exchangeLabel(ex.request, ex.response, ex.decision);
}

/** Decodes a byte stream that arrives in frames, keeping UTF-8 sequences split across frames whole. */
class StreamDecoder {
  private decoder = new TextDecoder('utf-8');
  private partial = false;

  decode(data: string, encoding: Encoding | undefined): string {
    if (encoding !== 'base64') return this.flush() + data;
    const bytes = decodeBase64(data);
    if (!bytes) return this.flush() + `[invalid base64, ${data.length} chars]`;
    this.partial = true;
    return this.decoder.decode(bytes, { stream: true });
  }

  flush(): string {
    if (!this.partial) return '';
    this.partial = false;
    return this.decoder.decode();
  }
}
