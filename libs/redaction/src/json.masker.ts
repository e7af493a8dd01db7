import type { InfoType } from './info-types';
import type { MaskSession } from './mask-session';
import { sensitiveKeyType } from './sensitive-keys';
import type { Span } from './span';

class NotJson extends Error {}

interface Edit {
  start: number;
  end: number;
  text: string;
}

const PLAIN_KEY = /^[A-Za-z_$][\w$-]{0,63}$/;
const MAX_DEPTH = 512;
const NO_SPANS: readonly Span[] = [];

interface KeyInfo {
  /** `.name`, or `.*` for odd names */
  segment: string;
  /** the info type values under this key are masked as, or null */
  sensitive: InfoType | null;
}

/** What is derived from a key, per key: the same keys repeat in every object, and one lookup beats two */
const keys = new Map<string, KeyInfo>();

/**
 * The keys met before with what is derived from them, by a cheap hash of
 * their text: a key found here needs no slice and no lookup in `keys`.
 */
interface SeenKey {
  key: string;
  info: KeyInfo;
}

const seenKeys: Array<SeenKey | undefined> = new Array<SeenKey | undefined>(1024).fill(undefined);

/** t.startsWith(key, a) for a key known to fit, in a loop: keys are short, and the builtin call costs more. */
function sameText(t: string, a: number, key: string): boolean {
  for (let i = 0; i < key.length; i++) if (t.charCodeAt(a + i) !== key.charCodeAt(i)) return false;
  return true;
}

function seenKey(t: string, a: number, b: number): SeenKey {
  const len = b - a;
  const slot =
    len === 0 ? 0 : (len * 31 + t.charCodeAt(a) * 7 + t.charCodeAt(b - 1) * 3 + t.charCodeAt(a + (len >> 1))) & 1023;
  const seen = seenKeys[slot];
  if (seen !== undefined && seen.key.length === len && sameText(t, a, seen.key)) return seen;
  const key = t.slice(a, b);
  const entry = { key, info: keyInfo(key) };
  if (len <= 64) seenKeys[slot] = entry;
  return entry;
}

/**
 * A field path as a node of a tree of the paths met before: the walker moves
 * through it instead of joining segments, so each path string is built once
 * and, being the same string each time, counts findings without rehashing.
 */
class PathNode {
  private children: Map<string, PathNode> | null = null;

  constructor(readonly path: string) {}

  child(segment: string): PathNode {
    let node = this.children?.get(segment);
    if (node === undefined) {
      node = new PathNode(this.path + segment);
      // bounded: past the limit a path is built but not kept
      if (pathNodes < 50_000) {
        (this.children ??= new Map()).set(segment, node);
        pathNodes++;
      }
    }
    return node;
  }
}

let pathNodes = 0;
const pathRoots = new Map<string, PathNode>();

function pathRoot(basePath: string): PathNode {
  let root = pathRoots.get(basePath);
  if (root === undefined) {
    root = new PathNode(basePath);
    if (pathRoots.size < 1000) pathRoots.set(basePath, root);
  }
  return root;
}

function keyInfo(key: string): KeyInfo {
  let info = keys.get(key);
  if (info === undefined) {
    info = { segment: PLAIN_KEY.test(key) ? `.${key}` : '.*', sensitive: sensitiveKeyType(key) };
    // bounded, and long keys (never plain) are not kept
    if (key.length <= 64 && keys.size < 10_000) keys.set(key, info);
  }
  return info;
}

function digitsEnd(t: string, p: number): number {
  while (p < t.length) {
    const c = t.charCodeAt(p);
    if (c < 48 || c > 57) break;
    p++;
  }
  return p;
}

/**
 * End of the JSON number `-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?` at `p`,
 * or -1: a hand-written scan, as a sticky regex per number costs more.
 */
function numberEnd(t: string, p: number): number {
  if (t.charCodeAt(p) === 45) p++;
  const c = t.charCodeAt(p);
  if (c === 48) p++;
  else if (c >= 49 && c <= 57) p = digitsEnd(t, p + 1);
  else return -1;
  if (t.charCodeAt(p) === 46) {
    const e = digitsEnd(t, p + 1);
    if (e > p + 1) p = e;
  }
  const x = t.charCodeAt(p);
  if (x === 101 || x === 69) {
    let q = p + 1;
    const sign = t.charCodeAt(q);
    if (sign === 43 || sign === 45) q++;
    const e = digitsEnd(t, q);
    if (e > q) p = e;
  }
  return p;
}

