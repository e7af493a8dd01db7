import { Injectable } from '@nestjs/common';
import type { Principal } from '@auditorium/auth';
import { SID_PATTERN } from '@auditorium/frames';
import { AccessAction, Page, RecordingStore, SessionSummary, StoredFrame } from '@auditorium/store';
import { AccessRecorder } from './access-recorder.service';
import type { AuthedRequest } from './auth.guard';
import { BadRequestError, NotFoundError } from './http.errors';
import type { FrameRangeQueryDto, SessionSearchQuery } from './session-search.query';

/** Reads of recordings, honouring an auditor's optional scope. Out of scope looks exactly like absent. */
@Injectable()
export class SessionReadService {
  constructor(
    private readonly store: RecordingStore,
    private readonly access: AccessRecorder,
  ) {}

  async search(q: SessionSearchQuery, req: AuthedRequest): Promise<Page<SessionSummary>> {
    const page = await this.store.searchSessions({
      identity: q.identity,
      resource: q.resource,
      resourceType: q.resourceType,
      from: q.from,
      to: q.to,
      status: q.status,
      decision: q.decision,
      hasMasking: q.hasMasking,
      infoType: q.infoType,
      text: q.q,
      limit: q.limit,
      cursor: q.cursor,
    });
    if (q.q !== undefined) await this.access.record(req, 'session.search', describeSearch(q));
    const p = req.principal;
    return p?.scope ? { ...page, items: page.items.filter((s) => inScope(p, s)) } : page;
  }

  /**
   * The session if it exists and is in the caller's scope; records the read
   * (as `action`, default session.detail) unless told not to. A miss is recorded whatever `record` says, under the
   * caller's `action`: absent and out of scope alike (same 404 to the caller,
   * same entry in the log), so a scoped auditor probing other sessions shows.
   */
  async detail(
    sid: string,
    req: AuthedRequest,
    opts: { record?: boolean; action?: AccessAction } = {},
  ): Promise<SessionSummary> {
    if (!SID_PATTERN.test(sid)) throw new BadRequestError('sid must be 1–128 chars of [A-Za-z0-9._:-]');
    const s = await this.store.getSession(sid);
    if (!s || (req.principal && !inScope(req.principal, s))) {
      await this.access.record(req, opts.action ?? 'session.detail', sid, 404);
      throw new NotFoundError('session');
    }
    if (opts.record !== false) await this.access.record(req, opts.action ?? 'session.detail', sid);
    return s;
  }

  async frames(sid: string, q: FrameRangeQueryDto, req: AuthedRequest): Promise<{ items: StoredFrame[] }> {
    await this.detail(sid, req, { record: false, action: 'session.frames' });
    await this.access.record(req, 'session.frames', `${sid}[${q.from ?? 0}..${q.to ?? ''}]`);
    const items = await this.store.getFrames(sid, { fromSeq: q.from, toSeq: q.to, limit: q.limit ?? 1000 });
    return { items };
  }
}

/** The search as the caller asked it: the full text and the filters beside it (paging left out). */
function describeSearch(q: SessionSearchQuery): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q).sort(([a], [b]) => a.localeCompare(b))) {
    if (v === undefined || k === 'cursor' || k === 'limit') continue;
    params.set(k, String(v));
  }
  return `sessions?${params.toString()}`;
}

function inScope(p: Principal, s: SessionSummary): boolean {
  if (!p.scope || p.roles.has('admin')) return true;
  const { identities, resources } = p.scope;
  if (identities && !identities.includes(s.identity?.sub ?? '')) return false;
  if (resources && !resources.includes(s.resource?.name ?? '')) return false;
  return true;
}
