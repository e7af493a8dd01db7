import type { SessionSummary, StoredFrame } from '@auditorium/store';

/** The event formats of the SIEM export. */
export const EXPORT_FORMATS = ['native', 'ecs', 'ocsf', 'cef', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value);
}

/** A mapper turns one stored (already masked) frame into one export event. */
export type EventMapper<T> = (frame: StoredFrame, session?: SessionSummary) => T;

/** What every mapper may be told about the product emitting the events. */
export interface ExportProductOptions {
  /** Auditorium's version, written to CEF headers and OCSF metadata; default DEFAULT_PRODUCT_VERSION */
  productVersion?: string;
  /** vendor name in CEF headers and OCSF metadata; default "Auditorium" */
  vendor?: string;
}

export const PRODUCT_NAME = 'Auditorium';
export const DEFAULT_VENDOR = 'Auditorium';
export const DEFAULT_PRODUCT_VERSION = '0.1.0';
