import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';

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
