// What a survey response answers and where it came from: the template version's questions, a
// poster by its code, a kiosk by its device credential, an invitation by its token. Posters,
// kiosks and templates change rarely and are read on every submission, so each process keeps
// them for a few seconds (an admin's change reaches submissions within CACHE_MS). Invitations
// are single-use and always read from the database. Direct SQL: this is the hot path.
import { createHash } from "node:crypto";
import { rawSql } from "~/db/client.server";
import { hasUnstorableCharacters } from "~/utils/validation";
import { parseQuestions, type SurveyQuestion } from "./questions";

export const CACHE_MS = 5_000;

export function hashSecret(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** The dimensions a response records, from its invitation, poster or kiosk. */
export type ResponseTarget = {
  institutionId: string;
  templateId: string;
  channel: string;
  caseKind: string | null;
  caseId: string | null;
  officeId: string | null;
  areaId: string | null;
  tramiteId: string | null;
  officialId: string | null;
  invitationId: string | null;
  posterId: string | null;
  kioskId: string | null;
};

class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();
  constructor(private readonly ttlMs: number, private readonly max = 10_000) {}
  async get(key: string, load: () => Promise<V>): Promise<V> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > now) return hit.value;
    const value = await load();
    if (this.entries.size >= this.max) this.entries.clear();
    this.entries.set(key, { value, until: now + this.ttlMs });
    return value;
  }
  clear() {
    this.entries.clear();
  }
}

const templates = new TtlCache<{ questions: SurveyQuestion[]; title: { es: string; en: string } } | null>(CACHE_MS);
const defaultTemplates = new TtlCache<string | null>(CACHE_MS);
const activeTemplates = new TtlCache<Array<{ id: string; questions: SurveyQuestion[] }>>(CACHE_MS);
const posters = new TtlCache<(ResponseTarget & { active: boolean; officeName: string; institutionName: string }) | null>(CACHE_MS);
const kiosks = new TtlCache<(ResponseTarget & { revoked: boolean }) | null>(CACHE_MS);

/** Forget cached templates, posters and kiosks (after an admin change in this process, and in tests). */
export function clearSurveyCaches() {
  templates.clear();
  defaultTemplates.clear();
  activeTemplates.clear();
  posters.clear();
  kiosks.clear();
}

export function templateVersion(templateId: string) {
  return templates.get(templateId, async () => {
    const rows = await rawSql().query<{ questions: unknown; title: { es: string; en: string } }>(
      `SELECT "questions", "title" FROM "SurveyTemplate" WHERE "id" = $1`,
      [templateId],
    );
    return rows[0] ? { questions: parseQuestions(rows[0].questions), title: rows[0].title } : null;
  });
}

/** Active template versions (every institution; newest first, at most 20): the fast path's candidates. */
export function currentTemplates() {
  return activeTemplates.get("all", async () => {
    const rows = await rawSql().query<{ id: string; questions: unknown }>(
      `SELECT "id", "questions" FROM "SurveyTemplate" WHERE "active" ORDER BY "createdAt" DESC LIMIT 20`,
    );
    return rows.map((row) => ({ id: row.id, questions: parseQuestions(row.questions) }));
  });
}

/** The institution's default template (its newest active version), or null if it has none. */
export function defaultTemplateId(institutionId: string) {
  return defaultTemplates.get(institutionId, async () => {
    const rows = await rawSql().query<{ id: string }>(
      `SELECT "id" FROM "SurveyTemplate" WHERE "institutionId" = $1 AND "active" AND "isDefault" ORDER BY "version" DESC LIMIT 1`,
      [institutionId],
    );
    return rows[0]?.id ?? null;
  });
}

const EMPTY = { caseKind: null, caseId: null, areaId: null, officialId: null, invitationId: null, posterId: null, kioskId: null };

