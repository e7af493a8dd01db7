/**
 * Labeled corpus for the masking benchmark: realistic gateway traffic (HTTP
 * exchanges with headers, JSON APIs, SQL text and result tables, CSV exports,
 * application logs, terminal sessions) with sensitive values planted at known
 * places, and hard negatives (ids, timestamps, versions, hashes, amounts)
 * that must stay.
 *
 * Deterministic: the same seed gives the same corpus. Ground truth for every
 * planted value: the frame field, the exact string, its [start, end) in that
 * field's text, and its info type.
 *
 *   node scripts/run-ts.js scripts/gen-masking-corpus.ts [--seed 42] [--docs 2000] [--out .cache/corpus]
 *
 * writes corpus.ndjson (one { id, kind, frame, planted } per line) to --out.
 * The bench calls generateCorpus() in memory instead.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { Frame, RequestFrame, ResponseFrame } from '@auditorium/frames';
import { mulberry32 } from '@auditorium/frames/testing';

export interface Planted {
  /** field of the frame: body, data, target, meta.sql, headers.<Name> */
  field: string;
  start: number;
  end: number;
  infoType: string;
  value: string;
}

export interface CorpusDoc {
  id: string;
  kind: string;
  frame: Frame;
  planted: Planted[];
}

class Gen {
  constructor(readonly rnd: () => number) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rnd() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rnd() * xs.length)];
  }
  chance(p: number): boolean {
    return this.rnd() < p;
  }
  chars(alphabet: string, n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.rnd() * alphabet.length)];
    return s;
  }
  digits(n: number): string {
    return this.chars('0123456789', n);
  }
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const B64URL = ALNUM + '-_';
const HEX = '0123456789abcdef';

const FIRST = [
  'alice',
  'bob',
  'carol',
  'dave',
  'erin',
  'frank',
  'grace',
  'heidi',
  'ivan',
  'judy',
  'mallory',
  'oscar',
  'peggy',
  'rupert',
  'sybil',
  'trent',
  'victor',
  'walter',
  'yuki',
  'zoë',
];
const LAST = [
  'smith',
  'jones',
  'garcia',
  'miller',
  'davis',
  'martinez',
  'lopez',
  'wilson',
  'anderson',
  'thomas',
  'moore',
  'jackson',
  'martin',
  'lee',
  'okafor',
  'nguyen',
  'müller',
  'kowalski',
];
const DOMAINS = [
  'example.com',
  'mail.example.org',
  'corp.acme.io',
  'gmail.com',
  'outlook.com',
  'company.co.uk',
  'startup.dev',
];
const WORDS = [
  'order',
  'invoice',
  'shipment',
  'account',
  'profile',
  'report',
  'session',
  'cache',
  'worker',
  'queue',
  'billing',
  'customer',
  'payment',
  'refund',
  'export',
  'sync',
];
const PRODUCTS = ['Widget', 'Gadget', 'Sprocket', 'Gizmo', 'Doohickey', 'Thingamajig'];

function luhnCheckDigit(body: string): string {
  let sum = 0;
  let dbl = true;
  for (let i = body.length - 1; i >= 0; i--) {
    let d = body.charCodeAt(i) - 48;
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return String((10 - (sum % 10)) % 10);
}

function ibanCheck(country: string, bban: string): string {
  const s = bban + country + '00';
  let rem = 0;
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    rem = c >= 65 ? (rem * 100 + (c - 55)) % 97 : (rem * 10 + (c - 48)) % 97;
  }
  return String(98 - rem).padStart(2, '0');
}

function b64url(s: string): string {
  return Buffer.from(s).toString('base64url');
}

/** Sensitive values, each with the info type a labeler would give it. */
class Values {
  constructor(private readonly g: Gen) {}

