import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { parseTsMicros } from '@auditorium/frames';
import { createExportEncoder, decodeExportCursor, encodeExportCursor } from '@auditorium/export';
import type { ExportEncoder, ExportPosition } from '@auditorium/export';
import { RecordingStore } from '@auditorium/store';
import type { IngestOrderPage, SessionSummary, StoredFrame } from '@auditorium/store';
import { AccessRecorder } from '../access-recorder.service';
import type { AuthedRequest } from '../auth.guard';
import { BadRequestError } from '../http.errors';
import { EXPORT_HEADERS } from './export-headers';
import { EXPORT_DEFAULT_LIMIT, ExportEventsQuery } from './export-events.query';
import { inScope, unscoped } from './principal-scope';
import { ResponseWriter } from './response-writer';
import { SessionLookup } from './session-lookup';

/** Encoded text one response may hold before it is sent: the memory bound of an export request. */
/**
 * Encoded bytes one response may hold before it is sent: the memory bound of an
 * export request (the page is read before the headers so its cursor can go in one).
 * Measured (bench/export.bench.ts): 2 MiB keeps the server's RSS growth small;
 * 16 MiB pages cost ~100 MB of heap for no gain in events/s.
 */
export const EXPORT_MAX_RESPONSE_BYTES = 2 * 1024 * 1024;
/** Frames asked of the store per read; fewer when frames are large (see nextReadSize). */
const MAX_READ = 1000;
const FIRST_READ = 250;

interface ExportPage {
  chunks: Buffer[];
  events: number;
  /** position of the last frame read (delivered or filtered out by scope) */
  last?: ExportPosition;
  /** stopped at the limit or the size bound: more may be waiting */
  more: boolean;
}

/**
 * The incremental SIEM export. One response is one page in ingest order: the
 * page is read and encoded first (bounded by `limit` and EXPORT_MAX_RESPONSE_BYTES),
 * so its next cursor can go in a header, then written with backpressure.
 */
@Injectable()
export class ExportEventsService {
  constructor(
    private readonly store: RecordingStore,
    private readonly access: AccessRecorder,
  ) {}

  async stream(q: ExportEventsQuery, req: AuthedRequest, res: Response): Promise<void> {
    const format = q.format ?? 'native';
    const after = q.cursor !== undefined ? decodeExportCursor(q.cursor) : undefined;
    let sinceMs: number | undefined;
    if (q.since !== undefined) {
      const micros = parseTsMicros(q.since);
      if (micros === undefined) throw new BadRequestError('since must be an RFC 3339 timestamp');
      sinceMs = Math.floor(micros / 1000);
    }
    const encoder = createExportEncoder(format);
    await this.access.record(req, 'export.events', describe(format, q));

    const page = await this.readPage(encoder, req, { after, sinceMs, limit: q.limit ?? EXPORT_DEFAULT_LIMIT });

    res.status(200);
    res.setHeader('Content-Type', encoder.contentType);
    res.setHeader(EXPORT_HEADERS.more, String(page.more));
    res.setHeader(EXPORT_HEADERS.events, String(page.events));
    const next = page.last ?? after;
    if (next) {
      const cursor = encodeExportCursor(next);
      res.setHeader(EXPORT_HEADERS.nextCursor, cursor);
      res.setHeader('Link', `<${nextLink(req, cursor)}>; rel="next"`);
    }
    const writer = new ResponseWriter(res);
    for (const chunk of page.chunks) {
      if (!(await writer.write(chunk))) return;
    }
    writer.end();
  }

  private async readPage(
    encoder: ExportEncoder,
    req: AuthedRequest,
    opts: { after?: ExportPosition; sinceMs?: number; limit: number },
  ): Promise<ExportPage> {
    const sessions = new SessionLookup(this.store);
    const scoped = !unscoped(req.principal);
    // native events need the session only for frames stored before their session.start
    const needsSession = (f: StoredFrame): boolean =>
      encoder.format !== 'native' || f.identity === undefined || f.resource === undefined;

    const chunks: Buffer[] = [];
    const header = encoder.header?.();
    let size = 0;
    if (header) {
      chunks.push(Buffer.from(header, 'utf8'));
      size += chunks[0].length;
    }
    let read = 0;
    let events = 0;
    let last = opts.after;
    let readSize = Math.min(FIRST_READ, opts.limit);
    for (;;) {
      const result: IngestOrderPage = await this.store.readIngestOrder({
        after: last,
        sinceIngestedAt: opts.sinceMs,
        limit: readSize,
      });
      const items = result.items;
      if (items.length === 0) return { chunks, events, last, more: false };
      let text = '';
      for (const f of items) {
        let session: SessionSummary | undefined;
        if (needsSession(f) || (scoped && (f.identity === undefined || f.resource === undefined))) {
          session = await sessions.get(f.sid);
        }
        if (
          scoped &&
          !inScope(req.principal, {
            identity: f.identity?.sub ?? session?.identity?.sub,
            resource: f.resource?.name ?? session?.resource?.name,
          })
        ) {
          continue;
        }
        text += encoder.encode(f, session);
        events++;
      }
      // off the V8 heap at once: the strings die young, the bytes are freed as soon as they are written
      const bytes = Buffer.from(text, 'utf8');
      chunks.push(bytes);
      size += bytes.length;
      read += items.length;
      last = result.last ?? last;
      if (items.length < readSize) return { chunks, events, last, more: false };
      if (read >= opts.limit || size >= EXPORT_MAX_RESPONSE_BYTES) return { chunks, events, last, more: true };
      readSize = nextReadSize(opts.limit - read, EXPORT_MAX_RESPONSE_BYTES - size, size / read);
    }
  }
}

/** As many frames as fit the remaining limit and (by the average size so far) the remaining size budget. */
function nextReadSize(remaining: number, budget: number, avgBytes: number): number {
  const bySize = avgBytes > 0 ? Math.ceil(budget / avgBytes) : MAX_READ;
  return Math.max(1, Math.min(remaining, MAX_READ, bySize));
}

function describe(format: string, q: ExportEventsQuery): string {
  const parts = [`format=${format}`];
  if (q.since) parts.push(`since=${q.since}`);
  if (q.cursor) parts.push(`cursor=${q.cursor.slice(0, 64)}`);
  return `export ${parts.join(' ')}`;
}

/** The same request with the new cursor (relative URL: the client knows where it is). */
function nextLink(req: AuthedRequest, cursor: string): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(req.query)) {
    if (key !== 'cursor' && typeof value === 'string') params.set(key, value);
  }
  params.set('cursor', cursor);
  return `${req.path}?${params.toString()}`;
}
