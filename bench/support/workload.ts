import type { Frame } from '@auditorium/frames';
import { mulberry32 } from '@auditorium/frames/testing';

/**
 * A realistic ingest workload: HTTP and SQL sessions of machine identities,
 * with personal data and secrets in some payloads (so masking has work to do).
 */
export function generateSessions(sessions: number, framesPerSession: number, seed = 42): Frame[][] {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const identities = Array.from({ length: 40 }, (_, i) => `svc-bench-${i}`);
  const resources = [
    { name: 'reports-api', type: 'http' },
    { name: 'crm-api', type: 'http' },
    { name: 'customers-db', type: 'postgres' },
  ];
  const out: Frame[][] = [];
  const t0 = Date.UTC(2026, 10, 1);
  for (let s = 0; s < sessions; s++) {
    const sid = `bench-${seed}-${s}`;
    const resource = pick(resources);
    let t = t0 + s * 60_000;
    let seq = 0;
    const ts = () => new Date((t += 1 + Math.floor(rnd() * 40))).toISOString();
    const frames: Frame[] = [
      {
        v: 1,
        sid,
        seq: seq++,
        ts: ts(),
        type: 'session.start',
        identity: { sub: pick(identities), type: 'machine', iss: 'https://idp.bench' },
        resource,
        client: { ip: '10.1.2.3', userAgent: 'bench/1.0' },
      },
    ];
    let x = 0;
    while (seq < framesPerSession - 1) {
      const xid = `x${x++}`;
      if (resource.type === 'http') {
        frames.push({
          v: 1,
          sid,
          seq: seq++,
          ts: ts(),
          type: 'request',
          xid,
          method: pick(['GET', 'GET', 'POST']),
          target: `/v1/items/${Math.floor(rnd() * 1e6)}?page=${x}`,
          headers: { accept: 'application/json', authorization: 'Bearer abc.def.ghi', 'x-request-id': `${sid}-${x}` },
        });
        if (seq >= framesPerSession - 1) break;
        frames.push({
          v: 1,
          sid,
          seq: seq++,
          ts: ts(),
          type: 'response',
          xid,
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            id: x,
            name: `Customer ${x}`,
            email: `user${Math.floor(rnd() * 1e5)}@example.com`,
            plan: pick(['free', 'pro', 'enterprise']),
            notes: 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.',
            items: Array.from({ length: 6 }, (_, i) => ({ sku: `SKU-${i}-${x}`, qty: i + 1, price: 9.99 * (i + 1) })),
          }),
          meta: { durationMs: Math.floor(rnd() * 200) },
        });
      } else {
        const sql = `SELECT id, email, card_number FROM customers WHERE id > ${x * 10} LIMIT 5;`;
        frames.push({ v: 1, sid, seq: seq++, ts: ts(), type: 'request', xid, body: sql, meta: { sql } });
        if (seq >= framesPerSession - 1) break;
        const rows = Array.from(
          { length: 5 },
          (_, i) => ` ${x * 10 + i} | person${i}@example.org | 4539 1462 5276 0189 `,
        ).join('\n');
        frames.push({
          v: 1,
          sid,
          seq: seq++,
          ts: ts(),
          type: 'response',
          xid,
          status: 0,
          body: ` id | email | card_number\n----+-------+-------------\n${rows}\n(5 rows)`,
          meta: { rowCount: 5, durationMs: 3 },
        });
      }
    }
    frames.push({ v: 1, sid, seq: seq++, ts: ts(), type: 'session.end', status: 'ok' });
    out.push(frames);
  }
  return out;
}