  name(): string {
    const g = this.g;
    return `${g.pick(FIRST)} ${g.pick(LAST)}`;
  }
  email(): string {
    const g = this.g;
    const first = g.pick(FIRST).replace('ë', 'e');
    const last = g.pick(LAST).replace('ü', 'u');
    const local = g.pick([
      `${first}.${last}`,
      `${first}${g.int(1, 99)}`,
      `${first[0]}${last}`,
      `${first}+${g.pick(WORDS)}`,
      `${first}_${last}`,
    ]);
    return `${local}@${g.pick(DOMAINS)}`;
  }
  card(): string {
    const g = this.g;
    const kind = g.int(0, 3);
    if (kind === 3) {
      const body = g.pick(['34', '37']) + g.digits(12);
      const n = body + luhnCheckDigit(body);
      return g.chance(0.5) ? n : `${n.slice(0, 4)} ${n.slice(4, 10)} ${n.slice(10)}`;
    }
    const prefix = g.pick(['4', '51', '52', '55', '6011', '2221']);
    const body = prefix + g.digits(15 - prefix.length);
    const n = body + luhnCheckDigit(body);
    const sep = g.pick(['', ' ', '-']);
    return sep ? n.match(/.{4}/g)!.join(sep) : n;
  }
  ssn(): string {
    const g = this.g;
    const area = String(g.int(1, 899)).padStart(3, '0');
    return `${area === '666' ? '667' : area}-${String(g.int(1, 99)).padStart(2, '0')}-${String(g.int(1, 9999)).padStart(4, '0')}`;
  }
  phone(): string {
    const g = this.g;
    const a = g.int(201, 989);
    const b = g.int(200, 999);
    const c = g.digits(4);
    switch (g.int(0, 6)) {
      case 0:
        return `+1${a}${b}${c}`;
      case 1:
        return `+1 ${a}-${b}-${c}`;
      case 2:
        return `(${a}) ${b}-${c}`;
      case 3:
        return `${a}-${b}-${c}`;
      case 4:
        return `+44 20 ${g.digits(4)} ${g.digits(4)}`;
      case 5:
        return `+49 30 ${g.digits(7)}`;
      default:
        return `${a}.${b}.${c}`;
    }
  }
  iban(): string {
    const g = this.g;
    const [country, bban] = g.pick([
      ['DE', () => g.digits(18)],
      ['GB', () => g.chars(UPPER, 4) + g.digits(14)],
      ['FR', () => g.digits(23)],
      ['NL', () => g.chars(UPPER, 4) + g.digits(10)],
    ] as Array<[string, () => string]>);
    const b = bban();
    const iban = country + ibanCheck(country, b) + b;
    return g.chance(0.4) ? iban.match(/.{1,4}/g)!.join(' ') : iban;
  }
  ipv4(): string {
    const g = this.g;
    return g.pick([
      () => `10.${g.int(0, 255)}.${g.int(0, 255)}.${g.int(1, 254)}`,
      () => `192.168.${g.int(0, 255)}.${g.int(1, 254)}`,
      () => `${g.int(11, 223)}.${g.int(0, 255)}.${g.int(0, 255)}.${g.int(1, 254)}`,
    ])();
  }
  ipv6(): string {
    const g = this.g;
    const grp = (): string => g.chars(HEX, g.int(1, 4));
    return g.chance(0.5) ? `2001:db8:${grp()}:${grp()}::${grp()}` : `fe80::${grp()}:${grp()}:${grp()}:${grp()}`;
  }
  jwt(): string {
    const g = this.g;
    const header = b64url(JSON.stringify({ alg: g.pick(['HS256', 'RS256', 'ES256']), typ: 'JWT' }));
    const payload = b64url(
      JSON.stringify({ sub: `agent-${g.digits(6)}`, iat: 1700000000 + g.int(0, 9999999), scope: g.pick(WORDS) }),
    );
    return `${header}.${payload}.${g.chars(B64URL, 43)}`;
  }
  opaqueToken(): string {
    return this.g.chars(ALNUM, this.g.int(24, 40)) + this.g.digits(2);
  }
  basic(): string {
    return Buffer.from(`${this.g.pick(FIRST)}:${this.password()}`).toString('base64');
  }
  awsKeyId(): string {
    return 'AKIA' + this.g.chars(UPPER + DIGITS, 16);
  }
  awsSecret(): string {
    const g = this.g;
    let s = g.chars(ALNUM + '/+', 40);
    s = s.slice(0, 5) + 'a' + s.slice(6, 10) + 'Z' + s.slice(11, 15) + '7' + s.slice(16, 20) + '/' + s.slice(21);
    return s;
  }
  github(): string {
    return this.g.pick(['ghp_', 'gho_', 'ghs_']) + this.g.chars(ALNUM, 36);
  }
  openai(): string {
    return this.g.pick(['sk-', 'sk-proj-']) + this.g.chars(ALNUM, 20) + 'T3BlbkFJ' + this.g.chars(ALNUM, 20);
  }
  stripe(): string {
    return this.g.pick(['sk_live_', 'sk_test_', 'rk_live_']) + this.g.chars(ALNUM, 24);
  }
  slack(): string {
    return `xoxb-${this.g.digits(11)}-${this.g.digits(12)}-${this.g.chars(ALNUM, 24)}`;
  }
  google(): string {
    return 'AIza' + this.g.chars(ALNUM + '-_', 35);
  }
  pem(newline: string): string {
    const g = this.g;
    const kind = g.pick(['RSA PRIVATE KEY', 'PRIVATE KEY', 'EC PRIVATE KEY', 'OPENSSH PRIVATE KEY']);
    const lines: string[] = [];
    for (let i = 0; i < g.int(3, 8); i++) lines.push(g.chars(ALNUM + '+/', 64));
    return `-----BEGIN ${kind}-----${newline}${lines.join(newline)}${newline}-----END ${kind}-----`;
  }
  password(): string {
    const g = this.g;
    return g.pick([
      () => `${g.pick(WORDS)}${g.int(10, 9999)}${g.pick(['!', '#', '$', '%', ''])}`,
      () => g.chars(ALNUM + '!@#%^*', g.int(10, 20)),
      () => `${g.pick(PRODUCTS)}-${g.pick(WORDS)}-${g.int(1, 99)}`,
    ])();
  }
}

