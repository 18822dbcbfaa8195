// The plan's indicators and the measurements the committee records per period: numerator and
// denominator for MANUAL indicators (who entered them and when), and for any indicator the
// interpretation, gaps and recommendations the implementation report needs. Live values are
// computed elsewhere; the PLAN indicator (PCPA) comes from the activities.
import { db } from "~/db/client.server";
import type { Prisma } from "~/generated/prisma/client";
import { audit } from "~/domain/admin/audit.server";
import { dayToDate } from "./plan.server";
import { measurementValue, parsePeriod, pcpa, periodFromDates, toDay, type PeriodKind } from "./metrics";
import { manualFiguresErrors, type MeasurementInput } from "./schemas";

type Scope = { institutionId: string; actorId: string };

const num = (v: { toString(): string } | null) => (v === null ? null : Number(v.toString()));

function measurementView(m: {
  id: string;
  periodStart: Date;
  periodEnd: Date;
  numerator: { toString(): string } | null;
  denominator: { toString(): string } | null;
  interpretation: string;
  gaps: string;
  recommendations: string;
  enteredAt: Date;
  enteredBy: { name: string } | null;
}) {
  const start = toDay(m.periodStart);
  const end = toDay(m.periodEnd);
  const numerator = num(m.numerator);
  const denominator = num(m.denominator);
  return {
    id: m.id,
    periodStart: start,
    periodEnd: end,
    periodCode: periodFromDates(start, end)?.code ?? null,
    numerator,
    denominator,
    value: measurementValue(numerator, denominator),
    interpretation: m.interpretation,
    gaps: m.gaps,
    recommendations: m.recommendations,
    enteredAt: m.enteredAt.toISOString(),
    enteredBy: m.enteredBy?.name ?? null,
  };
}

const measurementSelect = {
  id: true,
  periodStart: true,
  periodEnd: true,
  numerator: true,
  denominator: true,
  interpretation: true,
  gaps: true,
  recommendations: true,
  enteredAt: true,
  enteredBy: { select: { name: true } },
} satisfies Prisma.IndicatorMeasurementSelect;

const indicatorSelect = {
  id: true,
  code: true,
  name: true,
  formula: true,
  numeratorDef: true,
  denominatorDef: true,
  target: true,
  direction: true,
  period: true,
  source: true,
  liveMetric: true,
  activity: { select: { id: true, number: true, title: true } },
  measurements: { orderBy: [{ periodStart: "asc" }, { periodEnd: "asc" }], select: measurementSelect },
} satisfies Prisma.IndicatorSelect;

type IndicatorRow = {
  id: string;
  code: string;
  name: string;
  formula: string;
  numeratorDef: string;
  denominatorDef: string;
  target: { toString(): string };
  direction: "HIGHER_IS_BETTER" | "LOWER_IS_BETTER";
  period: PeriodKind;
  source: "LIVE" | "PLAN" | "MANUAL";
  liveMetric: string | null;
  activity: { id: string; number: number; title: string } | null;
  measurements: Parameters<typeof measurementView>[0][];
};

function indicatorView(i: IndicatorRow) {
  return { ...i, target: Number(i.target.toString()), measurements: i.measurements.map(measurementView) };
}

/** The plan's indicators in order, each with its recorded measurements; PCPA's current value. */
export async function listIndicators({ institutionId, year }: { institutionId: string; year: number }) {
  const plan = await db.plan.findFirst({
    where: { institutionId, year },
    select: {
      id: true,
      indicators: { orderBy: [{ position: "asc" }, { code: "asc" }], select: indicatorSelect },
      activities: { select: { executedAt: true } },
    },
  });
  if (!plan) return null;
  return { indicators: plan.indicators.map(indicatorView), pcpa: pcpa(plan.activities) };
}

export async function getIndicator({ institutionId, id }: { institutionId: string; id: string }) {
  const row = await db.indicator.findFirst({ where: { id, plan: { institutionId } }, select: { ...indicatorSelect, plan: { select: { year: true, activities: { select: { executedAt: true } } } } } });
  if (!row) return null;
  const { plan, ...indicator } = row;
  return { ...indicatorView(indicator), year: plan.year, pcpa: pcpa(plan.activities) };
}

export type MeasurementOutcome = { kind: "saved"; id: string } | { kind: "notFound" } | { kind: "invalid"; fieldErrors: Record<string, string[]> };

/**
 * Records (or replaces) the indicator's measurement for one period. Numerator and denominator are
 * kept only for MANUAL indicators, where both are required; who entered it and when are updated on
 * every save.
 */
export async function recordMeasurement({ institutionId, actorId, indicatorId, input, now = new Date() }: Scope & { indicatorId: string; input: MeasurementInput; now?: Date }): Promise<MeasurementOutcome> {
  const period = parsePeriod(input.period);
  if (!period) return { kind: "invalid", fieldErrors: { period: ["validation.choice"] } };
  return db.$transaction(async (tx) => {
    const indicator = await tx.indicator.findFirst({ where: { id: indicatorId, plan: { institutionId } }, select: { id: true, source: true, period: true, plan: { select: { year: true } } } });
    if (!indicator) return { kind: "notFound" } as const;
    if (period.kind !== indicator.period || period.year !== indicator.plan.year) return { kind: "invalid", fieldErrors: { period: ["validation.choice"] } } as const;
    const manual = indicator.source === "MANUAL";
    if (manual) {
      const errors = manualFiguresErrors(input);
      if (errors) return { kind: "invalid", fieldErrors: errors } as const;
    }
    const figures = manual ? { numerator: input.numerator!, denominator: input.denominator! } : {};
    const text = { interpretation: input.interpretation ?? "", gaps: input.gaps ?? "", recommendations: input.recommendations ?? "" };
    const key = { indicatorId, periodStart: dayToDate(period.start), periodEnd: dayToDate(period.end) };
    const row = await tx.indicatorMeasurement.upsert({
      where: { indicatorId_periodStart_periodEnd: key },
      create: { ...key, ...figures, ...text, enteredById: actorId, enteredAt: now },
      update: { ...figures, ...text, enteredById: actorId, enteredAt: now },
      select: { id: true },
    });
    await audit(tx, {
      institutionId,
      actorId,
      action: "indicatorMeasurement.save",
      entity: "IndicatorMeasurement",
      entityId: row.id,
      data: { indicatorId, period: period.code, ...figures, ...text },
    });
    return { kind: "saved", id: row.id } as const;
  });
}
