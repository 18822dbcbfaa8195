// Anonymising closed cases (Ley 19.628 / 21.719), the database part:
//
// - anonymiseLockedCases: the one way a case is anonymised, inside the caller's transaction, for
//   cases the caller has locked (FOR UPDATE) and checked. Attachment files are deleted from disk
//   first (a case whose files cannot all be deleted is left as it is, to be tried again), then in
//   SQL, per batch: the attachment rows go; the citizen's columns become NULL and subject and
//   description ANONYMISED_TEXT; free text in the timeline (messages, answers, notes, reasons, file
//   names) and in linked survey responses (comment, text answers) becomes ANONYMISED_TEXT; the
//   citizen's emails in the outbox lose recipient, subject and body (one not yet sent never will be);
//   an ANONYMIZED event is written and anonymizedAt set. Statistics stay (see personal-data.ts).
// - runRetention: the retention policy, run by the deadline scheduler (scheduler-loop.server.ts):
//   per institution, one batch of cases closed (CERRADA, DERIVADA, DESISTIDA) — or answered
//   (RESPONDIDA) and never closed — more than retentionMonths ago and not yet anonymised, oldest
//   first, selected with FOR UPDATE
//   SKIP LOCKED under a transaction-level advisory lock. Several app instances never anonymise the
//   same case twice (the lock, the row locks and `anonymizedAt IS NULL`); a second run finds
//   nothing to do.
import fs from "node:fs/promises";
import { db } from "~/db/client.server";
import { Prisma } from "~/generated/prisma/client";
import { audit } from "~/domain/admin/audit.server";
import { filePath } from "~/domain/cases/file-store.server";
import {
  ANONYMISED_TEXT,
  CITIZEN_EMAIL_KINDS,
  CLOSED_STATUSES,
  ERASED_CASE_COLUMNS,
  FREE_TEXT_EVENT_KEYS,
  RECEIPT_EMAIL_PREFIX,
  RETENTION_BATCH_SIZE,
  retentionCutoff,
} from "./personal-data";

type Tx = Prisma.TransactionClient;

// Arbitrary constant key (the deadline scan uses 73_012_027).
const RETENTION_LOCK_KEY = 73_012_028;
const TX_OPTIONS = { maxWait: 30_000, timeout: 300_000 };
const CLOSED = Prisma.raw(CLOSED_STATUSES.map((s) => `'${s}'`).join(", "));
const ERASE_CITIZEN = Prisma.raw(ERASED_CASE_COLUMNS.map((column) => `"${column}" = NULL`).join(", "));

/** Who anonymises: the retention job, or a staff member answering a deletion request. */
export type AnonymiseSource = { kind: "retention"; retentionMonths: number } | { kind: "request"; actorId: string; actorName: string };

export type AnonymiseOutcome = {
  /** Cases anonymised now. */
  anonymised: string[];
  /** Cases left as they were because a file could not be deleted (retried later). */
  failed: Array<{ caseId: string; error: string }>;
  /** Attachment files deleted. */
  files: number;
};

/** A uuid[] parameter as one text parameter (the same on PGlite and node-postgres). */
const uuidArray = (ids: readonly string[]) => Prisma.sql`string_to_array(${ids.join(",")}, ',')::uuid[]`;

/**
 * Deletes the files of the cases' attachments. A missing file is fine (already gone); any other
 * failure marks the case as failed, and its remaining files are kept for the next attempt.
 */
async function deleteCaseFiles(tx: Tx, caseIds: string[]): Promise<{ deleted: number; failed: Map<string, string> }> {
  const rows = await tx.$queryRaw<Array<{ caseId: string; storageKey: string }>>`
    SELECT "caseId", "storageKey" FROM "Attachment" WHERE "caseId" = ANY(${uuidArray(caseIds)}) ORDER BY "caseId", "id"`;
  const failed = new Map<string, string>();
  let deleted = 0;
  for (const row of rows) {
    if (failed.has(row.caseId)) continue;
    try {
      await fs.rm(filePath(row.storageKey), { force: true });
      deleted++;
    } catch (error) {
      failed.set(row.caseId, error instanceof Error ? error.message : String(error));
    }
  }
  return { deleted, failed };
}

/**
 * Anonymises these cases, which the caller has locked in `tx` and found closed and not anonymised.
 * Returns the ones done; the caller commits (or rolls back) everything, events included.
 */
