import type { SessionSummary, StoredFrame } from '@auditorium/store';

import type { ExportFormat, ExportProductOptions } from './export-format';
import { toCefLine } from './mappers/cef.mapper';
import { csvExportHeader, toCsvLine } from './mappers/csv.mapper';
import { toEcsEvent } from './mappers/ecs.mapper';
import { toNativeEvent } from './mappers/native.mapper';
import { toOcsfEvent } from './mappers/ocsf.mapper';

/** Turns stored frames into the lines of one export stream. */
export interface ExportEncoder {
  format: ExportFormat;
  /** HTTP Content-Type of the stream */
  contentType: string;
  /** file extension for downloads / the CLI, without the dot */
  fileExtension: string;
  /** written once before the first event (CSV header row); absent for line formats without one */
  header?(): string;
  /** one event: a line ending in "\n" (CSV records end in CRLF, per RFC 4180) */
  encode(frame: StoredFrame, session?: SessionSummary): string;
}

export type ExportEncoderOptions = ExportProductOptions;

export function createExportEncoder(format: ExportFormat, options: ExportEncoderOptions = {}): ExportEncoder {
  switch (format) {
    case 'native':
      return ndjson(format, (frame, session) => toNativeEvent(frame, session));
    case 'ecs':
      return ndjson(format, (frame, session) => toEcsEvent(frame, session));
    case 'ocsf':
      return ndjson(format, (frame, session) => toOcsfEvent(frame, session, options));
    case 'cef':
      return {
        format,
        contentType: 'text/plain; charset=utf-8',
        fileExtension: 'cef',
        encode: (frame, session) => `${toCefLine(frame, session, options)}\n`,
      };
    case 'csv':
      return {
        format,
        contentType: 'text/csv; charset=utf-8; header=present',
        fileExtension: 'csv',
        header: csvExportHeader,
        encode: toCsvLine,
      };
    default: {
      const unknown: never = format;
      throw new Error(`unknown export format: ${String(unknown)}`);
    }
  }
}

function ndjson(format: ExportFormat, map: (frame: StoredFrame, session?: SessionSummary) => object): ExportEncoder {
  return {
    format,
    contentType: 'application/x-ndjson; charset=utf-8',
    fileExtension: 'ndjson',
    encode: (frame, session) => `${JSON.stringify(map(frame, session))}\n`,
  };
}
