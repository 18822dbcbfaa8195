// Survey templates, versioned. Saving a template that nobody has answered changes it in place;
// saving one that has responses inserts the next version (same key, version + 1), retires the old
// row and moves the posters to the new one, so each response keeps the questions it answered.
// Exactly one active template per institution is the default. Every change is audited.
import { createHash } from "node:crypto";
import { db } from "~/db/client.server";
import type { Prisma } from "~/generated/prisma/client";
import { audit } from "~/domain/admin/audit.server";
import { uniqueViolationFields } from "~/domain/admin/errors.server";
import { parseQuestions, type Localized } from "./questions";
import { clearSurveyCaches } from "./targets.server";
import { lockedKeyErrors, STARTER_QUESTIONS, type NewTemplateInput, type TemplateInput } from "./template-form";

type Tx = Prisma.TransactionClient;

/** Someone else saved this template (or a newer version exists) since the form was loaded. */
export class TemplateConflictError extends Error {
  constructor() {
    super("The survey template changed since it was loaded");
  }
}

/** The template has responses and the edit changes the key of a question that was already asked. */
export class LockedKeysError extends Error {
  constructor(readonly fieldErrors: Record<string, string[]>) {
    super("Question keys of an answered template cannot change");
  }
}

/** A new template's key is taken (by any version). */
export class TemplateKeyTakenError extends Error {
  constructor() {
    super("A survey template with this key exists");
  }
}

/** The template to copy questions from is not the institution's. */
export class TemplateSourceError extends Error {
  constructor() {
    super("No survey template to copy from");
  }
}

const templateSelect = { id: true, key: true, version: true, title: true, questions: true, isDefault: true, active: true, createdAt: true } as const;
type TemplateRow = Prisma.SurveyTemplateGetPayload<{ select: typeof templateSelect }>;

export const toLocalized = (value: unknown): Localized => {
  const v = (value && typeof value === "object" ? value : {}) as Record<string, unknown>;
  return { es: typeof v.es === "string" ? v.es : "", en: typeof v.en === "string" ? v.en : "" };
};

/** A fingerprint of what the editor showed; a save with another one lost a race (see saveSurveyTemplate). */
export function templateRevision(row: { version: number; title: unknown; questions: unknown }): string {
  return createHash("sha256").update(JSON.stringify([row.version, row.title, row.questions])).digest("hex").slice(0, 24);
}

