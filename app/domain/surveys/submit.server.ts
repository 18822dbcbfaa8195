// Recording a survey response, whoever sends it: the web form behind an emailed invitation, a
// QR poster's page, the kiosk, or the JSON API. One response per invitation (the invitation is
// marked used in the same statement that inserts the response); poster and kiosk responses are
// anonymous and rate-limited. With an idempotency key the key, the response and the invitation's
// use commit together, so a retry gets the first answer back and never a second response.
import { randomUUID } from "node:crypto";
import { rawSql } from "~/db/client.server";
import type { SqlQuery } from "~/db/adapter.server";
import { createLimiter, hit } from "~/domain/security/rate-limit.server";
import type { Language } from "~/i18n/config";
import { invitationByCounterCode } from "./counter-code.server";
import { checkAnswers } from "./questions";
import { currentTemplates, hashSecret, invitationByToken, kioskByCredential, posterByCode, templateVersion, type ResponseTarget } from "./targets.server";

export type SurveyCredential =
  | { kind: "invitation"; token: string }
  | { kind: "poster"; code: string }
  | { kind: "kiosk"; credential: string; /** "Rate this attention": the counter code the person typed at the totem. */ counterCode?: string };

export type SurveySubmission = {
  credential: SurveyCredential;
  answers: unknown;
  locale: Language;
  clientIp: string;
  /** An Idempotency-Key and the fingerprint of the request it came with. */
  idempotency?: { key: string; requestHash: string } | null;
  now?: Date;
};

export type SubmitOutcome =
  | { kind: "created"; id: string }
  | { kind: "replayed"; status: number; body: unknown }
  | { kind: "idempotency_conflict" }
  | { kind: "not_found" }
  | { kind: "used" }
  | { kind: "expired" }
  | { kind: "device_refused" }
  | { kind: "invalid"; fieldErrors: Record<string, string[]> }
  | { kind: "rate_limited"; retryAfterSeconds: number };

/** Anonymous responses through one poster from one address: generous for an office's shared Wi-Fi. */
export const POSTER_LIMIT = { points: 30, durationSeconds: 10 * 60 } as const;
/** One rating every 5 seconds per kiosk. */
export const KIOSK_LIMIT = { points: 1, durationSeconds: 5 } as const;

let posterLimiter: ReturnType<typeof createLimiter> | undefined;
let kioskLimiter: ReturnType<typeof createLimiter> | undefined;

export const IDEMPOTENCY_SCOPE_PREFIX = "api:survey:";
const IDEMPOTENCY_TTL = "24 hours";

/**
 * Records one response. The usual cases take one SQL statement: a poster or kiosk response (their
 * target is cached), and an invitation whose answers are valid for a current template version —
 * the statement marks the invitation used and inserts the response only if the token is open and
 * its template is one the answers were checked against. Anything else (unknown, used or expired
 * token, answers invalid for its template, an idempotent retry) takes the slower, exact path.
 */
export async function submitSurveyResponse(input: SurveySubmission): Promise<SubmitOutcome> {
  const scope = scopeOf(input.credential);
  const key = input.idempotency ? { scope, key: input.idempotency.key, requestHash: input.idempotency.requestHash } : null;
  try {
    if (input.credential.kind === "invitation") {
      const fast = await answerOpenInvitation(input.credential.token, input, key);
      if (fast) return fast;
    }
    return await submitExact(input, key);
  } catch (error) {
    if (key && isKeyTaken(error)) return (await replayStored(key)) ?? (await submitExact(input, key, { overwriteExpiredKey: true }));
    if (isInvitationTaken(error)) return key ? ((await replayStored(key)) ?? { kind: "used" }) : { kind: "used" };
    throw error;
  }
}

type KeyEntry = { scope: string; key: string; requestHash: string };

/** The one-statement path for an invitation; null when it does not apply (then the exact path decides). */
async function answerOpenInvitation(token: string, input: SurveySubmission, key: KeyEntry | null): Promise<SubmitOutcome | null> {
  const candidates = await currentTemplates();
  let checked: Extract<ReturnType<typeof checkAnswers>, { ok: true }> | null = null;
  const templateIds: string[] = [];
  for (const template of candidates) {
    const result = checkAnswers(template.questions, input.answers);
    if (!result.ok) continue;
    // Templates whose questions read these answers the same way; usually exactly one.
    if (!checked) checked = result;
    else if (JSON.stringify(result) !== JSON.stringify(checked)) continue;
    templateIds.push(template.id);
  }
  if (!checked) return null;
  const id = randomUUID();
  const sql = new Statement();
  const inv = `UPDATE "SurveyInvitation" SET "usedAt" = now()
     WHERE "tokenHash" = ${sql.param(hashSecret(token))} AND "usedAt" IS NULL AND "expiresAt" > now() AND "templateId" = ANY(${sql.param(templateIds)}::uuid[])
     RETURNING "id", "institutionId", "templateId", "caseId", "channel", "caseKind", "officeId", "areaId", "tramiteId", "officialId"`;
  const keyCte = key ? `, k AS (${keyInsert(sql, key, id, "FROM inv")})` : "";
  const rows = await rawSql().query(
    `WITH inv AS (${inv})${keyCte}
     INSERT INTO "SurveyResponse" (${COLUMNS})
     SELECT ${sql.param(id)}::uuid, inv."institutionId", inv."templateId", inv."id", NULL, NULL, inv."caseId", inv."channel", inv."caseKind",
            inv."officeId", inv."areaId", inv."tramiteId", inv."officialId", ${answerValues(sql, checked, input.locale)}, now()
       FROM inv RETURNING "id"`,
    sql.values,
  );
  return rows.length === 1 ? { kind: "created", id } : null;
}

