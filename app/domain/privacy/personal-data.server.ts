// The staff tool for a person's rights over their data (/gestion/datos-personales; OIRS officers and
// administrators): find their cases by RUT or email, export everything stored about them (access),
// correct a case's contact data (rectification), anonymise closed cases now (deletion). Every
// call that shows or changes the person's data writes one AuditLog row (who, when, from where,
// what was searched, why, which cases) in the same transaction; corrections and anonymisations
// also write an event in each case's timeline. Every query is scoped to the user's institution.
import { db } from "~/db/client.server";
import { Prisma } from "~/generated/prisma/client";
import { audit } from "~/domain/admin/audit.server";
import type { CaseKindValue } from "~/domain/cases/schemas";
import { anonymiseLockedCases } from "./anonymise.server";
import {
  buildPersonalDataExport,
  changedFields,
  exportFileName,
  isClosedStatus,
  rectificationErrors,
  type ExportCaseRow,
  type PersonQuery,
  type PersonalDataExport,
  type RectifyInput,
} from "./personal-data";

type Tx = Prisma.TransactionClient;

/** Who acts, and from where (for the audit log). */
export type PersonalDataActor = { institutionId: string; id: string; name: string; ip?: string | null };

/** A results page lists at most this many of the person's cases (newest first). */
export const LIST_LIMIT = 200;
/** An export holds at most this many cases. */
export const EXPORT_LIMIT = 2000;

const TX_OPTIONS = { maxWait: 10_000, timeout: 120_000 };

function personWhere(institutionId: string, query: PersonQuery): Prisma.CaseWhereInput {
  // Both are stored normalised (RUT "12345678-5", email lower-cased) by every intake channel, so
  // the match is exact and uses the citizenRut / citizenEmail indexes.
  return query.kind === "rut" ? { institutionId, citizenRut: query.value } : { institutionId, citizenEmail: query.value };
}

function personSql(query: PersonQuery): Prisma.Sql {
  return query.kind === "rut" ? Prisma.sql`"citizenRut" = ${query.value}` : Prisma.sql`"citizenEmail" = ${query.value}`;
}

const LIST_SELECT = {
  id: true,
  folio: true,
  kind: true,
  channel: true,
  status: true,
  receivedAt: true,
  closedAt: true,
  replyChannel: true,
  citizenName: true,
  citizenRut: true,
  citizenEmail: true,
  citizenPhone: true,
  citizenAddress: true,
} as const;

export type PersonCase = Prisma.CaseGetPayload<{ select: typeof LIST_SELECT }> & {
  /** Closed (CERRADA, DERIVADA, DESISTIDA): may be anonymised now. */
  closed: boolean;
};

export type PersonCases = { query: PersonQuery; cases: PersonCase[]; truncated: boolean };

async function listPersonCases(tx: Tx, institutionId: string, query: PersonQuery): Promise<PersonCases> {
  const rows = await tx.case.findMany({
    where: personWhere(institutionId, query),
    orderBy: [{ receivedAt: "desc" }, { id: "asc" }],
    take: LIST_LIMIT + 1,
    select: LIST_SELECT,
  });
  const cases = rows.slice(0, LIST_LIMIT).map((c) => ({ ...c, closed: isClosedStatus(c.status) }));
  return { query, cases, truncated: rows.length > LIST_LIMIT };
}

function auditEntry(actor: PersonalDataActor, action: string, query: PersonQuery, reason: string, data: Record<string, unknown> = {}, entityId: string | null = null) {
  return {
    institutionId: actor.institutionId,
    actorId: actor.id,
    action,
    entity: "Case",
    entityId,
    ip: actor.ip ?? null,
    data: { by: query.kind, query: query.value, reason, ...data },
  };
}

async function listAndAudit(tx: Tx, actor: PersonalDataActor, query: PersonQuery, reason: string, step?: string): Promise<PersonCases> {
  const found = await listPersonCases(tx, actor.institutionId, query);
  const data = { ...(step ? { step } : {}), count: found.cases.length, truncated: found.truncated, folios: found.cases.map((c) => c.folio) };
  await audit(tx, auditEntry(actor, "personalData.search", query, reason, data));
  return found;
}

/**
 * The person's cases (search). Audited: `personalData.search` with the folios shown; `step` says
 * why the list was shown again (a form sent back with errors).
 */
export async function searchPersonCases(options: { actor: PersonalDataActor; query: PersonQuery; reason: string; step?: string }): Promise<PersonCases> {
  const { actor, query, reason } = options;
  return db.$transaction((tx) => listAndAudit(tx, actor, query, reason, options.step), TX_OPTIONS);
}

