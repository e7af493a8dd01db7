import { createHash } from 'node:crypto';

import type { SessionDoc } from './session-document';

/**
 * One document per identity (sub) in the identities index: the keys listIdentities
 * sorts and pages by (last seen, sub), which an aggregation over sessions cannot
 * page by. Every field merges idempotently (min, max, set union, last name wins),
 * so writing it again from the same sessions changes nothing and a write lost in a
 * crash is redone by the next delivery. Counts (sessions, findings) are not kept
 * here: they are summed from the sessions index when a page is read, so they are
 * exact however often frames are re-delivered.
 */
export interface IdentityDoc {
  sub: string;
  name?: string;
  type?: string;
  firstTs: string;
  firstMicros: number;
  lastTs: string;
  lastMicros: number;
  resources: string[];
}

/** Folds the sessions of one identity (those with a stored session.start) into its document. */
export function identityFromSessions(sessions: readonly SessionDoc[]): IdentityDoc | undefined {
  let doc: IdentityDoc | undefined;
  for (const s of sessions) {
    if (s.identitySub === undefined) continue;
    const next: IdentityDoc = {
      sub: s.identitySub,
      firstTs: s.firstTs,
      firstMicros: s.firstMicros,
      lastTs: s.lastTs,
      lastMicros: s.lastMicros,
      resources: s.resourceName !== undefined ? [s.resourceName] : [],
    };
    if (s.identity?.name !== undefined) next.name = s.identity.name;
    if (s.identity?.type !== undefined) next.type = s.identity.type;
    doc = doc ? mergeIdentity(doc, next) : next;
  }
  return doc;
}

/** `update` merged into `base`: min first seen, max last seen, union of resources, the update's name/type. */
export function mergeIdentity(base: IdentityDoc, update: IdentityDoc): IdentityDoc {
  const first = update.firstMicros < base.firstMicros ? update : base;
  const last = update.lastMicros > base.lastMicros ? update : base;
  const merged: IdentityDoc = {
    sub: base.sub,
    firstTs: first.firstTs,
    firstMicros: first.firstMicros,
    lastTs: last.lastTs,
    lastMicros: last.lastMicros,
    resources: [...new Set([...base.resources, ...update.resources])].sort(),
  };
  const name = update.name ?? base.name;
  const type = update.type ?? base.type;
  if (name !== undefined) merged.name = name;
  if (type !== undefined) merged.type = type;
  return merged;
}

export function sameIdentity(a: IdentityDoc, b: IdentityDoc): boolean {
  return (
    a.sub === b.sub &&
    a.name === b.name &&
    a.type === b.type &&
    a.firstMicros === b.firstMicros &&
    a.firstTs === b.firstTs &&
    a.lastMicros === b.lastMicros &&
    a.lastTs === b.lastTs &&
    a.resources.length === b.resources.length &&
    a.resources.every((r, i) => r === b.resources[i])
  );
}

/** Document ids are at most 512 bytes; a longer sub is keyed by its hash (the sub stays in the document). */
export function identityDocId(sub: string): string {
  return Buffer.byteLength(sub) <= 500 ? sub : `sha256:${createHash('sha256').update(sub).digest('hex')}`;
}
