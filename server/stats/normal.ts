/**
 * The standard normal distribution, to double precision: what R's pnorm/qnorm give for
 * the few values Waymark needs. Pure.
 */

/** qnorm(0.975): the 95% two-sided critical value R uses in prop.test. */
export const Z95 = 1.959963984540054;

/**
 * Lower-tail probability Φ(x), by Hart's (1968) double-precision algorithm as set out in
 * West (2005), "Better approximations to cumulative normal functions". Relative error
 * about 1e-14, including far into the tails (a p-value of 1e-20 is still right).
 */
export function pnorm(x: number): number {
  const ax = Math.abs(x);
  let tail: number;
  if (ax > 37) {
    tail = 0;
  } else {
    const e = Math.exp((-ax * ax) / 2);
    if (ax < 7.07106781186547) {
      let num = 3.52624965998911e-2 * ax + 0.700383064443688;
      num = num * ax + 6.37396220353165;
      num = num * ax + 33.912866078383;
      num = num * ax + 112.079291497871;
      num = num * ax + 221.213596169931;
      num = num * ax + 220.206867912376;
      let den = 8.83883476483184e-2 * ax + 1.75566716318264;
      den = den * ax + 16.064177579207;
      den = den * ax + 86.7807322029461;
      den = den * ax + 296.564248779674;
      den = den * ax + 637.333633378831;
      den = den * ax + 793.826512519948;
      den = den * ax + 440.413735824752;
      tail = (e * num) / den;
    } else {
      let b = ax + 0.65;
      b = ax + 4 / b;
      b = ax + 3 / b;
      b = ax + 2 / b;
      b = ax + 1 / b;
      tail = e / b / 2.506628274631;
    }
  }
  return x > 0 ? 1 - tail : tail;
}

/** Upper-tail probability of a chi-square with 1 degree of freedom: P(X² ≥ q) = 2 Φ(−√q). */
export function pchisq1Upper(q: number): number {
  if (!(q >= 0)) return NaN;
  return 2 * pnorm(-Math.sqrt(q));
}
