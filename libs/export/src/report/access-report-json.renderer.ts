import type { AccessReport } from './access-report.types';

export const ACCESS_REPORT_JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export function renderAccessReportJson(report: AccessReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