/** Resolve the credential, check the answers against its template version, then insert. */
async function submitExact(input: SurveySubmission, key: KeyEntry | null, options: { overwriteExpiredKey?: boolean } = {}): Promise<SubmitOutcome> {
  const resolved = await resolveTarget(input.credential, input.now ?? new Date());
  if ("kind" in resolved) {
    // A retry of the submission that used the invitation gets the first answer, not "used".
    if (resolved.kind === "used" && key) return (await replayStored(key)) ?? resolved;
    return resolved;
  }
  const target = resolved.target;
  const template = await templateVersion(target.templateId);
  if (!template) return { kind: "not_found" };
  const checked = checkAnswers(template.questions, input.answers);
  if (!checked.ok) return { kind: "invalid", fieldErrors: checked.fieldErrors };
  if (key) {
    const stored = await replayStored(key);
    if (stored) return stored;
  }
  const limited = await rateLimit(input.credential, target, input.clientIp);
  if (limited) return limited;

  const id = randomUUID();
  if (key && options.overwriteExpiredKey) {
    // The key exists but expired: take it over and insert in one transaction.
    const created = await rawSql().transaction(async (query) => {
      const claimed = await query(
        `UPDATE "IdempotencyKey" SET "requestHash" = $3, "status" = 201, "responseBody" = $4::jsonb, "createdAt" = now()
          WHERE "scope" = $1 AND "key" = $2 AND "createdAt" < now() - interval '${IDEMPOTENCY_TTL}' RETURNING "scope"`,
        [key.scope, key.key, key.requestHash, JSON.stringify({ id })],
      );
      if (claimed.length === 0) return false;
      return insertForTarget(query, id, target, checked, input.locale, null);
    });
    return created ? { kind: "created", id } : ((await replayStored(key)) ?? { kind: "used" });
  }
  const inserted = await insertForTarget(rawSql().query, id, target, checked, input.locale, key);
  return inserted ? { kind: "created", id } : { kind: "used" };
}

/**
 * One statement: the response (for an invitation, only if this statement marks it used) and,
 * with a key, the key's row — a plain insert, so a key already taken aborts the whole statement.
 */
async function insertForTarget(
  query: SqlQuery,
  id: string,
  t: ResponseTarget,
  checked: Extract<ReturnType<typeof checkAnswers>, { ok: true }>,
  locale: string,
  key: KeyEntry | null,
): Promise<boolean> {
  const sql = new Statement();
  const dims = [id, t.institutionId, t.templateId, t.invitationId, t.posterId, t.kioskId, t.caseId].map((v) => `${sql.param(v)}::uuid`);
  const values = `${dims.join(", ")}, ${sql.param(t.channel)}::"Channel", ${sql.param(t.caseKind)}::"CaseKind",
    ${[t.officeId, t.areaId, t.tramiteId, t.officialId].map((v) => `${sql.param(v)}::uuid`).join(", ")}, ${answerValues(sql, checked, locale)}, now()`;
  if (t.invitationId) {
    const used = `UPDATE "SurveyInvitation" SET "usedAt" = now() WHERE "id" = ${sql.param(t.invitationId)}::uuid AND "usedAt" IS NULL RETURNING "id"`;
    const keyCte = key ? `, k AS (${keyInsert(sql, key, id, "FROM used")})` : "";
    const rows = await query(`WITH used AS (${used})${keyCte} INSERT INTO "SurveyResponse" (${COLUMNS}) SELECT ${values} FROM used RETURNING "id"`, sql.values);
    return rows.length === 1;
  }
  const keyCte = key ? `WITH k AS (${keyInsert(sql, key, id, "")}) ` : "";
  await query(`${keyCte}INSERT INTO "SurveyResponse" (${COLUMNS}) VALUES (${values})`, sql.values);
  return true;
}

function keyInsert(sql: Statement, key: KeyEntry, id: string, from: string): string {
  const select = `SELECT ${sql.param(key.scope)}, ${sql.param(key.key)}, ${sql.param(key.requestHash)}, 201, ${sql.param(JSON.stringify({ id }))}::jsonb, now() ${from}`;
  return `INSERT INTO "IdempotencyKey" ("scope", "key", "requestHash", "status", "responseBody", "createdAt") ${select}`;
}

