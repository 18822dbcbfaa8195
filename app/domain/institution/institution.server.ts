import { db } from "~/db/client.server";

// A deployment serves one institution today; every row already carries institutionId so a
// later version can pick the institution by host name here.
export const publicInstitutionSelect = {
  id: true,
  name: true,
  shortName: true,
  logoUrl: true,
  email: true,
  phone: true,
  address: true,
  website: true,
  folioPrefix: true,
  // How long closed cases keep personal data: published on the privacy notice.
  retentionMonths: true,
} as const;

export async function getCurrentInstitution() {
  return db.institution.findFirst({ orderBy: { createdAt: "asc" }, select: publicInstitutionSelect });
}

export async function listPublicOffices(institutionId: string) {
  return db.office.findMany({
    where: { institutionId, active: true },
    orderBy: { name: "asc" },
    select: { id: true, name: true, address: true, commune: true, region: true },
  });
}
