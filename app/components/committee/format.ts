// Number formatting for the committee pages: percentages, business days and counts in the reader's
// language, "Sin datos" for a missing value (never 0 % or NaN).
import { formatNumber } from "~/domain/plan/format";
import type { IndicatorUnit } from "~/domain/committee/indicator-types";

export function committeeFormat(lng: string, noData: string) {
  const n = (value: number, digits = 1) => formatNumber(value, lng, digits);
  return {
    count: (value: number) => formatNumber(value, lng, 0),
    pct: (value: number | null | undefined) => (value === null || value === undefined ? noData : `${n(value)}\u00a0%`),
    days: (value: number | null | undefined) => (value === null || value === undefined ? noData : n(value)),
    interval: (value: [number, number] | null | undefined) => (value ? `${n(value[0])} – ${n(value[1])}\u00a0%` : noData),
    value: (value: number | null | undefined, unit: IndicatorUnit) =>
      value === null || value === undefined ? noData : unit === "percent" ? `${n(value)}\u00a0%` : unit === "days" ? n(value) : formatNumber(value, lng, 0),
  };
}
