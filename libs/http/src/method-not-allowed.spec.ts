import express from 'express';
import { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { methodNotAllowed } from './method-not-allowed';

describe('methodNotAllowed', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const app = express();
    app.use(
      methodNotAllowed(() => ({
        '/api/v1/sessions': { get: {} },
        '/api/v1/sessions/{sid}/legal-hold': { put: {} },
        '/api/v1/sessions/{sid}': { get: {} },
      })),
    );
    app.use((_req, res) => void res.status(299).end());
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('answers 405 with Allow for an undeclared method on a declared path', async () => {
    const res = await fetch(`${base}/api/v1/sessions/s-1/legal-hold`, { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('PUT');
    expect(await res.json()).toMatchObject({ statusCode: 405, error: 'Method Not Allowed' });
    const post = await fetch(`${base}/api/v1/sessions?limit=1`, { method: 'POST' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET']);
  });

  it('lets declared methods, HEAD of a GET, and unknown paths through', async () => {
    expect((await fetch(`${base}/api/v1/sessions/s-1`)).status).toBe(299);
    expect((await fetch(`${base}/api/v1/sessions/s-1`, { method: 'HEAD' })).status).toBe(299);
    expect((await fetch(`${base}/api/v1/sessions/s-1/legal-hold`, { method: 'PUT' })).status).toBe(299);
    expect((await fetch(`${base}/somewhere/else`, { method: 'DELETE' })).status).toBe(299);
    // one segment per parameter: a deeper path is not this route
    expect((await fetch(`${base}/api/v1/sessions/a/b/c`, { method: 'DELETE' })).status).toBe(299);
  });
});
