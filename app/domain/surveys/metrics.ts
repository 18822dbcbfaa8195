// The satisfaction figures, from counts that SQL computes (see results.server.ts). Pure and
// table-tested. Rules (DESIGN §2): 1–7 scale; positive at 6–7, negative at 1–4;
// ISU = positive ÷ n × 100; satisfacción neta = % positive − % negative; 95 % Wilson interval
// beside every proportion; no responses means "no data" (null), never 0 % or NaN.

/** Groups smaller than this are flagged as a small sample. */
export const SMALL_SAMPLE = 30;
export const POSITIVE_MIN = 6;
export const NEGATIVE_MAX = 4;
const Z_95 = 1.959963984540054;

/** What SQL hands over for one group: counts and the sum of main scores. */
export type ScoreCounts = { n: number; positive: number; negative: number; sum: number };

export type Satisfaction = {
  n: number;
  positive: number;
  negative: number;
  /** Percent 0–100, one decimal; null without responses. */
  isu: number | null;
  net: number | null;
  mean: number | null;
  /** Wilson 95 % interval of the ISU, percentages with one decimal. */
  isuInterval: [number, number] | null;
  smallSample: boolean;
};

export function round(value: number, decimals = 1): number {
  const f = 10 ** decimals;
  return Math.round((value + Number.EPSILON) * f) / f;
}

/** Wilson score interval for `successes` out of `n`, as fractions 0–1; null when n = 0. */
export function wilsonInterval(successes: number, n: number, z = Z_95): [number, number] | null {
  if (!(n > 0)) return null;
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** A percentage with one decimal, or null when there is no denominator. */
export function percent(numerator: number, denominator: number): number | null {
  return denominator > 0 ? round((numerator / denominator) * 100) : null;
}

export function satisfaction(counts: ScoreCounts): Satisfaction {
  const n = Number(counts.n) || 0;
  const positive = Number(counts.positive) || 0;
  const negative = Number(counts.negative) || 0;
  const interval = wilsonInterval(positive, n);
  return {
    n,
    positive,
    negative,
    isu: percent(positive, n),
    net: n > 0 ? round(((positive - negative) / n) * 100) : null,
    mean: n > 0 ? round(Number(counts.sum) / n, 2) : null,
    isuInterval: interval ? [round(interval[0] * 100), round(interval[1] * 100)] : null,
    smallSample: n < SMALL_SAMPLE,
  };
}

/** Responses ÷ invitations sent, percent; null when nothing was sent. */
export function responseRate(responses: number, invitations: number): number | null {
  return percent(responses, invitations);
}
