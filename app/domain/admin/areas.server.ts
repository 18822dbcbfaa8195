import { db } from "~/db/client.server";
import type { Prisma } from "~/generated/prisma/client";
import type { AreaInput } from "./schemas";
import { audit } from "./audit.server";

/** A submitted id (head, area, office) that does not belong to the institution. */
export class UnknownReferenceError extends Error {
  constructor(readonly field: string) {
    super(`Unknown reference: ${field}`);
  }
}

/** The form field whose id was not found, or null for any other error. */
export function unknownReferenceField(error: unknown): string | null {
  return error instanceof UnknownReferenceError ? error.field : null;
}

type Tx = Prisma.TransactionClient;
type Where = { institutionId: string; id: string };

const counters = {
  user: (tx: Tx, where: Where) => tx.user.count({ where }),
  area: (tx: Tx, where: Where) => tx.area.count({ where }),
  office: (tx: Tx, where: Where) => tx.office.count({ where }),
};

/** Throws UnknownReferenceError unless every given id is a row of the institution. */
export async function assertReferences(tx: Tx, institutionId: string, references: Array<{ field: string; model: keyof typeof counters; id: string | null }>) {
  for (const { field, model, id } of references) {
    if (id && (await counters[model](tx, { institutionId, id })) === 0) throw new UnknownReferenceError(field);
  }
}

const areaSelect = {
  id: true,
  code: true,
  name: true,
  email: true,
  headId: true,
  active: true,
  head: { select: { name: true } },
} as const;

const toData = (input: AreaInput) => ({ code: input.code, name: input.name, email: input.email ?? null, headId: input.headId ?? null });

export function listAreas({ institutionId }: { institutionId: string }) {
  return db.area.findMany({ where: { institutionId }, orderBy: [{ active: "desc" }, { name: "asc" }], select: areaSelect });
}

export function getArea({ institutionId, id }: { institutionId: string; id: string }) {
  return db.area.findFirst({ where: { institutionId, id }, select: areaSelect });
}

/** Areas to choose from in other forms: active ones, plus the current choice even if now inactive. */
export function listAreaOptions({ institutionId, currentId }: { institutionId: string; currentId?: string | null }) {
  return db.area.findMany({
    where: { institutionId, OR: [{ active: true }, ...(currentId ? [{ id: currentId }] : [])] },
    orderBy: { name: "asc" },
    select: { id: true, code: true, name: true },
  });
}

export async function createArea({ institutionId, actorId, input }: { institutionId: string; actorId: string; input: AreaInput }) {
  const data = toData(input);
  return db.$transaction(async (tx) => {
    await assertReferences(tx, institutionId, [{ field: "headId", model: "user", id: data.headId }]);
    const area = await tx.area.create({ data: { institutionId, ...data }, select: areaSelect });
    await audit(tx, { institutionId, actorId, action: "area.create", entity: "Area", entityId: area.id, data });
    return area;
  });
}

export async function updateArea({ institutionId, actorId, id, input }: { institutionId: string; actorId: string; id: string; input: AreaInput }) {
  const data = toData(input);
  return db.$transaction(async (tx) => {
    await assertReferences(tx, institutionId, [{ field: "headId", model: "user", id: data.headId }]);
    const { count } = await tx.area.updateMany({ where: { institutionId, id }, data });
    if (count === 0) return null;
    await audit(tx, { institutionId, actorId, action: "area.update", entity: "Area", entityId: id, data });
    return id;
  });
}

export async function setAreaActive({ institutionId, actorId, id, active }: { institutionId: string; actorId: string; id: string; active: boolean }) {
  return db.$transaction(async (tx) => {
    const { count } = await tx.area.updateMany({ where: { institutionId, id }, data: { active } });
    if (count > 0) await audit(tx, { institutionId, actorId, action: active ? "area.activate" : "area.deactivate", entity: "Area", entityId: id });
    return count > 0;
  });
}
