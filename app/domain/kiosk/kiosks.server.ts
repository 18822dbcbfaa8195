// Kiosks (office totems): registering one, its one-time enrolment code, binding a browser to it
// with a long-lived device credential, revoking it, and what it reports (last contact, items
// queued offline). Codes and credentials are random and stored only as their SHA-256; the code is
// shown once to the admin, the credential only ever lives in the tablet's browser. Every admin
// change is audited (never with the code).
import { randomBytes, randomInt } from "node:crypto";
import { db } from "~/db/client.server";
import { audit } from "~/domain/admin/audit.server";
import type { SurveyQuestion } from "~/domain/surveys/questions";
import { clearSurveyCaches, defaultTemplateId, hashSecret, templateVersion } from "~/domain/surveys/targets.server";
import type { KioskInput } from "./schemas";
import type { KioskConfig, KioskModeValue, KioskQuestion, KioskSurvey } from "./totem";

/** An enrolment code is valid this long after it is issued. */
export const ENROLMENT_TTL_MS = 7 * 24 * 3600_000;
/** Unambiguous letters and digits (no 0/O, 1/I/L). */
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CREDENTIAL_BYTES = 32;
export const CREDENTIAL_PREFIX = "oirsk_";

/** A new enrolment code: 8 characters as XXXX-XXXX (about 40 bits; single use, expires, rate-limited). */
export function generateEnrolmentCode(): string {
  let code = "";
  for (let i = 0; i < 8; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** What people type: spaces dropped, upper case. The seed's code is hashed the same way. */
export function normalizeEnrolmentCode(code: string): string {
  return code.replace(/\s+/g, "").toUpperCase();
}

export function generateCredential(): string {
  return CREDENTIAL_PREFIX + randomBytes(CREDENTIAL_BYTES).toString("base64url");
}

export type KioskStatus = "pending" | "enrolled" | "revoked";

export function kioskStatus(k: { revokedAt: Date | string | null; enrolledAt: Date | string | null; credentialHash?: string | null }): KioskStatus {
  if (k.revokedAt) return "revoked";
  return k.enrolledAt ? "enrolled" : "pending";
}

const listSelect = {
  id: true,
  name: true,
  mode: true,
  idleTimeoutSeconds: true,
  languages: true,
  enrolmentExpiresAt: true,
  enrolmentCodeHash: true,
  enrolledAt: true,
  revokedAt: true,
  lastSeenAt: true,
  queuedReported: true,
  createdAt: true,
  office: { select: { id: true, name: true } },
  _count: { select: { responses: true } },
} as const;

export async function listKiosks({ institutionId }: { institutionId: string }) {
  const rows = await db.kiosk.findMany({ where: { institutionId }, select: listSelect, orderBy: [{ createdAt: "asc" }] });
  return rows.map(({ enrolmentCodeHash, _count, ...row }) => ({ ...row, ratings: _count.responses, codePending: enrolmentCodeHash !== null, status: kioskStatus(row) }));
}

export async function getKiosk({ institutionId, id }: { institutionId: string; id: string }) {
  const row = await db.kiosk.findFirst({ where: { institutionId, id }, select: listSelect });
  if (!row) return null;
  const { enrolmentCodeHash, _count, ...rest } = row;
  return { ...rest, ratings: _count.responses, codePending: enrolmentCodeHash !== null, status: kioskStatus(row) };
}

export type IssuedCode = { id: string; name: string; code: string; expiresAt: Date };

/** Registers a kiosk and returns its first enrolment code — the only time it is available. */
export async function registerKiosk({ institutionId, actorId, input, now = new Date() }: { institutionId: string; actorId: string; input: KioskInput; now?: Date }): Promise<IssuedCode> {
  const office = await db.office.findFirst({ where: { institutionId, id: input.officeId }, select: { id: true } });
  if (!office) throw new RangeError("Unknown office");
  const code = generateEnrolmentCode();
  const expiresAt = new Date(now.getTime() + ENROLMENT_TTL_MS);
  const kiosk = await db.$transaction(async (tx) => {
    const created = await tx.kiosk.create({
      data: {
        institutionId,
        officeId: input.officeId,
        name: input.name.trim(),
        mode: input.mode,
        idleTimeoutSeconds: input.idleTimeoutSeconds,
        languages: [...new Set(input.languages)],
        enrolmentCodeHash: hashSecret(normalizeEnrolmentCode(code)),
        enrolmentExpiresAt: expiresAt,
      },
      select: { id: true, name: true },
    });
    await audit(tx, { institutionId, actorId, action: "kiosk.create", entity: "Kiosk", entityId: created.id, data: { name: created.name, mode: input.mode, officeId: input.officeId } });
    return created;
  });
  return { id: kiosk.id, name: kiosk.name, code, expiresAt };
}

/**
 * A new enrolment code for a kiosk (a replaced or reset tablet; also brings back a revoked kiosk).
 * Any earlier unused code stops working. The device enrolled now keeps working until the new code
 * is used (then its credential is replaced).
 */
export async function reissueEnrolmentCode({ institutionId, actorId, id, now = new Date() }: { institutionId: string; actorId: string; id: string; now?: Date }): Promise<IssuedCode | null> {
  const code = generateEnrolmentCode();
  const expiresAt = new Date(now.getTime() + ENROLMENT_TTL_MS);
  return db.$transaction(async (tx) => {
    const found = await tx.kiosk.findFirst({ where: { institutionId, id }, select: { id: true, name: true } });
    if (!found) return null;
    await tx.kiosk.update({ where: { id }, data: { enrolmentCodeHash: hashSecret(normalizeEnrolmentCode(code)), enrolmentExpiresAt: expiresAt } });
    await audit(tx, { institutionId, actorId, action: "kiosk.reissueCode", entity: "Kiosk", entityId: id, data: { name: found.name } });
    return { id, name: found.name, code, expiresAt };
  });
}

/** Revokes the device: its credential is refused from now on (within the 5 s cache of other processes), and any pending code is voided. */
export async function revokeKiosk({ institutionId, actorId, id, now = new Date() }: { institutionId: string; actorId: string; id: string; now?: Date }): Promise<boolean> {
  const done = await db.$transaction(async (tx) => {
    const found = await tx.kiosk.findFirst({ where: { institutionId, id }, select: { id: true, name: true, revokedAt: true } });
    if (!found) return false;
    if (!found.revokedAt) {
      await tx.kiosk.update({ where: { id }, data: { revokedAt: now, enrolmentCodeHash: null, enrolmentExpiresAt: null } });
      await audit(tx, { institutionId, actorId, action: "kiosk.revoke", entity: "Kiosk", entityId: id, data: { name: found.name } });
    }
    return true;
  });
  clearSurveyCaches();
  return done;
}

export type EnrolOutcome = { kind: "enrolled"; credential: string; config: KioskConfig } | { kind: "invalid" } | { kind: "expired" };

/**
 * Binds a browser to the kiosk whose code this is: a new device credential replaces any earlier
 * one, the code is spent (one statement, so two tablets racing for one code cannot both win), and
 * a revoked kiosk comes back.
 */
export async function enrolKiosk({ code, now = new Date() }: { code: string; now?: Date }): Promise<EnrolOutcome> {
  const normalized = normalizeEnrolmentCode(code);
  if (!normalized || normalized.length > 64) return { kind: "invalid" };
  const codeHash = hashSecret(normalized);
  const kiosk = await db.kiosk.findUnique({ where: { enrolmentCodeHash: codeHash }, select: { id: true, enrolmentExpiresAt: true } });
  if (!kiosk) return { kind: "invalid" };
  if (kiosk.enrolmentExpiresAt && kiosk.enrolmentExpiresAt.getTime() <= now.getTime()) return { kind: "expired" };
  const credential = generateCredential();
  const claimed = await db.kiosk.updateMany({
    where: { id: kiosk.id, enrolmentCodeHash: codeHash },
    data: { credentialHash: hashSecret(credential), enrolmentCodeHash: null, enrolmentExpiresAt: null, enrolledAt: now, revokedAt: null, lastSeenAt: now, queuedReported: 0 },
  });
  if (claimed.count !== 1) return { kind: "invalid" };
  clearSurveyCaches();
  const config = await kioskConfig(kiosk.id);
  return { kind: "enrolled", credential, config: config! };
}

const deviceSelect = { id: true, name: true, institutionId: true, officeId: true, revokedAt: true } as const;
export type KioskDevice = { id: string; name: string; institutionId: string; officeId: string; revokedAt: Date | null };

/** The kiosk a device credential belongs to (revoked ones too), or null. */
export async function kioskForCredential(credential: string | null | undefined): Promise<KioskDevice | null> {
  if (!credential || credential.length > 200) return null;
  return db.kiosk.findUnique({ where: { credentialHash: hashSecret(credential) }, select: deviceSelect });
}

/** The credential of `Authorization: Bearer <credential>`, or null. */
export function bearerCredential(request: Request): string | null {
  return /^Bearer\s+(\S{1,200})\s*$/i.exec(request.headers.get("authorization") ?? "")?.[1] ?? null;
}

/** The kiosk's settings and its survey questions, as the kiosk screens need them. */
export async function kioskConfig(id: string): Promise<KioskConfig | null> {
  const row = await db.kiosk.findUnique({
    where: { id },
    select: { name: true, mode: true, idleTimeoutSeconds: true, languages: true, institutionId: true, office: { select: { name: true } } },
  });
  if (!row) return null;
  const templateId = await defaultTemplateId(row.institutionId);
  const template = templateId ? await templateVersion(templateId) : null;
  const languages = row.languages.filter((l): l is "es" | "en" => l === "es" || l === "en");
  return {
    name: row.name,
    officeName: row.office.name,
    mode: row.mode as KioskModeValue,
    idleTimeoutSeconds: row.idleTimeoutSeconds,
    languages: languages.length > 0 ? languages : ["es"],
    survey: template ? kioskSurvey(template.questions) : null,
  };
}

/** The template's main question and at most two follow-ups: "resolved" and "treatment" when present, else the first short ones. */
export function kioskSurvey(questions: SurveyQuestion[]): KioskSurvey | null {
  const main = questions.find((q) => q.main);
  if (!main) return null;
  const short = questions.filter((q) => !q.main && (q.type === "scale" || q.type === "yes_partly_no"));
  const preferred = ["resolved", "treatment"].map((key) => short.find((q) => q.key === key)).filter((q): q is SurveyQuestion => !!q);
  const followUps = (preferred.length > 0 ? preferred : short).slice(0, 2);
  return { main: toKioskQuestion(main), followUps: followUps.map(toKioskQuestion) };
}

function toKioskQuestion(q: SurveyQuestion): KioskQuestion {
  return {
    key: q.key,
    type: q.type as KioskQuestion["type"],
    label: q.label,
    ...(q.options ? { options: q.options } : {}),
    ...(q.endLabels ? { endLabels: q.endLabels } : {}),
  };
}

export type HeartbeatOutcome = { kind: "ok"; config: KioskConfig } | { kind: "refused" };

/** The kiosk checks in: last contact and how many items it holds queued; answers with its current settings. */
export async function recordHeartbeat({ credential, queued, now = new Date() }: { credential: string | null; queued: number; now?: Date }): Promise<HeartbeatOutcome> {
  const kiosk = await kioskForCredential(credential);
  if (!kiosk || kiosk.revokedAt) return { kind: "refused" };
  const count = Number.isInteger(queued) && queued >= 0 ? Math.min(queued, 1_000_000) : 0;
  await db.kiosk.update({ where: { id: kiosk.id }, data: { lastSeenAt: now, queuedReported: count } });
  const config = await kioskConfig(kiosk.id);
  return config ? { kind: "ok", config } : { kind: "refused" };
}

