// Axis scales for the server-rendered charts: a "nice" upper bound (1, 2, 2.5 or 5 × 10^k) and
// evenly spaced ticks; counts get whole-number ticks only.

/** The smallest 1, 2, 2.5 or 5 × 10^k at or above `max` (at least 1); whole numbers for counts. */
export function niceMax(max: number, integer = false): number {
  if (!(max > 0)) return integer ? 4 : 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) {
    const top = step * power;
    if (top >= max && (!integer || Number.isInteger(top))) return integer ? Math.max(top, 4) : top;
  }
  return 10 * power;
}

/** Evenly spaced ticks from 0 to `top`: four intervals, or fewer so that counts stay whole. */
export function ticks(top: number, integer = false): number[] {
  const count = integer ? ([4, 5, 2, 1].find((c) => Number.isInteger(top / c)) ?? 1) : 4;
  return Array.from({ length: count + 1 }, (_, i) => (top * i) / count);
}
