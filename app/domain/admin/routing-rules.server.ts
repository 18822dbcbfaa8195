// Routing rules: which area new cases go to (matching is in domain/cases/routing.ts). Every change is audited.
import { db } from "~/db/client.server";
import type { Prisma } from "~/generated/prisma/client";
import { normalizeKeywords, type RoutingRuleInput } from "./schemas";
import { assertReferences, UnknownReferenceError } from "./areas.server";
import { audit } from "./audit.server";

type Tx = Prisma.TransactionClient;

const ruleSelect = {
  id: true,
  name: true,
  priority: true,
  kind: true,
  tramiteId: true,
  keywords: true,
  areaId: true,
  active: true,
  tramite: { select: { name: true } },
  area: { select: { name: true } },
} as const;

const toData = (input: RoutingRuleInput) => ({
  name: input.name,
  priority: input.priority,
  kind: input.kind ?? null,
  tramiteId: input.tramiteId ?? null,
  keywords: normalizeKeywords(input.keywords),
  areaId: input.areaId,
});

/** The area and the trámite must be the institution's (UnknownReferenceError names the field otherwise). */
async function assertRuleReferences(tx: Tx, institutionId: string, data: { areaId: string; tramiteId: string | null }) {
  await assertReferences(tx, institutionId, [{ field: "areaId", model: "area", id: data.areaId }]);
  if (data.tramiteId && (await tx.tramite.count({ where: { institutionId, id: data.tramiteId } })) === 0) {
    throw new UnknownReferenceError("tramiteId");
  }
}

/** All the institution's rules in the order they are tried (priority, then name). */
export function listRoutingRules({ institutionId }: { institutionId: string }) {
  return db.routingRule.findMany({ where: { institutionId }, orderBy: [{ priority: "asc" }, { name: "asc" }], select: ruleSelect });
}

export function getRoutingRule({ institutionId, id }: { institutionId: string; id: string }) {
  return db.routingRule.findFirst({ where: { institutionId, id }, select: ruleSelect });
}

/** Trámites to choose from in the rule form: active ones, plus the current choice even if now inactive. */
export function listTramiteOptions({ institutionId, currentId }: { institutionId: string; currentId?: string | null }) {
  return db.tramite.findMany({
    where: { institutionId, OR: [{ active: true }, ...(currentId ? [{ id: currentId }] : [])] },
    orderBy: { name: "asc" },
    select: { id: true, code: true, name: true },
  });
}

export async function createRoutingRule({ institutionId, actorId, input }: { institutionId: string; actorId: string; input: RoutingRuleInput }) {
  const data = toData(input);
  return db.$transaction(async (tx) => {
    await assertRuleReferences(tx, institutionId, data);
    const rule = await tx.routingRule.create({ data: { institutionId, ...data }, select: ruleSelect });
    await audit(tx, { institutionId, actorId, action: "routingRule.create", entity: "RoutingRule", entityId: rule.id, data });
    return rule;
  });
}

export async function updateRoutingRule({ institutionId, actorId, id, input }: { institutionId: string; actorId: string; id: string; input: RoutingRuleInput }) {
  const data = toData(input);
  return db.$transaction(async (tx) => {
    await assertRuleReferences(tx, institutionId, data);
    const { count } = await tx.routingRule.updateMany({ where: { institutionId, id }, data });
    if (count === 0) return null;
    await audit(tx, { institutionId, actorId, action: "routingRule.update", entity: "RoutingRule", entityId: id, data });
    return id;
  });
}

export async function setRoutingRuleActive({ institutionId, actorId, id, active }: { institutionId: string; actorId: string; id: string; active: boolean }) {
  return db.$transaction(async (tx) => {
    const { count } = await tx.routingRule.updateMany({ where: { institutionId, id }, data: { active } });
    if (count > 0) {
      await audit(tx, { institutionId, actorId, action: active ? "routingRule.activate" : "routingRule.deactivate", entity: "RoutingRule", entityId: id });
    }
    return count > 0;
  });
}