/** Everything stored about the person, as a JSON document (access right). Audited: `personalData.export`. */
export async function exportPersonalData(options: {
  actor: PersonalDataActor;
  query: PersonQuery;
  reason: string;
  now?: Date;
}): Promise<{ document: PersonalDataExport; fileName: string }> {
  const { actor, query, reason } = options;
  const now = options.now ?? new Date();
  return db.$transaction(async (tx) => {
    const institution = await tx.institution.findUniqueOrThrow({ where: { id: actor.institutionId }, select: { name: true, email: true, phone: true, address: true } });
    const rows = await tx.case.findMany({
      where: personWhere(actor.institutionId, query),
      orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
      take: EXPORT_LIMIT,
      select: {
        folio: true,
        kind: true,
        channel: true,
        status: true,
        outcome: true,
        submittedAt: true,
        receivedAt: true,
        dueAt: true,
        respondedAt: true,
        closedAt: true,
        derivedTo: true,
        anonymous: true,
        citizenName: true,
        citizenRut: true,
        citizenEmail: true,
        citizenPhone: true,
        citizenAddress: true,
        citizenCommune: true,
        citizenRegion: true,
        citizenGender: true,
        citizenAgeRange: true,
        replyChannel: true,
        locale: true,
        subject: true,
        description: true,
        office: { select: { name: true } },
        area: { select: { name: true } },
        tramite: { select: { name: true } },
        attachments: { orderBy: { createdAt: "asc" }, select: { fileName: true, mimeType: true, size: true, createdAt: true } },
        events: { where: { public: true }, orderBy: { createdAt: "asc" }, select: { type: true, createdAt: true, message: true, data: true } },
        responses: { orderBy: { createdAt: "asc" }, select: { createdAt: true, mainScore: true, answers: true, comment: true } },
      },
    });
    const cases: ExportCaseRow[] = rows.map(({ office, area, tramite, ...c }) => ({ ...c, office: office?.name ?? null, area: area?.name ?? null, tramite: tramite?.name ?? null }));
    const document = buildPersonalDataExport({ institution, query, generatedAt: now, cases });
    await audit(tx, auditEntry(actor, "personalData.export", query, reason, { count: cases.length, folios: cases.map((c) => c.folio) }));
    return { document, fileName: exportFileName(query, now) };
  }, TX_OPTIONS);
}

export type RectifyOutcome =
  | { kind: "ok"; folio: string; fields: string[]; found: PersonCases }
  | { kind: "notFound" }
  | { kind: "invalid"; fieldErrors: Record<string, string[]>; formErrors: string[]; found: PersonCases };

/**
 * Corrects a case's contact data (rectification right), for a case of the person searched that is
 * not anonymised. The intake form's contact rules apply for the case's kind and reply channel.
 * Writes a RECTIFIED event (internal; which fields, never their values) and `personalData.rectify`.
 */
