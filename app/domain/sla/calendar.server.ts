// Builds the business-day calendar for an institution: national holidays (date-holidays) plus the
// ones the institution added, regional ones only for an office in that region.
import { db } from "~/db/client.server";
import { createCalendar, type Calendar } from "./calendar";

export async function loadCalendar(options: { institutionId: string; region?: string | null }): Promise<Calendar> {
  const holidays = await db.holiday.findMany({
    where: { institutionId: options.institutionId },
    select: { date: true, name: true, region: true },
  });
  return createCalendar({
    region: options.region ?? null,
    extraHolidays: holidays.map((h) => ({ date: h.date.toISOString().slice(0, 10), name: h.name, region: h.region })),
  });
}
