import { db } from "~/db/client.server";
import type { TramiteInput } from "./schemas";
import { assertReferences } from "./areas.server";
import { audit } from "./audit.server";

const tramiteSelect = {
  id: true,
  code: true,
  name: true,
  description: true,
  defaultAreaId: true,
  active: true,
  defaultArea: { select: { name: true } },
} as const;

const toData = (input: TramiteInput) => ({
  code: input.code,
  name: input.name,
  description: input.description ?? "",
  defaultAreaId: input.defaultAreaId ?? null,
});

export function listTramites({ institutionId }: { institutionId: string }) {
  return db.tramite.findMany({ where: { institutionId }, orderBy: [{ active: "desc" }, { name: "asc" }], select: tramiteSelect });
}

export function getTramite({ institutionId, id }: { institutionId: string; id: string }) {
  return db.tramite.findFirst({ where: { institutionId, id }, select: tramiteSelect });
}

export async function createTramite({ institutionId, actorId, input }: { institutionId: string; actorId: string; input: TramiteInput }) {
  const data = toData(input);
  return db.$transaction(async (tx) => {
    await assertReferences(tx, institutionId, [{ field: "defaultAreaId", model: "area", id: data.defaultAreaId }]);
    const tramite = await tx.tramite.create({ data: { institutionId, ...data }, select: tramiteSelect });
    await audit(tx, { institutionId, actorId, action: "tramite.create", entity: "Tramite", entityId: tramite.id, data });
    return tramite;
  });
}

export async function updateTramite({ institutionId, actorId, id, input }: { institutionId: string; actorId: string; id: string; input: TramiteInput }) {
  const data = toData(input);
  return db.$transaction(async (tx) => {
    await assertReferences(tx, institutionId, [{ field: "defaultAreaId", model: "area", id: data.defaultAreaId }]);
    const { count } = await tx.tramite.updateMany({ where: { institutionId, id }, data });
    if (count === 0) return null;
    await audit(tx, { institutionId, actorId, action: "tramite.update", entity: "Tramite", entityId: id, data });
    return id;
  });
}

export async function setTramiteActive({ institutionId, actorId, id, active }: { institutionId: string; actorId: string; id: string; active: boolean }) {
  return db.$transaction(async (tx) => {
    const { count } = await tx.tramite.updateMany({ where: { institutionId, id }, data: { active } });
    if (count > 0) await audit(tx, { institutionId, actorId, action: active ? "tramite.activate" : "tramite.deactivate", entity: "Tramite", entityId: id });
    return count > 0;
  });
}
