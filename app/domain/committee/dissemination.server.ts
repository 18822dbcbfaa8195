// Dissemination (difusión) of the implementation report, the database part: the plan year's
// recipient list (add, remove, import from a spreadsheet, export), and the record of each
// dissemination, which can email the report to every recipient with an address through the outbox
// in the same transaction. Every query is scoped to the user's institution; every change is audited.
import { db } from "~/db/client.server";
import type { Prisma } from "~/generated/prisma/client";
import { audit } from "~/domain/admin/audit.server";
import { enqueueEmail } from "~/domain/notify/outbox.server";
import { toDay } from "~/domain/plan/metrics";
import { dayToDate } from "~/domain/plan/plan.server";
import type { Language } from "~/i18n/config";
import { countByCategory, type DisseminationInput, type ImportMode, type RecipientInput, type RecipientRow, type ReportAttachment, type RowError } from "./dissemination";
import { renderDisseminationEmail } from "./dissemination-email.server";

type Tx = Prisma.TransactionClient;
type Scope = { institutionId: string; actorId: string };

const RECIPIENT_SELECT = { id: true, name: true, cargo: true, area: true, category: true, email: true } as const;
const RECIPIENT_ORDER: Prisma.DisseminationRecipientOrderByWithRelationInput[] = [{ category: "asc" }, { area: "asc" }, { name: "asc" }, { id: "asc" }];

/** The page: the list with its counts per category, and the disseminations recorded (newest first). */
export async function getDisseminationPage({ institutionId, year }: { institutionId: string; year: number }) {
  const plan = await db.plan.findFirst({ where: { institutionId, year }, select: { id: true } });
  if (!plan) return null;
  const [recipients, disseminations] = await Promise.all([
    db.disseminationRecipient.findMany({ where: { planId: plan.id }, orderBy: RECIPIENT_ORDER, select: RECIPIENT_SELECT }),
    db.dissemination.findMany({
      where: { planId: plan.id },
      orderBy: [{ date: "desc" }, { createdAt: "desc" }],
      select: { id: true, date: true, means: true, notes: true, emailedCount: true, createdAt: true },
    }),
  ]);
  return {
    recipients,
    counts: countByCategory(recipients),
    withEmail: recipients.filter((r) => r.email).length,
    disseminations: disseminations.map((d) => ({ ...d, date: toDay(d.date), createdAt: d.createdAt.toISOString() })),
  };
}

async function planIn(tx: Tx, institutionId: string, year: number) {
  return tx.plan.findFirst({ where: { institutionId, year }, select: { id: true, year: true } });
}

export type AddRecipientOutcome = { kind: "ok"; id: string } | { kind: "notFound" } | { kind: "invalid"; fieldErrors: Record<string, string[]> };

export async function addRecipient({ institutionId, actorId, input }: Scope & { input: RecipientInput }): Promise<AddRecipientOutcome> {
  return db.$transaction(async (tx) => {
    const plan = await planIn(tx, institutionId, input.year);
    if (!plan) return { kind: "notFound" };
    if (input.email) {
      const taken = await tx.disseminationRecipient.findFirst({ where: { planId: plan.id, email: { equals: input.email, mode: "insensitive" } }, select: { id: true } });
      if (taken) return { kind: "invalid", fieldErrors: { email: ["dissemination:errors.emailInList"] } };
    }
    const data = { name: input.name, cargo: input.cargo, area: input.area ?? "", category: input.category, email: input.email ?? null };
    const row = await tx.disseminationRecipient.create({ data: { planId: plan.id, ...data }, select: { id: true } });
    await audit(tx, { institutionId, actorId, action: "disseminationRecipient.create", entity: "DisseminationRecipient", entityId: row.id, data: { year: plan.year, ...data } });
    return { kind: "ok", id: row.id };
  });
}

export async function removeRecipient({ institutionId, actorId, id }: Scope & { id: string }): Promise<string | null> {
  return db.$transaction(async (tx) => {
    const row = await tx.disseminationRecipient.findFirst({ where: { id, plan: { institutionId } }, select: { ...RECIPIENT_SELECT, plan: { select: { year: true } } } });
    if (!row) return null;
    await tx.disseminationRecipient.delete({ where: { id } });
    const { plan, ...data } = row;
    await audit(tx, { institutionId, actorId, action: "disseminationRecipient.delete", entity: "DisseminationRecipient", entityId: id, data: { year: plan.year, ...data } });
    return id;
  });
}

export type ImportOutcome = { kind: "ok"; imported: number; removed: number } | { kind: "notFound" } | { kind: "invalid"; errors: RowError[] };

/**
 * Replaces the year's list with these recipients, or appends them, in one transaction. Appending
 * refuses (and writes nothing) when a row's email is already in the list.
 */
export async function importRecipients({
  institutionId,
  actorId,
  year,
  mode,
  recipients,
}: Scope & { year: number; mode: ImportMode; recipients: Array<RecipientRow & { row: number }> }): Promise<ImportOutcome> {
  return db.$transaction(async (tx) => {
    const plan = await planIn(tx, institutionId, year);
    if (!plan) return { kind: "notFound" };
    if (mode === "append") {
      const emails = recipients.map((r) => r.email).filter((e): e is string => Boolean(e));
      if (emails.length) {
        const existing = await tx.disseminationRecipient.findMany({ where: { planId: plan.id, email: { not: null } }, select: { email: true } });
        const taken = new Set(existing.map((e) => e.email!.toLowerCase()));
        const errors: RowError[] = recipients
          .filter((r) => r.email && taken.has(r.email.toLowerCase()))
          .map((r) => ({ row: r.row, field: "email", message: "dissemination:errors.emailInList", value: r.email! }));
        if (errors.length) return { kind: "invalid", errors };
      }
    }
    const removed = mode === "replace" ? (await tx.disseminationRecipient.deleteMany({ where: { planId: plan.id } })).count : 0;
    await tx.disseminationRecipient.createMany({
      data: recipients.map((r) => ({ planId: plan.id, name: r.name, cargo: r.cargo, area: r.area, category: r.category, email: r.email })),
    });
    await audit(tx, {
      institutionId,
      actorId,
      action: "disseminationRecipient.import",
      entity: "Plan",
      entityId: plan.id,
      data: { year: plan.year, mode, imported: recipients.length, removed, counts: countByCategory(recipients) },
    });
    return { kind: "ok", imported: recipients.length, removed };
  });
}