/** Non-sensitive values that look like sensitive ones. */
class Decoys {
  constructor(private readonly g: Gen) {}
  uuid(): string {
    const g = this.g;
    return `${g.chars(HEX, 8)}-${g.chars(HEX, 4)}-4${g.chars(HEX, 3)}-a${g.chars(HEX, 3)}-${g.chars(HEX, 12)}`;
  }
  isoTs(): string {
    const g = this.g;
    const p = (n: number): string => String(n).padStart(2, '0');
    return `2024-${p(g.int(1, 12))}-${p(g.int(1, 28))}T${p(g.int(0, 23))}:${p(g.int(0, 59))}:${p(g.int(0, 59))}.${g.digits(3)}Z`;
  }
  epochMs(): string {
    return String(1700000000000 + this.g.int(0, 99999999999));
  }
  orderId(): string {
    return String(this.g.int(100000, 999999999));
  }
  longId(): string {
    // 16–19 digit ids (snowflakes) that fail Luhn or start with 1/9
    const g = this.g;
    return g.pick(['1', '9']) + g.digits(g.int(15, 18));
  }
  amount(): string {
    return `${this.g.int(1, 99999)}.${this.g.digits(2)}`;
  }
  version(): string {
    return `${this.g.int(0, 20)}.${this.g.int(0, 30)}.${this.g.int(0, 99)}`;
  }
  sha(): string {
    return this.g.chars(HEX, 40);
  }
  sha256(): string {
    return this.g.chars(HEX, 64);
  }
  time(): string {
    return `${String(this.g.int(0, 23)).padStart(2, '0')}:${String(this.g.int(0, 59)).padStart(2, '0')}:${String(this.g.int(0, 59)).padStart(2, '0')}`;
  }
  mac(): string {
    return Array.from({ length: 6 }, () => this.g.chars(HEX, 2)).join(':');
  }
  userAgent(): string {
    return `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${this.g.int(100, 130)}.0.0.0 Safari/537.36`;
  }
}

/** Builds a text and records where each planted value lands. */
class TextBuilder {
  private parts: string[] = [];
  private len = 0;
  readonly planted: Array<Omit<Planted, 'field'>> = [];

  t(s: string): this {
    this.parts.push(s);
    this.len += s.length;
    return this;
  }
  p(infoType: string, value: string): this {
    this.planted.push({ start: this.len, end: this.len + value.length, infoType, value });
    return this.t(value);
  }
  build(): string {
    return this.parts.join('');
  }
}

