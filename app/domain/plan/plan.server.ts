// The yearly improvement plan: objectives, activities and their month-by-month schedule. Every
// query is scoped to the user's institution; every change is audited in its transaction.
import { db } from "~/db/client.server";
import type { Prisma } from "~/generated/prisma/client";
import { audit } from "~/domain/admin/audit.server";
import { msg } from "~/utils/validation";
import { isScheduleItemLate, pcpa, toDay } from "./metrics";
import type { ActivityInput, PlanObjectivesInput, ScheduleItemInput } from "./schemas";

type Tx = Prisma.TransactionClient;
type Scope = { institutionId: string; actorId: string };

/** Input the database refuses for a reason the person can fix; errors are by form field. */
export class PlanInputError extends Error {
  constructor(readonly fieldErrors: Record<string, string[]>) {
    super("Invalid plan input");
  }
}

export const dayToDate = (value: string) => new Date(`${value}T00:00:00.000Z`);
const dayOrNull = (value: Date | null) => (value ? toDay(value) : null);

/** Today's calendar day in Chile ("YYYY-MM-DD"). */
export function chileToday(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "America/Santiago", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** The plan of that year, or the latest plan when no year is given. */
export async function findPlan({ institutionId, year }: { institutionId: string; year?: number | null }) {
  return db.plan.findFirst({
    where: { institutionId, ...(year ? { year } : {}) },
    orderBy: { year: "desc" },
    select: { id: true, year: true, title: true },
  });
}

export async function listPlanYears({ institutionId }: { institutionId: string }) {
  const rows = await db.plan.findMany({ where: { institutionId }, orderBy: { year: "desc" }, select: { year: true } });
  return rows.map((r) => r.year);
}

/** The plan page: objectives, activities with their progress, and the PCPA. */
export async function getPlanPage({ institutionId, year, today = chileToday() }: { institutionId: string; year: number; today?: string }) {
  const plan = await db.plan.findFirst({
    where: { institutionId, year },
    select: {
      id: true,
      year: true,
      title: true,
      generalObjective: true,
      specificObjectives: true,
      updatedAt: true,
      activities: {
        orderBy: { number: "asc" },
        select: {
          id: true,
          number: true,
          title: true,
          priority: true,
          deadline: true,
          executedAt: true,
          responsibleArea: { select: { name: true } },
          schedule: { select: { status: true, months: true } },
          _count: { select: { evidence: true } },
        },
      },
    },
  });
  if (!plan) return null;
  const activities = plan.activities.map((a) => ({
    id: a.id,
    number: a.number,
    title: a.title,
    priority: a.priority,
    deadline: dayOrNull(a.deadline),
    executedAt: dayOrNull(a.executedAt),
    responsibleArea: a.responsibleArea?.name ?? null,
    subActions: a.schedule.length,
    done: a.schedule.filter((s) => s.status === "DONE").length,
    inProgress: a.schedule.filter((s) => s.status === "IN_PROGRESS").length,
    late: a.schedule.filter((s) => isScheduleItemLate(s, plan.year, today)).length,
    evidence: a._count.evidence,
  }));
  return {
    id: plan.id,
    year: plan.year,
    title: plan.title,
    generalObjective: plan.generalObjective,
    specificObjectives: plan.specificObjectives,
    activities,
    pcpa: pcpa(plan.activities),
  };
}

export async function updatePlanObjectives({ institutionId, actorId, input }: Scope & { input: PlanObjectivesInput }) {
  const data = { title: input.title, generalObjective: input.generalObjective, specificObjectives: input.specificObjectives };
  return db.$transaction(async (tx) => {
    const plan = await tx.plan.findFirst({ where: { institutionId, year: input.year }, select: { id: true } });
    if (!plan) return null;
    await tx.plan.update({ where: { id: plan.id }, data });
    await audit(tx, { institutionId, actorId, action: "plan.update", entity: "Plan", entityId: plan.id, data });
    return plan.id;
  });
}

/** Areas and trámites to choose from in the activity form (active ones, plus the current choices). */
export async function getActivityFormOptions({ institutionId, areaId, tramiteIds = [] }: { institutionId: string; areaId?: string | null; tramiteIds?: string[] }) {
  const [areas, tramites] = await Promise.all([
    db.area.findMany({
      where: { institutionId, OR: [{ active: true }, ...(areaId ? [{ id: areaId }] : [])] },
      orderBy: { name: "asc" },
      select: { id: true, name: true },
    }),
    db.tramite.findMany({
      where: { institutionId, OR: [{ active: true }, { id: { in: tramiteIds } }] },
      orderBy: { name: "asc" },
      select: { id: true, name: true },
    }),
  ]);
  return { areas, tramites };
}

const activityDetailSelect = {
  id: true,
  planId: true,
  number: true,
  title: true,
  description: true,
  responsibleAreaId: true,
  responsibleArea: { select: { name: true } },
  responsibilities: true,
  participants: true,
  targetPopulation: true,
  targetPopulationSize: true,
  targetPopulationUnit: true,
  executionTerm: true,
  deadline: true,
  priority: true,
  verificationMeans: true,
  reportingPeriod: true,
  backupSystems: true,
  budget: true,
  executedAt: true,
  plan: { select: { year: true, title: true } },
  tramites: { orderBy: { name: "asc" }, select: { id: true, name: true } },
  schedule: { orderBy: { position: "asc" }, select: { id: true, position: true, title: true, months: true, status: true, statusDate: true } },
  evidence: {
    orderBy: { createdAt: "asc" },
    select: { id: true, description: true, format: true, url: true, fileName: true, mimeType: true, size: true, createdAt: true, uploadedBy: { select: { name: true } } },
  },
  indicators: { orderBy: { position: "asc" }, select: { id: true, code: true, name: true } },
} satisfies Prisma.PlanActivitySelect;

/** One activity with its schedule, evidence and indicators; null when not the institution's. */
export async function getActivityPage({ institutionId, id, today = chileToday() }: { institutionId: string; id: string; today?: string }) {
  const a = await db.planActivity.findFirst({ where: { id, plan: { institutionId } }, select: activityDetailSelect });
  if (!a) return null;
  return {
    ...a,
    deadline: dayOrNull(a.deadline),
    executedAt: dayOrNull(a.executedAt),
    schedule: a.schedule.map((s) => ({ ...s, statusDate: dayOrNull(s.statusDate), late: isScheduleItemLate(s, a.plan.year, today) })),
    evidence: a.evidence.map((e) => ({ ...e, createdAt: e.createdAt.toISOString(), uploadedBy: e.uploadedBy?.name ?? null })),
  };
}

function activityData(input: ActivityInput) {
  return {
    number: input.number,
    title: input.title,
    description: input.description,
    responsibleAreaId: input.responsibleAreaId ?? null,
    responsibilities: input.responsibilities ?? "",
    participants: input.participants ?? "",
    targetPopulation: input.targetPopulation ?? "",
    targetPopulationSize: input.targetPopulationSize ?? null,
    targetPopulationUnit: input.targetPopulationUnit ?? "",
    executionTerm: input.executionTerm ?? "",
    deadline: input.deadline ? dayToDate(input.deadline) : null,
    priority: input.priority,
    verificationMeans: input.verificationMeans,
    reportingPeriod: input.reportingPeriod,
    backupSystems: input.backupSystems ?? "",
    budget: input.budget ?? "",
    executedAt: input.executedAt ? dayToDate(input.executedAt) : null,
  };
}

/** The area and trámites must be the institution's; the number must be free in the plan. */
async function checkActivity(tx: Tx, institutionId: string, planId: string, input: ActivityInput, exceptId?: string) {
  const errors: Record<string, string[]> = {};
  if (input.responsibleAreaId && (await tx.area.count({ where: { institutionId, id: input.responsibleAreaId } })) === 0) {
    errors.responsibleAreaId = [msg("validation.notFound")];
  }
  const tramiteIds = [...new Set(input.tramiteIds)];
  if (tramiteIds.length && (await tx.tramite.count({ where: { institutionId, id: { in: tramiteIds } } })) !== tramiteIds.length) {
    errors.tramiteIds = [msg("validation.notFound")];
  }
  const taken = await tx.planActivity.count({ where: { planId, number: input.number, ...(exceptId ? { id: { not: exceptId } } : {}) } });
  if (taken) errors.number = [msg("plan:errors.numberTaken")];
  if (Object.keys(errors).length) throw new PlanInputError(errors);
  return tramiteIds;
}

export async function createActivity({ institutionId, actorId, input }: Scope & { input: ActivityInput }) {
  return db.$transaction(async (tx) => {
    const plan = await tx.plan.findFirst({ where: { institutionId, year: input.year }, select: { id: true } });
    if (!plan) return null;
    const tramiteIds = await checkActivity(tx, institutionId, plan.id, input);
    const data = activityData(input);
    const row = await tx.planActivity.create({
      data: { planId: plan.id, ...data, tramites: { connect: tramiteIds.map((id) => ({ id })) } },
      select: { id: true },
    });
    await audit(tx, { institutionId, actorId, action: "planActivity.create", entity: "PlanActivity", entityId: row.id, data: { ...data, tramiteIds } });
    return row.id;
  });
}

export async function updateActivity({ institutionId, actorId, id, input }: Scope & { id: string; input: ActivityInput }) {
  return db.$transaction(async (tx) => {
    const current = await tx.planActivity.findFirst({ where: { id, plan: { institutionId } }, select: { id: true, planId: true } });
    if (!current) return null;
    const tramiteIds = await checkActivity(tx, institutionId, current.planId, input, id);
    const data = activityData(input);
    await tx.planActivity.update({ where: { id }, data: { ...data, tramites: { set: tramiteIds.map((t) => ({ id: t })) } } });
    await audit(tx, { institutionId, actorId, action: "planActivity.update", entity: "PlanActivity", entityId: id, data: { ...data, tramiteIds } });
    return id;
  });
}

async function activityOf(tx: Tx, institutionId: string, activityId: string) {
  return tx.planActivity.findFirst({ where: { id: activityId, plan: { institutionId } }, select: { id: true } });
}

/** Adds a sub-action (no itemId) at the end of the schedule, or updates one. Null when not found. */
export async function saveScheduleItem({ institutionId, actorId, activityId, input }: Scope & { activityId: string; input: ScheduleItemInput }) {
  const data = {
    title: input.title,
    months: [...new Set(input.months)].sort((a, b) => a - b),
    status: input.status,
    statusDate: input.statusDate ? dayToDate(input.statusDate) : null,
  };
  return db.$transaction(async (tx) => {
    if (!(await activityOf(tx, institutionId, activityId))) return null;
    let id = input.itemId;
    if (id) {
      const { count } = await tx.planScheduleItem.updateMany({ where: { id, activityId }, data });
      if (count === 0) return null;
      await audit(tx, { institutionId, actorId, action: "planScheduleItem.update", entity: "PlanScheduleItem", entityId: id, data: { activityId, ...data } });
    } else {
      const last = await tx.planScheduleItem.aggregate({ where: { activityId }, _max: { position: true } });
      const row = await tx.planScheduleItem.create({ data: { activityId, position: (last._max.position ?? 0) + 1, ...data }, select: { id: true } });
      id = row.id;
      await audit(tx, { institutionId, actorId, action: "planScheduleItem.create", entity: "PlanScheduleItem", entityId: id, data: { activityId, ...data } });
    }
    return id;
  });
}

export async function removeScheduleItem({ institutionId, actorId, activityId, itemId }: Scope & { activityId: string; itemId: string }) {
  return db.$transaction(async (tx) => {
    if (!(await activityOf(tx, institutionId, activityId))) return null;
    const item = await tx.planScheduleItem.findFirst({ where: { id: itemId, activityId }, select: { id: true, title: true, months: true, status: true } });
    if (!item) return null;
    await tx.planScheduleItem.delete({ where: { id: itemId } });
    await audit(tx, { institutionId, actorId, action: "planScheduleItem.delete", entity: "PlanScheduleItem", entityId: itemId, data: { activityId, ...item } });
    return itemId;
  });
}
