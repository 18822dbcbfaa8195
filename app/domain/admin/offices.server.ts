import { db } from "~/db/client.server";
import type { OfficeInput } from "./schemas";
import { audit } from "./audit.server";

const officeSelect = { id: true, code: true, name: true, address: true, commune: true, region: true, active: true } as const;

export function listOffices({ institutionId }: { institutionId: string }) {
  return db.office.findMany({ where: { institutionId }, orderBy: [{ active: "desc" }, { name: "asc" }], select: officeSelect });
}

export function getOffice({ institutionId, id }: { institutionId: string; id: string }) {
  return db.office.findFirst({ where: { institutionId, id }, select: officeSelect });
}

export async function createOffice({ institutionId, actorId, input }: { institutionId: string; actorId: string; input: OfficeInput }) {
  return db.$transaction(async (tx) => {
    const office = await tx.office.create({ data: { institutionId, ...input }, select: officeSelect });
    await audit(tx, { institutionId, actorId, action: "office.create", entity: "Office", entityId: office.id, data: input });
    return office;
  });
}

export async function updateOffice({ institutionId, actorId, id, input }: { institutionId: string; actorId: string; id: string; input: OfficeInput }) {
  return db.$transaction(async (tx) => {
    const { count } = await tx.office.updateMany({ where: { institutionId, id }, data: input });
    if (count === 0) return null;
    await audit(tx, { institutionId, actorId, action: "office.update", entity: "Office", entityId: id, data: input });
    return id;
  });
}

export async function setOfficeActive({ institutionId, actorId, id, active }: { institutionId: string; actorId: string; id: string; active: boolean }) {
  return db.$transaction(async (tx) => {
    const { count } = await tx.office.updateMany({ where: { institutionId, id }, data: { active } });
    if (count > 0) await audit(tx, { institutionId, actorId, action: active ? "office.activate" : "office.deactivate", entity: "Office", entityId: id });
    return count > 0;
  });
}
