import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import express, { Request, Response } from 'express';

/**
 * Swagger UI for docs/openapi.json at /api/v1/docs, from swagger-ui-dist in
 * node_modules (no CDN), under the viewer's CSP: no inline script, so the
 * start-up code is a file of its own. The page and its assets are public
 * files, like the viewer; the spec and every call it tries need a token: the
 * page takes the one the viewer keeps in this tab (sessionStorage), or the
 * one typed into Authorize.
 */
export const API_DOCS_PATH = '/api/v1/docs';

const PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Auditorium API</title>
<link rel="stylesheet" href="${API_DOCS_PATH}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${API_DOCS_PATH}/swagger-ui-bundle.js"></script>
<script src="${API_DOCS_PATH}/init.js"></script>
</body>
</html>
`;

const INIT = `'use strict';
// the viewer's token in this tab, if signed in there (same origin)
var token = sessionStorage.getItem('auditorium.token');
window.ui = SwaggerUIBundle({
  url: '/api/v1/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  persistAuthorization: false,
  requestInterceptor: function (req) {
    if (token && !req.headers.Authorization) req.headers.Authorization = 'Bearer ' + token;
    return req;
  },
});
`;

export function apiDocsMiddleware(): express.Router | undefined {
  let dist: string;
  try {
    dist = dirname(require.resolve('swagger-ui-dist/package.json'));
  } catch {
    return undefined; // not installed: no docs page, the spec is still at /api/v1/openapi.json
  }
  const assets: Record<string, [string, string]> = {
    'swagger-ui.css': ['text/css; charset=utf-8', readFileSync(join(dist, 'swagger-ui.css'), 'utf8')],
    'swagger-ui-bundle.js': [
      'text/javascript; charset=utf-8',
      readFileSync(join(dist, 'swagger-ui-bundle.js'), 'utf8'),
    ],
    'init.js': ['text/javascript; charset=utf-8', INIT],
  };
  const router = express.Router();
  const send = (type: string, body: string, cache: string) => (_req: Request, res: Response) => {
    res.setHeader('Content-Type', type);
    res.setHeader('Cache-Control', cache);
    res.send(body);
  };
  router.get(API_DOCS_PATH, send('text/html; charset=utf-8', PAGE, 'no-cache'));
  for (const [name, [type, body]] of Object.entries(assets)) {
    router.get(`${API_DOCS_PATH}/${name}`, send(type, body, 'public, max-age=3600'));
  }
  return router;
}