export async function anonymiseLockedCases(tx: Tx, options: { caseIds: string[]; now: Date; source: AnonymiseSource }): Promise<AnonymiseOutcome> {
  const { now, source } = options;
  if (options.caseIds.length === 0) return { anonymised: [], failed: [], files: 0 };
  const files = await deleteCaseFiles(tx, options.caseIds);
  const ids = options.caseIds.filter((id) => !files.failed.has(id));
  const failed = [...files.failed].map(([caseId, error]) => ({ caseId, error }));
  if (ids.length === 0) return { anonymised: [], failed, files: files.deleted };
  const batch = uuidArray(ids);
  const marker = ANONYMISED_TEXT;

  await tx.$executeRaw`DELETE FROM "Attachment" WHERE "caseId" = ANY(${batch})`;

  const done = await tx.$queryRaw<Array<{ id: string }>>`
    UPDATE "Case" SET
      "subject" = ${marker}::text, "description" = ${marker}::text,
      ${ERASE_CITIZEN},
      "anonymizedAt" = ${now}::timestamptz, "updatedAt" = ${now}::timestamptz
    WHERE "id" = ANY(${batch}) AND "anonymizedAt" IS NULL
    RETURNING "id"`;
  const anonymised = done.map((r) => r.id);
  if (anonymised.length === 0) return { anonymised, failed, files: files.deleted };
  const these = uuidArray(anonymised);
  const freeTextKeys = FREE_TEXT_EVENT_KEYS.join(",");

  // Free text in the timeline: messages, and string values under the free-text keys of data.
  await tx.$executeRaw`
    UPDATE "CaseEvent" e SET
      "message" = CASE WHEN e."message" IS NULL THEN NULL ELSE ${marker}::text END,
      "data" = CASE WHEN jsonb_typeof(e."data") = 'object' THEN
                 COALESCE((SELECT jsonb_object_agg(d.key, CASE WHEN d.key = ANY(string_to_array(${freeTextKeys}, ','))
                                                                AND jsonb_typeof(d.value) = 'string'
                                                               THEN to_jsonb(${marker}::text) ELSE d.value END)
                             FROM jsonb_each(e."data") AS d), '{}'::jsonb)
               ELSE e."data" END
    WHERE e."caseId" = ANY(${these})
      AND (e."message" IS NOT NULL
           OR (jsonb_typeof(e."data") = 'object'
               AND EXISTS (SELECT 1 FROM jsonb_object_keys(e."data") AS k(key) WHERE k.key = ANY(string_to_array(${freeTextKeys}, ',')))))`;

  // Survey responses linked to these cases: the comment and every answer to a text question.
  await tx.$executeRaw`
    UPDATE "SurveyResponse" r SET
      "comment" = CASE WHEN r."comment" IS NULL THEN NULL ELSE ${marker}::text END,
      "answers" = CASE WHEN jsonb_typeof(r."answers") = 'object' THEN
                    COALESCE((SELECT jsonb_object_agg(a.key, CASE WHEN jsonb_typeof(a.value) = 'string' AND a.key IN (
                                                                   SELECT q->>'key' FROM "SurveyTemplate" t, jsonb_array_elements(t."questions") AS q
                                                                    WHERE t."id" = r."templateId" AND q->>'type' = 'text')
                                                                  THEN to_jsonb(${marker}::text) ELSE a.value END)
                                FROM jsonb_each(r."answers") AS a), '{}'::jsonb)
                  ELSE r."answers" END
    WHERE r."caseId" = ANY(${these})`;

  // The citizen's emails: recipient, subject and body erased; one still waiting is not sent.
  await tx.$executeRaw`
    UPDATE "Outbox" o SET
      "payload" = jsonb_build_object('kind', o."payload"->'kind', 'to', ${marker}::text, 'subject', ${marker}::text, 'text', NULL, 'html', NULL),
      "status" = CASE WHEN o."status" = 'PENDING' THEN 'FAILED'::"OutboxStatus" ELSE o."status" END,
      "lastError" = CASE WHEN o."status" = 'PENDING' THEN 'anonymised before sending' ELSE o."lastError" END
    WHERE o."dedupeKey" IN (
      SELECT ${RECEIPT_EMAIL_PREFIX}::text || c::text FROM unnest(${these}) AS c
      UNION ALL
      SELECT k || ':' || e."id"::text
        FROM "CaseEvent" e CROSS JOIN unnest(string_to_array(${CITIZEN_EMAIL_KINDS.join(",")}, ',')) AS k
       WHERE e."caseId" = ANY(${these}))`;

  const data = JSON.stringify(source.kind === "retention" ? { source: "retention", retentionMonths: source.retentionMonths } : { source: "request" });
  const actorId = source.kind === "request" ? source.actorId : null;
  const actorLabel = source.kind === "request" ? source.actorName : "system";
  await tx.$executeRaw`
    INSERT INTO "CaseEvent" ("id", "caseId", "type", "public", "actorId", "actorLabel", "data", "createdAt")
    SELECT gen_random_uuid(), c, 'ANONYMIZED'::"CaseEventType", true, ${actorId}::uuid, ${actorLabel}::text, ${data}::jsonb, ${now}::timestamptz
      FROM unnest(${these}) AS c`;

  return { anonymised, failed, files: files.deleted };
}

