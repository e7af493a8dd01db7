import type { RequestFrame, ResponseFrame } from '@auditorium/frames';

/*
 * SQL exchanges read by their statement, not by the database they ran on:
 * `SELECT`, `UPDATE`, `SET`, and the command tag PostgreSQL answers with
 * (`UPDATE 3`) instead of a status 0 that would pass for HTTP.
 */

/** The statement's first keyword, upper-cased (`SELECT`), after leading comments, spaces and parentheses. */
export function sqlStatementKind(sql: string): string | undefined {
  const text = sql.replace(/^(?:\s+|\(+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/, '');
  const word = /^[A-Za-z]+/.exec(text)?.[0];
  return word ? word.toUpperCase() : undefined;
}

/** The SQL text of an exchange, from either side's `meta.sql`. */
export function exchangeSql(request?: RequestFrame, response?: ResponseFrame): string | undefined {
  return [request?.meta?.sql, response?.meta?.sql].find((x): x is string => typeof x === 'string');
}

/** A command tag as PostgreSQL writes it: `SET`, `UPDATE 3`, `INSERT 0 1`. */
const COMMAND_TAG = /^[A-Z]+(?: [A-Z]+)*(?: \d+){0,2}$/;

/**
 * What a SQL statement answered, in the words of the database: the response
 * body when it is a command tag, else `<KIND> <rows>` from the row count, else
 * the kind. Undefined for exchanges that are not SQL.
 */
export function sqlCommandTag(request?: RequestFrame, response?: ResponseFrame): string | undefined {
  if (!response) return undefined;
  const sql = exchangeSql(request, response);
  const body = typeof response.body === 'string' && response.encoding !== 'base64' ? response.body.trim() : '';
  // a status 0 answered with a tag is SQL even when only the request carried the text
  if ((sql !== undefined || response.status === 0) && body.length <= 40 && COMMAND_TAG.test(body)) return body;
  if (sql === undefined) return undefined;
  const kind = sqlStatementKind(sql);
  const rows = response.meta?.rowCount;
  if (kind === undefined) return typeof rows === 'number' ? `${rows} ${rows === 1 ? 'row' : 'rows'}` : undefined;
  return typeof rows === 'number' ? `${kind} ${rows}` : kind;
}