interface DocDraft {
  kind: string;
  frame:
    | Omit<RequestFrame, 'v' | 'sid' | 'seq' | 'ts'>
    | Omit<ResponseFrame, 'v' | 'sid' | 'seq' | 'ts'>
    | { type: 'output' | 'input'; data: string };
  planted: Planted[];
}

function field(name: string, b: TextBuilder): Planted[] {
  return b.planted.map((p) => ({ ...p, field: name }));
}

class CorpusWriter {
  private readonly v: Values;
  private readonly d: Decoys;

  constructor(private readonly g: Gen) {
    this.v = new Values(g);
    this.d = new Decoys(g);
  }

  /** request headers with an Authorization credential, sometimes a cookie or api key */
  private requestHeaders(planted: Planted[]): Record<string, string> {
    const g = this.g;
    const headers: Record<string, string> = {
      Host: `api.${g.pick(DOMAINS)}`,
      'User-Agent': g.pick([
        this.d.userAgent(),
        `agent-sdk/${this.d.version()} node/20.19.0`,
        'python-requests/2.32.3',
      ]),
      Accept: 'application/json',
      'X-Request-Id': this.d.uuid(),
    };
    const scheme = g.pick(['jwt', 'opaque', 'basic']);
    const cred = scheme === 'jwt' ? this.v.jwt() : scheme === 'opaque' ? this.v.opaqueToken() : this.v.basic();
    const prefix = scheme === 'basic' ? 'Basic ' : 'Bearer ';
    headers.Authorization = prefix + cred;
    planted.push({
      field: 'headers.Authorization',
      start: prefix.length,
      end: prefix.length + cred.length,
      infoType: 'AUTHORIZATION',
      value: cred,
    });
    if (g.chance(0.3)) {
      const sid = g.chars(ALNUM, 32);
      headers.Cookie = `session=${sid}; theme=dark`;
      planted.push({ field: 'headers.Cookie', start: 8, end: 8 + sid.length, infoType: 'COOKIE', value: sid });
      planted.push({
        field: 'headers.Cookie',
        start: 8 + sid.length + 8,
        end: 8 + sid.length + 12,
        infoType: 'COOKIE',
        value: 'dark',
      });
    }
    if (g.chance(0.2)) {
      const key = g.pick([this.v.stripe(), this.v.opaqueToken(), this.v.google()]);
      headers['X-Api-Key'] = key;
      planted.push({ field: 'headers.X-Api-Key', start: 0, end: key.length, infoType: 'SECRET', value: key });
    }
    return headers;
  }

  private jsonUser(b: TextBuilder, indent: string): void {
    const g = this.g;
    const d = this.d;
    b.t(`${indent}{"id": ${d.orderId()}, "uuid": "${d.uuid()}", "name": "${this.v.name()}", "email": "`).p(
      'EMAIL_ADDRESS',
      this.v.email(),
    );
    b.t(`", "phone": "`).p('PHONE_NUMBER', this.v.phone());
    b.t(`", "created_at": "${d.isoTs()}", "last_login_ip": "`).p('IP_ADDRESS', this.v.ipv4());
    if (g.chance(0.3)) b.t(`", "ssn": "`).p('US_SOCIAL_SECURITY_NUMBER', this.v.ssn());
    if (g.chance(0.3)) b.t(`", "iban": "`).p('IBAN_CODE', this.v.iban());
    b.t(
      `", "balance": ${d.amount()}, "orders": ${g.int(0, 500)}, "external_id": "${d.longId()}", "plan": "${g.pick(['free', 'pro', 'enterprise'])}"}`,
    );
  }

