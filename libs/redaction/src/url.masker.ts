import { maskForm } from './form.masker';
import type { MaskSession } from './mask-session';

/**
 * Masks a request target: a path, a full URL, or a database name. The part
 * before '?' is scanned as text (emails in paths, credentials in user info);
 * the query is masked parameter by parameter; a fragment is scanned as text.
 */
export function maskTarget(session: MaskSession, target: string, basePath: string): string {
  const q = target.indexOf('?');
  if (q === -1) return session.maskText(target, basePath);
  const hash = target.indexOf('#', q);
  const queryEnd = hash === -1 ? target.length : hash;
  const head = session.maskText(target.slice(0, q), basePath);
  const query = maskForm(session, target.slice(q + 1, queryEnd), `${basePath}.query`);
  const tail = hash === -1 ? '' : session.maskText(target.slice(hash), basePath);
  return `${head}?${query}${tail}`;
}
