// Every indicator of a plan year evaluated for each of its periods and for the whole year: live
// ones from the cases and the survey responses, PCPA from the activities, manual ones from the
// figures the committee entered, each next to the interpretation recorded for that period.
import { db } from "~/db/client.server";
import { listIndicators } from "~/domain/plan/indicators.server";
import { chileToday } from "~/domain/plan/plan.server";
import { makePeriod, measurementValue, pcpa, periodsOf, targetMet, type Period } from "~/domain/plan/metrics";
import { getSatisfactionResults, type SatisfactionResults } from "~/domain/surveys/results.server";
import type { ScoreCounts } from "~/domain/surveys/metrics";
import { periodCaseCounts, type CaseFilters, type PeriodCaseCounts } from "./case-figures.server";
import type { EvaluatedIndicator, IndicatorPeriodValue, IndicatorUnit } from "./indicator-types";
import { EMPTY_CASE_COUNTS, EMPTY_SCORES, addScores, isLiveMetric, liveMetricUnit, liveValue } from "./live-metrics";

type PlanIndicators = NonNullable<Awaited<ReturnType<typeof listIndicators>>>["indicators"];
type PlanIndicator = PlanIndicators[number];

/** What the live indicators are computed from; the dashboard hands over the trend it already has. */
export type LiveInputs = { cases: PeriodCaseCounts | null; satisfactionTrend: SatisfactionResults["trend"] | null };

const SURVEY_METRICS = new Set(["isu", "net"]);

/** Score counts of the months inside a period, from the satisfaction trend (one entry per month). */
function scoresFor(trend: SatisfactionResults["trend"] | null, period: Period): ScoreCounts {
  if (!trend) return EMPTY_SCORES;
  const first = period.start.slice(0, 7);
  const last = period.end.slice(0, 7);
  return trend
    .filter((t) => t.month >= first && t.month <= last)
    .reduce((acc, t) => addScores(acc, { n: t.n, positive: t.positive, negative: t.negative, sum: (t.mean ?? 0) * t.n }), EMPTY_SCORES);
}

function measurementText(indicator: PlanIndicator, period: Period) {
  const m = indicator.measurements.find((x) => x.periodStart === period.start && x.periodEnd === period.end);
  return m ?? null;
}

function evaluatePeriod(
  indicator: PlanIndicator,
  period: Period,
  context: { today: string; live: LiveInputs; activities: Array<{ executedAt: Date | null }> },
): IndicatorPeriodValue {
  const recorded = measurementText(indicator, period);
  const measurement = recorded
    ? { interpretation: recorded.interpretation, gaps: recorded.gaps, recommendations: recorded.recommendations, enteredBy: recorded.enteredBy, enteredAt: recorded.enteredAt }
    : null;
  const empty = { value: null, numerator: null, denominator: null, n: null, interval: null };
  let figures: Pick<IndicatorPeriodValue, "value" | "numerator" | "denominator" | "n" | "interval"> = empty;
  const started = period.start <= context.today;
  if (indicator.source === "MANUAL") {
    figures = { ...empty, numerator: recorded?.numerator ?? null, denominator: recorded?.denominator ?? null, value: recorded ? measurementValue(recorded.numerator, recorded.denominator) : null };
  } else if (indicator.source === "PLAN" && started) {
    const asOf = period.end < context.today ? period.end : context.today;
    const r = pcpa(context.activities, asOf);
    figures = { value: r.value, numerator: r.executed, denominator: r.programmed, n: r.programmed, interval: null };
  } else if (indicator.source === "LIVE" && started && isLiveMetric(indicator.liveMetric)) {
    const cases = context.live.cases?.get(period.kind, period.index);
    const v = liveValue(indicator.liveMetric, cases ?? EMPTY_CASE_COUNTS, scoresFor(context.live.satisfactionTrend, period));
    figures = { ...v, n: v.n };
  }
  return { period, ...figures, met: targetMet(figures.value, indicator.target, indicator.direction), measurement };
}

function unitOf(indicator: PlanIndicator): IndicatorUnit {
  return indicator.source === "LIVE" && isLiveMetric(indicator.liveMetric) ? liveMetricUnit(indicator.liveMetric) : "percent";
}

/** Loads what the plan's live indicators need, and only that. */
export async function loadLiveInputs(options: {
  institutionId: string;
  year: number;
  indicators: ReadonlyArray<{ source: string; liveMetric: string | null }>;
  filters?: CaseFilters;
  lng?: string;
  now?: Date;
  /** Reuse figures already read for the whole year (the dashboard). */
  satisfactionTrend?: SatisfactionResults["trend"];
  cases?: PeriodCaseCounts;
}): Promise<LiveInputs> {
  const live = options.indicators.filter((i) => i.source === "LIVE" && isLiveMetric(i.liveMetric));
  const needsSurveys = live.some((i) => SURVEY_METRICS.has(i.liveMetric!));
  const needsCases = live.some((i) => !SURVEY_METRICS.has(i.liveMetric!));
  const filters = options.filters ?? {};
  const [cases, satisfactionTrend] = await Promise.all([
    options.cases ?? (needsCases ? periodCaseCounts({ institutionId: options.institutionId, year: options.year, filters, now: options.now }) : null),
    options.satisfactionTrend ??
      (needsSurveys
        ? getSatisfactionResults({
            institutionId: options.institutionId,
            filters: { from: `${options.year}-01-01`, to: `${options.year}-12-31`, page: 1, ...filters, channel: filters.channel as never },
            lng: options.lng ?? "es",
            now: options.now,
            details: false,
            breakdowns: [],
          }).then((r) => r.trend)
        : null),
  ]);
  return { cases, satisfactionTrend };
}

/**
 * The plan's indicators for a year with their values per period and for the year; null when the
 * institution has no plan that year. Filters (channel, office, trámite) narrow the live ones.
 */
export async function evaluateIndicators(options: {
  institutionId: string;
  year: number;
  filters?: CaseFilters;
  lng?: string;
  now?: Date;
  satisfactionTrend?: SatisfactionResults["trend"];
  cases?: PeriodCaseCounts;
}): Promise<EvaluatedIndicator[] | null> {
  const now = options.now ?? new Date();
  const [listed, activities] = await Promise.all([
    listIndicators({ institutionId: options.institutionId, year: options.year }),
    db.planActivity.findMany({ where: { plan: { institutionId: options.institutionId, year: options.year } }, select: { executedAt: true } }),
  ]);
  if (!listed) return null;
  const live = await loadLiveInputs({ ...options, now, indicators: listed.indicators });
  const context = { today: chileToday(now), live, activities };
  return listed.indicators.map((indicator) => ({
    id: indicator.id,
    code: indicator.code,
    name: indicator.name,
    formula: indicator.formula,
    numeratorDef: indicator.numeratorDef,
    denominatorDef: indicator.denominatorDef,
    target: indicator.target,
    direction: indicator.direction,
    period: indicator.period,
    source: indicator.source,
    liveMetric: indicator.liveMetric,
    unit: unitOf(indicator),
    activity: indicator.activity,
    periods: periodsOf(indicator.period, options.year).map((p) => evaluatePeriod(indicator, p, context)),
    year: evaluatePeriod(indicator, makePeriod("YEAR", options.year, 1), context),
  }));
}