/** JSON with object keys sorted: jsonb does not keep the order they were written in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** Serialises default and version changes per institution until the transaction ends. */
async function lockInstitutionTemplates(tx: Tx, institutionId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`survey-templates:${institutionId}`}))`;
}

/**
 * Locks the template row. FOR UPDATE conflicts with the key-share lock a new response's foreign key
 * takes, so no response can arrive for this version between counting its responses and saving.
 */
async function lockTemplateRow(tx: Tx, id: string) {
  await tx.$executeRaw`SELECT 1 FROM "SurveyTemplate" WHERE id = ${id}::uuid FOR UPDATE`;
}

function countBy(rows: Array<{ templateId: string | null; _count: { _all: number } }>) {
  return new Map(rows.filter((r) => r.templateId).map((r) => [r.templateId!, r._count._all]));
}

/** Every template row (all versions): keys alphabetically, newest version first, with usage counts. */
export async function listSurveyTemplates({ institutionId }: { institutionId: string }) {
  const [rows, responses, posters] = await Promise.all([
    db.surveyTemplate.findMany({ where: { institutionId }, orderBy: [{ key: "asc" }, { version: "desc" }], select: templateSelect }),
    db.surveyResponse.groupBy({ by: ["templateId"], where: { institutionId }, _count: { _all: true } }),
    db.surveyPoster.groupBy({ by: ["templateId"], where: { institutionId, active: true }, _count: { _all: true } }),
  ]);
  const responseCounts = countBy(responses);
  const posterCounts = countBy(posters);
  const latest = new Map<string, number>();
  for (const row of rows) latest.set(row.key, Math.max(latest.get(row.key) ?? 0, row.version));
  return rows.map((row) => ({
    id: row.id,
    key: row.key,
    version: row.version,
    title: toLocalized(row.title),
    isDefault: row.isDefault,
    active: row.active,
    questionCount: Array.isArray(row.questions) ? row.questions.length : 0,
    responseCount: responseCounts.get(row.id) ?? 0,
    posterCount: posterCounts.get(row.id) ?? 0,
    /** A newer version of the same key exists: this row is kept for the responses that answered it. */
    superseded: row.version < latest.get(row.key)!,
  }));
}

/** One template with what the editor needs: its questions, whether it has answers, its latest version. */
export async function getSurveyTemplate({ institutionId, id }: { institutionId: string; id: string }) {
  const row = await db.surveyTemplate.findFirst({ where: { institutionId, id }, select: templateSelect });
  if (!row) return null;
  const [responseCount, posterCount, latest] = await Promise.all([
    db.surveyResponse.count({ where: { templateId: id } }),
    db.surveyPoster.count({ where: { templateId: id, active: true } }),
    db.surveyTemplate.findFirst({ where: { institutionId, key: row.key }, orderBy: { version: "desc" }, select: { id: true, version: true } }),
  ]);
  return {
    id: row.id,
    key: row.key,
    version: row.version,
    title: toLocalized(row.title),
    questions: parseQuestions(row.questions),
    isDefault: row.isDefault,
    active: row.active,
    createdAt: row.createdAt,
    responseCount,
    posterCount,
    revision: templateRevision(row),
    latest: latest && latest.id !== row.id ? latest : null,
  };
}

/** The institution's default template (latest version, active), if any. */
export function getDefaultSurveyTemplate({ institutionId }: { institutionId: string }) {
  return db.surveyTemplate.findFirst({
    where: { institutionId, isDefault: true, active: true },
    orderBy: { version: "desc" },
    select: { id: true, key: true, version: true, title: true },
  });
}

/** Templates that can be chosen for a poster or copied: the latest version of each active key. */
export async function listTemplateOptions({ institutionId, currentId }: { institutionId: string; currentId?: string | null }) {
  const rows = await db.surveyTemplate.findMany({
    where: { institutionId, OR: [{ active: true }, ...(currentId ? [{ id: currentId }] : [])] },
    orderBy: [{ key: "asc" }, { version: "desc" }],
    select: { id: true, key: true, version: true, title: true, isDefault: true },
  });
  const seen = new Set<string>();
  return rows
    .filter((row) => {
      if (seen.has(row.key) && row.id !== currentId) return false;
      seen.add(row.key);
      return true;
    })
    .map((row) => ({ ...row, title: toLocalized(row.title) }));
}

export type SaveResult = { id: string; version: number; newVersion: boolean; movedPosters: number };

/**
 * Saves an edited template. `revision` is templateRevision() of what the form showed: a mismatch
 * (someone saved in between, or a newer version exists) throws TemplateConflictError and writes
 * nothing. With responses, a question key that was loaded must not change (LockedKeysError).
 * Returns null when the template is not the institution's.
 */
export async function saveSurveyTemplate({
  institutionId,
  actorId,
  id,
  revision,
  input,
}: {
  institutionId: string;
  actorId: string;
  id: string;
  revision: string;
  input: TemplateInput;
}): Promise<SaveResult | null> {
  const questions = parseQuestions(input.questions);
  try {
    const saved = await db.$transaction(async (tx): Promise<SaveResult | null> => {
      await lockInstitutionTemplates(tx, institutionId);
      await lockTemplateRow(tx, id);
      const current = await tx.surveyTemplate.findFirst({ where: { institutionId, id }, select: templateSelect });
      if (!current) return null;
      const newer = await tx.surveyTemplate.count({ where: { institutionId, key: current.key, version: { gt: current.version } } });
      if (newer > 0 || revision !== templateRevision(current)) throw new TemplateConflictError();

      // Saving without a change writes nothing (and makes no new version).
      if (canonical(current.title) === canonical(input.title) && canonical(current.questions) === canonical(questions)) {
        return { id, version: current.version, newVersion: false, movedPosters: 0 };
      }
      const responses = await tx.surveyResponse.count({ where: { templateId: id } });
      const data = { title: input.title as unknown as Prisma.InputJsonValue, questions: questions as unknown as Prisma.InputJsonValue };
      if (responses === 0) {
        await tx.surveyTemplate.update({ where: { id }, data });
        await audit(tx, {
          institutionId,
          actorId,
          action: "surveyTemplate.update",
          entity: "SurveyTemplate",
          entityId: id,
          data: { key: current.key, version: current.version, title: input.title, questions: questions.map((q) => q.key) },
        });
        return { id, version: current.version, newVersion: false, movedPosters: 0 };
      }

      const locked = lockedKeyErrors(input, parseQuestions(current.questions));
      if (Object.keys(locked).length > 0) throw new LockedKeysError(locked);

      await tx.surveyTemplate.update({ where: { id }, data: { active: false, isDefault: false } });
      const created = await tx.surveyTemplate.create({
        data: { institutionId, key: current.key, version: current.version + 1, ...data, isDefault: current.isDefault, active: current.active },
        select: { id: true, version: true },
      });
      const moved = await tx.surveyPoster.updateMany({ where: { institutionId, templateId: id }, data: { templateId: created.id } });
      await audit(tx, {
        institutionId,
        actorId,
        action: "surveyTemplate.newVersion",
        entity: "SurveyTemplate",
        entityId: created.id,
        data: {
          key: current.key,
          version: created.version,
          previousId: id,
          previousVersion: current.version,
          previousResponses: responses,
          movedPosters: moved.count,
          title: input.title,
          questions: questions.map((q) => q.key),
        },
      });
      return { id: created.id, version: created.version, newVersion: true, movedPosters: moved.count };
    });
    // The submission path caches templates and posters per process for a few seconds.
    if (saved) clearSurveyCaches();
    return saved;
  } catch (error) {
    // Two saves of the same version: the second's new row collides on (institution, key, version).
    if (uniqueViolationFields(error)) throw new TemplateConflictError();
    throw error;
  }
}

/**
 * A new template (version 1, active) with the questions of another one (by default, of the default
 * template; with no template at all, a single main 1–7 question). It becomes the default only when
 * the institution has none.
 */
export async function createSurveyTemplate({ institutionId, actorId, input }: { institutionId: string; actorId: string; input: NewTemplateInput }) {
  try {
    return await db.$transaction(async (tx) => {
      await lockInstitutionTemplates(tx, institutionId);
      if ((await tx.surveyTemplate.count({ where: { institutionId, key: input.key } })) > 0) throw new TemplateKeyTakenError();
      const source = await tx.surveyTemplate.findFirst({
        where: input.copyFromId ? { institutionId, id: input.copyFromId } : { institutionId, isDefault: true, active: true },
        orderBy: { version: "desc" },
        select: { id: true, questions: true },
      });
      if (!source && input.copyFromId) throw new TemplateSourceError();
      const questions = source ? parseQuestions(source.questions) : STARTER_QUESTIONS;
      const hasDefault = (await tx.surveyTemplate.count({ where: { institutionId, isDefault: true, active: true } })) > 0;
      const title = { es: input.titleEs, en: input.titleEn };
      const template = await tx.surveyTemplate.create({
        data: {
          institutionId,
          key: input.key,
          version: 1,
          title,
          questions: questions as unknown as Prisma.InputJsonValue,
          isDefault: !hasDefault,
          active: true,
        },
        select: { id: true, key: true, version: true },
      });
      await audit(tx, {
        institutionId,
        actorId,
        action: "surveyTemplate.create",
        entity: "SurveyTemplate",
        entityId: template.id,
        data: { key: input.key, title, copiedFrom: source?.id ?? null, isDefault: !hasDefault },
      });
      return template;
    });
  } catch (error) {
    if (uniqueViolationFields(error)) throw new TemplateKeyTakenError();
    throw error;
  }
}

export type TemplateStateResult =
  | { ok: true }
  | { ok: false; reason: "notFound" | "superseded" | "isDefault" | "inactive" }
  | { ok: false; reason: "usedByPosters"; count: number };

/** The message (surveyadmin namespace) for a refused default or activation change. */
export function templateStateMessage(result: Exclude<TemplateStateResult, { ok: true }>): { key: string; count?: number } {
  return result.reason === "usedByPosters" ? { key: "templates.errors.usedByPosters", count: result.count } : { key: `templates.errors.${result.reason}` };
}

async function findForStateChange(tx: Tx, institutionId: string, id: string): Promise<{ row: TemplateRow; superseded: boolean } | null> {
  const row = await tx.surveyTemplate.findFirst({ where: { institutionId, id }, select: templateSelect });
  if (!row) return null;
  const newer = await tx.surveyTemplate.count({ where: { institutionId, key: row.key, version: { gt: row.version } } });
  return { row, superseded: newer > 0 };
}

/** Makes a template the institution's only default. It must be active and the latest version of its key. */
export async function setDefaultSurveyTemplate({ institutionId, actorId, id }: { institutionId: string; actorId: string; id: string }): Promise<TemplateStateResult> {
  const result = await db.$transaction(async (tx): Promise<TemplateStateResult> => {
    await lockInstitutionTemplates(tx, institutionId);
    const found = await findForStateChange(tx, institutionId, id);
    if (!found) return { ok: false, reason: "notFound" };
    if (found.superseded) return { ok: false, reason: "superseded" };
    if (!found.row.active) return { ok: false, reason: "inactive" };
    if (found.row.isDefault) return { ok: true };
    const previous = await tx.surveyTemplate.findMany({ where: { institutionId, isDefault: true }, select: { id: true } });
    await tx.surveyTemplate.updateMany({ where: { institutionId, isDefault: true }, data: { isDefault: false } });
    await tx.surveyTemplate.update({ where: { id }, data: { isDefault: true } });
    await audit(tx, {
      institutionId,
      actorId,
      action: "surveyTemplate.setDefault",
      entity: "SurveyTemplate",
      entityId: id,
      data: { key: found.row.key, version: found.row.version, previousDefault: previous.map((p) => p.id) },
    });
    return { ok: true };
  });
  if (result.ok) clearSurveyCaches();
  return result;
}

/**
 * Activates or deactivates the latest version of a template. The default cannot be deactivated
 * (make another one the default first), nor a template that active posters use.
 */
export async function setSurveyTemplateActive({
  institutionId,
  actorId,
  id,
  active,
}: {
  institutionId: string;
  actorId: string;
  id: string;
  active: boolean;
}): Promise<TemplateStateResult> {
  const result = await db.$transaction(async (tx): Promise<TemplateStateResult> => {
    await lockInstitutionTemplates(tx, institutionId);
    const found = await findForStateChange(tx, institutionId, id);
    if (!found) return { ok: false, reason: "notFound" };
    if (found.superseded) return { ok: false, reason: "superseded" };
    if (found.row.active === active) return { ok: true };
    if (!active) {
      if (found.row.isDefault) return { ok: false, reason: "isDefault" };
      const posters = await tx.surveyPoster.count({ where: { institutionId, templateId: id, active: true } });
      if (posters > 0) return { ok: false, reason: "usedByPosters", count: posters };
    }
    await tx.surveyTemplate.update({ where: { id }, data: { active } });
    await audit(tx, {
      institutionId,
      actorId,
      action: active ? "surveyTemplate.activate" : "surveyTemplate.deactivate",
      entity: "SurveyTemplate",
      entityId: id,
      data: { key: found.row.key, version: found.row.version },
    });
    return { ok: true };
  });
  if (result.ok) clearSurveyCaches();
  return result;
}
