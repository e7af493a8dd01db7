import { calculateJwkThumbprint } from 'jose';
import type { JSONWebKeySet } from 'jose';

import type { Frame } from '@auditorium/frames';
import { chainHash, verifyFrames } from '@auditorium/integrity';
import type { VerifiableFrame, VerifyResult, VerifyStatus } from '@auditorium/integrity';
import type { SessionSeal, SessionSummary } from '@auditorium/store';

import { SESSION_BUNDLE_FORMAT, SESSION_BUNDLE_VERSION } from './session-bundle';

/**
 * `malformed`: not a bundle we can read (bad header, unknown version).
 * `untrusted_key`: everything checks out, but with a key the caller did not
 * pin (a kid pin was given and the seal's key does not match it).
 */
export type BundleVerifyStatus = VerifyStatus | 'malformed' | 'untrusted_key';

export interface VerifyBundleOptions {
  /**
   * Keys you trust (e.g. the JWKS your Auditorium serves, fetched beforehand).
   * When given, the seal is checked with these only — the bundle's own JWKS is ignored.
   */
  trustedJwks?: JSONWebKeySet;
  /**
   * Key ids (RFC 7638 thumbprints) you trust. The seal must be signed by the
   * embedded key with one of these kids, and that key's thumbprint must equal
   * its kid — so a swapped key cannot borrow a trusted kid.
   */
  pinnedKids?: string[];
  /** see verifyFrames; default 1024 */
  window?: number;
}

export interface BundleKeyCheck {
  /** kid the seal was signed with */
  kid?: string;
  /** where the verifying key came from */
  source: 'trusted-jwks' | 'embedded';
  /** the seal key is one the caller trusts (trusted JWKS, or a pinned kid matching the key's thumbprint) */
  pinned: boolean;
  /** the embedded key's RFC 7638 thumbprint equals its kid (undefined: no embedded key for the kid) */
  thumbprintMatches?: boolean;
  warning?: string;
}

export interface BundleVerifyResult extends Omit<VerifyResult, 'status'> {
  status: BundleVerifyStatus;
  /** status is `ok`: chain, gaps and seal all check out */
  ok: boolean;
  /** ok, and the seal key is pinned — the only result that proves origin */
  trusted: boolean;
  key: BundleKeyCheck;
  bundle?: { version: number; createdAt: string; frameLines: number };
  /** bundle-level findings that are not a chain result (missing end line, summary mismatch, …) */
  notes: string[];
}

interface ParsedHeader {
  version: number;
  createdAt: string;
  session: SessionSummary;
  seal: SessionSeal | null;
  jwks: JSONWebKeySet;
}

const HEX64 = /^[0-9a-f]{64}$/;
const FRAME_LINE_KEYS = new Set(['seq', 'id', 'type', 'ts', 'hash', 'frame']);

/** Verifies a bundle given as text (see sessionBundleLines for the format), offline. */
export function verifyBundle(text: string, options: VerifyBundleOptions = {}): Promise<BundleVerifyResult> {
  return verifyBundleLines(splitLines(text), options);
}

/**
 * Verifies a bundle line by line in bounded memory (e.g. from readline over a
 * file): recomputes the hash chain over the frame lines, checks gaps and the
 * seal's signature, and cross-checks the unsigned parts of the bundle.
 */
