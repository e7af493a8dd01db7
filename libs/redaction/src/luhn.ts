/** Luhn mod-10 over the first `n` digit values of `digits`. */
export function luhnDigits(digits: Uint8Array, n: number): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = n - 1; i >= 0; i--) {
    let d = digits[i];
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}
