import {
  changeWindowEnd,
  isOutsideChangeWindow,
  isScheduleItemLate,
  measurementValue,
  parsePeriod,
  pcpa,
  periodFromDates,
  periodsOf,
  targetMet,
} from "~/domain/plan/metrics";
import { ActivitySchema, PlanFactorSchema, ScheduleItemSchema } from "~/domain/plan/schemas";

const act = (executedAt: string | null) => ({ executedAt });

describe("PCPA = executed ÷ programmed activities × 100", () => {
  it.each([
    { name: "empty plan has no value", activities: [], expected: { executed: 0, programmed: 0, value: null } },
    { name: "nothing executed", activities: [act(null), act(null)], expected: { executed: 0, programmed: 2, value: 0 } },
    { name: "3 of 5 meets the 60 % target exactly", activities: [act("2026-03-31"), act("2026-05-31"), act("2026-06-30"), act(null), act(null)], expected: { executed: 3, programmed: 5, value: 60 } },
    { name: "all executed", activities: [act("2026-01-31"), act("2026-02-28")], expected: { executed: 2, programmed: 2, value: 100 } },
    { name: "rounded to two decimals", activities: [act("2026-01-31"), act(null), act(null)], expected: { executed: 1, programmed: 3, value: 33.33 } },
    { name: "Date values count too", activities: [{ executedAt: new Date("2026-04-30T00:00:00Z") }, act(null)], expected: { executed: 1, programmed: 2, value: 50 } },
  ])("$name", ({ activities, expected }) => {
    expect(pcpa(activities)).toEqual(expected);
  });

  it.each([
    { asOf: "2026-03-30", value: 0 },
    { asOf: "2026-03-31", value: 50 },
    { asOf: "2026-12-31", value: 100 },
  ])("as of $asOf counts only activities executed by then ($value %)", ({ asOf, value }) => {
    expect(pcpa([act("2026-03-31"), act("2026-06-30")], asOf).value).toBe(value);
  });

  it.each([
    { value: 60, target: 60, direction: "HIGHER_IS_BETTER" as const, met: true },
    { value: 59.99, target: 60, direction: "HIGHER_IS_BETTER" as const, met: false },
    { value: 10, target: 10, direction: "LOWER_IS_BETTER" as const, met: true },
    { value: 10.5, target: 10, direction: "LOWER_IS_BETTER" as const, met: false },
    { value: null, target: 60, direction: "HIGHER_IS_BETTER" as const, met: null },
  ])("target $target met by $value ($direction): $met", ({ value, target, direction, met }) => {
    expect(targetMet(value, target, direction)).toBe(met);
  });
});

describe("plan changes: approved by 30 June of the plan's year", () => {
  it("the window ends on 30 June", () => {
    expect(changeWindowEnd(2026)).toBe("2026-06-30");
  });

  it.each([
    { approvedAt: "2026-01-15", year: 2026, outside: false },
    { approvedAt: "2026-06-30", year: 2026, outside: false },
    { approvedAt: "2026-07-01", year: 2026, outside: true },
    { approvedAt: "2026-12-31", year: 2026, outside: true },
    { approvedAt: "2025-12-20", year: 2026, outside: false },
    { approvedAt: "2027-01-05", year: 2026, outside: true },
    { approvedAt: new Date("2026-06-30T00:00:00Z"), year: 2026, outside: false },
    { approvedAt: new Date("2026-07-01T00:00:00Z"), year: 2026, outside: true },
  ])("$approvedAt for the $year plan → outside: $outside", ({ approvedAt, year, outside }) => {
    expect(isOutsideChangeWindow(approvedAt, year)).toBe(outside);
  });
});

