// Pure plan rules (no I/O): the plan-compliance indicator (PCPA), the 30 June window for plan
// changes, indicator periods and measurement values. Dates here are calendar days ("YYYY-MM-DD"),
// the way @db.Date columns hold them.

export type PcpaResult = { executed: number; programmed: number; value: number | null };

/**
 * Porcentaje de Cumplimiento del Plan de Acción = executed ÷ programmed activities × 100.
 * An activity counts as executed when it has an execution date (PlanActivity.executedAt), and only
 * when that date is on or before `asOf` if given. A plan without activities has no value (null),
 * not 0 %.
 */
export function pcpa(activities: ReadonlyArray<{ executedAt: Date | string | null }>, asOf?: string): PcpaResult {
  const programmed = activities.length;
  const executed = activities.filter((a) => a.executedAt !== null && (asOf === undefined || toDay(a.executedAt) <= asOf)).length;
  return { executed, programmed, value: programmed === 0 ? null : round2((executed / programmed) * 100) };
}

/** Met when the value reaches the target (higher is better) or stays at or under it (lower is better). */
export function targetMet(value: number | null, target: number, direction: "HIGHER_IS_BETTER" | "LOWER_IS_BETTER" = "HIGHER_IS_BETTER"): boolean | null {
  if (value === null) return null;
  return direction === "HIGHER_IS_BETTER" ? value >= target : value <= target;
}

/** The last day the committee may approve a change to the year's plan (the guide: 30 June of year t). */
export function changeWindowEnd(planYear: number): string {
  return `${planYear}-06-30`;
}

/** A change approved after 30 June of the plan's year is outside the allowed window. */
export function isOutsideChangeWindow(approvedAt: Date | string, planYear: number): boolean {
  return toDay(approvedAt) > changeWindowEnd(planYear);
}

/** "YYYY-MM-DD" of a Date (as stored for @db.Date: UTC midnight) or of a string already in that form. */
export function toDay(value: Date | string): string {
  return typeof value === "string" ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** A measurement's value as a percentage (numerator ÷ denominator × 100), null when not computable. */
export function measurementValue(numerator: number | null, denominator: number | null): number | null {
  if (numerator === null || denominator === null || denominator <= 0) return null;
  return round2((numerator / denominator) * 100);
}

// ---- Indicator periods -----------------------------------------------------------------------

export type PeriodKind = "MONTH" | "QUARTER" | "SEMESTER" | "YEAR";

/** One reporting period of a year: code "2026-M03", "2026-Q1", "2026-S1" or "2026-Y". */
export type Period = { code: string; kind: PeriodKind; year: number; index: number; start: string; end: string };

const PER_YEAR: Record<PeriodKind, number> = { MONTH: 12, QUARTER: 4, SEMESTER: 2, YEAR: 1 };
const MONTHS: Record<PeriodKind, number> = { MONTH: 1, QUARTER: 3, SEMESTER: 6, YEAR: 12 };
const LETTER: Record<PeriodKind, string> = { MONTH: "M", QUARTER: "Q", SEMESTER: "S", YEAR: "Y" };

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number) => String(n).padStart(2, "0");

export function makePeriod(kind: PeriodKind, year: number, index: number): Period {
  const firstMonth = (index - 1) * MONTHS[kind] + 1;
  const lastMonth = firstMonth + MONTHS[kind] - 1;
  const code = kind === "YEAR" ? `${year}-Y` : kind === "MONTH" ? `${year}-M${pad(index)}` : `${year}-${LETTER[kind]}${index}`;
  return {
    code,
    kind,
    year,
    index,
    start: `${year}-${pad(firstMonth)}-01`,
    end: `${year}-${pad(lastMonth)}-${pad(lastDayOfMonth(year, lastMonth))}`,
  };
}

/** Every period of a kind in a year, in order. */
export function periodsOf(kind: PeriodKind, year: number): Period[] {
  return Array.from({ length: PER_YEAR[kind] }, (_, i) => makePeriod(kind, year, i + 1));
}

/** Parses a period code; null when malformed or out of range. */
export function parsePeriod(code: string): Period | null {
  const m = /^(\d{4})-(?:(Y)|M(\d{2})|Q([1-4])|S([12]))$/.exec(code);
  if (!m) return null;
  const year = Number(m[1]);
  if (m[2]) return makePeriod("YEAR", year, 1);
  if (m[3]) {
    const month = Number(m[3]);
    return month >= 1 && month <= 12 ? makePeriod("MONTH", year, month) : null;
  }
  if (m[4]) return makePeriod("QUARTER", year, Number(m[4]));
  return makePeriod("SEMESTER", year, Number(m[5]));
}

/** The period whose dates are exactly these, if any (measurements store start and end dates). */
export function periodFromDates(start: string, end: string): Period | null {
  const year = Number(start.slice(0, 4));
  for (const kind of ["MONTH", "QUARTER", "SEMESTER", "YEAR"] as const) {
    const found = periodsOf(kind, year).find((p) => p.start === start && p.end === end);
    if (found) return found;
  }
  return null;
}

// ---- Schedule ----------------------------------------------------------------------------------

export const MONTH_NUMBERS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;

/**
 * A sub-action is late when its last scheduled month has ended (in the plan's year) and it is not
 * done. `today` is "YYYY-MM-DD" in Chile.
 */
export function isScheduleItemLate(item: { months: number[]; status: string }, planYear: number, today: string): boolean {
  if (item.status === "DONE" || item.months.length === 0) return false;
  const last = Math.max(...item.months);
  const end = `${planYear}-${pad(last)}-${pad(lastDayOfMonth(planYear, last))}`;
  return today > end;
}
