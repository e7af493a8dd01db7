/**
 * Values never masked (test card numbers, the public support address).
 * Compared case-insensitively, and digit-only for numbers written with
 * separators, so "4242 4242 4242 4242" allows "4242-4242-4242-4242" too.
 */
export class AllowList {
  private readonly values = new Set<string>();

  constructor(entries: readonly string[]) {
    for (const e of entries) {
      this.values.add(e.trim().toLowerCase());
      const digits = digitKey(e);
      if (digits) this.values.add(digits);
    }
  }

  get size(): number {
    return this.values.size;
  }

  has(value: string): boolean {
    if (this.values.size === 0) return false;
    if (this.values.has(value.trim().toLowerCase())) return true;
    const digits = digitKey(value);
    return digits !== null && this.values.has(digits);
  }
}

function digitKey(v: string): string | null {
  if (!/^[\d\s().+-]+$/.test(v)) return null;
  const d = v.replace(/\D/g, '');
  return d.length >= 6 ? `#${d}` : null;
}
