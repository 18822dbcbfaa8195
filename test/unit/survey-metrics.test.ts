// Every satisfaction figure, table-driven: no responses is "no data" (null, never 0 % or NaN), all
// 5s give ISU 0 and net 0, and the Wilson interval matches the published values (Newcombe 1998,
// "Two-sided confidence intervals for the single proportion", Statistics in Medicine 17:857–872,
// Table I, method 3 — the same examples as Wikipedia's "Binomial proportion confidence interval").
import { NEGATIVE_MAX, POSITIVE_MIN, SMALL_SAMPLE, percent, responseRate, round, satisfaction, wilsonInterval, type ScoreCounts } from "~/domain/surveys/metrics";

/** Counts for a list of 1–7 scores, as SQL would hand them over. */
function countsOf(scores: number[]): ScoreCounts {
  return {
    n: scores.length,
    positive: scores.filter((s) => s >= POSITIVE_MIN).length,
    negative: scores.filter((s) => s <= NEGATIVE_MAX).length,
    sum: scores.reduce((a, b) => a + b, 0),
  };
}

const repeat = (score: number, times: number) => Array.from({ length: times }, () => score);

describe("satisfaction", () => {
  const cases: Array<{
    name: string;
    scores: number[];
    isu: number | null;
    net: number | null;
    mean: number | null;
    interval: [number, number] | null;
    smallSample: boolean;
  }> = [
    { name: "no responses: no data", scores: [], isu: null, net: null, mean: null, interval: null, smallSample: true },
    { name: "all 5s: ISU 0, net 0", scores: repeat(5, 40), isu: 0, net: 0, mean: 5, interval: [0, 8.8], smallSample: false },
    { name: "all 7s: ISU 100, net 100", scores: repeat(7, 40), isu: 100, net: 100, mean: 7, interval: [91.2, 100], smallSample: false },
    { name: "all 1s: ISU 0, net −100", scores: repeat(1, 40), isu: 0, net: -100, mean: 1, interval: [0, 8.8], smallSample: false },
    { name: "all 6s count as positive", scores: repeat(6, 30), isu: 100, net: 100, mean: 6, interval: [88.6, 100], smallSample: false },
    { name: "all 4s count as negative", scores: repeat(4, 30), isu: 0, net: -100, mean: 4, interval: [0, 11.4], smallSample: false },
    { name: "one response", scores: [7], isu: 100, net: 100, mean: 7, interval: [20.7, 100], smallSample: true },
    {
      name: "one of each score: 2 positive, 4 negative, 1 neutral",
      scores: [1, 2, 3, 4, 5, 6, 7],
      isu: 28.6,
      net: -28.6,
      mean: 4,
      interval: [8.2, 64.1],
      smallSample: true,
    },
    {
      name: "a realistic mix (n = 100: 62 positive, 18 negative)",
      scores: [...repeat(7, 40), ...repeat(6, 22), ...repeat(5, 20), ...repeat(4, 8), ...repeat(2, 4), ...repeat(1, 6)],
      isu: 62,
      net: 44,
      mean: 5.58,
      interval: [52.2, 70.9],
      smallSample: false,
    },
    { name: "29 responses is still a small sample", scores: repeat(6, 29), isu: 100, net: 100, mean: 6, interval: [88.3, 100], smallSample: true },
  ];

  it.each(cases)("$name", ({ scores, isu, net, mean, interval, smallSample }) => {
    const s = satisfaction(countsOf(scores));
    expect(s.n).toBe(scores.length);
    expect(s.isu).toBe(isu);
    expect(s.net).toBe(net);
    expect(s.mean).toBe(mean);
    expect(s.isuInterval).toEqual(interval);
    expect(s.smallSample).toBe(smallSample);
    for (const value of [s.isu, s.net, s.mean, ...(s.isuInterval ?? [])]) {
      if (value !== null) expect(Number.isFinite(value)).toBe(true);
    }
  });

  it("takes SQL's numeric strings and bigints as numbers", () => {
    const s = satisfaction({ n: "4" as unknown as number, positive: BigInt(2) as unknown as number, negative: 1, sum: "22" as unknown as number });
    expect(s).toMatchObject({ n: 4, positive: 2, negative: 1, isu: 50, net: 25, mean: 5.5 });
  });

  it("never gives NaN or 0 % for an empty group, whatever the other counts say", () => {
    const s = satisfaction({ n: 0, positive: 0, negative: 0, sum: 0 });
    expect(s).toEqual({ n: 0, positive: 0, negative: 0, isu: null, net: null, mean: null, isuInterval: null, smallSample: true });
  });

  it("flags groups under SMALL_SAMPLE responses", () => {
    expect(SMALL_SAMPLE).toBe(30);
    expect(satisfaction(countsOf(repeat(7, SMALL_SAMPLE - 1))).smallSample).toBe(true);
    expect(satisfaction(countsOf(repeat(7, SMALL_SAMPLE))).smallSample).toBe(false);
  });
});