export async function verifyBundleLines(
  lines: AsyncIterable<string> | Iterable<string>,
  options: VerifyBundleOptions = {},
): Promise<BundleVerifyResult> {
  const iterator = toAsyncIterator(lines);
  const notes: string[] = [];

  let lineNo = 0;
  let first: string | undefined;
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    lineNo++;
    if (next.value.trim() !== '') {
      first = next.value;
      break;
    }
  }
  const header = first === undefined ? 'empty input' : parseHeader(first);
  if (typeof header === 'string') return malformed(`not an Auditorium session bundle: ${header}`);

  const sid = header.session.sid;
  const key = await chooseKeys(header, options);
  if (typeof key === 'string') return malformed(key);

  // Frame lines are parsed lazily as verifyFrames pulls them; a broken line ends the stream.
  let broken: { seq: number; reason: string } | undefined;
  let end: { frames: number; head?: string } | undefined;
  let frameLines = 0;
  let prevSeq = -1;
  let lastHash: string | undefined;
  let startFrame: Frame | undefined;
  async function* frames(): AsyncGenerator<VerifiableFrame> {
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      lineNo++;
      const raw = next.value;
      if (raw.trim() === '') continue;
      if (end) {
        broken = { seq: prevSeq + 1, reason: `line ${lineNo}: content after the end line` };
        return;
      }
      const parsed = parseFrameLine(raw);
      if (parsed.kind === 'end') {
        end = parsed.end;
        continue;
      }
      if (parsed.kind === 'bad') {
        broken = { seq: parsed.seq ?? prevSeq + 1, reason: `line ${lineNo}: ${parsed.reason}` };
        return;
      }
      const item = parsed.frame;
      if (item.seq !== item.frame.seq) {
        // name the seq the edit hit: if the frame still hashes into the chain, the line's seq was edited
        const intact = safeChainHash(lastHash, item.frame) === item.hash;
        const seq = intact ? item.frame.seq : item.seq;
        broken = { seq, reason: `line ${lineNo}: line seq ${item.seq} differs from its frame's seq ${item.frame.seq}` };
        return;
      }
      frameLines++;
      prevSeq = Math.max(prevSeq, parsed.frame.seq);
      lastHash = parsed.frame.hash;
      if (parsed.frame.frame.type === 'session.start') startFrame ??= parsed.frame.frame;
      yield parsed.frame;
    }
  }

  const result = await verifyFrames(frames(), {
    sid,
    seal: header.seal,
    keys: key.keys,
    ...(options.window !== undefined ? { window: options.window } : {}),
  });
  const bundle = { version: header.version, createdAt: header.createdAt, frameLines };
  const keyCheck: BundleKeyCheck = { ...key.check, kid: result.seal?.kid ?? key.check.kid };

  if (broken) {
    return finish({
      ...result,
      status: 'tampered',
      firstBadSeq: broken.seq,
      message: `tampered at seq ${broken.seq}: ${broken.reason}`,
    });
  }
  if (!end) notes.push('the bundle has no end line: it may be truncated');
  else {
    if (end.frames !== frameLines)
      notes.push(`the end line counts ${end.frames} frames, the bundle holds ${frameLines}`);
    if (end.head !== undefined && end.head !== lastHash) notes.push('the end line names another head hash');
  }
  const summaryProblem = checkSummary(header.session, startFrame);
  if (summaryProblem && result.status !== 'tampered') {
    return finish({ ...result, status: 'tampered', message: `tampered: ${summaryProblem}` });
  }
  if (result.status === 'ok' && key.pinRequired && !keyCheck.pinned) {
    return finish({
      ...result,
      status: 'untrusted_key',
      message: `untrusted_key: the seal verifies, but with key ${keyCheck.kid ?? '(none)'} which is not pinned`,
    });
  }
  return finish(result);

  function finish(r: Omit<BundleVerifyResult, 'ok' | 'trusted' | 'key' | 'notes' | 'bundle'>): BundleVerifyResult {
    const ok = r.status === 'ok';
    const sealValid = r.seal?.valid === true;
    const check: BundleKeyCheck = { ...keyCheck, pinned: keyCheck.pinned && sealValid };
    if (!check.pinned && check.source === 'embedded' && !check.warning) {
      check.warning =
        'the seal was checked with the key shipped inside the bundle; anyone who edits the bundle can replace it — pass trusted keys or pin the kid';
    }
    return { ...r, ok, trusted: ok && check.pinned, key: check, bundle, notes };
  }

  function malformed(message: string): BundleVerifyResult {
    return {
      sid: '',
      status: 'malformed',
      gaps: [],
      frames: 0,
      late: [],
      message: `malformed: ${message}`,
      ok: false,
      trusted: false,
      key: { source: options.trustedJwks ? 'trusted-jwks' : 'embedded', pinned: false },
      notes,
    };
  }
}

interface ChosenKeys {
  keys: JSONWebKeySet;
  check: BundleKeyCheck;
  /** a pin was asked for: an unpinned key is a failure, not a warning */
  pinRequired: boolean;
}

async function chooseKeys(header: ParsedHeader, options: VerifyBundleOptions): Promise<ChosenKeys | string> {
  const kid = header.seal?.kid;
  if (options.trustedJwks) {
    // the bundle's keys play no part: a swapped key simply does not verify
    return { keys: options.trustedJwks, check: { kid, source: 'trusted-jwks', pinned: true }, pinRequired: true };
  }
  const embedded = kid === undefined ? undefined : header.jwks.keys.find((k) => k.kid === kid);
  let thumbprintMatches: boolean | undefined;
  if (embedded) {
    try {
      const { kty, crv, x } = embedded as { kty?: string; crv?: string; x?: string };
      thumbprintMatches = kty === 'OKP' && (await calculateJwkThumbprint({ kty, crv, x }, 'sha256')) === embedded.kid;
    } catch {
      thumbprintMatches = false;
    }
  }
  const pins = options.pinnedKids ?? [];
  const pinned = kid !== undefined && pins.includes(kid) && thumbprintMatches === true;
  const check: BundleKeyCheck = {
    kid,
    source: 'embedded',
    pinned,
    ...(thumbprintMatches !== undefined ? { thumbprintMatches } : {}),
  };
  if (pins.length && !pinned) {
    check.warning =
      kid === undefined
        ? 'the bundle has no seal to pin'
        : !pins.includes(kid)
          ? `the seal's kid ${kid} is not one of the pinned kids`
          : `the embedded key does not hash to its kid ${kid}: it was replaced`;
  }
  return { keys: header.jwks, check, pinRequired: pins.length > 0 };
}

