import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '@auditorium/auth';
import { aSession } from '@auditorium/frames/testing';
import { REPO_ROOT, StandaloneProcess } from '../support/standalone-process';

/**
 * The API to the letter of its OpenAPI: schemathesis (from PyPI, installed by
 * .ci/run into a cached virtual environment) runs every check through the
 * examples, coverage, fuzzing and stateful phases against the started
 * embedded service, once per role's token, and must find nothing.
 */
const HOOKS_DIR = join(REPO_ROOT, 'test', 'schemathesis');
const REQUIREMENTS = join(HOOKS_DIR, 'requirements.txt');
const VENV = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'auditorium', 'venv');
const BIN = process.env.SCHEMATHESIS_BIN ?? join(VENV, 'bin', 'schemathesis');
/** examples per operation and phase: small, so five roles fit the suite's budget */
const MAX_EXAMPLES = process.env.AUDITORIUM_SCHEMATHESIS_EXAMPLES ?? '10';
/** a run that takes longer is cut and fails (a hung server must not hang the suite) */
const RUN_BOUND_MS = 150_000;
const ROLES: Role[] = ['admin', 'auditor', 'siem', 'compliance', 'ingest'];

function installHint(): string {
  const pinned = readFileSync(REQUIREMENTS, 'utf8')
    .split('\n')
    .find((l) => l.trim() && !l.startsWith('#'));
  return (
    `schemathesis is not installed at ${BIN}. \`bash .ci/run\` provisions it; by hand:\n` +
    `  python3 -m venv ${VENV} && ${VENV}/bin/pip install -r test/schemathesis/requirements.txt   # ${pinned}\n` +
    '(or point SCHEMATHESIS_BIN at a schemathesis binary)'
  );
}

interface Run {
  code: number | null;
  output: string;
  timedOut: boolean;
}

function schemathesis(args: string[], env: Record<string, string>, cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, RUN_BOUND_MS);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output, timedOut });
    });
  });
}

/** A little of everything: http and interactive sessions, masking, a denial, two identities, reads in the access log. */
function seedFrames(): string {
  let ndjson = '';
  for (let i = 0; i < 4; i++) {
    const s = aSession({
      sid: `contract-${i}`,
      identity: { sub: `svc-contract-${i % 2}` },
      resource: { name: i % 2 ? 'orders-db' : 'crm-api', type: i % 2 ? 'postgres' : 'http' },
    })
      .start()
      .exchange({ method: 'GET', target: `/customers/${i}` }, { status: 200, body: 'mail ada@example.com' })
      .decision(i === 1 ? 'deny' : 'allow')
      .input('select 1;\r')
      .output(' ?column? \r\n 1\r\n');
    ndjson += (i === 3 ? s : s.end('ok')).ndjson();
  }
  return ndjson;
}

describe('the API to the letter of its OpenAPI (schemathesis, embedded app)', () => {
  let app: StandaloneProcess;
  let work: string;
  let cursors: Record<string, string[]>;

  beforeAll(async () => {
    if (!existsSync(BIN)) return; // each test fails with the install hint
    // fair sharing has its own test; here the limit would only slow the generator down
    app = await StandaloneProcess.start({ env: { RATE_LIMIT_PER_SECOND: '0' } });
    work = mkdtempSync(join(tmpdir(), 'auditorium-schemathesis-'));
    const ingested = await app.ingest(seedFrames(), await app.token(['ingest'], 'contract-gateway'));
    expect(await ingested.json()).toMatchObject({ rejected: 0 });
    const admin = app.adminToken;
    for (let i = 0; i < 3; i++) await (await app.fetch('/api/v1/sessions/contract-0', { token: admin })).text();
    const next = async (path: string): Promise<string> => {
      const res = await app.fetch(path, { token: admin });
      const cursor = path.startsWith('/api/v1/export')
        ? res.headers.get('auditorium-next-cursor')
        : ((await res.json()) as { nextCursor?: string }).nextCursor;
      if (!cursor) throw new Error(`no cursor from ${path}: the seed is too small`);
      return cursor;
    };
    // real cursors for the named cursor formats of the spec (hooks.py hands them to the generator)
    cursors = {
      'auditorium-sessions-cursor': [await next('/api/v1/sessions?limit=1'), await next('/api/v1/sessions?limit=2')],
      'auditorium-identities-cursor': [await next('/api/v1/identities?limit=1')],
      'auditorium-access-log-cursor': [await next('/api/v1/access-log?limit=1')],
      'auditorium-export-cursor': [
        await next('/api/v1/export/events?limit=1'),
        await next('/api/v1/export/events?limit=5'),
      ],
    };
  });
  afterAll(async () => {
    await app?.destroy();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it.each(ROLES)(
    'finds nothing with every check, in every phase, as %s',
    async (role) => {
      if (!existsSync(BIN)) throw new Error(installHint());
      const token = role === 'admin' ? app.adminToken : await app.token([role], `contract-${role}`);
      const run = await schemathesis(
        [
          'run',
          `${app.baseUrl}/api/v1/openapi.json`,
          '--header',
          `Authorization: Bearer ${token}`,
          '--checks',
          'all',
          '--phases',
          'examples,coverage,fuzzing,stateful',
          '--max-examples',
          MAX_EXAMPLES,
          '--workers',
          '1',
          '--request-timeout',
          '30',
        ],
        { SCHEMATHESIS_HOOKS: 'hooks', PYTHONPATH: HOOKS_DIR, AUDITORIUM_CURSORS: JSON.stringify(cursors) },
        work,
      );
      const tail = run.output.split('\n').slice(-200).join('\n');
      if (run.timedOut) throw new Error(`schemathesis as ${role} ran longer than ${RUN_BOUND_MS / 1000} s:\n${tail}`);
      if (run.code !== 0) throw new Error(`schemathesis as ${role} exited ${run.code}:\n${tail}`);
      for (const phase of ['Examples', 'Coverage', 'Fuzzing', 'Stateful'])
        expect(run.output).toMatch(new RegExp(`✅ ${phase}`));
    },
    RUN_BOUND_MS + 30_000,
  );
});