describe("wilsonInterval (95 %)", () => {
  // Newcombe (1998), Table I, method 3 (score interval without continuity correction).
  const published: Array<[successes: number, n: number, low: number, high: number]> = [
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0.0, 0.1611],
    [1, 29, 0.0061, 0.1718],
    [29, 29, 0.883, 1.0],
  ];

  it.each(published)("%i/%i → %f–%f", (successes, n, low, high) => {
    const interval = wilsonInterval(successes, n)!;
    expect(interval[0]).toBeCloseTo(low, 4);
    expect(interval[1]).toBeCloseTo(high, 4);
  });

  it("is symmetric around ½ and contains the observed proportion", () => {
    const [low, high] = wilsonInterval(5, 10)!;
    expect(low + high).toBeCloseTo(1, 10);
    expect(low).toBeCloseTo(0.2366, 4);
    for (const [s, n] of [[0, 1], [1, 1], [3, 7], [62, 100], [999, 1000]] as const) {
      const [lo, hi] = wilsonInterval(s, n)!;
      expect(lo).toBeLessThanOrEqual(s / n);
      expect(hi).toBeGreaterThanOrEqual(s / n);
      expect(lo).toBeGreaterThanOrEqual(0);
      expect(hi).toBeLessThanOrEqual(1);
    }
  });

  it("narrows as n grows", () => {
    const width = (s: number, n: number) => {
      const [lo, hi] = wilsonInterval(s, n)!;
      return hi - lo;
    };
    expect(width(80, 100)).toBeGreaterThan(width(800, 1000));
    expect(width(800, 1000)).toBeGreaterThan(width(8000, 10000));
  });

  it("is null without responses", () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(wilsonInterval(0, Number.NaN)).toBeNull();
  });

  it("is what satisfaction() reports as the ISU interval, in percent with one decimal", () => {
    expect(satisfaction({ n: 263, positive: 81, negative: 100, sum: 1000 }).isuInterval).toEqual([25.5, 36.6]);
    expect(satisfaction({ n: 148, positive: 15, negative: 0, sum: 740 }).isuInterval).toEqual([6.2, 16]);
  });
});

describe("percent, round and responseRate", () => {
  it.each([
    [0, 0, null],
    [5, 0, null],
    [0, 10, 0],
    [1, 3, 33.3],
    [2, 3, 66.7],
    [10, 10, 100],
  ])("percent(%i, %i) = %s", (num, den, expected) => {
    expect(percent(num, den)).toBe(expected);
  });

  it("rounds halves away from zero at one decimal (and two for means)", () => {
    expect(round(0.05)).toBe(0.1);
    expect(round(1.25)).toBe(1.3);
    expect(round(5.555, 2)).toBe(5.56);
  });

  it.each([
    [0, 0, null],
    [0, 40, 0],
    [10, 40, 25],
    [37, 100, 37],
  ])("responseRate(%i responses, %i invitations) = %s", (responses, invitations, expected) => {
    expect(responseRate(responses, invitations)).toBe(expected);
  });
});
