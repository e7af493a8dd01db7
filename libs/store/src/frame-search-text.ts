import type { Frame } from '@auditorium/frames';

/**
 * The text of a (masked) frame that full-text search covers: target, header values,
 * utf8 bodies and stream data, SQL text, error messages and reasons. base64 payloads
 * are skipped (their tokens are noise). Every adapter indexes exactly this text, so
 * a search finds the same sessions on SQLite, Elasticsearch and OpenSearch.
 */
export function frameSearchText(frame: Frame): string {
  const parts: string[] = [];
  switch (frame.type) {
    case 'request':
    case 'response':
      if (frame.target) parts.push(frame.target);
      if (frame.headers) for (const value of Object.values(frame.headers)) parts.push(value);
      if (frame.body && frame.encoding !== 'base64') parts.push(frame.body);
      if (typeof frame.meta?.sql === 'string') parts.push(frame.meta.sql);
      break;
    case 'input':
    case 'output':
      if (frame.data && frame.encoding !== 'base64') parts.push(frame.data);
      break;
    case 'decision':
    case 'session.end':
      if (frame.reason) parts.push(frame.reason);
      break;
    case 'error':
      parts.push(frame.message);
      break;
    case 'session.start':
      break;
  }
  return parts.filter((p) => typeof p === 'string' && p.length > 0).join('\n');
}
