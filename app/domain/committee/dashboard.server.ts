// Everything /comite shows for a year and filters: the plan's indicators against their targets,
// the monthly trend, breakdowns by channel, office and trámite, the plan's progress and the cases
// overdue right now. Each part is one or two SQL aggregates, run in parallel.
import { db } from "~/db/client.server";
import { Prisma } from "~/generated/prisma/client";
import { loadInboxCalendars, rowDeadline } from "~/domain/cases/inbox.server";
import { getPlanPage, chileToday } from "~/domain/plan/plan.server";
import { isScheduleItemLate, pcpa } from "~/domain/plan/metrics";
import { getSatisfactionResults, type BreakdownGroup, type FacetOption } from "~/domain/surveys/results.server";
import { satisfaction } from "~/domain/surveys/metrics";
import { caseBreakdowns, periodCaseCounts, type CaseBreakdowns, type CaseFilters } from "./case-figures.server";
import type { CommitteeFilters } from "./dashboard";
import { evaluateIndicators } from "./indicator-values.server";
import { liveValue, EMPTY_CASE_COUNTS, EMPTY_SCORES, type CaseCounts } from "./live-metrics";

export const OVERDUE_LIST_SIZE = 10;

/** Cases still open (not paused for the citizen) whose deadline has passed. */
const OVERDUE_STATUSES = Prisma.sql`('INGRESADA', 'ASIGNADA', 'EN_TRAMITE', 'REABIERTA')`;

/** The case-side figures of one group or month, as the dashboard tables show them. */
export type CaseFiguresView = {
  received: number;
  resolutionRate: number | null;
  reclamosOnTime: number | null;
  reclamosDecided: number;
  meanDays: number | null;
  answered: number;
};

export function caseFiguresView(c: CaseCounts): CaseFiguresView {
  return {
    received: c.received,
    resolutionRate: liveValue("resolution_rate", c, EMPTY_SCORES).value,
    reclamosOnTime: liveValue("reclamos_on_time", c, EMPTY_SCORES).value,
    reclamosDecided: c.reclamosDecided,
    meanDays: liveValue("mean_response_days", c, EMPTY_SCORES).value,
    answered: c.answered,
  };
}

type SurveyView = { n: number; isu: number | null; isuInterval: [number, number] | null };
const surveyView = (g: { n: number; isu: number | null; isuInterval: [number, number] | null } | undefined): SurveyView => ({
  n: g?.n ?? 0,
  isu: g?.isu ?? null,
  isuInterval: g?.isuInterval ?? null,
});

export type BreakdownRow = CaseFiguresView & SurveyView & { key: string | null; name: string | null };

/** Joins the case counts and the survey figures of the same groups (by channel, office id or trámite id). */
function mergeBreakdown(cases: CaseBreakdowns["channel"], surveys: BreakdownGroup[] | undefined, names: Map<string, FacetOption>): BreakdownRow[] {
  const byKey = new Map((surveys ?? []).map((g) => [g.key, g]));
  const keys = [...new Set([...cases.map((c) => c.key), ...byKey.keys()])];
  const caseByKey = new Map(cases.map((c) => [c.key, c]));
  return keys
    .map((key) => {
      const c = caseByKey.get(key);
      return {
        key,
        name: key ? (names.get(key)?.name ?? null) : null,
        ...caseFiguresView(c ?? EMPTY_CASE_COUNTS),
        ...surveyView(byKey.get(key)),
      };
    })
    .sort((a, b) => (a.key === null ? 1 : 0) - (b.key === null ? 1 : 0) || b.received - a.received || b.n - a.n);
}

async function overdueCases(institutionId: string, filters: CaseFilters, now: Date) {
  const conditions = [Prisma.sql`c."institutionId" = ${institutionId}::uuid`, Prisma.sql`c."status" IN ${OVERDUE_STATUSES}`, Prisma.sql`c."dueAt" < ${now}`];
  if (filters.channel) conditions.push(Prisma.sql`c."channel" = ${filters.channel}::"Channel"`);
  if (filters.officeId) conditions.push(Prisma.sql`c."officeId" = ${filters.officeId}::uuid`);
  if (filters.tramiteId) conditions.push(Prisma.sql`c."tramiteId" = ${filters.tramiteId}::uuid`);
  const where = Prisma.join(conditions, " AND ");
  const [countRows, rows, calendarFor] = await Promise.all([
    db.$queryRaw<Array<{ n: bigint }>>`SELECT count(*) AS "n" FROM "Case" c WHERE ${where}`,
    db.$queryRaw<Array<{ id: string; folio: string; kind: string; channel: string; status: string; dueAt: Date; area: string | null; assignee: string | null; region: string | null }>>`
      SELECT c."id", c."folio", c."kind"::text AS "kind", c."channel"::text AS "channel", c."status"::text AS "status", c."dueAt",
             a."name" AS "area", u."name" AS "assignee", o."region" AS "region"
        FROM "Case" c
        LEFT JOIN "Area" a ON a."id" = c."areaId"
        LEFT JOIN "User" u ON u."id" = c."assigneeId"
        LEFT JOIN "Office" o ON o."id" = c."officeId"
       WHERE ${where}
       ORDER BY c."dueAt" ASC
       LIMIT ${OVERDUE_LIST_SIZE}`,
    loadInboxCalendars(institutionId),
  ]);
  return {
    total: Number(countRows[0]?.n ?? 0),
    rows: rows.map((r) => {
      const deadline = rowDeadline(calendarFor(r.region), now, { status: r.status as "EN_TRAMITE", dueAt: r.dueAt });
      return {
        id: r.id,
        folio: r.folio,
        kind: r.kind,
        channel: r.channel,
        area: r.area,
        assignee: r.assignee,
        dueAt: r.dueAt.toISOString(),
        overdueBusinessDays: deadline.state === "overdue" ? deadline.businessDays : 0,
      };
    }),
  };
}

