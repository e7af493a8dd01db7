import { Injectable } from '@nestjs/common';
import { once } from 'node:events';
import type { Response } from 'express';
import type { DecisionFrame, RequestFrame, ResponseFrame } from '@auditorium/frames';
import { verifySession, VerifyResult } from '@auditorium/integrity';
import {
  ASCIICAST_MEDIA_TYPE,
  CommandIndexer,
  renderAsciicast,
  sqlCommandTag,
  sqlStatementKind,
  SubmittedCommand,
} from '@auditorium/replay';
import { FindingCounts, RecordingStore } from '@auditorium/store';
import type { AuthedRequest } from './auth.guard';
import type { ReplayQuery } from './replay.query';
import { SealKeyring } from './seal-keyring';
import { SessionReadService } from './session-read.service';

export interface TimelineEntry {
  xid: string;
  index: number;
  /** seconds from the first frame: the cast's clock */
  time: number;
  ts: string;
  method?: string;
  target?: string;
  status?: number;
  durationMs?: number;
  /** SQL exchanges: what the database answered (`UPDATE 3`), where `status` is a bare 0 */
  commandTag?: string;
  decision?: { outcome: string; policy?: string; reason?: string };
  findings: FindingCounts;
  /** a line submitted in an interactive session (xid `cmd-<n>`): what was typed and what came back */
  command?: TimelineCommand;
}

export interface TimelineCommand {
  line: string;
  output: string;
  outputTruncated: boolean;
  /** seq of the input frame that submitted it */
  seq: number;
}

const MAX_TIMELINE = 10_000;

/** Replay (asciicast, streamed), the exchange timeline and integrity verification of one session. */
@Injectable()
export class SessionReplayService {
  constructor(
    private readonly store: RecordingStore,
    private readonly reads: SessionReadService,
    private readonly keys: SealKeyring,
  ) {}

  async streamCast(sid: string, q: ReplayQuery, req: AuthedRequest, res: Response): Promise<void> {
    const session = await this.reads.detail(sid, req, { action: 'session.replay' });
    res.status(200);
    res.setHeader('Content-Type', `${ASCIICAST_MEDIA_TYPE}; charset=utf-8`);
    if (q.download) res.setHeader('Content-Disposition', `attachment; filename="${sid}.cast"`);
    const lines = renderAsciicast(this.store.streamFrames(sid), {
      version: q.format === 'v3' ? 3 : 2,
      session,
      idleTimeLimit: q.idleTimeLimit,
      width: q.width,
      height: q.height,
    });
    await writeBatched(lines, res);
  }

