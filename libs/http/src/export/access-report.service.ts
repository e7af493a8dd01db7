import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { parseTsMicros } from '@auditorium/frames';
import {
  ACCESS_REPORT_CSV_CONTENT_TYPE,
  ACCESS_REPORT_HTML_CONTENT_TYPE,
  ACCESS_REPORT_JSON_CONTENT_TYPE,
  ACCESS_REPORT_PDF_CONTENT_TYPE,
  buildAccessReport,
  renderAccessReportCsv,
  renderAccessReportHtml,
  renderAccessReportJson,
  renderAccessReportPdf,
} from '@auditorium/export';
import type { AccessReport } from '@auditorium/export';
import { RecordingStore } from '@auditorium/store';
import type { SessionSummary, StoredFrame } from '@auditorium/store';
import { AccessRecorder } from '../access-recorder.service';
import type { AuthedRequest } from '../auth.guard';
import { BadRequestError } from '../http.errors';
import type { AccessReportQuery, ReportFormat } from './access-report.query';
import { inScope } from './principal-scope';

/** Sessions one report may cover (their summaries are held while the report is built). */
export const REPORT_MAX_SESSIONS = 100_000;
/** Above this many frames in the sessions of the period, the report counts from session summaries instead. */
export const REPORT_MAX_FRAMES = 5_000_000;

const SESSION_PAGE = 500;
const HTML_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Access reports for compliance: who touched what over a period, as JSON, CSV, printable HTML or PDF. */
@Injectable()
export class AccessReportService {
  constructor(
    private readonly store: RecordingStore,
    private readonly access: AccessRecorder,
  ) {}

  async send(q: AccessReportQuery, req: AuthedRequest, res: Response): Promise<void> {
    const format = q.format ?? 'json';
    const report = await this.build(q, req);
    const name = fileName(q, format);
    res.status(200);
    switch (format) {
      case 'json':
        res.setHeader('Content-Type', ACCESS_REPORT_JSON_CONTENT_TYPE);
        res.end(renderAccessReportJson(report));
        return;
      case 'csv':
        res.setHeader('Content-Type', ACCESS_REPORT_CSV_CONTENT_TYPE);
        res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
        res.end(renderAccessReportCsv(report));
        return;
      case 'html':
        res.setHeader('Content-Type', ACCESS_REPORT_HTML_CONTENT_TYPE);
        res.setHeader('Content-Security-Policy', HTML_CSP);
        res.end(renderAccessReportHtml(report));
        return;
      case 'pdf': {
        const pdf = await renderAccessReportPdf(report);
        res.setHeader('Content-Type', ACCESS_REPORT_PDF_CONTENT_TYPE);
        res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
        res.setHeader('Content-Length', String(pdf.length));
        res.end(pdf);
        return;
      }
      default: {
        const unknown: never = format;
        throw new BadRequestError(`unknown report format ${String(unknown)}`);
      }
    }
  }

  async build(q: AccessReportQuery, req: AuthedRequest): Promise<AccessReport> {
    const from = parseTsMicros(q.from);
    const to = parseTsMicros(q.to);
    if (from === undefined || to === undefined) throw new BadRequestError('from and to must be RFC 3339 timestamps');
    if (to < from) throw new BadRequestError('to must not be before from');
    await this.access.record(req, 'report', describe(q));

    const sessions = await this.sessionsOf(q, req);
    const frameTotal = sessions.reduce((n, s) => n + s.frameCount, 0);
    const frames = frameTotal <= REPORT_MAX_FRAMES ? this.framesOf(sessions) : undefined;
    return buildAccessReport(sessions, frames, {
      scope: {
        ...(q.identity !== undefined ? { identity: q.identity } : {}),
        ...(q.resource !== undefined ? { resource: q.resource } : {}),
      },
      from: q.from,
      to: q.to,
      bucket: q.bucket ?? 'day',
    });
  }

  /** Every session of the scope overlapping the period, paged through (a scoped token sees its own only). */
  private async sessionsOf(q: AccessReportQuery, req: AuthedRequest): Promise<SessionSummary[]> {
    const out: SessionSummary[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.store.searchSessions({
        identity: q.identity,
        resource: q.resource,
        from: q.from,
        to: q.to,
        limit: SESSION_PAGE,
        cursor,
      });
      for (const s of page.items) {
        if (inScope(req.principal, { identity: s.identity?.sub, resource: s.resource?.name })) out.push(s);
      }
      if (out.length > REPORT_MAX_SESSIONS) {
        throw new BadRequestError(
          `the period holds more than ${REPORT_MAX_SESSIONS} sessions: narrow it, or report per identity or resource`,
        );
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return out;
  }

  /** The frames of the sessions, one session after another, streamed (the builder keeps those in the period). */
  private async *framesOf(sessions: SessionSummary[]): AsyncGenerator<StoredFrame> {
    for (const s of sessions) yield* this.store.streamFrames(s.sid);
  }
}

function describe(q: AccessReportQuery): string {
  const parts = [`from=${q.from}`, `to=${q.to}`];
  if (q.identity !== undefined) parts.unshift(`identity=${q.identity}`);
  if (q.resource !== undefined) parts.unshift(`resource=${q.resource}`);
  return `access report ${parts.join(' ')}`;
}

function fileName(q: AccessReportQuery, format: ReportFormat): string {
  const who = q.identity ?? q.resource ?? 'all';
  const day = (ts: string) => ts.slice(0, 10);
  const base = `access-report-${who}-${day(q.from)}-${day(q.to)}`.replace(/[^A-Za-z0-9._-]+/g, '_');
  return `${base}.${format}`;
}
