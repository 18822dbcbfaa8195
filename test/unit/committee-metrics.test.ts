// The live indicators' formulas, table-driven: empty periods have no value (never 0 % or NaN), a
// target met exactly counts as met, proportions carry a Wilson interval.
import { targetMet } from "~/domain/plan/metrics";
import { wilsonInterval } from "~/domain/surveys/metrics";
import { EMPTY_CASE_COUNTS, EMPTY_SCORES, addScores, liveMetricUnit, liveValue, percentileFromHistogram, type CaseCounts, type LiveMetric } from "~/domain/committee/live-metrics";

const cases = (c: Partial<CaseCounts>): CaseCounts => ({ ...EMPTY_CASE_COUNTS, ...c });
const scores = (n: number, positive: number, negative = 0, sum = 0) => ({ n, positive, negative, sum });
const interval = (s: number, n: number) => wilsonInterval(s, n)!.map((x) => Math.round(x * 1000) / 10);

describe("liveValue", () => {
  const table: Array<{ name: string; metric: LiveMetric; cases?: CaseCounts; scores?: ReturnType<typeof scores>; value: number | null; n: number; numerator?: number | null; denominator?: number | null }> = [
    { name: "ISU of an empty period", metric: "isu", value: null, n: 0 },
    { name: "ISU 4 positive of 5", metric: "isu", scores: scores(5, 4, 1), value: 80, n: 5, numerator: 4, denominator: 5 },
    { name: "net satisfaction 6 positive, 3 negative of 10", metric: "net", scores: scores(10, 6, 3), value: 30, n: 10 },
    { name: "net of an empty period", metric: "net", value: null, n: 0 },
    { name: "resolution rate 3 of 7 received", metric: "resolution_rate", cases: cases({ received: 7, resolved: 3 }), value: 42.9, n: 7, numerator: 3, denominator: 7 },
    { name: "resolution rate with nothing received", metric: "resolution_rate", cases: cases({}), value: null, n: 0 },
    { name: "reclamos on time 1 of 3 decided", metric: "reclamos_on_time", cases: cases({ reclamosDecided: 3, reclamosOnTime: 1, decided: 9, onTime: 9 }), value: 33.3, n: 3 },
    { name: "reclamos on time when none decided yet", metric: "reclamos_on_time", cases: cases({ received: 4 }), value: null, n: 0 },
    { name: "mean business days 42 over 4", metric: "mean_response_days", cases: cases({ answered: 4, daysSum: 42 }), value: 10.5, n: 4, numerator: 42, denominator: 4 },
    { name: "mean business days with nothing answered", metric: "mean_response_days", cases: cases({ received: 3 }), value: null, n: 0 },
    { name: "90th percentile from SQL, rounded", metric: "p90_response_days", cases: cases({ answered: 3, p90Days: 20.99 }), value: 21, n: 3 },
    { name: "volume counts what was received", metric: "volume", cases: cases({ received: 12 }), value: 12, n: 12 },
  ];
  it.each(table)("$name", (row) => {
    const v = liveValue(row.metric, row.cases ?? EMPTY_CASE_COUNTS, row.scores ?? EMPTY_SCORES);
    expect(v.value).toBe(row.value);
    expect(v.n).toBe(row.n);
    if (row.numerator !== undefined) expect(v.numerator).toBe(row.numerator);
    if (row.denominator !== undefined) expect(v.denominator).toBe(row.denominator);
    expect(Number.isNaN(v.value)).toBe(false);
  });

  it("gives proportions a 95 % Wilson interval, and none without observations", () => {
    expect(liveValue("isu", EMPTY_CASE_COUNTS, scores(5, 4)).interval).toEqual(interval(4, 5));
    expect(liveValue("resolution_rate", cases({ received: 7, resolved: 3 }), EMPTY_SCORES).interval).toEqual(interval(3, 7));
    expect(liveValue("isu", EMPTY_CASE_COUNTS, EMPTY_SCORES).interval).toBeNull();
    expect(liveValue("mean_response_days", cases({ answered: 2, daysSum: 4 }), EMPTY_SCORES).interval).toBeNull();
  });
});

describe("targets", () => {
  it.each([
    { value: 80, target: 80, direction: "HIGHER_IS_BETTER" as const, met: true },
    { value: 79.9, target: 80, direction: "HIGHER_IS_BETTER" as const, met: false },
    { value: 10, target: 10, direction: "LOWER_IS_BETTER" as const, met: true },
    { value: 10.1, target: 10, direction: "LOWER_IS_BETTER" as const, met: false },
    { value: null, target: 10, direction: "LOWER_IS_BETTER" as const, met: null },
  ])("$value against $target ($direction) → $met", ({ value, target, direction, met }) => {
    expect(targetMet(value, target, direction)).toBe(met);
  });
});

describe("units and sums", () => {
  it.each([
    ["isu", "percent"],
    ["reclamos_on_time", "percent"],
    ["mean_response_days", "days"],
    ["p90_response_days", "days"],
    ["volume", "count"],
  ] as const)("%s is measured in %s", (metric, unit) => expect(liveMetricUnit(metric)).toBe(unit));

  it("adds months' score counts into a longer period", () => {
    expect(addScores(scores(4, 2, 1, 21), scores(2, 2, 0, 14))).toEqual(scores(6, 4, 1, 35));
    expect(addScores(EMPTY_SCORES, EMPTY_SCORES)).toEqual(EMPTY_SCORES);
  });
});

describe("percentileFromHistogram (as percentile_cont)", () => {
  it.each([
    { name: "empty", histogram: [] as Array<[number, number]>, p: 0.9, expected: null },
    { name: "one value", histogram: [[7, 1]] as Array<[number, number]>, p: 0.9, expected: 7 },
    { name: "2, 5, 25 → 21", histogram: [[25, 1], [2, 1], [5, 1]] as Array<[number, number]>, p: 0.9, expected: 21 },
    { name: "2, 5, 10, 25 → 20.5", histogram: [[2, 1], [5, 1], [10, 1], [25, 1]] as Array<[number, number]>, p: 0.9, expected: 20.5 },
    { name: "repeated values", histogram: [[3, 9], [10, 1]] as Array<[number, number]>, p: 0.9, expected: 3.7 },
    { name: "median of 1..4", histogram: [[1, 1], [2, 1], [3, 1], [4, 1]] as Array<[number, number]>, p: 0.5, expected: 2.5 },
    { name: "zero counts ignored", histogram: [[1, 0], [4, 2]] as Array<[number, number]>, p: 0.9, expected: 4 },
  ])("$name", ({ histogram, p, expected }) => {
    const value = percentileFromHistogram(histogram, p);
    if (expected === null) expect(value).toBeNull();
    else expect(value).toBeCloseTo(expected, 9);
  });
});