async function planProgress(institutionId: string, year: number, today: string) {
  const plan = await getPlanPage({ institutionId, year, today });
  if (!plan) return null;
  const late = await db.planScheduleItem.findMany({
    where: { activity: { plan: { institutionId, year } }, status: { not: "DONE" } },
    orderBy: [{ activity: { number: "asc" } }, { position: "asc" }],
    select: { id: true, title: true, months: true, status: true, activity: { select: { id: true, number: true, title: true } } },
  });
  return {
    pcpa: pcpa(plan.activities.map((a) => ({ executedAt: a.executedAt })), today),
    activities: plan.activities.length,
    lateItems: late.filter((i) => isScheduleItemLate(i, year, today)).map((i) => ({ id: i.id, title: i.title, months: i.months, status: i.status, activity: i.activity })),
    lateActivities: plan.activities.filter((a) => a.late > 0 || (a.deadline !== null && a.deadline < today && a.executedAt === null)).map((a) => ({ id: a.id, number: a.number, title: a.title, deadline: a.deadline, late: a.late })),
  };
}

/** The committee dashboard for a year (its months up to today) and filters. */
export async function getCommitteeDashboard(options: { institutionId: string; filters: CommitteeFilters; lng: string; now?: Date }) {
  const { institutionId, filters, lng } = options;
  const now = options.now ?? new Date();
  const today = chileToday(now);
  const year = filters.year;
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const caseFilters: CaseFilters = { channel: filters.channel, officeId: filters.officeId, tramiteId: filters.tramiteId };
  const [surveys, cases, breakdowns, overdue, plan] = await Promise.all([
    getSatisfactionResults({
      institutionId,
      filters: { from, to, page: 1, channel: filters.channel, officeId: filters.officeId, tramiteId: filters.tramiteId },
      lng,
      now,
      details: false,
      breakdowns: ["channel", "office", "tramite"],
    }),
    periodCaseCounts({ institutionId, year, filters: caseFilters, now }),
    caseBreakdowns({ institutionId, from, to, filters: caseFilters, now }),
    overdueCases(institutionId, caseFilters, now),
    planProgress(institutionId, year, today),
  ]);
  const indicators = await evaluateIndicators({ institutionId, year, filters: caseFilters, lng, now, satisfactionTrend: surveys.trend, cases });
  const surveyBreakdown = (by: "channel" | "office" | "tramite") => surveys.breakdowns.find((b) => b.by === by)?.groups;
  const offices = new Map(surveys.facets.offices.map((o) => [o.id, o]));
  const tramites = new Map(surveys.facets.tramites.map((o) => [o.id, o]));
  const trend = surveys.trend.map((m) => {
    const month = Number(m.month.slice(5, 7));
    return { month: m.month, ...caseFiguresView(cases.get("MONTH", month)), ...surveyView(m) };
  });
  const yearCases = cases.get("YEAR", 1);
  return {
    year,
    today,
    indicators,
    totals: { ...caseFiguresView(yearCases), p90Days: yearCases.p90Days, ...surveyView(surveys.overall), net: satisfaction({ ...surveys.overall, sum: 0 }).net },
    trend,
    breakdowns: {
      channel: mergeBreakdown(breakdowns.channel, surveyBreakdown("channel"), new Map()),
      office: mergeBreakdown(breakdowns.office, surveyBreakdown("office"), offices),
      tramite: mergeBreakdown(breakdowns.tramite, surveyBreakdown("tramite"), tramites),
      kind: breakdowns.kind.map((k) => ({ key: k.key, ...caseFiguresView(k) })),
    },
    plan,
    overdue,
    facets: { offices: surveys.facets.offices, tramites: surveys.facets.tramites },
  };
}

export type CommitteeDashboard = Awaited<ReturnType<typeof getCommitteeDashboard>>;
