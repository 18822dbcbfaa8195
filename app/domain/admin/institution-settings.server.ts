import { db } from "~/db/client.server";
import type { InstitutionSettingsInput } from "./schemas";
import { audit } from "./audit.server";

const settingsSelect = {
  name: true,
  shortName: true,
  logoUrl: true,
  email: true,
  phone: true,
  address: true,
  website: true,
  folioPrefix: true,
  targetDaysConsulta: true,
  targetDaysReclamo: true,
  targetDaysSugerencia: true,
  targetDaysFelicitacion: true,
  targetDaysSolicitud: true,
  positiveScoreMin: true,
  retentionMonths: true,
} as const;

export function getInstitutionSettings({ institutionId }: { institutionId: string }) {
  return db.institution.findUnique({ where: { id: institutionId }, select: settingsSelect });
}

export async function updateInstitutionSettings({ institutionId, actorId, input }: { institutionId: string; actorId: string; input: InstitutionSettingsInput }) {
  const data = {
    ...input,
    logoUrl: input.logoUrl ?? null,
    email: input.email ?? null,
    phone: input.phone ?? null,
    address: input.address ?? null,
    website: input.website ?? null,
  };
  return db.$transaction(async (tx) => {
    const { count } = await tx.institution.updateMany({ where: { id: institutionId }, data });
    if (count === 0) return null;
    await audit(tx, { institutionId, actorId, action: "institution.update", entity: "Institution", entityId: institutionId, data });
    return institutionId;
  });
}
