// Figures for each role's landing page. Counts run in SQL; visibility goes into the where.
import { db } from "~/db/client.server";
import type { SessionUser } from "~/domain/auth/session.server";
import { can } from "~/domain/auth/permissions";

const OPEN_STATUSES = ["INGRESADA", "ASIGNADA", "EN_TRAMITE", "ESPERA_CIUDADANO", "REABIERTA"] as const;

export async function getCaseWorkload(user: SessionUser) {
  const scope = can(user.role, "cases:all-areas")
    ? { institutionId: user.institutionId }
    : { institutionId: user.institutionId, areaId: user.areaId ?? "00000000-0000-0000-0000-000000000000" };
  const open = { ...scope, status: { in: [...OPEN_STATUSES] } };
  const [openCount, overdueCount] = await Promise.all([
    db.case.count({ where: open }),
    db.case.count({ where: { ...open, dueAt: { lt: new Date() } } }),
  ]);
  return { openCount, overdueCount, areaScoped: !can(user.role, "cases:all-areas"), hasArea: Boolean(user.areaId) };
}

export async function getPlanOverview(institutionId: string, year: number) {
  return db.plan.findUnique({
    where: { institutionId_year: { institutionId, year } },
    select: {
      year: true,
      title: true,
      generalObjective: true,
      activities: {
        orderBy: { number: "asc" },
        select: { id: true, number: true, title: true, priority: true, responsibleArea: { select: { name: true } } },
      },
      indicators: { orderBy: { position: "asc" }, select: { code: true, name: true, target: true, source: true } },
    },
  });
}

export async function getAdminCounts(institutionId: string) {
  const where = { institutionId };
  const [offices, areas, users, tramites] = await Promise.all([
    db.office.count({ where }),
    db.area.count({ where }),
    db.user.count({ where }),
    db.tramite.count({ where }),
  ]);
  return { offices, areas, users, tramites };
}
