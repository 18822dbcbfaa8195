// The live indicators: figures the system computes from its own data for any period. Pure and
// table-tested; SQL hands over counts (case-figures.server.ts, surveys/results.server.ts) and this
// module turns them into values. A period with nothing to measure has no value (null), never 0 %.
import { percent, round, satisfaction, wilsonInterval, type ScoreCounts } from "~/domain/surveys/metrics";
import type { IndicatorUnit } from "./indicator-types";

export const LIVE_METRICS = [
  "isu",
  "net",
  "resolution_rate",
  "reclamos_on_time",
  "mean_response_days",
  "p90_response_days",
  "volume",
] as const;
export type LiveMetric = (typeof LIVE_METRICS)[number];

export function isLiveMetric(value: string | null | undefined): value is LiveMetric {
  return (LIVE_METRICS as readonly string[]).includes(value ?? "");
}

export function liveMetricUnit(metric: LiveMetric): IndicatorUnit {
  if (metric === "mean_response_days" || metric === "p90_response_days") return "days";
  if (metric === "volume") return "count";
  return "percent";
}

/** What SQL counts over the cases received in a period (see case-metrics-sql.server.ts). */
export type CaseCounts = {
  received: number;
  resolved: number;
  /** Cases whose deadline outcome is known (answered, or overdue unanswered). */
  decided: number;
  onTime: number;
  reclamosDecided: number;
  reclamosOnTime: number;
  answered: number;
  /** Sum of business days to answer over the answered cases. */
  daysSum: number;
  /** 90th percentile of business days to answer (continuous); null when none answered. */
  p90Days: number | null;
};

export const EMPTY_CASE_COUNTS: CaseCounts = {
  received: 0,
  resolved: 0,
  decided: 0,
  onTime: 0,
  reclamosDecided: 0,
  reclamosOnTime: 0,
  answered: 0,
  daysSum: 0,
  p90Days: null,
};

/** Adds two periods' counts; the percentile cannot be added (the caller recomputes it). */
export function addCaseCounts(a: CaseCounts, b: CaseCounts): CaseCounts {
  return {
    received: a.received + b.received,
    resolved: a.resolved + b.resolved,
    decided: a.decided + b.decided,
    onTime: a.onTime + b.onTime,
    reclamosDecided: a.reclamosDecided + b.reclamosDecided,
    reclamosOnTime: a.reclamosOnTime + b.reclamosOnTime,
    answered: a.answered + b.answered,
    daysSum: a.daysSum + b.daysSum,
    p90Days: null,
  };
}

export type LiveValue = {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  n: number;
  interval: [number, number] | null;
};

function proportion(successes: number, n: number): LiveValue {
  const interval = wilsonInterval(successes, n);
  return {
    value: percent(successes, n),
    numerator: successes,
    denominator: n,
    n,
    interval: interval ? [round(interval[0] * 100), round(interval[1] * 100)] : null,
  };
}

/** The value of a live metric from a period's case counts and its satisfaction score counts. */
export function liveValue(metric: LiveMetric, cases: CaseCounts, scores: ScoreCounts): LiveValue {
  switch (metric) {
    case "isu":
      return proportion(scores.positive, scores.n);
    case "net": {
      const s = satisfaction(scores);
      return { value: s.net, numerator: s.positive - s.negative, denominator: s.n, n: s.n, interval: null };
    }
    case "resolution_rate":
      return proportion(cases.resolved, cases.received);
    case "reclamos_on_time":
      return proportion(cases.reclamosOnTime, cases.reclamosDecided);
    case "mean_response_days":
      return {
        value: cases.answered > 0 ? round(cases.daysSum / cases.answered) : null,
        numerator: cases.daysSum,
        denominator: cases.answered,
        n: cases.answered,
        interval: null,
      };
    case "p90_response_days":
      return { value: cases.p90Days === null ? null : round(cases.p90Days), numerator: null, denominator: null, n: cases.answered, interval: null };
    case "volume":
      return { value: cases.received, numerator: cases.received, denominator: null, n: cases.received, interval: null };
  }
}

/** Adds score counts (months into a quarter, a semester or a year: counts add, percentages don't). */
export function addScores(a: ScoreCounts, b: ScoreCounts): ScoreCounts {
  return { n: a.n + b.n, positive: a.positive + b.positive, negative: a.negative + b.negative, sum: a.sum + b.sum };
}

export const EMPTY_SCORES: ScoreCounts = { n: 0, positive: 0, negative: 0, sum: 0 };

/**
 * The continuous percentile (PostgreSQL's percentile_cont) of values given as a histogram of
 * value → count: rank p × (N − 1), interpolated between the two values around it. Null when empty.
 */
export function percentileFromHistogram(histogram: ReadonlyArray<readonly [value: number, count: number]>, p: number): number | null {
  const sorted = histogram.filter(([, count]) => count > 0).sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const rank = p * (total - 1);
  const lowerIndex = Math.floor(rank);
  const valueAt = (index: number) => {
    let seen = 0;
    for (const [value, count] of sorted) {
      seen += count;
      if (index < seen) return value;
    }
    return sorted[sorted.length - 1]![0];
  };
  const lower = valueAt(lowerIndex);
  const upper = valueAt(Math.min(lowerIndex + 1, total - 1));
  return lower + (rank - lowerIndex) * (upper - lower);
}
