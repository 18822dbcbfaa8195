// What the public privacy notice (/privacidad) needs from the database: the institution that is
// responsible for the data, how to reach its OIRS (contact settings and active offices), and how
// long closed cases keep personal data (Institution.retentionMonths).
import { getCurrentInstitution, listPublicOffices } from "~/domain/institution/institution.server";

export async function getPrivacyNotice() {
  const institution = await getCurrentInstitution();
  if (!institution) return null;
  const { name, email, phone, address, website, retentionMonths } = institution;
  return { name, email, phone, address, website, retentionMonths, offices: await listPublicOffices(institution.id) };
}
