import type { NextFunction, Request, RequestHandler, Response } from 'express';

type PathItems = Record<string, object>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

interface Route {
  pattern: RegExp;
  allow: string[];
}

/** `/api/v1/sessions/{sid}/frames` → a matcher of one segment per `{param}`. */
function compile(template: string): RegExp {
  const escaped = template
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${escaped}$`);
}

/**
 * 405 with `Allow` for a method the API does not declare on a path it
 * serves (instead of the router's 404), from the very document the process
 * publishes, so the two cannot disagree. HEAD follows GET, as HTTP says.
 * Paths the document does not know (the viewer, typos) pass through.
 */
export function methodNotAllowed(paths: () => PathItems): RequestHandler {
  let routes: Route[] | undefined;
  const table = (): Route[] =>
    (routes ??= Object.entries(paths()).map(([template, item]) => ({
      pattern: compile(template),
      allow: METHODS.filter((m) => m in item).map((m) => m.toUpperCase()),
    })));
  return (req: Request, res: Response, next: NextFunction): void => {
    const matching = table().filter((r) => r.pattern.test(req.path));
    if (!matching.length) return next();
    const allow = [...new Set(matching.flatMap((r) => r.allow))];
    const method = req.method.toUpperCase();
    if (allow.includes(method) || (method === 'HEAD' && allow.includes('GET'))) return next();
    res.setHeader('Allow', allow.join(', '));
    res.status(405).json({
      statusCode: 405,
      error: 'Method Not Allowed',
      message: `${method} is not allowed here; allowed: ${allow.join(', ')}`,
    });
  };
}
