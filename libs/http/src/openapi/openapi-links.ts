import type { OpenAPIObject } from '@nestjs/swagger';

/** A link from one operation's 200 answer to another operation, by operationId, with runtime expressions. */
interface LinkSpec {
  from: string;
  name: string;
  to: string;
  parameters: Record<string, string>;
  description: string;
}

const FIRST_SID = '$response.body#/items/0/sid';
const PATH_SID = '$request.path.sid';

const SESSION_READS: [string, string][] = [
  ['detail', 'Sessions_detail'],
  ['frames', 'Sessions_frames'],
  ['replay', 'Sessions_replay'],
  ['timeline', 'Sessions_timeline'],
  ['verify', 'Sessions_verify'],
  ['bundle', 'SessionBundle_bundle'],
  ['legalHold', 'LegalHold_set'],
];

/**
 * How the answers lead on: a listed session to its reads, a page to the
 * next, an identity to its sessions. Clients (and the stateful phase of a
 * contract test) follow them instead of guessing ids and cursors.
 */
export const OPENAPI_LINKS: readonly LinkSpec[] = [
  ...SESSION_READS.map(([name, to]) => ({
    from: 'Sessions_search',
    name,
    to,
    parameters: { sid: FIRST_SID },
    description: 'the first session of this page',
  })),
  ...SESSION_READS.filter(([name]) => name !== 'detail').map(([name, to]) => ({
    from: 'Sessions_detail',
    name,
    to,
    parameters: { sid: PATH_SID },
    description: 'this session',
  })),
  {
    from: 'Sessions_search',
    name: 'nextPage',
    to: 'Sessions_search',
    parameters: { cursor: '$response.body#/nextCursor' },
    description: 'the next page (repeat the same filters)',
  },
  {
    from: 'Identities_list',
    name: 'nextPage',
    to: 'Identities_list',
    parameters: { cursor: '$response.body#/nextCursor' },
    description: 'the next page',
  },
  {
    from: 'Identities_list',
    name: 'sessions',
    to: 'Sessions_search',
    parameters: { identity: '$response.body#/items/0/sub' },
    description: 'the sessions of the first identity of this page',
  },
  {
    from: 'AccessLog_list',
    name: 'nextPage',
    to: 'AccessLog_list',
    parameters: { cursor: '$response.body#/nextCursor' },
    description: 'the next page (repeat the same filters)',
  },
  {
    from: 'Export_events',
    name: 'nextPage',
    to: 'Export_events',
    parameters: { cursor: '$response.header.Auditorium-Next-Cursor' },
    description: 'the next page of events (repeat the same format)',
  },
];

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Adds the links between operations present in this document (apps/api has no ingest, for one). */
export function addOpenApiLinks(doc: OpenAPIObject): void {
  const ops = new Map<string, { responses: Record<string, unknown> }>();
  for (const item of Object.values(doc.paths))
    for (const m of METHODS) {
      const op = item[m];
      if (op?.operationId) ops.set(op.operationId, op as { responses: Record<string, unknown> });
    }
  for (const link of OPENAPI_LINKS) {
    const from = ops.get(link.from);
    if (!from || !ops.has(link.to)) continue;
    const ok = from.responses['200'] as { links?: Record<string, unknown> } | undefined;
    if (!ok) continue;
    ok.links = {
      ...ok.links,
      [link.name]: { operationId: link.to, parameters: link.parameters, description: link.description },
    };
  }
}

/**
 * The global ValidationPipe refuses unknown body fields (forbidNonWhitelisted),
 * so every JSON request body schema says so: additionalProperties false.
 */
export function closeRequestBodies(doc: OpenAPIObject): void {
  const schemas = doc.components?.schemas ?? {};
  for (const item of Object.values(doc.paths))
    for (const m of METHODS) {
      const ref = (item[m]?.requestBody as { content?: Record<string, { schema?: { $ref?: string } }> } | undefined)
        ?.content?.['application/json']?.schema?.$ref;
      const name = ref?.replace('#/components/schemas/', '');
      const schema = name ? schemas[name] : undefined;
      if (schema && !('$ref' in schema)) schema.additionalProperties = false;
    }
}
