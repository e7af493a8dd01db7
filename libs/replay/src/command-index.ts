import type { Encoding, Frame } from '@auditorium/frames';
import type { FindingCounts } from '@auditorium/store';
import { decodeBase64 } from './exchange-text';
import { escapeControls } from './terminal-sanitizer';

/*
 * The command index of an interactive session (psql, ssh, kubectl exec): each
 * line submitted on the input stream, with its time and the output that
 * followed until the next submission. Interactive sessions have no request
 * frames, so without this they read as zero exchanges. Pure: fed frames in
 * seq order, it knows no storage; the timeline and the access report call it.
 */

/** What the index needs of a stored frame. */
export interface CommandIndexFrame {
  seq: number;
  ts: string;
  tsMicros: number;
  frame: Frame;
  findings: FindingCounts;
}

export interface SubmittedCommand {
  /** 0-based, in submission order */
  index: number;
  /** seq of the input frame that submitted the line (its Enter) */
  seq: number;
  ts: string;
  tsMicros: number;
  /** the line as typed, after line editing (backspace), masked as stored; controls made visible */
  line: string;
  /** the output that followed, as plain text (terminal sequences removed), at most MAX_OUTPUT characters */
  output: string;
  outputTruncated: boolean;
  /** info types masked in the line's input and in its output */
  findings: FindingCounts;
}

export const MAX_COMMAND_OUTPUT = 4096;
const MAX_LINE = 4096;

/* eslint-disable no-control-regex */
const TERMINAL_SEQUENCES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[ -/]*[0-~]/g;
/* eslint-enable no-control-regex */

/**
 * Feeds frames one by one; `push` returns the commands that became complete
 * (their output ended because a new line was submitted), `end` the last one.
 */
export class CommandIndexer {
  private typed = '';
  private typedFindings: FindingCounts = {};
  private current?: SubmittedCommand;
  private count = 0;

  /** the lines the last `push` submitted (the cast marks each one) */
  lastSubmitted: string[] = [];

  /** lines submitted so far (a report counts these as exchanges) */
  get submitted(): number {
    return this.count;
  }

  push(f: CommandIndexFrame): SubmittedCommand[] {
    const frame = f.frame;
    this.lastSubmitted = [];
    if (frame.type === 'output') {
      if (this.current) {
        this.appendOutput(this.current, decode(frame.data, frame.encoding));
        add(this.current.findings, f.findings);
      }
      return [];
    }
    if (frame.type !== 'input') return [];
    add(this.typedFindings, f.findings);
    const done: SubmittedCommand[] = [];
    for (const ch of decode(frame.data, frame.encoding).replace(TERMINAL_SEQUENCES, '')) {
      if (ch === '\r' || ch === '\n') {
        if (ch === '\n' && this.typed === '' && this.justSubmitted) continue; // CRLF
        const line = this.typed;
        this.typed = '';
        this.justSubmitted = true;
        if (this.current) done.push(this.current);
        this.current = {
          index: this.count++,
          seq: f.seq,
          ts: f.ts,
          tsMicros: f.tsMicros,
          line: escapeControls(line),
          output: '',
          outputTruncated: false,
          findings: this.typedFindings,
        };
        this.typedFindings = {};
        this.lastSubmitted.push(this.current.line);
        continue;
      }
      this.justSubmitted = false;
      if (ch === '\x7f' || ch === '\b') this.typed = [...this.typed].slice(0, -1).join('');
      else if (ch === '\x03' || ch === '\x15')
        this.typed = ''; // Ctrl-C, Ctrl-U: the line is gone
      else if (ch >= ' ' && this.typed.length < MAX_LINE) this.typed += ch;
    }
    return done;
  }

  end(): SubmittedCommand[] {
    const last = this.current;
    this.current = undefined;
    return last ? [last] : [];
  }

  private justSubmitted = false;

  private appendOutput(c: SubmittedCommand, data: string): void {
    if (c.outputTruncated) return;
    let text = c.output + escapeControls(data.replace(TERMINAL_SEQUENCES, ''));
    // the terminal echoes the line first: the output is what came after it
    if (c.output === '' && c.line !== '' && text.startsWith(c.line))
      text = text.slice(c.line.length).replace(/^\n/, '');
    if (text.length > MAX_COMMAND_OUTPUT) {
      text = text.slice(0, MAX_COMMAND_OUTPUT);
      c.outputTruncated = true;
    }
    c.output = text;
  }
}

/** The command index of one session's frames, in seq order. */
export function commandIndex(frames: Iterable<CommandIndexFrame>): SubmittedCommand[] {
  const indexer = new CommandIndexer();
  const out: SubmittedCommand[] = [];
  for (const f of frames) out.push(...indexer.push(f));
  out.push(...indexer.end());
  return out;
}

function decode(data: string, encoding: Encoding | undefined): string {
  if (encoding !== 'base64') return data;
  const bytes = decodeBase64(data);
  return bytes ? new TextDecoder('utf-8').decode(bytes) : '';
}

function add(into: FindingCounts, from: FindingCounts): void {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
}