/** Whether JSON.stringify would escape anything in `s`: quote, backslash, control characters, surrogates. */
function needsEscape(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c === 34 || c === 92 || (c >= 0xd800 && c <= 0xdfff)) return true;
  }
  return false;
}

/** JSON string escaping for a replacement put back between quotes. */
export function jsonEscape(s: string): string {
  // replacements are mostly tokens such as [EMAIL_ADDRESS]: nothing to escape
  if (!needsEscape(s)) return s;
  return JSON.stringify(s).slice(1, -1);
}

/**
 * Masks a JSON (or NDJSON) text in place: the detectors run once over the raw
 * text, a single-pass tokenizer then keeps the spans that fall inside string
 * (or number) tokens, masks whole values under sensitive keys, and rescans
 * decoded strings that hold escapes. Everything else is copied byte for byte,
 * so formatting and big numbers survive and the result is valid JSON.
 * Returns null when the text is not JSON.
 */
export function maskJson(session: MaskSession, text: string, basePath: string): string | null {
  const walker = new JsonWalker(session, text, basePath);
  try {
    walker.walk();
  } catch (err) {
    if (err instanceof NotJson || err instanceof RangeError) return null;
    throw err;
  }
  return walker.result();
}

class JsonWalker {
  private pos = 0;
  private spanIdx = 0;
  private readonly spans: Span[];
  private readonly edits: Edit[] = [];
  /** the path as segments; resolved into the tree only when a value is masked (most are not) */
  private readonly segments: string[] = [];
  private depth = 0;
  /** nodes[d] is the node of segments[0..d), valid up to `resolved` */
  private readonly nodes: PathNode[];
  private resolved = 0;
  private nextBackslash = -1;
  /** what the plain key just read stands for, when string() found it among the keys seen */
  private keyHit: KeyInfo | null = null;

  constructor(
    private readonly session: MaskSession,
    private readonly text: string,
    basePath: string,
  ) {
    this.nodes = [pathRoot(basePath)];
    this.spans = session.scan(text);
  }

  walk(): void {
    const t = this.text;
    this.skipWs();
    if (this.pos >= t.length) throw new NotJson();
    while (this.pos < t.length) {
      this.value(null, 0);
      this.skipWs();
    }
  }

  result(): string {
    if (this.edits.length === 0) return this.text;
    let out = '';
    let pos = 0;
    for (const e of this.edits) {
      out += this.text.slice(pos, e.start) + e.text;
      pos = e.end;
    }
    return out + this.text.slice(pos);
  }

  private currentPath(): string {
    const nodes = this.nodes;
    for (let d = this.resolved; d < this.depth; d++) nodes[d + 1] = nodes[d].child(this.segments[d]);
    this.resolved = this.depth;
    return nodes[this.depth].path;
  }

  private enter(segment: string): void {
    this.segments[this.depth++] = segment;
  }

  private leave(): void {
    this.depth--;
    if (this.resolved > this.depth) this.resolved = this.depth;
  }

