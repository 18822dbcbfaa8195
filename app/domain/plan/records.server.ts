// Plan changes (with the committee's approval date, flagged after 30 June) and difficulties and
// slack (dificultades y holguras), for the implementation report.
import { db } from "~/db/client.server";
import { audit } from "~/domain/admin/audit.server";
import { dayToDate } from "./plan.server";
import { isOutsideChangeWindow, toDay } from "./metrics";
import type { PlanChangeInput, PlanFactorInput } from "./schemas";

type Scope = { institutionId: string; actorId: string };

export async function listPlanChanges({ institutionId, year }: { institutionId: string; year: number }) {
  const rows = await db.planChange.findMany({
    where: { plan: { institutionId, year } },
    orderBy: [{ approvedAt: "asc" }, { createdAt: "asc" }],
    select: { id: true, component: true, description: true, justification: true, approvedAt: true, actaReference: true, createdAt: true },
  });
  return rows.map((r) => ({
    ...r,
    approvedAt: toDay(r.approvedAt),
    createdAt: r.createdAt.toISOString(),
    outsideWindow: isOutsideChangeWindow(r.approvedAt, year),
  }));
}

/** Records a change; returns its id and whether it falls outside the 30 June window, or null without a plan. */
export async function createPlanChange({ institutionId, actorId, input }: Scope & { input: PlanChangeInput }) {
  return db.$transaction(async (tx) => {
    const plan = await tx.plan.findFirst({ where: { institutionId, year: input.year }, select: { id: true, year: true } });
    if (!plan) return null;
    const data = {
      component: input.component,
      description: input.description,
      justification: input.justification,
      approvedAt: dayToDate(input.approvedAt),
      actaReference: input.actaReference ?? "",
    };
    const row = await tx.planChange.create({ data: { planId: plan.id, ...data }, select: { id: true } });
    const outsideWindow = isOutsideChangeWindow(input.approvedAt, plan.year);
    await audit(tx, { institutionId, actorId, action: "planChange.create", entity: "PlanChange", entityId: row.id, data: { ...data, approvedAt: input.approvedAt, outsideWindow } });
    return { id: row.id, outsideWindow };
  });
}

export async function deletePlanChange({ institutionId, actorId, id }: Scope & { id: string }) {
  return db.$transaction(async (tx) => {
    const row = await tx.planChange.findFirst({ where: { id, plan: { institutionId } }, select: { id: true, component: true, description: true, approvedAt: true } });
    if (!row) return null;
    await tx.planChange.delete({ where: { id } });
    await audit(tx, { institutionId, actorId, action: "planChange.delete", entity: "PlanChange", entityId: id, data: { ...row, approvedAt: toDay(row.approvedAt) } });
    return id;
  });
}

export async function listPlanFactors({ institutionId, year }: { institutionId: string; year: number }) {
  const rows = await db.planFactor.findMany({
    where: { plan: { institutionId, year } },
    orderBy: [{ kind: "asc" }, { createdAt: "asc" }],
    select: { id: true, kind: true, description: true, internalFactors: true, externalFactors: true, affectedComponents: true, createdAt: true },
  });
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

export async function createPlanFactor({ institutionId, actorId, input }: Scope & { input: PlanFactorInput }) {
  // The schema refuses it too; kept here so no caller can store a factor-less entry.
  if (!input.internalFactors && !input.externalFactors) throw new Error("A difficulty or slack needs at least one internal or external factor");
  return db.$transaction(async (tx) => {
    const plan = await tx.plan.findFirst({ where: { institutionId, year: input.year }, select: { id: true } });
    if (!plan) return null;
    const data = {
      kind: input.kind,
      description: input.description,
      internalFactors: input.internalFactors ?? "",
      externalFactors: input.externalFactors ?? "",
      affectedComponents: input.affectedComponents,
    };
    const row = await tx.planFactor.create({ data: { planId: plan.id, ...data }, select: { id: true } });
    await audit(tx, { institutionId, actorId, action: "planFactor.create", entity: "PlanFactor", entityId: row.id, data });
    return row.id;
  });
}

export async function deletePlanFactor({ institutionId, actorId, id }: Scope & { id: string }) {
  return db.$transaction(async (tx) => {
    const row = await tx.planFactor.findFirst({ where: { id, plan: { institutionId } }, select: { id: true, kind: true, description: true } });
    if (!row) return null;
    await tx.planFactor.delete({ where: { id } });
    await audit(tx, { institutionId, actorId, action: "planFactor.delete", entity: "PlanFactor", entityId: id, data: row });
    return id;
  });
}
