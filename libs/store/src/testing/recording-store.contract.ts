/// <reference types="jest" />
// Jest types are referenced here so tsconfig.build.json (types: node) still type-checks this file via testing/index.ts.
import { randomBytes } from 'node:crypto';

import type { RecordingStore } from '../recording.store';
import type { IdentitySummary, SessionQuery, SessionSeal, SessionSummary, StoredFrame } from '../recording.types';
import { InvalidCursorError, SessionNotFoundError } from '../store.errors';
import { parseTsMicros } from '../timestamp';
import { StoredSessionBuilder, sumBytes, withoutIdentity } from './stored-frame.fixtures';

/**
 * What an adapter's spec hands to the contract. The suite calls init() itself,
 * closes the store when done, and may close it midway and call reopen() to check
 * that everything survives a restart.
 */
export interface RecordingStoreHarness {
  /** A store over the test storage, not initialised yet. */
  store: RecordingStore;
  /** A new store instance over the same storage (the previous one is closed first); not initialised. */
  reopen(): Promise<RecordingStore>;
  /** Removes what the harness created; called once, after the last store is closed. */
  cleanup(): Promise<void>;
}

/**
 * The behaviour every RecordingStore adapter must show, against its real engine.
 * Each run uses its own sids, identities and resource names, and scopes every
 * assertion to them, so it also passes on a shared search-engine index that
 * holds data of earlier runs.
 */
