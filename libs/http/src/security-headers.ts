import { API_DOCS_PATH } from './api-docs.static';
import type { NextFunction, Request, Response } from 'express';

/**
 * The viewer's policy: only our own scripts, styles and API; payloads are
 * rendered as text by the viewer, and this makes an injected tag inert anyway.
 * 'wasm-unsafe-eval' is for asciinema-player's WebAssembly terminal (no JS eval).
 */
export const VIEWER_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The API's policy: its answers are data, never a page, so a browser that is
 * tricked into rendering one (a cast, an export line) may load and run nothing.
 * The printable HTML report sets its own, equally closed, policy.
 */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Routes that answer data: recordings, exports, reports, the access log, metrics. */
function isApi(path: string): boolean {
  if (path === API_DOCS_PATH || path.startsWith(`${API_DOCS_PATH}/`)) return false; // a page, like the viewer
  return path.startsWith('/api/') || path === '/metrics' || path === '/healthz';
}

/**
 * Security headers on every response, set once here for every route family
 * (viewer, API, health, metrics, errors). Data never goes to a cache: a
 * recording, an export page or a report is read under a token and recorded
 * in the access log, so a shared or browser cache must not keep a copy. The
 * viewer's static files set their own Cache-Control (they hold no data).
 */
export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  const api = isApi(req.path);
  res.setHeader('Content-Security-Policy', api ? API_CSP : VIEWER_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  if (api) res.setHeader('Cache-Control', 'no-store');
  next();
}