/** A poster by its printed code (case-insensitive), or null when there is none. */
export function posterByCode(code: string) {
  const normalised = code.trim().toUpperCase();
  // A code the database cannot even compare (a NUL byte) names no poster.
  if (hasUnstorableCharacters(normalised)) return Promise.resolve(null);
  return posters.get(normalised, async () => {
    const rows = await rawSql().query<{
      id: string;
      institutionId: string;
      officeId: string;
      channel: string;
      tramiteId: string | null;
      templateId: string | null;
      active: boolean;
      officeName: string;
      institutionName: string;
    }>(
      `SELECT p."id", p."institutionId", p."officeId", p."channel"::text AS "channel", p."tramiteId", p."templateId", p."active",
              o."name" AS "officeName", i."name" AS "institutionName"
         FROM "SurveyPoster" p JOIN "Office" o ON o."id" = p."officeId" JOIN "Institution" i ON i."id" = p."institutionId"
        WHERE upper(p."code") = $1`,
      [normalised],
    );
    const row = rows[0];
    if (!row) return null;
    const templateId = row.templateId ?? (await defaultTemplateId(row.institutionId));
    if (!templateId) return null;
    return {
      ...EMPTY,
      institutionId: row.institutionId,
      templateId,
      channel: row.channel,
      officeId: row.officeId,
      tramiteId: row.tramiteId,
      posterId: row.id,
      active: row.active,
      officeName: row.officeName,
      institutionName: row.institutionName,
    };
  });
}

/** An enrolled kiosk by its device credential, or null. Revoked kiosks are returned as such. */
export function kioskByCredential(credential: string) {
  const hash = hashSecret(credential);
  return kiosks.get(hash, async () => {
    const rows = await rawSql().query<{ id: string; institutionId: string; officeId: string; revokedAt: Date | null }>(
      `SELECT "id", "institutionId", "officeId", "revokedAt" FROM "Kiosk" WHERE "credentialHash" = $1`,
      [hash],
    );
    const row = rows[0];
    if (!row) return null;
    const templateId = await defaultTemplateId(row.institutionId);
    if (!templateId) return null;
    return { ...EMPTY, institutionId: row.institutionId, templateId, channel: "KIOSK", officeId: row.officeId, tramiteId: null, kioskId: row.id, revoked: row.revokedAt !== null };
  });
}

export type InvitationState = (ResponseTarget & { state: "open" | "used" | "expired"; locale: string | null }) | null;

/** An invitation by its token, with whether it can still be answered. */
export async function invitationByToken(token: string, now = new Date()): Promise<InvitationState> {
  const rows = await rawSql().query<{
    id: string;
    institutionId: string;
    templateId: string;
    caseId: string | null;
    channel: string;
    caseKind: string | null;
    officeId: string | null;
    areaId: string | null;
    tramiteId: string | null;
    officialId: string | null;
    expiresAt: Date;
    usedAt: Date | null;
    locale: string | null;
  }>(
    `SELECT v."id", v."institutionId", v."templateId", v."caseId", v."channel"::text AS "channel", v."caseKind"::text AS "caseKind",
            v."officeId", v."areaId", v."tramiteId", v."officialId", v."expiresAt", v."usedAt", c."locale"
       FROM "SurveyInvitation" v LEFT JOIN "Case" c ON c."id" = v."caseId"
      WHERE v."tokenHash" = $1`,
    [hashSecret(token)],
  );
  const row = rows[0];
  if (!row) return null;
  const state = row.usedAt ? "used" : new Date(row.expiresAt).getTime() <= now.getTime() ? "expired" : "open";
  return {
    institutionId: row.institutionId,
    templateId: row.templateId,
    channel: row.channel,
    caseKind: row.caseKind,
    caseId: row.caseId,
    officeId: row.officeId,
    areaId: row.areaId,
    tramiteId: row.tramiteId,
    officialId: row.officialId,
    invitationId: row.id,
    posterId: null,
    kioskId: null,
    state,
    locale: row.locale,
  };
}