export function recordingStoreContract(name: string, makeStore: () => Promise<RecordingStoreHarness>): void {
  describe(`RecordingStore contract: ${name}`, () => {
    const run = `c${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
    const T0 = Date.UTC(2030, 0, 1, 8, 0, 0);
    const HOUR = 3_600_000;
    let harness: RecordingStoreHarness;
    let store: RecordingStore;

    const mine = (sid: string): boolean => sid.startsWith(`${run}.`);

    /** Every page of a search, keeping this run's sessions; fails on a repeated item. */
    async function searchAll(query: SessionQuery, limit = 500): Promise<SessionSummary[]> {
      const seen = new Set<string>();
      const out: SessionSummary[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 1000; page++) {
        const result = await store.searchSessions({ ...query, limit, cursor });
        for (const s of result.items) {
          expect(seen.has(s.sid)).toBe(false);
          seen.add(s.sid);
          if (mine(s.sid)) out.push(s);
        }
        if (!result.nextCursor) return out;
        cursor = result.nextCursor;
      }
      throw new Error('searchSessions paged forever');
    }
    const sidsOf = async (query: SessionQuery): Promise<string[]> => (await searchAll(query)).map((s) => s.sid);

    /** Pages identities until every wanted sub was seen; checks the order and that nothing repeats. */
    async function findIdentities(subs: string[], limit = 500): Promise<IdentitySummary[]> {
      const seen = new Set<string>();
      const found = new Map<string, IdentitySummary>();
      let previous: IdentitySummary | undefined;
      let cursor: string | undefined;
      for (let page = 0; page < 1000; page++) {
        const result = await store.listIdentities({ limit, cursor });
        expect(result.items.length).toBeLessThanOrEqual(limit);
        for (const identity of result.items) {
          expect(seen.has(identity.sub)).toBe(false);
          seen.add(identity.sub);
          if (previous) expect(compareIdentities(previous, identity)).toBeLessThan(0);
          previous = identity;
          if (subs.includes(identity.sub)) found.set(identity.sub, identity);
        }
        if (found.size === subs.length || !result.nextCursor) break;
        cursor = result.nextCursor;
      }
      return [...found.values()];
    }

    beforeAll(async () => {
      harness = await makeStore();
      store = harness.store;
      await store.init();
    });

    afterAll(async () => {
      await store?.close();
      await harness?.cleanup();
    });

    it('init is idempotent and health reports ok', async () => {
      await store.init();
      const health = await store.health();
      expect(health.ok).toBe(true);
      expect(typeof health.engine).toBe('string');
    });

    describe('writeFrames and the session summary', () => {
      const full = new StoredSessionBuilder({
        sid: `${run}.full`,
        identity: {
          sub: `${run}-report-bot`,
          iss: 'https://idp.example',
          type: 'machine',
          name: 'Report bot',
          groups: ['reporting'],
          tokenId: 'jti-1',
          clientId: 'bot-client',
        },
        resource: { name: `${run}-reports-api`, type: 'http', env: 'prod' },
        startMs: T0,
      })
        .start({
          client: { ip: '10.0.0.7', userAgent: 'agent-sdk/1.2' },
          gateway: { id: 'gw-1', version: '1.0.0' },
          labels: { team: 'finance' },
          correlationId: 'corr-1',
        })
        .decision('allow', { policy: 'read-reports', xid: 'x1' })
        .request('x1', { method: 'GET', target: '/reports/1' })
        .response('x1', { body: 'mail [EMAIL_ADDRESS] and [EMAIL_ADDRESS]' }, { EMAIL_ADDRESS: 2 })
        .request('x2', { method: 'GET', target: '/reports/2' })
        .response('x2', { body: 'card [CREDIT_CARD_NUMBER]' }, { CREDIT_CARD_NUMBER: 1, EMAIL_ADDRESS: 1 })
        .decision('deny', { policy: 'no-writes', reason: 'writes are not allowed', xid: 'x3' })
        .request('x3', { method: 'POST', target: '/reports' })
        .response('x3', { status: 403 })
        .end('ok');

      let summaryAfterFirstWrite: SessionSummary | null;

      it('stores new frames and reports them', async () => {
        const report = await store.writeFrames(full.frames);
        expect(report).toEqual({ stored: full.frames.length, duplicates: 0, failed: [] });
        summaryAfterFirstWrite = await store.getSession(full.sid);
      });

      it('summarises a complete session', async () => {
        const summary = await store.getSession(full.sid);
        const first = full.frames[0];
        const last = full.frames[full.frames.length - 1];
        expect(withoutFalseLegalHold(summary)).toEqual({
          sid: full.sid,
          identity: full.identity,
          resource: full.resource,
          client: { ip: '10.0.0.7', userAgent: 'agent-sdk/1.2' },
          gateway: { id: 'gw-1', version: '1.0.0' },
          labels: { team: 'finance' },
          correlationId: 'corr-1',
          status: 'ok',
          startedAt: first.ts,
          endedAt: last.ts,
          firstTs: first.ts,
          lastTs: last.ts,
          frameCount: full.frames.length,
          exchangeCount: 3,
          bytes: sumBytes(full.frames),
          maxSeq: last.seq,
          gaps: [],
          decisions: { allow: 1, deny: 1 },
          findings: { EMAIL_ADDRESS: 3, CREDIT_CARD_NUMBER: 1 },
        });
      });

      it('stores each frame once when the same frames come again', async () => {
        const again = await store.writeFrames(full.frames);
        expect(again).toEqual({ stored: 0, duplicates: full.frames.length, failed: [] });
        expect(await store.getSession(full.sid)).toEqual(summaryAfterFirstWrite);
        expect(await store.getFrames(full.sid, {})).toHaveLength(full.frames.length);
      });

      it('counts duplicates inside one batch and in partly new batches', async () => {
        const s = new StoredSessionBuilder({ sid: `${run}.dups`, startMs: T0 + HOUR })
          .start()
          .exchange('a', 'q', 'r', { EMAIL_ADDRESS: 1 })
          .decision('allow')
          .exchange('b', 'q', 'r', { EMAIL_ADDRESS: 1 })
          .end('ok');
        const [f0, f1, f2, f3, f4, f5, f6] = s.frames;
        expect(await store.writeFrames([f0, f1, f1, f0])).toEqual({ stored: 2, duplicates: 2, failed: [] });
        expect(await store.writeFrames([f1, f2, f3, f2])).toEqual({ stored: 2, duplicates: 2, failed: [] });
        expect(await store.writeFrames(s.frames)).toEqual({ stored: 3, duplicates: 4, failed: [] });
        const summary = await store.getSession(s.sid);
        expect(summary).toMatchObject({
          frameCount: 7,
          exchangeCount: 2,
          bytes: sumBytes([f0, f1, f2, f3, f4, f5, f6]),
          decisions: { allow: 1 },
          findings: { EMAIL_ADDRESS: 2 },
          status: 'ok',
          gaps: [],
        });
      });

      it('reports frames that break the store invariants and stores the rest', async () => {
        const s = new StoredSessionBuilder({ sid: `${run}.invalid`, startMs: T0 }).start().input('ls').end();
        const bad: StoredFrame = { ...s.frames[1], id: `${s.sid}:99` };
        const report = await store.writeFrames([s.frames[0], bad, s.frames[2]]);
        expect(report.stored).toBe(2);
        expect(report.duplicates).toBe(0);
        expect(report.failed).toEqual([{ id: `${s.sid}:99`, reason: expect.any(String), retryable: false }]);
        expect((await store.getFrames(s.sid, {})).map((f) => f.seq)).toEqual([0, 2]);
      });

      it('accepts an empty batch', async () => {
        expect(await store.writeFrames([])).toEqual({ stored: 0, duplicates: 0, failed: [] });
      });

      it('returns null for a session never stored', async () => {
        expect(await store.getSession(`${run}.nothing`)).toBeNull();
      });

      it('keeps a session active until session.end, then takes its status', async () => {
        const s = new StoredSessionBuilder({ sid: `${run}.active`, startMs: T0 }).start().input('whoami').output('bot');
        s.end('killed', 'operator stopped it');
        await store.writeFrames(s.frames.slice(0, 3));
        const active = await store.getSession(s.sid);
        expect(active?.status).toBe('active');
        expect(active?.endedAt).toBeUndefined();
        await store.writeFrames(s.frames.slice(3));
        const ended = await store.getSession(s.sid);
        expect(ended?.status).toBe('killed');
        expect(ended?.endedAt).toBe(s.frames[3].ts);
      });

      it('counts an exchange once when request and response come in different batches', async () => {
        const s = new StoredSessionBuilder({ sid: `${run}.xbatches`, startMs: T0 })
          .start()
          .request('only', { target: '/a' })
          .response('only', { status: 204 })
          .request('other', { target: '/b' });
        await store.writeFrames(s.frames.slice(0, 2));
        await store.writeFrames(s.frames.slice(2));
        expect((await store.getSession(s.sid))?.exchangeCount).toBe(2);
      });

      it('takes first and last ts by time, not by arrival order', async () => {
        const s = new StoredSessionBuilder({ sid: `${run}.order`, startMs: T0 }).start().input('a').input('b').end();
        await store.writeFrames([s.frames[2], s.frames[3]]);
        await store.writeFrames([s.frames[0], s.frames[1]]);
        const summary = await store.getSession(s.sid);
        expect(summary?.firstTs).toBe(s.frames[0].ts);
        expect(summary?.lastTs).toBe(s.frames[3].ts);
        expect(summary?.maxSeq).toBe(3);
      });
    });

    describe('frames before session.start', () => {
      const word = `early${run}`;
      const s = new StoredSessionBuilder({
        sid: `${run}.late-start`,
        identity: { sub: `${run}-late-agent`, name: 'Late agent', type: 'machine' },
        resource: { name: `${run}-late-db`, type: 'postgres' },
        startMs: T0 + 2 * HOUR,
      })
        .start({ labels: { via: 'late' } })
        .request('x1', { target: 'customers', meta: { sql: `select ${word} from customers` } }, { EMAIL_ADDRESS: 1 })
        .response('x1', { body: 'one row' }, { EMAIL_ADDRESS: 2 })
        .end('ok');

      it('creates the session from any frame and completes it when session.start arrives', async () => {
        const early = withoutIdentity(s.frames.slice(1));
        expect((await store.writeFrames(early)).stored).toBe(3);

        const before = await store.getSession(s.sid);
        expect(before).toMatchObject({ status: 'ok', frameCount: 3, maxSeq: 3, gaps: [{ from: 0, to: 0 }] });
        expect(before?.identity).toBeUndefined();
        expect(before?.startedAt).toBeUndefined();
        expect(await sidsOf({ text: word })).toEqual([s.sid]);

        expect((await store.writeFrames([s.frames[0]])).stored).toBe(1);
        const after = await store.getSession(s.sid);
        expect(after).toMatchObject({
          identity: s.identity,
          resource: s.resource,
          labels: { via: 'late' },
          status: 'ok',
          startedAt: s.frames[0].ts,
          firstTs: s.frames[0].ts,
          frameCount: 4,
          exchangeCount: 1,
          gaps: [],
          findings: { EMAIL_ADDRESS: 3 },
        });
      });

      it('gives the earlier frames the identity of session.start', async () => {
        const frames = await store.getFrames(s.sid, {});
        expect(frames.map((f) => f.identity?.sub)).toEqual(Array(4).fill(s.identity.sub));
        expect(frames.map((f) => f.resource?.name)).toEqual(Array(4).fill(s.resource.name));
      });

      it('finds the session by its identity and counts it once for the identity', async () => {
        expect(await sidsOf({ identity: s.identity.sub })).toEqual([s.sid]);
        const [identity] = await findIdentities([s.identity.sub]);
        expect(identity).toEqual({
          sub: s.identity.sub,
          name: 'Late agent',
          type: 'machine',
          sessionCount: 1,
          resources: [s.resource.name],
          firstSeen: s.frames[0].ts,
          lastSeen: s.frames[3].ts,
          findings: { EMAIL_ADDRESS: 3 },
        });
      });
    });

    describe('gaps', () => {
      const s = new StoredSessionBuilder({ sid: `${run}.gaps`, startMs: T0 + 3 * HOUR });
      s.start().input('a').input('b').skip(2).input('c').input('d').skip(2).end('error');
      // seqs 0,1,2,5,6,9

      it('reports missing seq ranges', async () => {
        await store.writeFrames(s.frames);
        expect(await store.getSession(s.sid)).toMatchObject({
          maxSeq: 9,
          frameCount: 6,
          gaps: [
            { from: 3, to: 4 },
            { from: 7, to: 8 },
          ],
        });
      });

      it('shrinks the gaps as late frames fill them', async () => {
        const filler = new StoredSessionBuilder({ sid: s.sid, startMs: T0 + 3 * HOUR, identity: s.identity });
        filler.skip(3).input('late three').skip(3).input('late seven').input('late eight');
        await store.writeFrames([filler.frame(3)]);
        expect((await store.getSession(s.sid))?.gaps).toEqual([
          { from: 4, to: 4 },
          { from: 7, to: 8 },
        ]);
        await store.writeFrames([filler.frame(7), filler.frame(8)]);
        expect((await store.getSession(s.sid))?.gaps).toEqual([{ from: 4, to: 4 }]);
      });

      it('reports a missing beginning', async () => {
        const t = new StoredSessionBuilder({ sid: `${run}.nohead`, startMs: T0 }).skip(2).input('x').input('y');
        await store.writeFrames(t.frames);
        expect((await store.getSession(t.sid))?.gaps).toEqual([{ from: 0, to: 1 }]);
      });
    });

    describe('searchSessions filters', () => {
      const idA = `${run}-agent-a`;
      const idB = `${run}-agent-b`;
      const db = { name: `${run}-customers-db`, type: `pg${run}` };
      const api = { name: `${run}-billing-api`, type: `http${run}` };
      const at = (h: number): number => T0 + 10 * HOUR + h * HOUR;
      const secret = Buffer.from(`hidden${run} words`).toString('base64');

      const s1 = new StoredSessionBuilder({ sid: `${run}.f1`, identity: { sub: idA }, resource: db, startMs: at(1) })
        .start()
        .decision('allow')
        .request('q1', { target: 'customers', meta: { sql: 'SELECT email, ledger FROM customers' } })
        .response('q1', { body: 'Quarterly totals for [EMAIL_ADDRESS]' }, { EMAIL_ADDRESS: 1 })
        .end('ok');
      const s2 = new StoredSessionBuilder({ sid: `${run}.f2`, identity: { sub: idA }, resource: api, startMs: at(2) })
        .start()
        .decision('deny', { reason: 'Writes forbidden by policy' })
        .request('i1', { method: 'POST', target: '/invoices/42', headers: { 'x-purpose': 'reconciliation' } })
        .response('i1', { status: 403, body: 'invoice refused' })
        .end('error');
      const s3 = new StoredSessionBuilder({ sid: `${run}.f3`, identity: { sub: idB }, resource: db, startMs: at(3) })
        .start()
        .decision('review.pending')
        .input('select * from zebra;', { CREDIT_CARD_NUMBER: 2 })
        .output('0 rows');
      const s4 = new StoredSessionBuilder({ sid: `${run}.f4`, identity: { sub: idB }, resource: api, startMs: at(4) })
        .start()
        .request('e1', { target: '/export' })
        .error('upstream kaboom')
        .end('killed', 'operator stopped it');
      const s5 = new StoredSessionBuilder({ sid: `${run}.f5`, identity: { sub: idA }, resource: db, startMs: at(5) })
        .start()
        .decision('deny')
        .decision('allow')
        .request('b1', { body: secret, encoding: 'base64' }, { EMAIL_ADDRESS: 1 })
        .end('timeout');
      const all = [s1, s2, s3, s4, s5];
      const newestFirst = (...sessions: StoredSessionBuilder[]): string[] => sessions.map((x) => x.sid).reverse();

      beforeAll(async () => {
        const report = await store.writeFrames(all.flatMap((x) => x.frames));
        expect(report.failed).toEqual([]);
      });

      it('by identity', async () => {
        expect(await sidsOf({ identity: idA })).toEqual(newestFirst(s1, s2, s5));
        expect(await sidsOf({ identity: idB })).toEqual(newestFirst(s3, s4));
        expect(await sidsOf({ identity: `${run}-nobody` })).toEqual([]);
      });

      it('by resource and by resource type', async () => {
        expect(await sidsOf({ resource: db.name })).toEqual(newestFirst(s1, s3, s5));
        expect(await sidsOf({ resource: api.name })).toEqual(newestFirst(s2, s4));
        expect(await sidsOf({ resourceType: db.type })).toEqual(newestFirst(s1, s3, s5));
        expect(await sidsOf({ resourceType: api.type })).toEqual(newestFirst(s2, s4));
      });

      it('by status', async () => {
        const scoped = async (status: SessionSummary['status']): Promise<string[]> =>
          (await sidsOf({ status })).filter((sid) => all.some((x) => x.sid === sid));
        expect(await scoped('ok')).toEqual([s1.sid]);
        expect(await scoped('error')).toEqual([s2.sid]);
        expect(await scoped('active')).toEqual([s3.sid]);
        expect(await scoped('killed')).toEqual([s4.sid]);
        expect(await scoped('timeout')).toEqual([s5.sid]);
      });

      it('by decision outcome', async () => {
        expect(await sidsOf({ identity: idA, decision: 'deny' })).toEqual(newestFirst(s2, s5));
        expect(await sidsOf({ identity: idA, decision: 'allow' })).toEqual(newestFirst(s1, s5));
        expect(await sidsOf({ identity: idB, decision: 'review.pending' })).toEqual([s3.sid]);
        expect(await sidsOf({ identity: idB, decision: 'review.rejected' })).toEqual([]);
        const alone = await sidsOf({ decision: 'review.pending' });
        expect(alone.filter((sid) => all.some((x) => x.sid === sid))).toEqual([s3.sid]);
      });

      it('by masking and info type', async () => {
        expect(await sidsOf({ identity: idA, hasMasking: true })).toEqual(newestFirst(s1, s5));
        expect(await sidsOf({ identity: idA, hasMasking: false })).toEqual([s2.sid]);
        expect(await sidsOf({ identity: idB, infoType: 'CREDIT_CARD_NUMBER' })).toEqual([s3.sid]);
        expect(await sidsOf({ resource: db.name, infoType: 'EMAIL_ADDRESS' })).toEqual(newestFirst(s1, s5));
        expect(await sidsOf({ resource: db.name, infoType: 'PHONE_NUMBER' })).toEqual([]);
      });

      it('by time range, overlapping [firstTs, lastTs]', async () => {
        const iso = (ms: number): string => new Date(ms).toISOString();
        // s2 runs from at(2) for about a second; s4 starts at at(4)
        expect(await sidsOf({ identity: idA, from: iso(at(1.5)), to: iso(at(4.5)) })).toEqual([s2.sid]);
        expect(await sidsOf({ identity: idB, from: iso(at(3.5)) })).toEqual([s4.sid]);
        expect(await sidsOf({ identity: idB, to: iso(at(3.5)) })).toEqual([s3.sid]);
        // a window inside one session's lifetime still finds it
        expect(await sidsOf({ identity: idA, from: iso(at(2) + 500), to: iso(at(2) + 600) })).toEqual([s2.sid]);
        expect(await sidsOf({ identity: idA, from: iso(at(6)) })).toEqual([]);
        const window = await sidsOf({ from: iso(at(2.5)), to: iso(at(3.5)) });
        expect(window.filter((sid) => all.some((x) => x.sid === sid))).toEqual([s3.sid]);
      });

      it('with every filter combined', async () => {
        const iso = (ms: number): string => new Date(ms).toISOString();
        const base: SessionQuery = {
          identity: idA,
          resource: db.name,
          resourceType: db.type,
          from: iso(at(0)),
          to: iso(at(9)),
          status: 'timeout',
          decision: 'deny',
          hasMasking: true,
          infoType: 'EMAIL_ADDRESS',
        };
        expect(await sidsOf(base)).toEqual([s5.sid]);
        expect(await sidsOf({ ...base, status: 'ok' })).toEqual([]);
        expect(await sidsOf({ ...base, status: 'ok', decision: 'allow', text: 'quarterly' })).toEqual([s1.sid]);
      });

      describe('full text', () => {
        it('finds a word in a response body, whatever its case', async () => {
          expect(await sidsOf({ text: 'quarterly' })).toEqual([s1.sid]);
          expect(await sidsOf({ text: 'QUARTERLY' })).toEqual([s1.sid]);
          expect(await sidsOf({ identity: idA, text: 'Quarterly' })).toEqual([s1.sid]);
        });

        it('covers target, header values, SQL, stream data, error messages and reasons', async () => {
          expect(await sidsOf({ identity: idA, text: 'invoices' })).toEqual([s2.sid]);
          expect(await sidsOf({ identity: idA, text: 'reconciliation' })).toEqual([s2.sid]);
          expect(await sidsOf({ identity: idA, text: 'ledger' })).toEqual([s1.sid]);
          expect(await sidsOf({ identity: idB, text: 'zebra' })).toEqual([s3.sid]);
          expect(await sidsOf({ identity: idB, text: 'kaboom' })).toEqual([s4.sid]);
          expect(await sidsOf({ identity: idA, text: 'forbidden' })).toEqual([s2.sid]);
          expect(await sidsOf({ identity: idB, text: 'operator' })).toEqual([s4.sid]);
        });

        it('needs every word, in one frame', async () => {
          expect(await sidsOf({ identity: idA, text: 'invoice refused' })).toEqual([s2.sid]);
          expect(await sidsOf({ identity: idA, text: 'quarterly invoice' })).toEqual([]);
        });

        it('does not find text that was never there, nor base64 payloads', async () => {
          const result = await store.searchSessions({ text: `never${run}there` });
          expect(result.items).toEqual([]);
          expect(result.nextCursor).toBeUndefined();
          expect(await sidsOf({ text: `hidden${run}` })).toEqual([]);
        });

        it('treats query syntax as plain words', async () => {
          for (const text of [
            '"quarterly',
            'quarterly"',
            '(quarterly)',
            'quarterly*',
            '+quarterly',
            'quarterly:',
            '^quarterly',
          ]) {
            expect(await sidsOf({ identity: idA, text })).toEqual([s1.sid]);
          }
          for (const text of ['"', 'NEAR(', '*', '()', 'AND OR NOT', '-', '^', 'text:', '{}', "'"]) {
            await expect(store.searchSessions({ identity: idA, text })).resolves.toEqual(expect.any(Object));
          }
          expect((await store.searchSessions({ identity: idA, text: '"(*' })).items).toEqual([]);
        });
      });
    });

    describe('searchSessions paging', () => {
      const pager = `${run}-pager`;
      const sessions: StoredSessionBuilder[] = [];
      for (let i = 0; i < 120; i++) {
        // two sessions per minute: equal start times are ordered by sid, descending
        const s = new StoredSessionBuilder({
          sid: `${run}.page.${String(i).padStart(3, '0')}`,
          identity: { sub: pager },
          resource: { name: `${run}-paged`, type: 'ssh' },
          startMs: T0 + 20 * HOUR + Math.floor(i / 2) * 60_000,
        })
          .start()
          .end('ok');
        sessions.push(s);
      }
      const expected = sessions.map((s) => s.sid).reverse();

      beforeAll(async () => {
        expect((await store.writeFrames(sessions.flatMap((s) => s.frames))).stored).toBe(240);
      });

      it('visits 120 sessions exactly once, newest first, 50 at a time', async () => {
        const pages: string[][] = [];
        let cursor: string | undefined;
        do {
          const page = await store.searchSessions({ identity: pager, limit: 50, cursor });
          pages.push(page.items.map((s) => s.sid));
          cursor = page.nextCursor;
          expect(pages.length).toBeLessThanOrEqual(3);
        } while (cursor);
        expect(pages.map((p) => p.length)).toEqual([50, 50, 20]);
        expect(pages.flat()).toEqual(expected);
      });

      it('defaults to 50 per page and clamps the limit', async () => {
        const page = await store.searchSessions({ identity: pager });
        expect(page.items).toHaveLength(50);
        expect(page.nextCursor).toEqual(expect.any(String));
        expect((await store.searchSessions({ identity: pager, limit: 1 })).items).toHaveLength(1);
        expect((await store.searchSessions({ identity: pager, limit: 0 })).items).toHaveLength(1);
        expect((await store.searchSessions({ identity: pager, limit: 100_000 })).items).toHaveLength(120);
      });

      it('has no next cursor when the last page is exactly full', async () => {
        const first = await store.searchSessions({ identity: pager, limit: 60 });
        const second = await store.searchSessions({ identity: pager, limit: 60, cursor: first.nextCursor });
        expect(second.items).toHaveLength(60);
        expect(second.nextCursor).toBeUndefined();
      });

      it('refuses a cursor it did not issue', async () => {
        await expect(store.searchSessions({ identity: pager, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(
          InvalidCursorError,
        );
        const bogus = Buffer.from(JSON.stringify({ hello: 'world' })).toString('base64url');
        await expect(store.searchSessions({ identity: pager, cursor: bogus })).rejects.toBeInstanceOf(
          InvalidCursorError,
        );
      });
    });

    describe('listIdentities', () => {
      // later than anything else in this run (and than earlier runs), so these come first
      const base = Date.UTC(2090, 0, 1) + Date.now();
      const x = `${run}-id-x`;
      const y = `${run}-id-y`;
      const x1 = new StoredSessionBuilder({
        sid: `${run}.idx1`,
        identity: { sub: x, name: 'Exporter', type: 'machine' },
        resource: { name: 'orders-db', type: 'postgres' },
        startMs: base,
      })
        .start()
        .exchange('a', 'q', 'r', { EMAIL_ADDRESS: 2 })
        .end();
      const x2 = new StoredSessionBuilder({
        sid: `${run}.idx2`,
        identity: { sub: x, name: 'Exporter', type: 'machine' },
        resource: { name: 'billing-api', type: 'http' },
        startMs: base + 60_000,
      })
        .start()
        .exchange('a', 'q', 'r', { EMAIL_ADDRESS: 1, IBAN_CODE: 1 })
        .end();
      const y1 = new StoredSessionBuilder({
        sid: `${run}.idy1`,
        identity: { sub: y, name: 'Human via gateway', type: 'human' },
        resource: { name: 'orders-db', type: 'postgres' },
        startMs: base + 120_000,
      })
        .start()
        .input('\\dt');

      beforeAll(async () => {
        await store.writeFrames([...x1.frames, ...y1.frames]);
        await store.writeFrames(x2.frames);
      });

      it('summarises each identity with counts, resources and first/last seen', async () => {
        const found = await findIdentities([x, y]);
        expect(found.map((i) => i.sub)).toEqual([y, x]);
        expect(found[1]).toEqual({
          sub: x,
          name: 'Exporter',
          type: 'machine',
          sessionCount: 2,
          resources: ['billing-api', 'orders-db'],
          firstSeen: x1.frames[0].ts,
          lastSeen: x2.frames[x2.frames.length - 1].ts,
          findings: { EMAIL_ADDRESS: 3, IBAN_CODE: 1 },
        });
        expect(found[0]).toEqual({
          sub: y,
          name: 'Human via gateway',
          type: 'human',
          sessionCount: 1,
          resources: ['orders-db'],
          firstSeen: y1.frames[0].ts,
          lastSeen: y1.frames[1].ts,
          findings: {},
        });
      });

      it('pages with a cursor, visiting each identity once', async () => {
        const found = await findIdentities([x, y], 1);
        expect(found.map((i) => i.sub)).toEqual([y, x]);
        await expect(store.listIdentities({ cursor: 'bad' })).rejects.toBeInstanceOf(InvalidCursorError);
      });

      it('does not count a session twice when its frames come again', async () => {
        await store.writeFrames(x2.frames);
        const [identity] = await findIdentities([x]);
        expect(identity.sessionCount).toBe(2);
        expect(identity.findings).toEqual({ EMAIL_ADDRESS: 3, IBAN_CODE: 1 });
      });
    });

    describe('reading frames', () => {
      const s = new StoredSessionBuilder({ sid: `${run}.read`, startMs: T0 + 30 * HOUR }).start();
      for (let i = 0; i < 8; i++) s.input(`line ${i}`, i % 3 === 0 ? { EMAIL_ADDRESS: 1 } : {});
      s.end();
      const big = new StoredSessionBuilder({ sid: `${run}.stream`, startMs: T0 + 31 * HOUR, stepMicros: 1000 }).start();
      for (let i = 1; i < 1234; i++) big.output(`chunk ${i}\r\n`);

      beforeAll(async () => {
        await store.writeFrames(s.frames);
        // in batches, as an ingester would send them
        for (let i = 0; i < big.frames.length; i += 500) await store.writeFrames(big.frames.slice(i, i + 500));
      });

      it('returns frames exactly as stored, in seq order', async () => {
        expect(await store.getFrames(s.sid, {})).toEqual(s.frames);
      });

      it('by seq range and limit', async () => {
        const seqs = async (q: Parameters<RecordingStore['getFrames']>[1]): Promise<number[]> =>
          (await store.getFrames(s.sid, q)).map((f) => f.seq);
        expect(await seqs({ fromSeq: 2, toSeq: 5 })).toEqual([2, 3, 4, 5]);
        expect(await seqs({ fromSeq: 7 })).toEqual([7, 8, 9]);
        expect(await seqs({ toSeq: 1 })).toEqual([0, 1]);
        expect(await seqs({ limit: 3 })).toEqual([0, 1, 2]);
        expect(await seqs({ fromSeq: 4, limit: 2 })).toEqual([4, 5]);
        expect(await seqs({ fromSeq: 50 })).toEqual([]);
        expect(await store.getFrames(`${run}.unknown`, {})).toEqual([]);
      });

      it('streams every frame in order across pages', async () => {
        let expectedSeq = 0;
        for await (const f of store.streamFrames(big.sid)) {
          expect(f.seq).toBe(expectedSeq);
          expectedSeq++;
        }
        expect(expectedSeq).toBe(1234);
      });

      it('streams a seq range, and nothing for an unknown session', async () => {
        const seqs: number[] = [];
        for await (const f of store.streamFrames(big.sid, { fromSeq: 498, toSeq: 1003 })) seqs.push(f.seq);
        expect(seqs).toEqual(Array.from({ length: 506 }, (_, i) => 498 + i));
        const none: StoredFrame[] = [];
        for await (const f of store.streamFrames(`${run}.unknown`)) none.push(f);
        expect(none).toEqual([]);
      });

      it('streams the same frames getFrames returns', async () => {
        const streamed: StoredFrame[] = [];
        for await (const f of store.streamFrames(s.sid)) streamed.push(f);
        expect(streamed).toEqual(await store.getFrames(s.sid, {}));
      });
    });

    describe('chain head and seal', () => {
      const s = new StoredSessionBuilder({ sid: `${run}.chain`, startMs: T0 + 40 * HOUR }).start();
      for (let i = 0; i < 9; i++) s.input(`cmd ${i}`);
      const seal = (lastSeq: number, head: string): SessionSeal => ({
        jws: `eyJhbGciOiJFZERTQSJ9.payload-${lastSeq}.signature`,
        kid: 'key-1',
        lastSeq,
        head,
        sealedAt: '2030-01-02T16:00:00.000Z',
      });

      it('has no chain head for an unknown session', async () => {
        expect(await store.getChainHead(`${run}.unknown`)).toBeNull();
      });

      it('is the stored frame with the highest seq', async () => {
        await store.writeFrames(s.frames.slice(0, 5));
        expect(await store.getChainHead(s.sid)).toEqual({ seq: 4, hash: s.frame(4).hash });
        await store.writeFrames([s.frame(7)]);
        expect(await store.getChainHead(s.sid)).toEqual({ seq: 7, hash: s.frame(7).hash });
        await store.writeFrames([s.frame(5), s.frame(6)]);
        expect(await store.getChainHead(s.sid)).toEqual({ seq: 7, hash: s.frame(7).hash });
      });

      it('stores and replaces a seal', async () => {
        await store.writeFrames(s.frames);
        const first = seal(7, s.frame(7).hash);
        await store.setSeal(s.sid, first);
        expect((await store.getSession(s.sid))?.seal).toEqual(first);
        const second = seal(9, s.frame(9).hash);
        await store.setSeal(s.sid, second);
        const summary = await store.getSession(s.sid);
        expect(summary?.seal).toEqual(second);
        expect(summary?.frameCount).toBe(10);
      });

      it('keeps the seal when more frames arrive', async () => {
        const more = new StoredSessionBuilder({ sid: s.sid, startMs: T0 + 40 * HOUR, identity: s.identity });
        more.skip(10).input('after the seal');
        await store.writeFrames(more.frames);
        const summary = await store.getSession(s.sid);
        expect(summary?.seal?.lastSeq).toBe(9);
        expect(summary?.frameCount).toBe(11);
      });

      it('refuses a seal for an unknown session', async () => {
        await expect(store.setSeal(`${run}.unknown`, seal(0, 'x'))).rejects.toBeInstanceOf(SessionNotFoundError);
      });
    });

    describe('after close and reopen', () => {
      const s = new StoredSessionBuilder({
        sid: `${run}.durable`,
        identity: { sub: `${run}-durable-agent`, name: 'Durable' },
        resource: { name: `${run}-durable-db`, type: 'mysql' },
        startMs: T0 + 50 * HOUR,
      })
        .start()
        .request('d1', { meta: { sql: `select persistent${run}` } })
        .response('d1', { body: 'ok' }, { EMAIL_ADDRESS: 1 })
        .decision('review.approved')
        .end('ok');
      let before: SessionSummary | null;

      it('keeps frames, summaries, seals and search', async () => {
        await store.writeFrames(s.frames);
        await store.setSeal(s.sid, {
          jws: 'a.b.c',
          kid: 'k',
          lastSeq: 4,
          head: s.frame(4).hash,
          sealedAt: '2030-01-03T10:00:00Z',
        });
        before = await store.getSession(s.sid);

        await store.close();
        store = await harness.reopen();
        await store.init();

        expect(await store.getSession(s.sid)).toEqual(before);
        expect(await store.getFrames(s.sid, {})).toEqual(s.frames);
        expect(await store.getChainHead(s.sid)).toEqual({ seq: 4, hash: s.frame(4).hash });
        expect(await sidsOf({ text: `persistent${run}` })).toEqual([s.sid]);
        expect(await sidsOf({ identity: s.identity.sub, decision: 'review.approved' })).toEqual([s.sid]);
        const [identity] = await findIdentities([s.identity.sub]);
        expect(identity?.sessionCount).toBe(1);
      });

      it('still stores each frame once', async () => {
        expect(await store.writeFrames(s.frames)).toEqual({ stored: 0, duplicates: s.frames.length, failed: [] });
        expect(await store.getSession(s.sid)).toEqual(before);
      });
    });
  });
}

/** Newest last-seen first, ties by sub descending: negative when a comes before b. */
function compareIdentities(a: IdentitySummary, b: IdentitySummary): number {
  const ta = parseTsMicros(a.lastSeen) ?? 0;
  const tb = parseTsMicros(b.lastSeen) ?? 0;
  if (ta !== tb) return tb - ta;
  return a.sub > b.sub ? -1 : a.sub < b.sub ? 1 : 0;
}

function withoutFalseLegalHold(summary: SessionSummary | null): SessionSummary | null {
  if (!summary || summary.legalHold) return summary;
  const { legalHold: _legalHold, ...rest } = summary;
  return rest;
}
