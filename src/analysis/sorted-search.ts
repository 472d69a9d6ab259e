// Binary search over an ascending list of numbers.

/** The first position in ascending `xs` holding a value of at least `x` (so: how many values are less than `x`). */
export function firstAtLeast(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