function parseHeader(line: string): ParsedHeader | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'the first line is not JSON';
  }
  if (!isRecord(value)) return 'the first line is not a JSON object';
  if (value.format !== SESSION_BUNDLE_FORMAT) return `format is ${JSON.stringify(value.format ?? null)}`;
  if (value.version !== SESSION_BUNDLE_VERSION) {
    return `bundle version ${JSON.stringify(value.version ?? null)} is not supported (expected ${SESSION_BUNDLE_VERSION})`;
  }
  const session = value.session;
  if (!isRecord(session) || typeof session.sid !== 'string' || session.sid === '') return 'the header has no session';
  const seal = value.seal ?? null;
  if (seal !== null && !isSeal(seal)) return 'the header seal is malformed';
  const jwks = value.jwks;
  if (!isRecord(jwks) || !Array.isArray(jwks.keys) || !jwks.keys.every(isRecord)) return 'the header has no jwks';
  return {
    version: SESSION_BUNDLE_VERSION,
    createdAt: typeof value.createdAt === 'string' ? value.createdAt : '',
    session: session as unknown as SessionSummary,
    seal,
    jwks: jwks as unknown as JSONWebKeySet,
  };
}

type ParsedLine =
  | { kind: 'frame'; frame: VerifiableFrame }
  | { kind: 'end'; end: { frames: number; head?: string } }
  | { kind: 'bad'; reason: string; seq?: number };

function parseFrameLine(line: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: 'bad', reason: 'frame line is not valid JSON', seq: seqHint(line) };
  }
  if (!isRecord(value)) return { kind: 'bad', reason: 'frame line is not a JSON object', seq: seqHint(line) };
  if (value.end === true) {
    const frames = value.frames;
    if (!Number.isSafeInteger(frames)) return { kind: 'bad', reason: 'end line is malformed' };
    return {
      kind: 'end',
      end: { frames: frames as number, ...(typeof value.head === 'string' ? { head: value.head } : {}) },
    };
  }
  const seq = value.seq;
  if (!Number.isSafeInteger(seq) || (seq as number) < 0) {
    return { kind: 'bad', reason: 'frame line has no valid seq', seq: seqHint(line) };
  }
  const at = seq as number;
  for (const key of Object.keys(value)) {
    if (!FRAME_LINE_KEYS.has(key)) return { kind: 'bad', reason: `frame line has an unknown field "${key}"`, seq: at };
  }
  if (typeof value.hash !== 'string' || !HEX64.test(value.hash)) {
    return { kind: 'bad', reason: 'frame line has no valid hash', seq: at };
  }
  const frame = value.frame;
  if (!isRecord(frame) || typeof frame.sid !== 'string' || typeof frame.type !== 'string') {
    return { kind: 'bad', reason: 'frame line has no frame', seq: at };
  }
  for (const key of ['id', 'type', 'ts'] as const) {
    if (value[key] === undefined || typeof value[key] !== 'string') {
      return { kind: 'bad', reason: `frame line has no valid ${key}`, seq: at };
    }
  }
  return {
    kind: 'frame',
    frame: {
      seq: at,
      hash: value.hash,
      frame: frame as unknown as Frame,
      id: value.id as string,
      type: value.type as string,
      ts: value.ts as string,
    },
  };
}

/** The summary is unsigned: it must agree with the (chain-covered) session.start frame. */
function checkSummary(session: SessionSummary, start: Frame | undefined): string | undefined {
  if (!start || start.type !== 'session.start') return undefined;
  if (session.identity && session.identity.sub !== start.identity.sub) {
    return `the session summary names identity ${session.identity.sub}, the signed frames ${start.identity.sub}`;
  }
  if (session.resource && session.resource.name !== start.resource.name) {
    return `the session summary names resource ${session.resource.name}, the signed frames ${start.resource.name}`;
  }
  return undefined;
}

function safeChainHash(prev: string | undefined, frame: Frame): string | undefined {
  try {
    return chainHash(prev ?? null, frame);
  } catch {
    return undefined;
  }
}

/** Best-effort seq of a line that does not parse, so the report can still name it. */
function seqHint(line: string): number | undefined {
  const m = /^\{"seq":(\d{1,15})[,}]/.exec(line);
  return m ? Number(m[1]) : undefined;
}

function isSeal(value: unknown): value is SessionSeal {
  if (!isRecord(value)) return false;
  return (
    typeof value.jws === 'string' &&
    typeof value.kid === 'string' &&
    typeof value.head === 'string' &&
    typeof value.sealedAt === 'string' &&
    Number.isSafeInteger(value.lastSeq)
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function* splitLines(text: string): Generator<string> {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    yield text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
    start = end + 1;
  }
}

function toAsyncIterator<T>(items: AsyncIterable<T> | Iterable<T>): AsyncIterator<T> {
  if (Symbol.asyncIterator in items) return (items as AsyncIterable<T>)[Symbol.asyncIterator]();
  const it = (items as Iterable<T>)[Symbol.iterator]();
  return { next: async () => it.next() };
}
