/**
 * README.md, to the letter: every ```sh block is run as written (bash -eu;
 * no pipefail, as in a reader's terminal: `curl | head` is fine) against a started embedded service, in a directory that looks like a
 * checkout, or is mapped to the named test that covers it. A new block with
 * neither fails here, so the README cannot drift from what the code does.
 * The only rewrite is the address: http://127.0.0.1:8080 becomes the test
 * server's, and AUDITORIUM_DATA_DIR points `npm run -s token` at its key.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, StandaloneProcess } from '../support/standalone-process';

jest.setTimeout(180_000);

interface Block {
  /** first line, the block's name here */
  head: string;
  text: string;
}

function shBlocks(markdown: string): Block[] {
  return [...markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => ({
    head: m[1].split('\n')[0],
    text: m[1],
  }));
}

/** Blocks another test runs the real way (a process of their own, or the whole stack). */
const COVERED_ELSEWHERE: Record<string, string> = {
  'npm install && npm start':
    'test/e2e/demo.e2e-spec.ts "npm start + npm run demo" (runs scripts/start.js, what npm start runs); npm test is this suite',
  'npm ci && npm run build':
    'test/integration/real-stack.e2e-spec.ts "real stack: Kafka → ingester → search engine → API → viewer"',
};

const hasAsciinema = (process.env.PATH ?? '').split(':').some((dir) => existsSync(join(dir, 'asciinema')));

describe('README.md, every command block', () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const blocks = shBlocks(readme);
  let app: StandaloneProcess;
  let cwd: string;

  /** Runs one block in the checkout-like directory; resolves with its output. */
  const run = (text: string): Promise<{ code: number | null; out: string; err: string }> =>
    new Promise((resolve) => {
      const script = text.replaceAll('http://127.0.0.1:8080', app.baseUrl);
      const child = spawn('bash', ['-eu', '-c', script], {
        cwd,
        env: {
          ...process.env,
          AUDITORIUM_DATA_DIR: app.dataDir,
          AUDITORIUM_URL: app.baseUrl,
          npm_config_update_notifier: 'false',
        },
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('exit', (code) => resolve({ code, out, err }));
    });

  const block = (head: string): Block => {
    const found = blocks.find((b) => b.head.startsWith(head));
    if (!found) throw new Error(`README has no sh block starting with ${head}`);
    return found;
  };

  beforeAll(async () => {
    app = await StandaloneProcess.start();
    // a checkout as the reader has it, so the files the blocks write stay out of the repo
    cwd = mkdtempSync(join(tmpdir(), 'auditorium-readme-'));
    for (const entry of readdirSync(REPO_ROOT)) {
      if (entry !== 'data' && entry !== '.git') symlinkSync(join(REPO_ROOT, entry), join(cwd, entry));
    }
  });
  afterAll(async () => {
    await app?.destroy();
    if (cwd) rmSync(cwd, { recursive: true, force: true });
  });

  it('has no block that is neither run here nor covered by a named test', () => {
    const runHere = [
      'npm run demo',
      'npm run -s token -- --role auditor',
      'curl -s -X POST http://127.0.0.1:8080/api/v1/ingest',
      'TOKEN=$(npm run -s token -- --role auditor)',
      'TOKEN=$(npm run -s token -- --role siem)',
      'FROM=$(node -p',
    ];
    const unknown = blocks.filter(
      (b) =>
        !runHere.some((h) => b.head.startsWith(h)) && !Object.keys(COVERED_ELSEWHERE).some((h) => b.head.startsWith(h)),
    );
    expect(unknown.map((b) => b.head)).toEqual([]);
    for (const test of Object.values(COVERED_ELSEWHERE))
      expect(existsSync(join(REPO_ROOT, test.split(' ')[0]))).toBe(true);
  });

  it('feeds the demo and queries it (Try it)', async () => {
    const r = await run(block('npm run demo').text);
    expect([r.code, r.err]).toEqual([0, expect.any(String)]);
    expect(r.out).toContain('demo-oncall-psql-0004');
    expect(r.out).toContain('"sid":"demo-support-agent-0003"'); // ?decision=deny
    expect(r.out).toContain('"sub":"svc-nightly-sync"'); // /identities
  });

  it('mints the tokens it shows (Tokens and roles)', async () => {
    const r = await run(block('npm run -s token -- --role auditor').text);
    expect(r.code).toBe(0);
    const tokens = r.out.trim().split('\n');
    expect(tokens).toHaveLength(3);
    for (const t of tokens) expect(t).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/); // nothing but the JWT: -s keeps npm quiet
  });

  it('ingests docs/examples/session.ndjson with the answer the README prints (Sending frames)', async () => {
    const b = block('curl -s -X POST http://127.0.0.1:8080/api/v1/ingest');
    const printed = b.text
      .split('\n')
      .filter((l) => l.startsWith('# '))
      .map((l) => l.slice(2).trim())
      .join('');
    const r = await run(b.text);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual(JSON.parse(printed));
  });

  it('searches and replays as a v2 cast that asciinema 2.2 plays (Query and replay API)', async () => {
    const b = block('TOKEN=$(npm run -s token -- --role auditor)');
    // without asciinema on this machine the block runs up to it, and the cast is checked for what asciinema 2.2 needs
    const text = hasAsciinema
      ? b.text.replace('asciinema play', 'asciinema cat')
      : b.text.replace(/^asciinema .*$/m, '');
    const r = await run(text);
    expect(r.code).toBe(0);
    expect(r.out).toContain('"sid":"demo-nightly-sync-prod-0002"');
    const header = JSON.parse(readFileSync(join(cwd, 's.cast'), 'utf8').split('\n')[0]) as { version: number };
    expect(header.version).toBe(2);
  });

  it('pulls an export page with its cursor headers (Exports for SIEMs)', async () => {
    const r = await run(block('TOKEN=$(npm run -s token -- --role siem)').text);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^auditorium-next-cursor: \S+/im);
    expect(r.out).toMatch(/^auditorium-more: (true|false)/im);
  });

  it('makes the access report of a period the demo is in, by curl and by the CLI (Access reports)', async () => {
    const r = await run(block('FROM=$(node -p').text);
    expect([r.code, r.err]).toEqual([0, expect.any(String)]);
    expect(readFileSync(join(cwd, 'report.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    const report = JSON.parse(r.out) as { exchanges: number; infoTypes: Array<{ type: string }> };
    expect(report.exchanges).toBe(2); // the psql session's two commands
    expect(report.infoTypes.map((t) => t.type)).toContain('CREDIT_CARD_NUMBER');
  });
});
