// Evidence (medios de verificación) of a plan activity: a stored file or a link, each with a
// description and a format. File bytes go through the same file store as case attachments.
import fs from "node:fs/promises";
import { db } from "~/db/client.server";
import { audit } from "~/domain/admin/audit.server";
import { filePath, removeFiles, storeFile } from "~/domain/cases/file-store.server";
import { checkEvidenceFile, type EvidenceProblem } from "./evidence-files";
import type { EvidenceFileInput, EvidenceLinkInput } from "./schemas";

type Scope = { institutionId: string; actorId: string };

export type EvidenceOutcome = { kind: "saved"; id: string } | { kind: "notFound" } | { kind: "invalid"; problem: EvidenceProblem };

/** The field error (an i18n key) for a refused file. */
export const evidenceFileError = (problem: EvidenceProblem) => `plan:errors.file.${problem}`;

async function activityExists(institutionId: string, activityId: string) {
  return (await db.planActivity.count({ where: { id: activityId, plan: { institutionId } } })) > 0;
}

export async function addEvidenceFile({
  institutionId,
  actorId,
  activityId,
  input,
  file,
}: Scope & { activityId: string; input: EvidenceFileInput; file: { name: string; bytes: Uint8Array } | null }): Promise<EvidenceOutcome> {
  const checked = checkEvidenceFile(file);
  if (!checked.ok) return { kind: "invalid", problem: checked.problem };
  if (!(await activityExists(institutionId, activityId))) return { kind: "notFound" };
  const stored = await storeFile(file!.bytes);
  try {
    const id = await db.$transaction(async (tx) => {
      const row = await tx.evidence.create({
        data: {
          activityId,
          description: input.description,
          format: input.format,
          fileName: checked.fileName,
          mimeType: checked.type.mimeType,
          size: stored.size,
          storageKey: stored.storageKey,
          uploadedById: actorId,
        },
        select: { id: true },
      });
      await audit(tx, {
        institutionId,
        actorId,
        action: "evidence.create",
        entity: "Evidence",
        entityId: row.id,
        data: { activityId, description: input.description, format: input.format, fileName: checked.fileName, size: stored.size, sha256: stored.sha256 },
      });
      return row.id;
    });
    return { kind: "saved", id };
  } catch (error) {
    await removeFiles([stored.storageKey]);
    throw error;
  }
}

export async function addEvidenceLink({ institutionId, actorId, activityId, input }: Scope & { activityId: string; input: EvidenceLinkInput }): Promise<EvidenceOutcome> {
  return db.$transaction(async (tx) => {
    if ((await tx.planActivity.count({ where: { id: activityId, plan: { institutionId } } })) === 0) return { kind: "notFound" } as const;
    const data = { activityId, description: input.description, format: input.format, url: input.url, uploadedById: actorId };
    const row = await tx.evidence.create({ data, select: { id: true } });
    await audit(tx, { institutionId, actorId, action: "evidence.create", entity: "Evidence", entityId: row.id, data });
    return { kind: "saved", id: row.id } as const;
  });
}

/** Removes an evidence row (and its file, after the row is gone). */
export async function removeEvidence({ institutionId, actorId, activityId, evidenceId }: Scope & { activityId: string; evidenceId: string }) {
  const removed = await db.$transaction(async (tx) => {
    const row = await tx.evidence.findFirst({
      where: { id: evidenceId, activityId, activity: { plan: { institutionId } } },
      select: { id: true, description: true, format: true, url: true, fileName: true, storageKey: true },
    });
    if (!row) return null;
    await tx.evidence.delete({ where: { id: row.id } });
    await audit(tx, { institutionId, actorId, action: "evidence.delete", entity: "Evidence", entityId: row.id, data: { activityId, ...row } });
    return row;
  });
  if (removed?.storageKey) await removeFiles([removed.storageKey]);
  return removed ? removed.id : null;
}

/** A stored evidence file of the institution's plan, ready to stream; null when absent. */
export async function openEvidenceFile({ institutionId, evidenceId }: { institutionId: string; evidenceId: string }) {
  const row = await db.evidence.findFirst({
    where: { id: evidenceId, activity: { plan: { institutionId } }, storageKey: { not: null } },
    select: { fileName: true, mimeType: true, size: true, storageKey: true },
  });
  if (!row?.storageKey) return null;
  const path = filePath(row.storageKey);
  try {
    const stat = await fs.stat(path);
    return { path, fileName: row.fileName ?? "evidencia", mimeType: row.mimeType ?? "application/octet-stream", size: stat.size };
  } catch {
    return null;
  }
}