function answerValues(sql: Statement, checked: { mainScore: number; answers: unknown; comment: string | null }, locale: string): string {
  return `${sql.param(checked.mainScore)}::int, ${sql.param(JSON.stringify(checked.answers))}::jsonb, ${sql.param(checked.comment)}, ${sql.param(locale)}`;
}

/** Positional parameters collected while a statement's text is written. */
class Statement {
  readonly values: unknown[] = [];
  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

async function replayStored(key: KeyEntry): Promise<SubmitOutcome | null> {
  const stored = await storedAnswer(key.scope, key.key);
  return stored ? replay(stored, key.requestHash) : null;
}

type Resolved = { target: ResponseTarget } | { kind: "not_found" } | { kind: "used" } | { kind: "expired" } | { kind: "device_refused" };

async function resolveTarget(credential: SurveyCredential, now: Date): Promise<Resolved> {
  switch (credential.kind) {
    case "invitation": {
      const invitation = await invitationByToken(credential.token, now);
      if (!invitation) return { kind: "not_found" };
      if (invitation.state !== "open") return { kind: invitation.state };
      return { target: invitation };
    }
    case "poster": {
      const poster = await posterByCode(credential.code);
      if (!poster || !poster.active) return { kind: "not_found" };
      return { target: poster };
    }
    case "kiosk": {
      const kiosk = await kioskByCredential(credential.credential);
      if (!kiosk || kiosk.revoked) return { kind: "device_refused" };
      if (credential.counterCode === undefined) return { target: kiosk };
      // A counter code: the response answers that invitation (its case, official, office and
      // channel) and records the kiosk it came through.
      const invitation = await invitationByCounterCode(credential.counterCode, kiosk.institutionId, now);
      if (!invitation) return { kind: "not_found" };
      if (invitation.state !== "open") return { kind: invitation.state };
      const { state: _state, codeExpiresAt: _expires, ...target } = invitation;
      return { target: { ...target, officeId: target.officeId ?? kiosk.officeId, kioskId: kiosk.kioskId } };
    }
  }
}

/** Idempotency keys are scoped to the credential (secrets by their hash), so two devices' keys never meet. */
function scopeOf(credential: SurveyCredential): string {
  switch (credential.kind) {
    case "invitation":
      return `${IDEMPOTENCY_SCOPE_PREFIX}invitation:${hashSecret(credential.token).slice(0, 32)}`;
    case "poster":
      return `${IDEMPOTENCY_SCOPE_PREFIX}poster:${credential.code.trim().toUpperCase()}`;
    case "kiosk":
      return `${IDEMPOTENCY_SCOPE_PREFIX}kiosk:${hashSecret(credential.credential).slice(0, 32)}`;
  }
}

type Stored = { requestHash: string; status: number; responseBody: unknown };

async function storedAnswer(scope: string, key: string): Promise<Stored | null> {
  const rows = await rawSql().query<Stored>(
    `SELECT "requestHash", "status", "responseBody" FROM "IdempotencyKey"
      WHERE "scope" = $1 AND "key" = $2 AND "createdAt" >= now() - interval '${IDEMPOTENCY_TTL}'`,
    [scope, key],
  );
  return rows[0] ?? null;
}

function replay(stored: Stored, requestHash: string): SubmitOutcome {
  if (stored.requestHash !== requestHash) return { kind: "idempotency_conflict" };
  return { kind: "replayed", status: stored.status === 201 ? 200 : stored.status, body: stored.responseBody };
}

async function rateLimit(credential: SurveyCredential, target: ResponseTarget, ip: string): Promise<SubmitOutcome | null> {
  if (credential.kind === "invitation") return null; // single-use already
  const result =
    credential.kind === "poster"
      ? await hit((posterLimiter ??= createLimiter({ keyPrefix: "survey-poster", ...POSTER_LIMIT })), `${target.posterId}:${ip}`)
      : await hit((kioskLimiter ??= createLimiter({ keyPrefix: "survey-kiosk", ...KIOSK_LIMIT })), target.kioskId!);
  return result.allowed ? null : { kind: "rate_limited", retryAfterSeconds: result.retryAfterSeconds };
}

const COLUMNS = `"id", "institutionId", "templateId", "invitationId", "posterId", "kioskId", "caseId", "channel", "caseKind",
  "officeId", "areaId", "tramiteId", "officialId", "mainScore", "answers", "comment", "locale", "createdAt"`;
/** A key already in IdempotencyKey: a concurrent or earlier request with the same key. */
function isKeyTaken(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; message?: string } | null;
  return !!e && e.code === "23505" && /IdempotencyKey/.test(`${e.constraint ?? ""} ${e.message ?? ""}`);
}

/** The unique index on SurveyResponse.invitationId, if two answers to one invitation race. */
function isInvitationTaken(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; message?: string } | null;
  return !!e && e.code === "23505" && /invitationId/.test(`${e.constraint ?? ""} ${e.message ?? ""}`);
}