export async function rectifyContact(options: { actor: PersonalDataActor; query: PersonQuery; reason: string; input: RectifyInput; now?: Date }): Promise<RectifyOutcome> {
  const { actor, query, reason, input } = options;
  const now = options.now ?? new Date();
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT "id" FROM "Case"
       WHERE "id" = ${input.caseId}::uuid AND "institutionId" = ${actor.institutionId}::uuid
         AND "anonymizedAt" IS NULL AND ${personSql(query)}
         FOR UPDATE`;
    if (locked.length === 0) return { kind: "notFound" as const };
    const c = await tx.case.findUniqueOrThrow({
      where: { id: input.caseId },
      select: { folio: true, kind: true, replyChannel: true, citizenName: true, citizenEmail: true, citizenPhone: true, citizenAddress: true },
    });
    const fieldErrors = rectificationErrors({ kind: c.kind as CaseKindValue, replyChannel: c.replyChannel }, input);
    const after = { name: input.name, email: input.email ?? null, phone: input.phone ?? null, address: input.address ?? null };
    const fields = changedFields({ name: c.citizenName, email: c.citizenEmail, phone: c.citizenPhone, address: c.citizenAddress }, after);
    if (Object.keys(fieldErrors).length > 0 || fields.length === 0) {
      const found = await listAndAudit(tx, actor, query, reason, "rectify-refused");
      return { kind: "invalid" as const, fieldErrors, formErrors: fields.length === 0 && Object.keys(fieldErrors).length === 0 ? ["personaldata:errors.unchanged"] : [], found };
    }
    await tx.case.update({
      where: { id: input.caseId },
      data: { citizenName: after.name, citizenEmail: after.email, citizenPhone: after.phone, citizenAddress: after.address, updatedAt: now },
    });
    await tx.caseEvent.create({
      data: { caseId: input.caseId, type: "RECTIFIED", public: false, actorId: actor.id, actorLabel: actor.name, data: { fields }, createdAt: now },
    });
    await audit(tx, auditEntry(actor, "personalData.rectify", query, reason, { folio: c.folio, fields }, input.caseId));
    return { kind: "ok" as const, folio: c.folio, fields, found: await listPersonCases(tx, actor.institutionId, query) };
  }, TX_OPTIONS);
}

export type ReviewOutcome =
  | { kind: "ok"; found: PersonCases; selected: PersonCase[] }
  | { kind: "open"; found: PersonCases; open: string[] }
  | { kind: "notFound" };

const unique = (ids: string[]) => [...new Set(ids)];

/**
 * The confirmation step of the deletion right: the selected cases, all of the person's. Cases
 * still open (the duty to answer is still running, Ley 19.880) are refused here already.
 * Audited as a search (`step: anonymise-review`): the page shows the person's cases again.
 */
export async function reviewAnonymisation(options: { actor: PersonalDataActor; query: PersonQuery; reason: string; caseIds: string[] }): Promise<ReviewOutcome> {
  const { actor, query, reason } = options;
  const ids = unique(options.caseIds);
  return db.$transaction(async (tx) => {
    const listed = await listPersonCases(tx, actor.institutionId, query);
    const selected = listed.cases.filter((c) => ids.includes(c.id));
    if (selected.length !== ids.length) return { kind: "notFound" as const };
    const found = await listAndAudit(tx, actor, query, reason, "anonymise-review");
    const open = selected.filter((c) => !c.closed).map((c) => c.folio);
    return open.length ? { kind: "open" as const, found, open } : { kind: "ok" as const, found, selected };
  }, TX_OPTIONS);
}

export type AnonymiseRequestOutcome =
  | { kind: "ok"; folios: string[]; files: number; found: PersonCases }
  | { kind: "notFound" }
  | { kind: "open"; open: string[]; found: PersonCases }
  | { kind: "filesFailed"; folios: string[]; found: PersonCases };

class FilesFailed extends Error {
  constructor(public readonly folios: string[]) {
    super(`could not delete the files of ${folios.join(", ")}`);
  }
}

/**
 * Anonymises the selected cases of the person now (deletion right), all or none: every one must be
 * the person's, not anonymised and closed — an open case is refused (the legal duty to answer is
 * still running) and nothing is written. Writes the ANONYMIZED events and `personalData.anonymise`
 * with the reason. If a file cannot be deleted, nothing is committed (files already deleted stay
 * deleted; the case is anonymised on the next attempt or by the retention job).
 */
export async function anonymiseForRequest(options: {
  actor: PersonalDataActor;
  query: PersonQuery;
  reason: string;
  erasureReason: string;
  caseIds: string[];
  now?: Date;
}): Promise<AnonymiseRequestOutcome> {
  const { actor, query } = options;
  const ids = unique(options.caseIds);
  const now = options.now ?? new Date();
  try {
    return await db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<Array<{ id: string; folio: string; status: string }>>`
        SELECT "id", "folio", "status"::text AS "status" FROM "Case"
         WHERE "id" = ANY(string_to_array(${ids.join(",")}, ',')::uuid[]) AND "institutionId" = ${actor.institutionId}::uuid
           AND "anonymizedAt" IS NULL AND ${personSql(query)}
         ORDER BY "folio"
           FOR UPDATE`;
      if (rows.length !== ids.length) return { kind: "notFound" as const };
      const open = rows.filter((r) => !isClosedStatus(r.status)).map((r) => r.folio);
      if (open.length) return { kind: "open" as const, open, found: await listAndAudit(tx, actor, query, options.reason, "anonymise-refused") };
      const outcome = await anonymiseLockedCases(tx, { caseIds: rows.map((r) => r.id), now, source: { kind: "request", actorId: actor.id, actorName: actor.name } });
      const folioOf = new Map(rows.map((r) => [r.id, r.folio]));
      if (outcome.failed.length) throw new FilesFailed(outcome.failed.map((f) => folioOf.get(f.caseId)!));
      const folios = outcome.anonymised.map((id) => folioOf.get(id)!).sort();
      await audit(
        tx,
        auditEntry(actor, "personalData.anonymise", query, options.reason, { erasureReason: options.erasureReason, folios, caseIds: outcome.anonymised, files: outcome.files }),
      );
      return { kind: "ok" as const, folios, files: outcome.files, found: await listPersonCases(tx, actor.institutionId, query) };
    }, TX_OPTIONS);
  } catch (error) {
    if (!(error instanceof FilesFailed)) throw error;
    const found = await searchPersonCases({ actor, query, reason: options.reason, step: "anonymise-failed" });
    return { kind: "filesFailed", folios: error.folios, found };
  }
}
