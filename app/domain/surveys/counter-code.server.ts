// "Rate this attention" at the counter (README "Office totem"): an officer creates, from the case
// page, a survey invitation linked to the case, its office, area and trámite, the officer and the
// channel PRESENCIAL, with a short counter code (stored only as its SHA-256, single use, valid
// COUNTER_CODE_TTL_MINUTES) the person types at the office totem, and the invitation's usual link
// (/encuesta/<token>) as a QR code for their phone. This module: generating a free code, finding
// an invitation by its code (for the kiosk's check and its rating), the kiosk's check endpoint, and
// the short-lived cookie that carries the code and link from the case page's POST to its GET.
import { randomInt } from "node:crypto";
import { createCookie } from "@remix-run/node";
import { rawSql } from "~/db/client.server";
import type { Prisma } from "~/generated/prisma/client";
import { ApiError, jsonResponse, rateLimited } from "~/domain/api/errors.server";
import { isPlainObject, readJsonBody } from "~/domain/api/json-body.server";
import { bearerCredential, kioskForCredential } from "~/domain/kiosk/kiosks.server";
import { createLimiter, hit } from "~/domain/security/rate-limit.server";
import { secureCookies } from "~/utils/env.server";
import { COUNTER_CODE_ALPHABET, COUNTER_CODE_LENGTH, COUNTER_CODE_TTL_MS, formatCounterCode, normalizeCounterCode } from "./counter-code";
import { hashSecret, type ResponseTarget } from "./targets.server";

/** A random code, e.g. "K7M29Q" (uniform over the 32-character alphabet). */
export function generateCounterCode(): string {
  let code = "";
  for (let i = 0; i < COUNTER_CODE_LENGTH; i++) code += COUNTER_CODE_ALPHABET[randomInt(COUNTER_CODE_ALPHABET.length)];
  return code;
}

export function counterCodeHash(code: string): string {
  return hashSecret(`counter:${code}`);
}

/**
 * A code no live invitation holds, and its hash, inside the caller's transaction. A used or expired
 * invitation that happens to hold the same code gives it up (its hash is cleared): the unique
 * column then only ever holds codes that can still be answered, or spent ones nobody reuses.
 */
export async function freeCounterCode(tx: Prisma.TransactionClient, now: Date): Promise<{ code: string; hash: string; expiresAt: Date }> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const code = generateCounterCode();
    const hash = counterCodeHash(code);
    await tx.surveyInvitation.updateMany({
      where: { counterCodeHash: hash, OR: [{ usedAt: { not: null } }, { counterCodeExpiresAt: { lte: now } }] },
      data: { counterCodeHash: null },
    });
    const taken = await tx.surveyInvitation.findUnique({ where: { counterCodeHash: hash }, select: { id: true } });
    if (!taken) return { code, hash, expiresAt: new Date(now.getTime() + COUNTER_CODE_TTL_MS) };
  }
  // Eight live collisions in a row among about 10⁹ codes: something is wrong, not bad luck.
  throw new Error("No free counter code");
}

export type CounterInvitation = ResponseTarget & { state: "open" | "used" | "expired"; codeExpiresAt: Date };

/** The invitation a counter code belongs to, in the kiosk's institution, with whether it can still be answered. */
export async function invitationByCounterCode(code: string, institutionId: string, now = new Date()): Promise<CounterInvitation | null> {
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
    counterCodeExpiresAt: Date;
    usedAt: Date | null;
  }>(
    `SELECT "id", "institutionId", "templateId", "caseId", "channel"::text AS "channel", "caseKind"::text AS "caseKind",
            "officeId", "areaId", "tramiteId", "officialId", "counterCodeExpiresAt", "usedAt"
       FROM "SurveyInvitation"
      WHERE "counterCodeHash" = $1 AND "institutionId" = $2::uuid AND "counterCodeExpiresAt" IS NOT NULL`,
    [counterCodeHash(code), institutionId],
  );
  const row = rows[0];
  if (!row) return null;
  const codeExpiresAt = new Date(row.counterCodeExpiresAt);
  const state = row.usedAt ? "used" : codeExpiresAt.getTime() <= now.getTime() ? "expired" : "open";
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
    codeExpiresAt,
  };
}