  jsonApiResponse(): DocDraft {
    const g = this.g;
    const d = this.d;
    const b = new TextBuilder();
    b.t(`{\n  "data": [\n`);
    const n = g.int(2, 12);
    for (let i = 0; i < n; i++) {
      this.jsonUser(b, '    ');
      b.t(i < n - 1 ? ',\n' : '\n');
    }
    b.t(
      `  ],\n  "meta": {"page": ${g.int(1, 40)}, "per_page": ${n}, "total": ${g.int(100, 99999)}, "request_id": "${d.uuid()}", "generated_at": "${d.isoTs()}", "version": "${d.version()}", "etag": "${d.sha()}"}\n}`,
    );
    const body = b.build();
    return {
      kind: 'json-api',
      frame: {
        type: 'response',
        xid: d.uuid(),
        status: 200,
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'Content-Length': String(Buffer.byteLength(body)),
          Date: 'Mon, 15 Jan 2024 10:00:00 GMT',
          'X-Request-Id': d.uuid(),
          ETag: `"${d.sha()}"`,
        },
        body,
      },
      planted: field('body', b),
    };
  }

  loginRequest(): DocDraft {
    const g = this.g;
    const d = this.d;
    const planted: Planted[] = [];
    const headers = this.requestHeaders(planted);
    const b = new TextBuilder();
    const form = g.chance(0.3);
    if (form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      b.t(`grant_type=password&username=${g.pick(FIRST)}&password=`).p(
        'PASSWORD',
        this.v.password().replace(/[^A-Za-z0-9-]/g, 'x'),
      );
      b.t(`&client_id=cli-${g.digits(5)}&client_secret=`).p('SECRET', g.chars(ALNUM, 32));
      b.t(`&scope=read+write`);
    } else {
      headers['Content-Type'] = 'application/json';
      b.t(`{"username": "${g.pick(FIRST)}", "email": "`).p('EMAIL_ADDRESS', this.v.email());
      b.t(`", "password": "`).p('PASSWORD', this.v.password());
      b.t(
        `", "remember_me": ${g.chance(0.5)}, "device_id": "${d.uuid()}", "client_version": "${d.version()}", "max_tokens": ${g.int(100, 4000)}}`,
      );
    }
    planted.push(...field('body', b));
    return {
      kind: form ? 'login-form' : 'login-json',
      frame: { type: 'request', xid: d.uuid(), method: 'POST', target: '/oauth/token', headers, body: b.build() },
      planted,
    };
  }

  apiRequestWithQuery(): DocDraft {
    const g = this.g;
    const d = this.d;
    const planted: Planted[] = [];
    const headers = this.requestHeaders(planted);
    const t = new TextBuilder();
    t.t(
      `https://api.${g.pick(DOMAINS)}/v2/${g.pick(WORDS)}s?since=${d.isoTs().slice(0, 10)}&limit=${g.int(10, 500)}&email=`,
    );
    t.p('EMAIL_ADDRESS', this.v.email());
    if (g.chance(0.5)) t.t('&api_key=').p('SECRET', g.pick([this.v.google(), g.chars(ALNUM, 32)]));
    t.t(`&cursor=${d.uuid()}`);
    planted.push(...field('target', t));
    const b = new TextBuilder();
    b.t(`{"filter": {"customer_email": "`).p('EMAIL_ADDRESS', this.v.email());
    b.t(`", "card_last4": "${g.digits(4)}", "amount_gte": ${d.amount()}}, "note": "customer called from `).p(
      'PHONE_NUMBER',
      this.v.phone(),
    );
    b.t(` about order ${d.orderId()}, paid with `).p('CREDIT_CARD_NUMBER', this.v.card());
    b.t(`", "requested_at": "${d.isoTs()}"}`);
    planted.push(...field('body', b));
    headers['Content-Type'] = 'application/json';
    return {
      kind: 'api-request',
      frame: { type: 'request', xid: d.uuid(), method: 'POST', target: t.build(), headers, body: b.build() },
      planted,
    };
  }

  sqlExchange(): DocDraft[] {
    const g = this.g;
    const d = this.d;
    const xid = d.uuid();
    const q = new TextBuilder();
    const email = this.v.email();
    q.t(`SELECT id, full_name, email, phone, card_number, ssn, created_at FROM customers WHERE email = '`).p(
      'EMAIL_ADDRESS',
      email,
    );
    q.t(`' OR created_at > '${d.isoTs()}' ORDER BY id LIMIT ${g.int(5, 50)};`);
    const req: DocDraft = {
      kind: 'sql-query',
      frame: { type: 'request', xid, target: 'postgres://db.internal:5432/app', meta: { sql: q.build() } },
      planted: field('meta.sql', q),
    };
    const b = new TextBuilder();
    const rows = g.int(3, 25);
    const fmt = g.pick(['psql', 'csv', 'tsv']);
    const sep = fmt === 'psql' ? ' | ' : fmt === 'csv' ? ',' : '\t';
    const cols = ['id', 'full_name', 'email', 'phone', 'card_number', 'ssn', 'created_at'];
    b.t(cols.join(sep) + '\n');
    if (fmt === 'psql') b.t(cols.map((c) => '-'.repeat(c.length + 2)).join('+') + '\n');
    for (let i = 0; i < rows; i++) {
      b.t(`${d.orderId()}${sep}${this.v.name()}${sep}`).p('EMAIL_ADDRESS', this.v.email());
      b.t(sep).p('PHONE_NUMBER', this.v.phone());
      b.t(sep).p('CREDIT_CARD_NUMBER', this.v.card());
      b.t(sep).p('US_SOCIAL_SECURITY_NUMBER', this.v.ssn());
      b.t(`${sep}${d.isoTs()}\n`);
    }
    if (fmt === 'psql') b.t(`(${rows} rows)\n`);
    const res: DocDraft = {
      kind: `sql-result-${fmt}`,
      frame: { type: 'response', xid, status: 0, meta: { rowCount: rows, durationMs: g.int(1, 900) }, body: b.build() },
      planted: field('body', b),
    };
    return [req, res];
  }

  csvExport(): DocDraft {
    const g = this.g;
    const d = this.d;
    const b = new TextBuilder();
    b.t('invoice_id,customer,email,amount,currency,iban,issued_at,status\n');
    for (let i = 0; i < g.int(5, 40); i++) {
      b.t(`INV-${d.orderId()},"${this.v.name()}",`).p('EMAIL_ADDRESS', this.v.email());
      b.t(`,${d.amount()},${g.pick(['EUR', 'USD', 'GBP'])},`).p('IBAN_CODE', this.v.iban());
      b.t(`,${d.isoTs()},${g.pick(['paid', 'open', 'void'])}\n`);
    }
    return {
      kind: 'csv-export',
      frame: { type: 'response', xid: d.uuid(), status: 200, headers: { 'Content-Type': 'text/csv' }, body: b.build() },
      planted: field('body', b),
    };
  }

  appLog(): DocDraft {
    const g = this.g;
    const d = this.d;
    const b = new TextBuilder();
    const lines = g.int(8, 40);
    for (let i = 0; i < lines; i++) {
      b.t(
        `${d.isoTs()} ${g.pick(['INFO', 'WARN', 'DEBUG', 'ERROR'])} [${g.pick(WORDS)}-worker-${g.int(1, 9)}] req=${d.uuid()} `,
      );
      switch (g.int(0, 11)) {
        case 0:
          b.t('login ok user=').p('EMAIL_ADDRESS', this.v.email()).t(' from ').p('IP_ADDRESS', this.v.ipv4());
          break;
        case 1:
          b.t('connecting with password=')
            .p('PASSWORD', this.v.password().replace(/[\s,;&"']/g, ''))
            .t(` host=db-${g.int(1, 9)} port=5432`);
          break;
        case 2:
          b.t('outbound call Authorization: Bearer ')
            .p('AUTHORIZATION', this.v.opaqueToken())
            .t(` took ${g.int(1, 999)}ms`);
          break;
        case 3:
          b.t(`processed ${g.int(1, 9999)} items in ${d.amount()}s, checksum ${d.sha256()}, build ${d.version()}`);
          break;
        case 4:
          b.t('client ').p('IP_ADDRESS', this.v.ipv6()).t(` mac ${d.mac()} at ${d.time()}`);
          break;
        case 5:
          b.t('loaded config {"db_password": "')
            .p('PASSWORD', this.v.password().replace(/[\\"]/g, ''))
            .t(`", "pool": ${g.int(2, 64)}}`);
          break;
        case 6:
          b.t('webhook payload card=')
            .p('CREDIT_CARD_NUMBER', this.v.card().replace(/ /g, '-'))
            .t(` order=${d.longId()} ts=${d.epochMs()}`);
          break;
        case 7:
          b.t('github sync using token ').p('GITHUB_TOKEN', this.v.github()).t(` commit ${d.sha()}`);
          break;
        case 8:
          b.t('jwt verified: ').p('JWT', this.v.jwt()).t(' kid=main');
          break;
        case 9:
          b.t('sms sent to ')
            .p('PHONE_NUMBER', this.v.phone())
            .t(` template=${g.pick(WORDS)} cost=${d.amount()}`);
          break;
        case 10:
          b.t('stripe charge with key ')
            .p('STRIPE_API_KEY', this.v.stripe())
            .t(` amount=${g.int(100, 99999)} currency=usd`);
          break;
        default:
          b.t(`GET /api/v1/${g.pick(WORDS)}/${d.orderId()} 200 ${g.int(1, 900)}ms ua="${d.userAgent()}"`);
      }
      b.t('\n');
    }
    return { kind: 'app-log', frame: { type: 'output', data: b.build() }, planted: field('data', b) };
  }

  terminal(): DocDraft {
    const g = this.g;
    const d = this.d;
    const b = new TextBuilder();
    b.t(`$ env | sort\nHOME=/home/agent\nHOSTNAME=runner-${g.chars(HEX, 8)}\nAWS_ACCESS_KEY_ID=`).p(
      'AWS_ACCESS_KEY_ID',
      this.v.awsKeyId(),
    );
    b.t('\nAWS_SECRET_ACCESS_KEY=').p('AWS_SECRET_ACCESS_KEY', this.v.awsSecret());
    b.t(`\nAWS_REGION=eu-west-1\nGITHUB_TOKEN=`).p('GITHUB_TOKEN', this.v.github());
    b.t('\nOPENAI_API_KEY=').p('OPENAI_API_KEY', this.v.openai());
    b.t('\nSLACK_BOT_TOKEN=').p('SLACK_TOKEN', this.v.slack());
    b.t('\nGOOGLE_MAPS_KEY=').p('GOOGLE_API_KEY', this.v.google());
    b.t(`\nDATABASE_URL=postgres://app:`)
      .p('PASSWORD', g.chars(ALNUM, 16))
      .t(`@db.internal:5432/app\nNODE_VERSION=${d.version()}\nPATH=/usr/local/bin:/usr/bin:/bin\n`);
    if (g.chance(0.5)) {
      b.t('$ cat ~/.ssh/id_rsa\n').p('PRIVATE_KEY', this.v.pem('\n')).t('\n');
    }
    b.t(
      `$ uptime\n ${d.time()} up ${g.int(1, 300)} days,  load average: 0.${g.digits(2)}, 0.${g.digits(2)}, 0.${g.digits(2)}\n$ `,
    );
    return { kind: 'terminal', frame: { type: 'output', data: b.build() }, planted: field('data', b) };
  }

  secretsJson(): DocDraft {
    const g = this.g;
    const d = this.d;
    const b = new TextBuilder();
    b.t(
      `{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "${g.pick(WORDS)}-creds", "uid": "${d.uuid()}", "resourceVersion": "${d.orderId()}"}, "stringData": {"api_token": "`,
    );
    b.p('SECRET', g.pick([this.v.openai(), this.v.slack(), g.chars(ALNUM, 40)]));
    b.t('", "private_key": "').p('PRIVATE_KEY', this.v.pem('\\n'));
    b.t('", "webhook_secret": "').p('SECRET', g.chars(ALNUM, 32));
    b.t(`"}, "type": "Opaque"}`);
    return {
      kind: 'secret-json',
      frame: {
        type: 'response',
        xid: d.uuid(),
        status: 200,
        headers: { 'Content-Type': 'application/json' },
        body: b.build(),
      },
      planted: field('body', b),
    };
  }

  decoyOnly(): DocDraft {
    const g = this.g;
    const d = this.d;
    const b = new TextBuilder();
    b.t(
      `{"build": {"id": ${d.longId()}, "sha": "${d.sha()}", "version": "${d.version()}", "started_at": "${d.isoTs()}", "duration_ms": ${g.int(1, 999999)}, `,
    );
    b.t(
      `"artifacts": [${Array.from({ length: g.int(1, 6) }, () => `{"name": "${g.pick(WORDS)}-${d.version()}.tgz", "size": ${g.int(1000, 99999999)}, "sha256": "${d.sha256()}", "id": "${d.uuid()}"}`).join(', ')}], `,
    );
    b.t(
      `"metrics": {"p50": ${d.amount()}, "p99": ${d.amount()}, "ts": ${d.epochMs()}, "count": ${g.int(1, 1e9)}}, "token_type": "Bearer", "expires_in": 3600, "max_tokens": ${g.int(1, 4096)}, "host": "${d.mac()}", "at": "${d.time()}", "price": "$${d.amount()}"}}`,
    );
    return {
      kind: 'decoys',
      frame: {
        type: 'response',
        xid: d.uuid(),
        status: 200,
        headers: { 'Content-Type': 'application/json' },
        body: b.build(),
      },
      planted: [],
    };
  }
}

/** Generates the labeled corpus in memory. */
export function generateCorpus(options: { seed?: number; docs?: number } = {}): CorpusDoc[] {
  const seed = options.seed ?? 42;
  const target = options.docs ?? 2000;
  const g = new Gen(mulberry32(seed));
  const w = new CorpusWriter(g);
  const docs: CorpusDoc[] = [];
  let seq = 0;
  const sid = `corpus-${seed}`;
  const push = (draft: DocDraft): void => {
    const frame = { v: 1, sid, seq, ts: '2024-01-15T10:00:00.000Z', ...draft.frame } as Frame;
    docs.push({ id: `${sid}:${seq}`, kind: draft.kind, frame, planted: draft.planted });
    seq++;
  };
  while (docs.length < target) {
    const k = g.int(0, 9);
    if (k === 0 || k === 1) push(w.jsonApiResponse());
    else if (k === 2) push(w.loginRequest());
    else if (k === 3) push(w.apiRequestWithQuery());
    else if (k === 4) w.sqlExchange().forEach(push);
    else if (k === 5) push(w.csvExport());
    else if (k === 6) push(w.appLog());
    else if (k === 7) push(w.terminal());
    else if (k === 8) push(w.secretsJson());
    else push(w.decoyOnly());
  }
  return docs;
}

/** The text of one corpus field of a frame (the bench compares field by field). */
export function fieldText(frame: Frame, name: string): string | undefined {
  const f = frame as unknown as Record<string, unknown>;
  if (name.startsWith('headers.')) return (f.headers as Record<string, string> | undefined)?.[name.slice(8)];
  if (name === 'meta.sql') return (f.meta as { sql?: string } | undefined)?.sql;
  const v = f[name];
  return typeof v === 'string' ? v : undefined;
}

/** Every text field of a frame the corpus may plant values in. */
export function corpusFields(frame: Frame): string[] {
  const f = frame as unknown as Record<string, unknown>;
  const out: string[] = [];
  for (const k of ['body', 'data', 'target']) if (typeof f[k] === 'string') out.push(k);
  if (f.headers) for (const h of Object.keys(f.headers as object)) out.push(`headers.${h}`);
  if ((f.meta as { sql?: unknown } | undefined)?.sql) out.push('meta.sql');
  return out;
}

function main(): void {
  const args = process.argv.slice(2);
  const opt = (name: string, def: string): string => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] ? args[i + 1] : def;
  };
  const docs = generateCorpus({ seed: Number(opt('seed', '42')), docs: Number(opt('docs', '2000')) });
  const out = resolve(opt('out', '.cache/corpus'));
  mkdirSync(out, { recursive: true });
  const file = join(out, 'corpus.ndjson');
  writeFileSync(file, docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
  const planted = docs.reduce((n, d) => n + d.planted.length, 0);
  console.log(`wrote ${docs.length} docs, ${planted} planted values to ${file}`);
}

// run-ts.js requires the entry file, so compare paths rather than require.main
if (process.argv[1] && resolve(process.argv[1]) === __filename) main();
