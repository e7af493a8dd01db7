/*
 * CSV cells: RFC 4180 quoting plus spreadsheet formula-injection defence
 * (OWASP "CSV Injection"): a text cell starting with = + - @ TAB or CR is
 * prefixed with a single quote so spreadsheet apps show it as text instead of
 * evaluating it. Numbers we produce ourselves are written as numbers.
 */

/** Characters that make a spreadsheet treat a cell as a formula. */
export const CSV_FORMULA_TRIGGERS = ['=', '+', '-', '@', '\t', '\r'] as const;

const TRIGGER = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export type CsvValue = string | number | boolean | null | undefined;

/** One cell: neutralised when text could be read as a formula, quoted when it must be. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = TRIGGER.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record with the RFC 4180 line ending (CRLF). */
export function csvRow(values: readonly CsvValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += ',';
    line += csvCell(values[i]);
  }
  return `${line}\r\n`;
}
