/**
 * The demo's story: four machine identities doing what machine identities do.
 * Payloads carry planted secrets and personal data; DEMO_SECRETS lists each
 * one so a test can prove none of them reaches storage once masking is on.
 */
import type { Frame } from '@auditorium/frames';

export const DEMO_SECRETS = {
  bearerJwt:
    'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtY29udHJhY3Rvci1yZXBvcnRib3QiLCJhdWQiOiJyZXBvcnRzLWFwaSJ9.c2lnbmF0dXJlLW5vdC1yZWFsLWJ1dC1sb25nLWVub3VnaA',
  analystEmail: 'dana.whitfield@acme-finance.com',
  cfoEmail: 'r.okafor@acme-finance.com',
  customerEmail1: 'maria.gonzalez@example.org',
  customerEmail2: 'kenji.watanabe@example.net',
  customerEmail3: 'l.novak@mailbox.example',
  card1: '4539146252760189',
  card2: '5521805559797114',
  card3: '371449393363387',
  card4Spaced: '6011 0063 3043 4839',
  phone1: '+14155550134',
  ssn1: '512-44-7781',
  openAiKey: 'sk-proj-Q8rT2vX9mK4pL7nB3cW6yZ1aD5fG8hJ0kS2uE4iO6pR9tY',
  dbPassword: 'Tr0ub4dor&3-prod',
  awsAccessKey: 'AKIAIOSFODNN7DEMO0Q1',
  iban: 'DE89370400440532013000',
} as const;

const S = DEMO_SECRETS;

interface DemoSession {
  sid: string;
  title: string;
  frames: Frame[];
}

/** Builds frames with contiguous seq and timestamps advancing from `start`. */
class Recorder {
  private seq = 0;
  private t: number;
  readonly frames: Frame[] = [];

  constructor(
    readonly sid: string,
    start: Date,
  ) {
    this.t = start.getTime();
  }

  private ts(advanceMs: number): string {
    this.t += advanceMs;
    return new Date(this.t).toISOString();
  }

  add(advanceMs: number, frame: Record<string, unknown>): void {
    this.frames.push({ v: 1, sid: this.sid, seq: this.seq++, ts: this.ts(advanceMs), ...frame } as unknown as Frame);
  }
}

const json = (v: unknown) => JSON.stringify(v, null, 2);

function reportBot(start: Date): DemoSession {
  const r = new Recorder('demo-reportbot-q3-0001', start);
  r.add(0, {
    type: 'session.start',
    identity: {
      sub: 'svc-contractor-reportbot',
      iss: 'https://idp.acme.example',
      type: 'machine',
      name: 'Contractor report bot (Northwind Analytics)',
      groups: ['contractors', 'finance-readers'],
      tokenId: 'jti-7f3c2a91',
      clientId: 'northwind-reportbot',
    },
    resource: { name: 'reports-api', type: 'http', env: 'production' },
    client: { ip: '10.40.7.21', userAgent: 'northwind-reportbot/2.3 (+python-httpx)' },
    gateway: { id: 'gw-eu-1', version: '1.14.2' },
    labels: { team: 'finance', contract: 'NW-2026-014' },
    correlationId: 'req-20261129-0001',
  });
  r.add(40, { type: 'decision', outcome: 'allow', policy: 'contractors-read-reports', xid: 'x1' });
  r.add(5, {
    type: 'request',
    xid: 'x1',
    method: 'GET',
    target: '/v2/reports/q3-revenue?format=json',
    headers: {
      authorization: `Bearer ${S.bearerJwt}`,
      accept: 'application/json',
      'user-agent': 'northwind-reportbot/2.3',
    },
  });
  r.add(180, {
    type: 'response',
    xid: 'x1',
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: json({
      report: 'Q3 revenue by region',
      preparedBy: S.analystEmail,
      approvedBy: S.cfoEmail,
      regions: [
        { region: 'EMEA', revenue: 4210000 },
        { region: 'AMER', revenue: 6875000 },
        { region: 'APAC', revenue: 2990000 },
      ],
    }),
    meta: { durationMs: 178 },
  });
  r.add(1200, { type: 'session.end', status: 'ok' });
  return { sid: r.sid, title: 'Contractor report bot reads one report', frames: r.frames };
}

function nightlySync(start: Date): DemoSession {
  const r = new Recorder('demo-nightly-sync-prod-0002', start);
  r.add(0, {
    type: 'session.start',
    identity: {
      sub: 'svc-nightly-sync',
      iss: 'https://idp.acme.example',
      type: 'machine',
      name: 'Nightly CRM sync (misconfigured: pointed at production)',
      clientId: 'crm-sync-job',
    },
    resource: { name: 'customers-db', type: 'postgres', env: 'production' },
    client: { ip: '10.40.9.3', userAgent: 'psycopg/3.2' },
    gateway: { id: 'gw-eu-1', version: '1.14.2' },
    labels: { job: 'crm-sync', schedule: '0 2 * * *' },
  });
  r.add(20, {
    type: 'request',
    xid: 'q1',
    target: 'customers',
    body: `SET application_name = 'crm-sync'; -- password=${S.dbPassword}`,
    meta: { sql: `SET application_name = 'crm-sync'; -- password=${S.dbPassword}` },
  });
  r.add(4, { type: 'response', xid: 'q1', status: 0, body: 'SET', meta: { durationMs: 1, rowCount: 0 } });
  const sql = 'SELECT id, full_name, email, phone, card_number, ssn FROM customers ORDER BY id LIMIT 3;';
  r.add(300, { type: 'decision', outcome: 'allow', policy: 'sync-jobs-read', xid: 'q2' });
  r.add(2, { type: 'request', xid: 'q2', target: 'customers', body: sql, meta: { sql } });
  r.add(640, {
    type: 'response',
    xid: 'q2',
    status: 0,
    body: [
      ' id |   full_name    |            email             |    phone     |     card_number     |     ssn',
      '----+----------------+------------------------------+--------------+---------------------+-------------',
      `  1 | Maria Gonzalez | ${S.customerEmail1}   | ${S.phone1} | ${S.card1}    | ${S.ssn1}`,
      `  2 | Kenji Watanabe | ${S.customerEmail2}   | +81 3-5555-0199 | ${S.card2}    | 623-11-9054`,
      `  3 | Lena Novak     | ${S.customerEmail3}      | 020 7946 0321 | ${S.card3}     | 401-72-3318`,
      '(3 rows)',
    ].join('\n'),
    meta: { sql, rowCount: 3, durationMs: 637 },
  });
  r.add(500, {
    type: 'request',
    xid: 'q3',
    target: 'customers',
    body: 'UPDATE customers SET synced_at = now() WHERE id IN (1,2,3);',
    meta: { sql: 'UPDATE customers SET synced_at = now() WHERE id IN (1,2,3);' },
  });
  r.add(30, { type: 'response', xid: 'q3', status: 0, body: 'UPDATE 3', meta: { rowCount: 3, durationMs: 28 } });
  r.add(200, { type: 'session.end', status: 'ok', exitCode: 0 });
  return { sid: r.sid, title: 'Misconfigured automation reads production customers', frames: r.frames };
}