describe("indicator periods", () => {
  it.each([
    { code: "2026-Y", start: "2026-01-01", end: "2026-12-31", kind: "YEAR" },
    { code: "2026-S1", start: "2026-01-01", end: "2026-06-30", kind: "SEMESTER" },
    { code: "2026-S2", start: "2026-07-01", end: "2026-12-31", kind: "SEMESTER" },
    { code: "2026-Q1", start: "2026-01-01", end: "2026-03-31", kind: "QUARTER" },
    { code: "2024-M02", start: "2024-02-01", end: "2024-02-29", kind: "MONTH" },
    { code: "2026-M12", start: "2026-12-01", end: "2026-12-31", kind: "MONTH" },
  ])("$code is $start … $end", ({ code, start, end, kind }) => {
    expect(parsePeriod(code)).toMatchObject({ code, start, end, kind });
    expect(periodFromDates(start, end)?.code).toBe(code);
  });

  it.each(["2026", "2026-S3", "2026-Q5", "2026-M13", "2026-M00", "x2026-Y", ""])("refuses %j", (code) => {
    expect(parsePeriod(code)).toBeNull();
  });

  it("lists every period of a year", () => {
    expect(periodsOf("MONTH", 2026)).toHaveLength(12);
    expect(periodsOf("QUARTER", 2026).map((p) => p.code)).toEqual(["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]);
    expect(periodsOf("YEAR", 2026).map((p) => [p.start, p.end])).toEqual([["2026-01-01", "2026-12-31"]]);
  });

  it.each([
    { n: 34, d: 85, value: 40 },
    { n: 2, d: 3, value: 66.67 },
    { n: 0, d: 10, value: 0 },
    { n: 5, d: 0, value: null },
    { n: null, d: 10, value: null },
  ])("measurement $n ÷ $d → $value", ({ n, d, value }) => {
    expect(measurementValue(n, d)).toBe(value);
  });
});

describe("schedule", () => {
  it.each([
    { months: [9], status: "PLANNED", today: "2026-09-30", late: false },
    { months: [9], status: "PLANNED", today: "2026-10-01", late: true },
    { months: [9], status: "IN_PROGRESS", today: "2026-10-01", late: true },
    { months: [9], status: "DONE", today: "2026-12-01", late: false },
    { months: [], status: "PLANNED", today: "2026-12-31", late: false },
    { months: [4, 5, 6, 7], status: "IN_PROGRESS", today: "2026-07-31", late: false },
  ])("months $months, $status on $today → late: $late", ({ months, status, today, late }) => {
    expect(isScheduleItemLate({ months, status }, 2026, today)).toBe(late);
  });
});

describe("form schemas", () => {
  it("a difficulty without any factor is refused on the internal factors field", () => {
    const result = PlanFactorSchema.safeParse({ year: 2026, kind: "DIFFICULTY", description: "Retraso", affectedComponents: "Actividad 2" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["internalFactors", "plan:errors.factorRequired"]]);
    expect(PlanFactorSchema.safeParse({ year: 2026, kind: "SLACK", description: "Apoyo", externalFactors: "Mutual", affectedComponents: "Actividad 3" }).success).toBe(true);
  });

  it("a done sub-action needs its date; impossible dates are refused", () => {
    expect(ScheduleItemSchema.safeParse({ title: "Taller", months: [3], status: "DONE" }).error?.issues[0]?.path).toEqual(["statusDate"]);
    expect(ScheduleItemSchema.safeParse({ title: "Taller", months: [3], status: "DONE", statusDate: "2026-03-12" }).success).toBe(true);
    expect(ScheduleItemSchema.safeParse({ title: "Taller", months: [3], status: "PLANNED", statusDate: "2026-02-30" }).success).toBe(false);
  });

  it("verification means are one per line", () => {
    const parsed = ActivitySchema.parse({ year: 2026, number: 1, title: "A", description: "B", priority: "ALTA", reportingPeriod: "YEAR", verificationMeans: "Acta\n\n  Lista de asistencia  \n" });
    expect(parsed.verificationMeans).toEqual(["Acta", "Lista de asistencia"]);
    expect(parsed.tramiteIds).toEqual([]);
  });
});
