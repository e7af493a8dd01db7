import type { Frame } from '@auditorium/frames';
import type { SessionSummary, StoredFrame } from '@auditorium/store';

import { csvRow } from '../csv-cell';
import type { CsvValue } from '../csv-cell';
import { exportContext } from '../export-context';

/** The fixed columns of the CSV export, in order. */
export const CSV_EXPORT_COLUMNS = [
  'event_id',
  'timestamp',
  'sid',
  'seq',
  'type',
  'identity',
  'resource',
  'resource_type',
  'method',
  'target',
  'status',
  'decision',
  'findings',
] as const;
export type CsvExportColumn = (typeof CSV_EXPORT_COLUMNS)[number];

export type CsvExportRecord = Record<CsvExportColumn, CsvValue>;

/** The header record (CRLF-terminated). */
export function csvExportHeader(): string {
  return csvRow(CSV_EXPORT_COLUMNS);
}

export function toCsvRecord(stored: StoredFrame, session?: SessionSummary): CsvExportRecord {
  const ctx = exportContext(stored, session);
  const frame = stored.frame;
  const exchange = frame.type === 'request' || frame.type === 'response' ? frame : undefined;
  return {
    event_id: ctx.eventId,
    timestamp: stored.ts,
    sid: stored.sid,
    seq: stored.seq,
    type: frame.type,
    identity: ctx.identity?.sub,
    resource: ctx.resource?.name,
    resource_type: ctx.resource?.type,
    method: exchange?.method,
    target: exchange?.target,
    status: statusOf(frame),
    decision: frame.type === 'decision' ? frame.outcome : undefined,
    findings: findingsCell(stored.findings),
  };
}

/** One CSV record (CRLF-terminated), formula-safe. */
export function toCsvLine(stored: StoredFrame, session?: SessionSummary): string {
  const record = toCsvRecord(stored, session);
  return csvRow(CSV_EXPORT_COLUMNS.map((column) => record[column]));
}

function statusOf(frame: Frame): CsvValue {
  if (frame.type === 'response') return frame.status;
  if (frame.type === 'session.end') return frame.status;
  return undefined;
}

/** `EMAIL_ADDRESS=2;CREDIT_CARD_NUMBER=1` */
function findingsCell(findings: Record<string, number>): string | undefined {
  const entries = Object.entries(findings);
  return entries.length ? entries.map(([type, count]) => `${type}=${count}`).join(';') : undefined;
}
