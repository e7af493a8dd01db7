export * from './export-format';
export * from './export-encoder';
export * from './export-cursor';
export { exportContext, resourceKind, DATABASE_RESOURCE_TYPES } from './export-context';
export type { ExportContext, ResourceKind } from './export-context';
export { csvCell, csvRow, CSV_FORMULA_TRIGGERS } from './csv-cell';
export type { CsvValue } from './csv-cell';

export * from './mappers/native.mapper';
export * from './mappers/ecs.mapper';
export * from './mappers/ecs.values';
export * from './mappers/ocsf.mapper';
export * from './mappers/ocsf.values';
export * from './mappers/cef.mapper';
export * from './mappers/cef-escape';
export * from './mappers/csv.mapper';

export * from './report/access-report.types';
export { buildAccessReport, MAX_REPORT_BUCKETS, BY_RESOURCE_TOP } from './report/access-report.builder';
export * from './report/access-report-json.renderer';
export * from './report/access-report-csv.renderer';
export * from './report/access-report-html.renderer';
export { renderAccessReportPdf, ACCESS_REPORT_PDF_CONTENT_TYPE } from './report/access-report-pdf.renderer';

export * from './bundle/session-bundle';
export * from './bundle/bundle-verifier';
