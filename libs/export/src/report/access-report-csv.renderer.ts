import { csvRow } from '../csv-cell';
import type { CsvValue } from '../csv-cell';
import type { AccessReport } from './access-report.types';

export const ACCESS_REPORT_CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/**
 * The report as CSV in sections: a title row, a header row, data rows, and
 * an empty line between sections. Every cell is formula-safe (csvCell).
 */
export function renderAccessReportCsv(report: AccessReport): string {
  const out: string[] = [];
  const section = (title: string, header: readonly string[], rows: CsvValue[][]): void => {
    if (out.length) out.push('\r\n');
    out.push(csvRow([title]), csvRow(header));
    for (const row of rows) out.push(csvRow(row));
  };

  section(
    'Summary',
    ['metric', 'value'],
    [
      ['identity', report.scope.identity],
      ['resource', report.scope.resource],
      ['from', report.period.from],
      ['to', report.period.to],
      ['bucket', report.period.bucket],
      ['generated_at', report.generatedAt],
      ['basis', report.basis],
      ['sessions', report.sessions],
      ['exchanges', report.exchanges],
      ['bytes', report.bytes],
      ['first_access', report.firstAccess],
      ['last_access', report.lastAccess],
      ['denied_total', report.deniedTotal],
      ...Object.entries(report.sessionStatus).map(([status, n]): CsvValue[] => [`sessions_${status}`, n]),
    ],
  );
  section(
    'Decisions',
    ['outcome', 'count'],
    Object.entries(report.decisions).map(([o, n]) => [o, n]),
  );
  section(
    'Resources touched',
    ['name', 'type', 'sessions', 'exchanges', 'bytes', 'denied'],
    report.resourcesTouched.map((r) => [r.name, r.type, r.sessions, r.exchanges, r.bytes, r.denied]),
  );
  section(
    'Identities',
    ['sub', 'name', 'type', 'sessions', 'exchanges'],
    report.identities.map((i) => [i.sub, i.name, i.type, i.sessions, i.exchanges]),
  );
  section(
    'Info types masked',
    ['info_type', 'count'],
    report.infoTypes.map((t) => [t.type, t.count]),
  );
  section(
    'Denied exchanges',
    ['ts', 'sid', 'seq', 'outcome', 'identity', 'resource', 'method', 'target', 'policy', 'reason'],
    report.deniedExchanges.map((d) => [
      d.ts,
      d.sid,
      d.seq,
      d.outcome,
      d.identity,
      d.resource,
      d.method,
      d.target,
      d.policy,
      d.reason,
    ]),
  );
  section(
    'Access over time',
    ['bucket_start', 'sessions', 'exchanges', 'denied'],
    report.series.map((p) => [p.start, p.sessions, p.exchanges, p.denied]),
  );
  return out.join('');
}
