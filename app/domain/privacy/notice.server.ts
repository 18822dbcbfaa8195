// What the public privacy notice (/privacidad) needs from the database: the institution that is
// responsible for the data, how to reach its OIRS (contact settings and active offices), and how
// long closed cases keep personal data (Institution.retentionMonths).
import { db } from "~/db/client.server";

export async function getPrivacyNotice() {
  const institution = await db.institution.findFirst({
    orderBy: { createdAt: "asc" },
    select: { id: true, name: true, email: true, phone: true, address: true, website: true, retentionMonths: true },
  });
  if (!institution) return null;
  const offices = await db.office.findMany({
    where: { institutionId: institution.id, active: true },
    orderBy: { name: "asc" },
    select: { id: true, name: true, address: true, commune: true },
  });
  const { id: _id, ...rest } = institution;
  return { ...rest, offices };
}
