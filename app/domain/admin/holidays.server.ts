// Holidays the institution adds by hand (national ones come from the SLA calendar). They are
// configuration, so they can be deleted; every change is audited.
import { db } from "~/db/client.server";
import type { Prisma } from "~/generated/prisma/client";
import type { HolidayInput } from "./schemas";
import { audit } from "./audit.server";
import { uniqueViolationFields } from "./errors.server";

type Tx = Prisma.TransactionClient;

/** Another holiday of the institution already has this date and region (or is also nationwide). */
export class DuplicateHolidayError extends Error {
  constructor() {
    super("Duplicate holiday");
  }
}

/** Whether a write failed because the date and region were taken (our check or the unique index). */
export function isDuplicateHoliday(error: unknown): boolean {
  return error instanceof DuplicateHolidayError || uniqueViolationFields(error) !== null;
}

const holidaySelect = { id: true, date: true, name: true, region: true } as const;

const toIso = (date: Date) => date.toISOString().slice(0, 10);
const toDate = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

const present = (row: { id: string; date: Date; name: string; region: string | null }) => ({
  id: row.id,
  date: toIso(row.date),
  name: row.name,
  region: row.region,
});
export type HolidayRow = ReturnType<typeof present>;

const toData = (input: HolidayInput) => ({ date: input.date, name: input.name, region: input.region ?? null });

/**
 * The unique index on (institution, date, region) treats NULL regions as distinct, so two nationwide
 * holidays on one date would both be accepted: check here, serialised per institution by an
 * advisory lock held until the transaction ends.
 */
async function assertFree(tx: Tx, institutionId: string, data: { date: string; region: string | null }, exceptId?: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`holiday:${institutionId}`}))`;
  const clash = await tx.holiday.count({
    where: { institutionId, date: toDate(data.date), region: data.region, ...(exceptId ? { NOT: { id: exceptId } } : {}) },
  });
  if (clash > 0) throw new DuplicateHolidayError();
}

/** The institution's holidays in one calendar year, by date (nationwide before regional ones). */
export async function listHolidays({ institutionId, year }: { institutionId: string; year: number }) {
  const rows = await db.holiday.findMany({
    where: { institutionId, date: { gte: toDate(`${year}-01-01`), lt: toDate(`${year + 1}-01-01`) } },
    orderBy: [{ date: "asc" }, { region: { sort: "asc", nulls: "first" } }, { name: "asc" }],
    select: holidaySelect,
  });
  return rows.map(present);
}

export async function getHoliday({ institutionId, id }: { institutionId: string; id: string }) {
  const row = await db.holiday.findFirst({ where: { institutionId, id }, select: holidaySelect });
  return row ? present(row) : null;
}

export async function createHoliday({ institutionId, actorId, input }: { institutionId: string; actorId: string; input: HolidayInput }) {
  const data = toData(input);
  return db.$transaction(async (tx) => {
    await assertFree(tx, institutionId, data);
    const holiday = await tx.holiday.create({ data: { institutionId, ...data, date: toDate(data.date) }, select: holidaySelect });
    await audit(tx, { institutionId, actorId, action: "holiday.create", entity: "Holiday", entityId: holiday.id, data });
    return present(holiday);
  });
}

export async function updateHoliday({ institutionId, actorId, id, input }: { institutionId: string; actorId: string; id: string; input: HolidayInput }) {
  const data = toData(input);
  return db.$transaction(async (tx) => {
    if ((await tx.holiday.count({ where: { institutionId, id } })) === 0) return null;
    await assertFree(tx, institutionId, data, id);
    await tx.holiday.updateMany({ where: { institutionId, id }, data: { ...data, date: toDate(data.date) } });
    await audit(tx, { institutionId, actorId, action: "holiday.update", entity: "Holiday", entityId: id, data });
    return id;
  });
}

/** Deletes one holiday; the audit entry keeps what it was. Returns the deleted holiday, or null if it is not the institution's. */
export async function deleteHoliday({ institutionId, actorId, id }: { institutionId: string; actorId: string; id: string }) {
  return db.$transaction(async (tx) => {
    const row = await tx.holiday.findFirst({ where: { institutionId, id }, select: holidaySelect });
    if (!row) return null;
    await tx.holiday.deleteMany({ where: { institutionId, id } });
    const deleted = present(row);
    await audit(tx, { institutionId, actorId, action: "holiday.delete", entity: "Holiday", entityId: id, data: { date: deleted.date, name: deleted.name, region: deleted.region } });
    return deleted;
  });
}
