import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { NextFunction, Request, Response } from 'express';

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

/** Security headers on every response, API included. */
export function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Content-Security-Policy', VIEWER_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  next();
}

/** Where `npm run build` puts the viewer, seen from dist/libs/http/src or libs/http/src. */
export function defaultViewerDir(): string {
  const candidates = [
    join(__dirname, '..', '..', '..', '..', 'apps', 'viewer', 'dist'),
    join(__dirname, '..', '..', '..', 'apps', 'viewer', 'dist'),
  ];
  return candidates.find((d) => existsSync(join(d, 'index.html'))) ?? candidates[0];
}

/** Static viewer at `/` (public files: the data behind it needs a token). */
export function viewerMiddleware(dir: string): express.Handler | undefined {
  if (!existsSync(join(dir, 'index.html'))) return undefined;
  return express.static(dir, {
    index: 'index.html',
    fallthrough: true,
    redirect: false,
    // hashed assets never change; index.html must be revalidated so it never points at deleted assets
    setHeaders: (res, file) =>
      res.setHeader(
        'Cache-Control',
        /[\\/]assets[\\/]/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache',
      ),
  });
}