/** The list for the spreadsheet export, and optionally one dissemination's date and means; null without a plan (or that dissemination). */
/**
 * The year's recipient list for the workbook. Names and emails are personal data: each export is
 * recorded in the audit log (who, when, from where, how many rows).
 */
export async function recipientsForExport({
  institutionId,
  actorId,
  ip,
  year,
  disseminationId,
}: {
  institutionId: string;
  actorId: string;
  ip: string | null;
  year: number;
  disseminationId?: string | null;
}) {
  const plan = await db.plan.findFirst({ where: { institutionId, year }, select: { id: true } });
  if (!plan) return null;
  let dissemination: { date: string; means: string } | null = null;
  if (disseminationId) {
    const d = await db.dissemination.findFirst({ where: { id: disseminationId, planId: plan.id }, select: { date: true, means: true } });
    if (!d) return null;
    dissemination = { date: toDay(d.date), means: d.means };
  }
  const recipients: RecipientRow[] = await db.disseminationRecipient.findMany({ where: { planId: plan.id }, orderBy: RECIPIENT_ORDER, select: { name: true, cargo: true, area: true, category: true, email: true } });
  await audit(db, {
    institutionId,
    actorId,
    action: "dissemination.recipients_export",
    entity: "Plan",
    entityId: plan.id,
    data: { year, disseminationId: disseminationId ?? null, rows: recipients.length },
    ip,
  });
  return { recipients, dissemination };
}

export type RecordOutcome = { kind: "ok"; id: string; emailed: number } | { kind: "notFound" } | { kind: "invalid"; fieldErrors: Record<string, string[]> };

/** The outbox dedupe key of one recipient's email of one dissemination: each is enqueued at most once. */
export const disseminationEmailKey = (disseminationId: string, recipientId: string) => `dissemination:${disseminationId}:${recipientId}`;

/**
 * Records a dissemination. With `sendEmail`, in the same transaction, one outbox email per recipient
 * with an address, each carrying the implementation report as an attachment descriptor that the
 * worker turns into the .docx when it sends (the bytes are never stored in the outbox).
 */
export async function recordDissemination({
  institutionId,
  actorId,
  input,
  lng,
}: Scope & { input: DisseminationInput; lng: Language }): Promise<RecordOutcome> {
  return db.$transaction(async (tx) => {
    const plan = await planIn(tx, institutionId, input.year);
    if (!plan) return { kind: "notFound" };
    const recipients = input.sendEmail
      ? await tx.disseminationRecipient.findMany({ where: { planId: plan.id, email: { not: null } }, orderBy: RECIPIENT_ORDER, select: { id: true, name: true, category: true, email: true } })
      : [];
    if (input.sendEmail && recipients.length === 0) return { kind: "invalid", fieldErrors: { sendEmail: ["dissemination:errors.noEmails"] } };
    const institution = await tx.institution.findUniqueOrThrow({ where: { id: institutionId }, select: { name: true } });
    const data = { date: dayToDate(input.date), means: input.means, notes: input.notes ?? "" };
    const row = await tx.dissemination.create({ data: { planId: plan.id, ...data }, select: { id: true } });
    let emailed = 0;
    const attachment: ReportAttachment = { kind: "implementation-report", year: plan.year, lng };
    for (const r of recipients) {
      const email = renderDisseminationEmail({ locale: lng, institutionName: institution.name, year: plan.year, recipient: r, notes: data.notes });
      const queued = await enqueueEmail(tx, {
        institutionId,
        dedupeKey: disseminationEmailKey(row.id, r.id),
        to: r.email!,
        ...email,
        kind: "dissemination-report",
        attachments: [attachment],
      });
      if (queued) emailed++;
    }
    if (emailed) await tx.dissemination.update({ where: { id: row.id }, data: { emailedCount: emailed } });
    await audit(tx, {
      institutionId,
      actorId,
      action: "dissemination.create",
      entity: "Dissemination",
      entityId: row.id,
      data: { year: plan.year, date: input.date, means: data.means, notes: data.notes, emailed },
    });
    return { kind: "ok", id: row.id, emailed };
  });
}

/**
 * Deletes a dissemination recorded by mistake. One that emailed the report stays: its emails are
 * queued or sent and the record is their evidence ("emailed", nothing written).
 */
export async function removeDissemination({ institutionId, actorId, id }: Scope & { id: string }): Promise<"ok" | "notFound" | "emailed"> {
  return db.$transaction(async (tx) => {
    const row = await tx.dissemination.findFirst({
      where: { id, plan: { institutionId } },
      select: { id: true, date: true, means: true, notes: true, emailedCount: true, plan: { select: { year: true } } },
    });
    if (!row) return "notFound";
    if (row.emailedCount > 0) return "emailed";
    await tx.dissemination.delete({ where: { id } });
    await audit(tx, {
      institutionId,
      actorId,
      action: "dissemination.delete",
      entity: "Dissemination",
      entityId: id,
      data: { year: row.plan.year, date: toDay(row.date), means: row.means, notes: row.notes },
    });
    return "ok";
  });
}
