// The Informe de implementación del Plan de Mejoramiento for one year, as one plain serialisable
// object: the four parts the methodology asks for (activities with their verification means,
// indicators with the committee's analysis, difficulties and slack, justified changes), plus the
// header, the objectives and the PCPA. Read by the printable page, the .docx export and the
// dissemination email worker.
import { db } from "~/db/client.server";
import type { Prisma } from "~/generated/prisma/client";
import { chileToday } from "~/domain/plan/plan.server";
import { listPlanChanges, listPlanFactors } from "~/domain/plan/records.server";
import { changeWindowEnd, isScheduleItemLate, pcpa, toDay, type PcpaResult } from "~/domain/plan/metrics";
import { evaluateIndicators } from "./indicator-values.server";
import type { EvaluatedIndicator } from "./indicator-types";

export type ReportScheduleItem = {
  title: string;
  months: number[];
  status: "PLANNED" | "IN_PROGRESS" | "DONE";
  statusDate: string | null;
  late: boolean;
};

export type ReportEvidence = {
  id: string;
  description: string;
  format: string;
  /** A stored file (downloadable at /comite/plan/evidencias/<id>) or a link. */
  kind: "file" | "link";
  fileName: string | null;
  url: string | null;
  addedAt: string;
};

export type ReportActivity = {
  id: string;
  number: number;
  title: string;
  description: string;
  responsibleArea: string | null;
  participants: string;
  executionTerm: string;
  deadline: string | null;
  executedAt: string | null;
  tramites: string[];
  /** The verification means committed in the plan (what the evidence should show). */
  committedMeans: string[];
  schedule: ReportScheduleItem[];
  scheduleSummary: { total: number; done: number; inProgress: number; planned: number; late: number };
  evidence: ReportEvidence[];
};

export type ReportFactor = Awaited<ReturnType<typeof listPlanFactors>>[number];
export type ReportChange = Awaited<ReturnType<typeof listPlanChanges>>[number];

export type ImplementationReport = {
  generatedAt: string;
  institution: { name: string; shortName: string };
  plan: { id: string; year: number; title: string; generalObjective: string; specificObjectives: string[] };
  pcpa: PcpaResult;
  /** Part 1. */
  activities: ReportActivity[];
  /** Part 2. */
  indicators: EvaluatedIndicator[];
  indicatorSummary: { total: number; met: number; notMet: number; pending: number };
  /** Part 3: difficulties first, then slack, each in the order recorded. */
  factors: ReportFactor[];
  /** Part 4, with the last day changes may be approved (30 June of the plan's year). */
  changes: ReportChange[];
  changeWindowEnd: string;
};

const reportPlanSelect = {
  id: true,
  year: true,
  title: true,
  generalObjective: true,
  specificObjectives: true,
  institution: { select: { name: true, shortName: true } },
  activities: {
    orderBy: { number: "asc" },
    select: {
      id: true,
      number: true,
      title: true,
      description: true,
      participants: true,
      executionTerm: true,
      deadline: true,
      executedAt: true,
      verificationMeans: true,
      responsibleArea: { select: { name: true } },
      tramites: { orderBy: { name: "asc" }, select: { name: true } },
      schedule: { orderBy: { position: "asc" }, select: { title: true, months: true, status: true, statusDate: true } },
      evidence: { orderBy: { createdAt: "asc" }, select: { id: true, description: true, format: true, url: true, fileName: true, storageKey: true, createdAt: true } },
    },
  },
} satisfies Prisma.PlanSelect;

const dayOrNull = (value: Date | null) => (value ? toDay(value) : null);

/**
 * The implementation report of the institution's plan for `year` (null: the latest plan), as of
 * `now`; null when there is no such plan.
 */
export async function getImplementationReport({ institutionId, year, now = new Date() }: { institutionId: string; year: number | null; now?: Date }): Promise<ImplementationReport | null> {
  const plan = await db.plan.findFirst({
    where: { institutionId, ...(year === null ? {} : { year }) },
    orderBy: { year: "desc" },
    select: reportPlanSelect,
  });
  if (!plan) return null;
  const [indicators, factors, changes] = await Promise.all([
    evaluateIndicators({ institutionId, year: plan.year, now }),
    listPlanFactors({ institutionId, year: plan.year }),
    listPlanChanges({ institutionId, year: plan.year }),
  ]);
  const today = chileToday(now);
  // As of today, or the year's last day once it is over: the same PCPA as the indicator's yearly value.
  const yearEnd = `${plan.year}-12-31`;
  const asOf = yearEnd < today ? yearEnd : today;
  const activities = plan.activities.map((a): ReportActivity => {
    const schedule = a.schedule.map((s) => ({
      title: s.title,
      months: s.months,
      status: s.status,
      statusDate: dayOrNull(s.statusDate),
      late: isScheduleItemLate(s, plan.year, today),
    }));
    return {
      id: a.id,
      number: a.number,
      title: a.title,
      description: a.description,
      responsibleArea: a.responsibleArea?.name ?? null,
      participants: a.participants,
      executionTerm: a.executionTerm,
      deadline: dayOrNull(a.deadline),
      executedAt: dayOrNull(a.executedAt),
      tramites: a.tramites.map((t) => t.name),
      committedMeans: a.verificationMeans,
      schedule,
      scheduleSummary: {
        total: schedule.length,
        done: schedule.filter((s) => s.status === "DONE").length,
        inProgress: schedule.filter((s) => s.status === "IN_PROGRESS").length,
        planned: schedule.filter((s) => s.status === "PLANNED").length,
        late: schedule.filter((s) => s.late).length,
      },
      evidence: a.evidence.map((e) => ({
        id: e.id,
        description: e.description,
        format: e.format,
        kind: e.storageKey ? "file" : "link",
        fileName: e.fileName,
        url: e.url,
        addedAt: e.createdAt.toISOString(),
      })),
    };
  });
  const evaluated = indicators ?? [];
  return {
    generatedAt: now.toISOString(),
    institution: plan.institution,
    plan: { id: plan.id, year: plan.year, title: plan.title, generalObjective: plan.generalObjective, specificObjectives: plan.specificObjectives },
    pcpa: pcpa(plan.activities, asOf),
    activities,
    indicators: evaluated,
    indicatorSummary: {
      total: evaluated.length,
      met: evaluated.filter((i) => i.year.met === true).length,
      notMet: evaluated.filter((i) => i.year.met === false).length,
      pending: evaluated.filter((i) => i.year.met === null).length,
    },
    factors,
    changes,
    changeWindowEnd: changeWindowEnd(plan.year),
  };
}