  async timeline(sid: string, req: AuthedRequest): Promise<{ items: TimelineEntry[]; truncated: boolean }> {
    await this.reads.detail(sid, req, { action: 'session.timeline' });
    const byXid = new Map<string, TimelineEntry>();
    const commands = new CommandIndexer();
    const commandEntries: TimelineEntry[] = [];
    // the cast's clock at each submission (times never go back), so a command sits on its marker
    const submittedAt: number[] = [];
    const addCommands = (done: SubmittedCommand[]) => {
      for (const c of done) {
        if (byXid.size + commandEntries.length >= MAX_TIMELINE) truncated = true;
        else commandEntries.push(commandEntry(c, submittedAt[c.index] ?? 0));
      }
    };
    let t0: number | undefined;
    let last = 0;
    let truncated = false;
    for await (const f of this.store.streamFrames(sid)) {
      t0 ??= f.tsMicros;
      // same clock as the cast: relative to the first frame, never backwards
      const time = Math.max(last, (f.tsMicros - t0) / 1e6);
      last = time;
      const done = commands.push(f);
      while (submittedAt.length < commands.submitted) submittedAt.push(time);
      addCommands(done);
      const frame = f.frame;
      const xid = 'xid' in frame ? frame.xid : undefined;
      if (!xid || !['request', 'response', 'decision'].includes(frame.type)) continue;
      let e = byXid.get(xid);
      if (!e) {
        if (byXid.size + commandEntries.length >= MAX_TIMELINE) {
          truncated = true;
          continue;
        }
        e = { xid, index: byXid.size, time, ts: f.ts, findings: {} };
        byXid.set(xid, e);
      }
      for (const [k, n] of Object.entries(f.findings)) e.findings[k] = (e.findings[k] ?? 0) + n;
      if (frame.type === 'request') {
        const r = frame as RequestFrame;
        e.time = time;
        e.ts = f.ts;
        const sql = typeof r.meta?.sql === 'string' ? r.meta.sql : undefined;
        // SQL reads by its statement (SELECT …), not by the table or database it ran on
        e.method = r.method ?? (sql !== undefined ? sqlStatementKind(sql) : undefined) ?? e.method;
        e.target = (sql !== undefined ? oneLine(sql) : r.target) ?? e.target;
      } else if (frame.type === 'response') {
        const r = frame as ResponseFrame;
        e.status = r.status;
        e.durationMs = r.meta?.durationMs;
        const tag = r.status === 0 ? sqlCommandTag(undefined, r) : undefined;
        if (tag !== undefined) e.commandTag = tag;
        e.method ??= r.method;
        e.target ??= r.target;
      } else {
        const d = frame as DecisionFrame;
        e.decision = { outcome: d.outcome, policy: d.policy, reason: d.reason };
      }
    }
    addCommands(commands.end());
    // one clock: exchanges and commands in time order (a stable sort keeps each kind's own order)
    const items = [...byXid.values(), ...commandEntries].sort((a, b) => a.time - b.time);
    items.forEach((e, i) => (e.index = i)); // the cast's marker order
    return { items, truncated };
  }

  async verify(sid: string, req: AuthedRequest): Promise<VerifyResult> {
    await this.reads.detail(sid, req, { action: 'session.verify' });
    return verifySession(this.store, sid, this.keys.jwks);
  }
}

function oneLine(sql: string): string {
  const text = sql.replace(/\s+/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

function commandEntry(c: SubmittedCommand, time: number): TimelineEntry {
  return {
    xid: `cmd-${c.index}`,
    index: c.index,
    time,
    ts: c.ts,
    target: c.line,
    findings: c.findings,
    command: { line: c.line, output: c.output, outputTruncated: c.outputTruncated, seq: c.seq },
  };
}

/** Lines are small (one event each): batched into chunks of about this many characters per write. */
const CHUNK_CHARS = 32 * 1024;

/**
 * Streams lines to the response in constant memory. The header (first line)
 * goes out on its own, before the first store page is read, so the client
 * sees the cast start at once; later lines are joined into ~32 KB writes
 * (one write, one promise and one chunk per line made 100k-frame casts churn
 * the heap). Waits for 'drain' when the socket is full, and stops reading the
 * store as soon as the client goes away.
 */
async function writeBatched(lines: AsyncIterable<string>, res: Response): Promise<void> {
  let closed = res.destroyed;
  const ac = new AbortController();
  const onClose = () => {
    closed = true;
    ac.abort(); // ends a wait for 'drain' that will never come
  };
  res.once('close', onClose);
  try {
    let chunk = '';
    let first = true;
    const flush = async () => {
      const ok = res.write(chunk);
      chunk = '';
      // once() with a signal removes its listener when aborted
      if (!ok && !closed) await once(res, 'drain', { signal: ac.signal }).catch(() => undefined);
    };
    for await (const line of lines) {
      if (closed) return; // client went away: stop reading the store
      chunk += line;
      if (first || chunk.length >= CHUNK_CHARS) {
        first = false;
        await flush();
      }
    }
    if (chunk && !closed) res.write(chunk);
    res.end();
  } finally {
    res.off('close', onClose);
    ac.abort();
  }
}