function supportAgent(start: Date): DemoSession {
  const r = new Recorder('demo-support-agent-0003', start);
  r.add(0, {
    type: 'session.start',
    identity: {
      sub: 'agent-support-copilot',
      iss: 'https://idp.acme.example',
      type: 'machine',
      name: 'Support copilot (OpenAI Agents SDK)',
      groups: ['agents'],
      tokenId: 'jti-c0ffee42',
      clientId: 'support-copilot',
    },
    resource: { name: 'crm-api', type: 'http', env: 'production' },
    client: { ip: '10.40.12.8', userAgent: 'openai-agents-python/0.6' },
    gateway: { id: 'gw-eu-2', version: '1.14.2' },
    labels: { model: 'gpt-5', ticket: 'SUP-88121' },
  });
  r.add(15, { type: 'decision', outcome: 'allow', policy: 'agents-read-only', xid: 'a1' });
  r.add(2, {
    type: 'request',
    xid: 'a1',
    method: 'GET',
    target: `/api/customers/search?email=${encodeURIComponent(S.customerEmail2)}`,
    headers: { 'x-api-key': S.openAiKey, accept: 'application/json' },
  });
  r.add(95, {
    type: 'response',
    xid: 'a1',
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: json({ id: 2, name: 'Kenji Watanabe', email: S.customerEmail2, iban: S.iban, plan: 'enterprise' }),
    meta: { durationMs: 93 },
  });
  r.add(2400, {
    type: 'request',
    xid: 'a2',
    method: 'PATCH',
    target: '/api/customers/2',
    headers: { 'content-type': 'application/json', 'x-api-key': S.openAiKey },
    body: json({ plan: 'free', note: 'downgraded per chat', card: S.card4Spaced }),
  });
  r.add(8, {
    type: 'decision',
    outcome: 'deny',
    policy: 'agents-read-only',
    xid: 'a2',
    reason: 'write methods are not allowed for identities in group agents',
  });
  r.add(1, {
    type: 'response',
    xid: 'a2',
    status: 403,
    headers: { 'content-type': 'application/json' },
    body: json({ error: 'forbidden by gateway policy agents-read-only' }),
    meta: { durationMs: 9 },
  });
  r.add(600, { type: 'session.end', status: 'ok' });
  return { sid: r.sid, title: 'Agent write denied by policy', frames: r.frames };
}

function interactivePsql(start: Date): DemoSession {
  const r = new Recorder('demo-oncall-psql-0004', start);
  r.add(0, {
    type: 'session.start',
    identity: {
      sub: 'svc-oncall-runbook',
      iss: 'https://idp.acme.example',
      type: 'machine',
      name: 'On-call runbook automation',
    },
    resource: { name: 'orders-db', type: 'postgres', env: 'production' },
    client: { ip: '10.40.3.77', userAgent: 'psql (PostgreSQL) 16.4' },
    gateway: { id: 'gw-eu-1', version: '1.14.2' },
  });
  r.add(10, { type: 'output', data: 'psql (16.4)\r\nType "help" for help.\r\n\r\norders=> ' });
  const typed = 'SELECT email, card_number FROM orders ORDER BY id DESC LIMIT 2;';
  for (const chunk of typed.match(/.{1,8}/g) ?? []) r.add(120, { type: 'input', data: chunk });
  r.add(150, { type: 'input', data: '\r' });
  r.add(5, { type: 'output', data: `${typed}\r\n` });
  r.add(420, {
    type: 'output',
    data: [
      '            email             |     card_number',
      '------------------------------+---------------------',
      ` ${S.customerEmail1}   | ${S.card1}`,
      ` ${S.customerEmail3}      | ${S.card3}`,
      '(2 rows)',
      '',
      'orders=> ',
    ].join('\r\n'),
  });
  r.add(3000, { type: 'input', data: '\\q\r' });
  r.add(20, { type: 'session.end', status: 'ok', exitCode: 0 });
  return { sid: r.sid, title: 'Interactive psql session', frames: r.frames };
}

/** The demo sessions, timed to have happened over the last hour. */
export function demoSessions(now = new Date()): DemoSession[] {
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
  return [
    reportBot(minutesAgo(55)),
    nightlySync(minutesAgo(42)),
    supportAgent(minutesAgo(25)),
    interactivePsql(minutesAgo(10)),
  ];
}