/** Code checks per kiosk: plenty for a queue at the counter, far too few to guess codes. */
export const COUNTER_CODE_LOOKUP_LIMIT = { points: 10, durationSeconds: 60 } as const;
let lookupLimiter: ReturnType<typeof createLimiter> | undefined;

/**
 * POST /kiosco/codigo `{ "code": "K7M-29Q" }` with the device credential: whether the code can be
 * rated now. 200 `{ code, expiresAt }`; 401 device_refused; 422 invalid_code (not the code's
 * shape); 404 code_not_found; 409 code_used; 410 code_expired; 429 per kiosk. Nothing about the
 * case or the official is told to the kiosk. Every check counts towards the limit.
 */
export async function checkKioskCounterCode(request: Request, now = new Date()): Promise<Response> {
  const kiosk = await kioskForCredential(bearerCredential(request));
  if (!kiosk || kiosk.revokedAt) throw new ApiError(401, "device_refused", "surveys:api.deviceRefused");
  const limited = await hit((lookupLimiter ??= createLimiter({ keyPrefix: "kiosk-counter-code", ...COUNTER_CODE_LOOKUP_LIMIT })), kiosk.id);
  if (!limited.allowed) throw rateLimited(limited.retryAfterSeconds, "kiosk:code.errors.rateLimited");
  const body = await readJsonBody(request);
  const code = normalizeCounterCode(isPlainObject(body) ? body.code : undefined);
  if (!code) throw new ApiError(422, "invalid_code", "kiosk:code.errors.format");
  const invitation = await invitationByCounterCode(code, kiosk.institutionId, now);
  if (!invitation) throw new ApiError(404, "code_not_found", "kiosk:code.errors.notFound");
  if (invitation.state === "used") throw new ApiError(409, "code_used", "kiosk:code.errors.used");
  if (invitation.state === "expired") throw new ApiError(410, "code_expired", "kiosk:code.errors.expired");
  return jsonResponse({ code: formatCounterCode(code), expiresAt: invitation.codeExpiresAt.toISOString() });
}

// ---------------------------------------------------------------------------------------------
// From the case page's POST to its GET

/** The offer as the officer's browser keeps it for a while: signed, HttpOnly, only under /gestion/casos. */
export const counterOfferCookie = createCookie("oirs_counter_code", {
  path: "/gestion/casos",
  httpOnly: true,
  sameSite: "lax",
  secure: secureCookies(),
  maxAge: Math.round(COUNTER_CODE_TTL_MS / 1000),
  secrets: [process.env.SESSION_SECRET ?? "oirs-development-only-secret"],
});

export type CounterOffer = { caseId: string; code: string; token: string; expiresAt: string };

export async function readCounterOffer(request: Request, caseId: string): Promise<CounterOffer | null> {
  const value = (await counterOfferCookie.parse(request.headers.get("Cookie"))) as Partial<CounterOffer> | null;
  if (!value || value.caseId !== caseId || typeof value.code !== "string" || typeof value.token !== "string" || typeof value.expiresAt !== "string") return null;
  return value as CounterOffer;
}

/** Whether the offer's invitation is still open, was answered (by code or by link) or its code expired. */
export async function counterOfferState(offer: CounterOffer, now = new Date()): Promise<"open" | "used" | "expired" | null> {
  const rows = await rawSql().query<{ usedAt: Date | null; counterCodeExpiresAt: Date | null }>(
    `SELECT "usedAt", "counterCodeExpiresAt" FROM "SurveyInvitation" WHERE "tokenHash" = $1 AND "caseId" = $2::uuid`,
    [hashSecret(offer.token), offer.caseId],
  );
  const row = rows[0];
  if (!row) return null;
  if (row.usedAt) return "used";
  return row.counterCodeExpiresAt && new Date(row.counterCodeExpiresAt).getTime() > now.getTime() ? "open" : "expired";
}
