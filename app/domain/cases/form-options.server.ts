// What the citizen forms offer: the trámite catalogue, the offices and the response targets.
import { db } from "~/db/client.server";
import type { CaseKindValue } from "./schemas";

type IntakeOptions = NonNullable<Awaited<ReturnType<typeof readIntakeOptions>>>;

// The last options this process read: a submission refused because the database is down is shown
// again, with what was typed, from these (routes/ingresar.$tipo.tsx).
let lastRead: IntakeOptions | null = null;

export async function getIntakeOptions() {
  const options = await readIntakeOptions();
  if (options) lastRead = options;
  return options;
}

export function lastReadIntakeOptions(): IntakeOptions | null {
  return lastRead;
}

async function readIntakeOptions() {
  const institution = await db.institution.findFirst({
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      name: true,
      retentionMonths: true,
      targetDaysConsulta: true,
      targetDaysReclamo: true,
      targetDaysSugerencia: true,
      targetDaysFelicitacion: true,
      targetDaysSolicitud: true,
    },
  });
  if (!institution) return null;
  const [tramites, offices] = await Promise.all([
    db.tramite.findMany({ where: { institutionId: institution.id, active: true }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
    db.office.findMany({ where: { institutionId: institution.id, active: true }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
  ]);
  const targetDays: Record<CaseKindValue, number> = {
    CONSULTA: institution.targetDaysConsulta,
    RECLAMO: institution.targetDaysReclamo,
    SUGERENCIA: institution.targetDaysSugerencia,
    FELICITACION: institution.targetDaysFelicitacion,
    SOLICITUD: institution.targetDaysSolicitud,
  };
  return { institutionName: institution.name, retentionMonths: institution.retentionMonths, targetDays, tramites, offices };
}
