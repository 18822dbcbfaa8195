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
import { checkAnswers } from "./questions";
import { hashSecret, invitationByToken, kioskByCredential, posterByCode, templateVersion, type ResponseTarget } from "./targets.server";

export type SurveyCredential =
  | { kind: "invitation"; token: string }
  | { kind: "poster"; code: string }
  | { kind: "kiosk"; credential: string };

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

class AlreadyUsed extends Error {}

export async function submitSurveyResponse(input: SurveySubmission): Promise<SubmitOutcome> {
  const resolved = await resolveTarget(input.credential, input.now ?? new Date());
  if ("kind" in resolved) {
    // A retry of a submission that used its invitation gets the stored answer, not "used".
    if (resolved.kind === "used" && input.idempotency) {
      const stored = await storedAnswer(scopeOf(input.credential), input.idempotency.key);
      if (stored) return replay(stored, input.idempotency.requestHash);
    }
    return resolved;
  }
  const target = resolved.target;
  const template = await templateVersion(target.templateId);
  if (!template) return { kind: "not_found" };
  const checked = checkAnswers(template.questions, input.answers);
  if (!checked.ok) return { kind: "invalid", fieldErrors: checked.fieldErrors };

  const scope = scopeOf(input.credential);
  if (input.idempotency) {
    const stored = await storedAnswer(scope, input.idempotency.key);
    if (stored) return replay(stored, input.idempotency.requestHash);
  }
  const limited = await rateLimit(input.credential, target, input.clientIp);
  if (limited) return limited;

  const id = randomUUID();
  const row = { id, target, mainScore: checked.mainScore, answers: checked.answers, comment: checked.comment, locale: input.locale };
  try {
    if (!input.idempotency) {
      const inserted = await insertResponse(rawSql().query, row);
      return inserted ? { kind: "created", id } : { kind: "used" };
    }
    const { key, requestHash } = input.idempotency;
    const outcome = await rawSql().transaction(async (query) => {
      const claimed = await query(
        `INSERT INTO "IdempotencyKey" ("scope", "key", "requestHash", "status", "responseBody", "createdAt")
         VALUES ($1, $2, $3, 201, $4::jsonb, now())
         ON CONFLICT ("scope", "key") DO UPDATE SET "requestHash" = EXCLUDED."requestHash", "status" = EXCLUDED."status",
           "responseBody" = EXCLUDED."responseBody", "createdAt" = EXCLUDED."createdAt"
         WHERE "IdempotencyKey"."createdAt" < now() - interval '${IDEMPOTENCY_TTL}'
         RETURNING "scope"`,
        [scope, key, requestHash, JSON.stringify({ id })],
      );
      if (claimed.length === 0) return null; // another request holds the key: replay its answer below
      if (!(await insertResponse(query, row))) throw new AlreadyUsed();
      return { kind: "created" as const, id };
    });
    if (outcome) return outcome;
    const winner = await storedAnswer(scope, key);
    return winner ? replay(winner, requestHash) : { kind: "used" };
  } catch (error) {
    if (error instanceof AlreadyUsed || isInvitationTaken(error)) return { kind: "used" };
    throw error;
  }
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
      return { target: kiosk };
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
const VALUES = `$1::uuid, $2::uuid, $3::uuid, $4::uuid, $5::uuid, $6::uuid, $7::uuid, $8::"Channel", $9::"CaseKind",
  $10::uuid, $11::uuid, $12::uuid, $13::uuid, $14::int, $15::jsonb, $16, $17, now()`;

/**
 * One statement. For an invitation the response is inserted only if this statement is the one
 * that marks the invitation used; false when another response got there first.
 */
async function insertResponse(
  query: SqlQuery,
  row: { id: string; target: ResponseTarget; mainScore: number; answers: unknown; comment: string | null; locale: string },
): Promise<boolean> {
  const t = row.target;
  const values = [
    row.id, t.institutionId, t.templateId, t.invitationId, t.posterId, t.kioskId, t.caseId, t.channel, t.caseKind,
    t.officeId, t.areaId, t.tramiteId, t.officialId, row.mainScore, JSON.stringify(row.answers), row.comment, row.locale,
  ];
  if (t.invitationId) {
    const rows = await query(
      `WITH used AS (UPDATE "SurveyInvitation" SET "usedAt" = now() WHERE "id" = $4::uuid AND "usedAt" IS NULL RETURNING "id")
       INSERT INTO "SurveyResponse" (${COLUMNS}) SELECT ${VALUES} FROM used RETURNING "id"`,
      values,
    );
    return rows.length === 1;
  }
  await query(`INSERT INTO "SurveyResponse" (${COLUMNS}) VALUES (${VALUES})`, values);
  return true;
}

/** The unique index on SurveyResponse.invitationId, if two answers to one invitation race. */
function isInvitationTaken(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; message?: string } | null;
  return !!e && e.code === "23505" && /invitationId/.test(`${e.constraint ?? ""} ${e.message ?? ""}`);
}
