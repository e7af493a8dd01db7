import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiClient } from './api-client';

describe('ApiClient', () => {
  let server: Server;
  let url: string;
  const seen: string[] = [];
  let refuseFirst = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.headers.authorization ?? '');
      if (refuseFirst > 0) {
        refuseFirst--;
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
        res.end('{"statusCode":429,"error":"Too Many Requests","message":"retry after 1 s"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('waits Retry-After and asks again when the server says 429 (a SIEM pull survives its rate limit)', async () => {
    seen.length = 0;
    refuseFirst = 1;
    const client = new ApiClient({ url, token: 't0k' });
    expect(await client.json('/api/v1/export/events')).toEqual({ ok: true });
    expect(seen).toEqual(['Bearer t0k', 'Bearer t0k']);
  });
});
