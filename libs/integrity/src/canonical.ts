import type { Frame } from '@auditorium/frames';

/**
 * Canonical JSON in the style of RFC 8785 (JCS): object members sorted by the
 * UTF-16 code units of their names, no whitespace, strings and numbers
 * serialized exactly as ECMAScript's JSON.stringify does (which is what JCS
 * prescribes: shortest round-trip numbers, `1e+21`, `-0` → `0`, minimal
 * string escapes with lowercase `\u00xx`).
 *
 * Two deliberate choices where JCS says "reject":
 * - `undefined` members are omitted and `undefined` array items become `null`,
 *   like JSON.stringify, so a frame object built in code hashes the same as
 *   the same frame after a JSON round trip (what storage gives back).
 * - a lone surrogate in a string is written as a `\udxxx` escape (well-formed
 *   JSON.stringify) instead of failing, so no frame is ever unhashable.
 * Non-finite numbers, bigints, functions and symbols throw: they have no JSON
 * form and must never silently change what is hashed.
 */
export function canonicalJson(value: unknown): string {
  try {
    return encode(value);
  } catch (err) {
    if (!(err instanceof NotJson)) throw err;
    // Slow path, only to name where the offending value is.
    const out: string[] = [];
    write(value, out, '$');
    throw err;
  }
}

class NotJson extends Error {}

/** The fast path (runs for every stored frame): plain string building, no path bookkeeping. */
function encode(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new NotJson();
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let s = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) s += ',';
          const item: unknown = value[i];
          s += item === undefined ? 'null' : encode(item);
        }
        return s + ']';
      }
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj).sort();
      let s = '{';
      let first = true;
      for (const key of keys) {
        const v = obj[key];
        if (v === undefined) continue;
        s += (first ? '' : ',') + JSON.stringify(key) + ':' + encode(v);
        first = false;
      }
      return s + '}';
    }
    default:
      throw new NotJson();
  }
}

/** The bytes a frame is hashed over. */
export function canonicalFrame(frame: Frame): Buffer {
  return Buffer.from(canonicalJson(frame), 'utf8');
}

export class CanonicalizationError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(`${message} at ${path}`);
    this.name = 'CanonicalizationError';
  }
}

function write(value: unknown, out: string[], path: string): void {
  switch (typeof value) {
    case 'string':
      out.push(JSON.stringify(value));
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalizationError(`non-finite number ${String(value)}`, path);
      // ES Number::toString is the JCS number serialization; JSON.stringify(-0) is "0".
      out.push(JSON.stringify(value));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'object':
      if (value === null) {
        out.push('null');
      } else if (Array.isArray(value)) {
        writeArray(value, out, path);
      } else {
        writeObject(value as Record<string, unknown>, out, path);
      }
      return;
    default:
      throw new CanonicalizationError(`cannot canonicalize a ${typeof value}`, path);
  }
}

function writeArray(items: unknown[], out: string[], path: string): void {
  out.push('[');
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out.push(',');
    const item = items[i];
    if (item === undefined) out.push('null');
    else write(item, out, `${path}[${i}]`);
  }
  out.push(']');
}

function writeObject(obj: Record<string, unknown>, out: string[], path: string): void {
  // Default sort compares UTF-16 code units, which is what JCS requires.
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  out.push('{');
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (i > 0) out.push(',');
    out.push(JSON.stringify(key), ':');
    write(obj[key], out, `${path}.${key}`);
  }
  out.push('}');
}
