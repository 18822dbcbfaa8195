// What filing a request needs to know about the institution — settings, catalogue, offices,
// routing rules, holidays — cached per process for a few seconds. Filing is the hottest write
// path (web, kiosk, API); re-reading five small tables for every request cost more than the
// insert itself. Admin changes apply within CACHE_MS on every instance.
import { db } from "~/db/client.server";
import { createCalendar, type Calendar, type ExtraHoliday } from "~/domain/sla/calendar";

const CACHE_MS = 5_000;

export type IntakeContext = Awaited<ReturnType<typeof loadContext>> & {
  calendarFor(region: string | null): Calendar;
};

async function loadContext(institutionId: string | undefined) {
  const institution = await db.institution.findFirst({
    where: institutionId ? { id: institutionId } : undefined,
    orderBy: { createdAt: "asc" },
  });
  if (!institution) throw new Error("no institution configured");
  const [tramites, offices, rules, holidays] = await Promise.all([
    db.tramite.findMany({ where: { institutionId: institution.id, active: true }, select: { id: true, code: true, defaultAreaId: true } }),
    db.office.findMany({ where: { institutionId: institution.id, active: true }, select: { id: true, code: true, region: true } }),
    db.routingRule.findMany({
      where: { institutionId: institution.id, active: true, area: { active: true } },
      select: { id: true, name: true, priority: true, kind: true, tramiteId: true, keywords: true, areaId: true },
      orderBy: [{ priority: "asc" }, { name: "asc" }],
    }),
    db.holiday.findMany({ where: { institutionId: institution.id }, select: { date: true, name: true, region: true } }),
  ]);
  const extraHolidays: ExtraHoliday[] = holidays.map((h) => ({ date: h.date.toISOString().slice(0, 10), name: h.name, region: h.region }));
  return { institution, tramites, offices, rules, extraHolidays };
}

const cache = new Map<string, { at: number; value: Promise<IntakeContext> }>();

export function getIntakeContext(institutionId?: string, now = Date.now()): Promise<IntakeContext> {
  const key = institutionId ?? "default";
  const hit = cache.get(key);
  if (hit && now - hit.at < CACHE_MS) return hit.value;
  const value = loadContext(institutionId).then((context) => {
    const calendars = new Map<string, Calendar>();
    return {
      ...context,
      calendarFor(region: string | null) {
        const k = region ?? "";
        let calendar = calendars.get(k);
        if (!calendar) calendars.set(k, (calendar = createCalendar({ region, extraHolidays: context.extraHolidays })));
        return calendar;
      },
    };
  });
  // A failed load is not cached: the next request tries again.
  value.catch(() => cache.delete(key));
  cache.set(key, { at: now, value });
  return value;
}

/** Forget the cached context (tests, and admin changes that must apply at once in this process). */
export function clearIntakeContext(): void {
  cache.clear();
}