export type RetentionResult = {
  anonymised: number;
  files: number;
  /** Cases skipped because a file could not be deleted (logged; retried on the next run). */
  failed: number;
  /** Some institution filled its batch: more cases may be due (run again soon). */
  more: boolean;
  /** Another instance held the retention lock. */
  skipped: boolean;
};

/**
 * One pass of the retention policy: for each institution, at most `batchSize` cases closed before
 * now − retentionMonths are anonymised, in one transaction.
 */
export async function runRetention(options: { now?: Date; batchSize?: number; lock?: boolean } = {}): Promise<RetentionResult> {
  const now = options.now ?? new Date();
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? RETENTION_BATCH_SIZE));
  const result: RetentionResult = { anonymised: 0, files: 0, failed: 0, more: false, skipped: false };
  const institutions = await db.institution.findMany({ select: { id: true, retentionMonths: true }, orderBy: { createdAt: "asc" } });
  for (const institution of institutions) {
    const cutoff = retentionCutoff(now, institution.retentionMonths);
    const batch = await db.$transaction(async (tx) => {
      if (options.lock ?? true) {
        const lock = await tx.$queryRawUnsafe<Array<{ locked: boolean }>>(`SELECT pg_try_advisory_xact_lock(${RETENTION_LOCK_KEY}) AS "locked"`);
        if (!lock[0]?.locked) return "locked" as const;
      }
      const closed = await tx.$queryRaw<Array<{ id: string }>>`
        SELECT "id" FROM "Case"
         WHERE "institutionId" = ${institution.id}::uuid
           AND "anonymizedAt" IS NULL
           AND "status" IN (${CLOSED})
           AND "closedAt" < ${cutoff}::timestamptz
         ORDER BY "closedAt", "id"
         LIMIT ${batchSize}::int
         FOR UPDATE SKIP LOCKED`;
      // Answered and never closed: the clock runs from the answer.
      const answered =
        closed.length < batchSize
          ? await tx.$queryRaw<Array<{ id: string }>>`
              SELECT "id" FROM "Case"
               WHERE "institutionId" = ${institution.id}::uuid
                 AND "anonymizedAt" IS NULL
                 AND "status" = 'RESPONDIDA'
                 AND "respondedAt" < ${cutoff}::timestamptz
               ORDER BY "respondedAt", "id"
               LIMIT ${batchSize - closed.length}::int
               FOR UPDATE SKIP LOCKED`
          : [];
      const due = [...closed, ...answered];
      const outcome = await anonymiseLockedCases(tx, {
        caseIds: due.map((r) => r.id),
        now,
        source: { kind: "retention", retentionMonths: institution.retentionMonths },
      });
      if (outcome.anonymised.length > 0) {
        await audit(tx, {
          institutionId: institution.id,
          actorId: null,
          action: "personalData.retention",
          entity: "Case",
          data: { retentionMonths: institution.retentionMonths, cutoff: cutoff.toISOString(), anonymised: outcome.anonymised.length, files: outcome.files, failed: outcome.failed.length },
        });
      }
      return { selected: due.length, ...outcome };
    }, TX_OPTIONS);
    if (batch === "locked") {
      result.skipped = true;
      return result;
    }
    for (const f of batch.failed) console.error(`[retention] case ${f.caseId}: could not delete its files, left for the next run:`, f.error);
    result.anonymised += batch.anonymised.length;
    result.files += batch.files;
    result.failed += batch.failed.length;
    if (batch.selected === batchSize) result.more = true;
  }
  return result;
}