  private skipWs(): void {
    const t = this.text;
    let p = this.pos;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 32 || c === 10 || c === 13 || c === 9) p++;
      else break;
    }
    this.pos = p;
  }

  private value(sensitive: InfoType | null, depth: number): void {
    if (depth > MAX_DEPTH) throw new NotJson();
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    if (c === 34) {
      this.string(false, sensitive);
    } else if (c === 123) {
      this.object(sensitive, depth);
    } else if (c === 91) {
      this.array(sensitive, depth);
    } else if (c === 116 || c === 102 || c === 110) {
      const word = c === 116 ? 'true' : c === 102 ? 'false' : 'null';
      if (!t.startsWith(word, this.pos)) throw new NotJson();
      this.pos += word.length;
    } else {
      const e = numberEnd(t, this.pos);
      if (e === -1) throw new NotJson();
      this.number(this.pos, e, sensitive);
      this.pos = e;
    }
  }

  private object(sensitive: InfoType | null, depth: number): void {
    const t = this.text;
    this.pos++;
    this.skipWs();
    if (t.charCodeAt(this.pos) === 125) {
      this.pos++;
      return;
    }
    for (;;) {
      if (t.charCodeAt(this.pos) !== 34) throw new NotJson();
      const key = this.string(true, null);
      this.skipWs();
      if (t.charCodeAt(this.pos) !== 58) throw new NotJson();
      this.pos++;
      this.skipWs();
      const info = this.keyHit ?? keyInfo(key);
      this.keyHit = null;
      this.enter(info.segment);
      this.value(sensitive ?? info.sensitive, depth + 1);
      this.leave();
      this.skipWs();
      const c = t.charCodeAt(this.pos++);
      if (c === 125) return;
      if (c !== 44) throw new NotJson();
      this.skipWs();
    }
  }

  private array(sensitive: InfoType | null, depth: number): void {
    const t = this.text;
    this.pos++;
    this.skipWs();
    if (t.charCodeAt(this.pos) === 93) {
      this.pos++;
      return;
    }
    this.enter('[]');
    for (;;) {
      this.value(sensitive, depth + 1);
      this.skipWs();
      const c = t.charCodeAt(this.pos++);
      if (c === 93) break;
      if (c !== 44) throw new NotJson();
      this.skipWs();
    }
    this.leave();
  }

  /** Spans lying entirely within [start, end); spans that straddle a token boundary are dropped. */
  private takeSpans(start: number, end: number): readonly Span[] {
    const spans = this.spans;
    while (this.spanIdx < spans.length && spans[this.spanIdx].start < start) this.spanIdx++;
    let out: Span[] | null = null;
    while (this.spanIdx < spans.length && spans[this.spanIdx].start < end) {
      const s = spans[this.spanIdx];
      if (s.end <= end) (out ??= []).push(s);
      this.spanIdx++;
    }
    return out ?? NO_SPANS;
  }

  /** Reads a string token at pos; masks it; returns the decoded value for keys. */
  private string(isKey: boolean, sensitive: InfoType | null): string {
    const t = this.text;
    const s = this.pos;
    let q = s + 1;
    if (this.nextBackslash !== -2 && this.nextBackslash < q) {
      this.nextBackslash = t.indexOf('\\', q);
      if (this.nextBackslash === -1) this.nextBackslash = -2;
    }
    let escaped = false;
    for (;;) {
      q = t.indexOf('"', q);
      if (q === -1) throw new NotJson();
      if (this.nextBackslash < 0 || this.nextBackslash > q) break;
      escaped = true;
      // count the backslashes just before this quote
      let b = q - 1;
      while (t.charCodeAt(b) === 92) b--;
      if ((q - 1 - b) % 2 === 0) break;
      q++;
    }
    const e = q + 1;
    this.pos = e;
    if (escaped) {
      this.nextBackslash = t.indexOf('\\', e);
      if (this.nextBackslash === -1) this.nextBackslash = -2;
    }
    const spans = this.takeSpans(s + 1, e - 1);
    let value: string;
    if (escaped) {
      try {
        value = JSON.parse(t.slice(s, e)) as string;
      } catch {
        throw new NotJson();
      }
    } else {
      // the value of a plain string is only needed for keys and sensitive values
      if (isKey) {
        const seen = seenKey(t, s + 1, e - 1);
        value = seen.key;
        // a key masked for what it holds is '*', whose info object() looks up itself
        if (spans.length === 0) this.keyHit = seen.info;
      } else value = sensitive ? t.slice(s + 1, e - 1) : '';
    }
    if (sensitive && !isKey) {
      if (value.length > 0) {
        const type =
          spans.length === 1 && spans[0].start === s + 1 && spans[0].end === e - 1 ? spans[0].infoType : sensitive;
        const r = this.session.replace(type, value, this.currentPath());
        this.edits.push({ start: s + 1, end: e - 1, text: jsonEscape(r) });
      }
      return value;
    }
    if (escaped) {
      // the raw spans were found on escaped text; rescan the decoded value
      const masked = this.session.maskText(value, this.currentPath());
      if (masked !== value) this.edits.push({ start: s, end: e, text: JSON.stringify(masked) });
      return isKey && masked !== value ? '*' : value;
    }
    if (spans.length > 0) {
      const path = this.currentPath();
      for (const span of spans) {
        const r = this.session.replaceIn(span.infoType, t, span.start, span.end, path);
        this.edits.push({ start: span.start, end: span.end, text: jsonEscape(r) });
      }
      if (isKey) return '*';
    }
    return value;
  }

  private number(s: number, e: number, sensitive: InfoType | null): void {
    const spans = this.spans;
    while (this.spanIdx < spans.length && spans[this.spanIdx].end <= s) this.spanIdx++;
    let type: InfoType | null = sensitive;
    while (this.spanIdx < spans.length && spans[this.spanIdx].start < e) {
      type = type ?? spans[this.spanIdx].infoType;
      this.spanIdx++;
    }
    if (!type) return;
    const r = this.session.replaceIn(type, this.text, s, e, this.currentPath());
    this.edits.push({ start: s, end: e, text: JSON.stringify(r) });
  }
}
