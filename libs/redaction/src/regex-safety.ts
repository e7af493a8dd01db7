/**
 * A static check that rejects the regex shapes known to backtrack
 * catastrophically: a quantified group that itself contains an unbounded
 * quantifier (star height > 1, as in `(a+)+`, `(\w+\s?)*`, `(a{1,}b?)+`), and
 * backreferences. It is deliberately incomplete — ambiguous alternations such
 * as `(a|aa)+` pass — which is why custom rules also run under a time budget
 * (see custom-rule.runner.ts).
 *
 * Returns a reason when the pattern is rejected, null when it passes.
 */
export function checkRegexSafety(source: string): string | null {
  interface Frame {
    unbounded: boolean;
  }
  const stack: Frame[] = [{ unbounded: false }];
  // what the last atom was, for the quantifier that may follow it
  let lastAtomHadUnbounded = false;
  let haveAtom = false;
  let i = 0;
  const n = source.length;

  const readQuantifier = (): 'unbounded' | 'bounded' | null => {
    const c = source[i];
    if (c === '*' || c === '+') {
      i++;
      if (source[i] === '?' || source[i] === '+') i++;
      return 'unbounded';
    }
    if (c === '?') {
      i++;
      if (source[i] === '?') i++;
      return 'bounded';
    }
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
      if (!m) return null;
      i += m[0].length;
      if (source[i] === '?') i++;
      if (m[2] === undefined) return Number(m[1]) > 1 ? 'bounded' : null;
      if (m[3] === '') return 'unbounded';
      // a wide bounded repeat behaves like an unbounded one for backtracking purposes
      return Number(m[3]) > 32 ? 'unbounded' : 'bounded';
    }
    return null;
  };

  while (i < n) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (/[1-9]/.test(next) || (next === 'k' && source[i + 2] === '<'))
        return 'backreferences are not allowed (they defeat linear-time matching)';
      i += 2;
      if (next === 'u' && source[i] === '{') i = source.indexOf('}', i) + 1 || n;
      haveAtom = true;
      lastAtomHadUnbounded = false;
    } else if (c === '[') {
      i++;
      if (source[i] === '^') i++;
      if (source[i] === ']') i++;
      while (i < n && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      i++;
      haveAtom = true;
      lastAtomHadUnbounded = false;
    } else if (c === '(') {
      i++;
      if (source[i] === '?') {
        const m = /^\?(?::|=|!|<=|<!|<[A-Za-z_$][\w$]*>)/.exec(source.slice(i));
        if (m) i += m[0].length;
      }
      stack.push({ unbounded: false });
      haveAtom = false;
    } else if (c === ')') {
      i++;
      const frame = stack.pop();
      if (!frame || stack.length === 0) return 'unbalanced parenthesis';
      haveAtom = true;
      lastAtomHadUnbounded = frame.unbounded;
    } else if (c === '|') {
      i++;
      haveAtom = false;
    } else if (c === '*' || c === '+' || c === '?' || c === '{') {
      const q = haveAtom ? readQuantifier() : null;
      if (q === null) {
        i++;
        continue;
      }
      if (lastAtomHadUnbounded && q === 'unbounded')
        return 'nested quantifiers (like (a+)+) can take exponential time; rewrite without repeating a repeated group';
      if (q === 'unbounded' || lastAtomHadUnbounded) stack[stack.length - 1].unbounded = true;
      haveAtom = false;
    } else {
      i++;
      haveAtom = true;
      lastAtomHadUnbounded = false;
    }
    // a group that contains an unbounded quantifier marks its parent too
    if (c === ')' && lastAtomHadUnbounded) stack[stack.length - 1].unbounded = true;
  }
  if (stack.length !== 1) return 'unbalanced parenthesis';
  return null;
}
