// The shape of an indicator evaluated for a year: what the dashboard, the implementation report and
// the transparency page read. Produced by evaluateIndicators() in indicator-values.server.ts.
import type { Period, PeriodKind } from "~/domain/plan/metrics";

/** What the value is measured in: a percentage (proportions), business days (response times) or a count. */
export type IndicatorUnit = "percent" | "days" | "count";

export type MeasurementText = {
  interpretation: string;
  gaps: string;
  recommendations: string;
  enteredBy: string | null;
  enteredAt: string;
};

export type IndicatorPeriodValue = {
  period: Period;
  /** Percent (0–100) for proportions, business days for response times; null when nothing to measure. */
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** How many observations the value rests on (responses, cases, activities); null for manual figures. */
  n: number | null;
  /** 95 % Wilson interval in percent, for proportions with n > 0. */
  interval: [number, number] | null;
  met: boolean | null;
  /** The committee's interpretation, gaps and recommendations for this period, if recorded. */
  measurement: MeasurementText | null;
};

export type EvaluatedIndicator = {
  id: string;
  code: string;
  name: string;
  formula: string;
  numeratorDef: string;
  denominatorDef: string;
  target: number;
  direction: "HIGHER_IS_BETTER" | "LOWER_IS_BETTER";
  period: PeriodKind;
  source: "LIVE" | "PLAN" | "MANUAL";
  liveMetric: string | null;
  unit: IndicatorUnit;
  activity: { id: string; number: number; title: string } | null;
  /** Every period of the indicator's kind in the year, in order (future periods have value null). */
  periods: IndicatorPeriodValue[];
  /** The whole year (for a yearly indicator, the same as its only period). */
  year: IndicatorPeriodValue;
};
