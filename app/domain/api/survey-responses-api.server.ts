// POST /api/v1/survey-responses: a response with an invitation token, a poster code, or a kiosk's
// device credential (Authorization: Bearer <credential>), answers keyed by question key, and an
// optional locale; honours Idempotency-Key. Written against a minimal request shape so the same
// handler serves the Remix route and the Express fast path in front of Remix (app/server/main.ts).
import { z } from "zod";
import { isLanguage, type Language } from "~/i18n/config";
import { submitSurveyResponse, type SurveyCredential } from "~/domain/surveys/submit.server";
import { normalizeCounterCode } from "~/domain/surveys/counter-code";
import {
  addFieldError,
  ApiError,
  errorPayload,
  fieldErrorMap,
  isDatabaseUnavailable,
  jsonPayload,
  unavailable,
  validationPayload,
  zodFieldErrors,
  type ApiContext,
  type ApiPayload,
} from "./errors.server";
import { languageFromHeader } from "./i18n.server";
import { requestFingerprint } from "./idempotency.server";
import { isJsonMediaType, isPlainObject, parseJson } from "./json-body.server";

export type MinimalRequest = {
  header: (name: string) => string | null;
  /** The body as text; throws ApiError 413 beyond the size limit. */
  readBody: () => Promise<string>;
  clientIp: string;
};

const credentialText = z.string({ invalid_type_error: "surveys:api.credentialText" }).trim().min(1, "surveys:api.credentialText").max(200, "surveys:api.credentialText");

const BodySchema = z
  .object({
    posterCode: credentialText.optional(),
    invitationToken: credentialText.optional(),
    // "Rate this attention": with a kiosk's credential only; checked in credentialOf.
    counterCode: z.string({ invalid_type_error: "kiosk:code.errors.format" }).max(40, "kiosk:code.errors.format").optional(),
    answers: z.unknown(),
    locale: z.unknown().optional(),
  })
  .strict();

const KEY_PATTERN = /^[\x20-\x7E]{1,200}$/;

export async function postSurveyResponse(req: MinimalRequest): Promise<ApiPayload> {
  const ctx: ApiContext = { locale: languageFromHeader(req.header("accept-language")) ?? "es", style: "v1" };
  try {
    return await handle(req, ctx);
  } catch (error) {
    if (error instanceof ApiError) return errorPayload(error, ctx);
    if (isDatabaseUnavailable(error)) return errorPayload(unavailable(), ctx);
    console.error("[api] unexpected error on POST /api/v1/survey-responses:", error);
    return errorPayload(new ApiError(500, "internal", "api:errors.internal"), ctx);
  }
}

async function handle(req: MinimalRequest, ctx: ApiContext): Promise<ApiPayload> {
  const type = (req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!isJsonMediaType(type)) throw new ApiError(415, "unsupported_media_type", "api:errors.mediaType");
  const rawKey = req.header("idempotency-key");
  const key = rawKey === null ? null : rawKey.trim();
  if (key !== null && !KEY_PATTERN.test(key)) throw new ApiError(400, "invalid_idempotency_key", "api:errors.idempotencyKey");

  const body = parseJson(await req.readBody());
  if (!isPlainObject(body)) throw new ApiError(400, "not_an_object", "api:errors.notAnObject");
  if (isLanguage(body.locale)) ctx.locale = body.locale;
  const parsed = BodySchema.safeParse(body);
  const errors = parsed.success ? fieldErrorMap() : zodFieldErrors(parsed.error, (path) => path.join("."));
  if (body.locale !== undefined && body.locale !== null && !isLanguage(body.locale)) addFieldError(errors, "locale", "api:validation.oneOf|" + JSON.stringify({ values: "es, en" }));
  const credential = parsed.success ? credentialOf(parsed.data, req.header("authorization"), errors) : null;
  if (!parsed.success || !credential || Object.keys(errors).length > 0) return validationPayload(errors, ctx);

  const locale: Language = ctx.locale;
  const outcome = await submitSurveyResponse({
    credential,
    answers: parsed.data.answers,
    locale,
    clientIp: req.clientIp,
    idempotency: key === null ? null : { key, requestHash: requestFingerprint({ credential, answers: parsed.data.answers ?? null, locale }) },
  });
  switch (outcome.kind) {
    case "created":
      return jsonPayload({ id: outcome.id }, 201);
    case "replayed":
      return jsonPayload(outcome.body, outcome.status, { "Idempotent-Replayed": "true" });
    case "invalid": {
      const fieldErrors = fieldErrorMap();
      for (const [question, messages] of Object.entries(outcome.fieldErrors)) addFieldError(fieldErrors, question === "answers" ? "answers" : `answers.${question}`, ...messages);
      return validationPayload(fieldErrors, ctx);
    }
    case "idempotency_conflict":
      throw new ApiError(409, "idempotency_conflict", "api:errors.idempotencyConflict");
    case "not_found":
      throw new ApiError(404, "not_found", "surveys:api.notFound");
    case "used":
      throw new ApiError(409, "already_answered", "surveys:api.used");
    case "expired":
      throw new ApiError(410, "invitation_expired", "surveys:api.expired");
    case "device_refused":
      throw new ApiError(401, "device_refused", "surveys:api.deviceRefused");
    case "rate_limited":
      throw new ApiError(429, "rate_limited", "api:errors.rateLimited", { seconds: outcome.retryAfterSeconds }, { "Retry-After": String(outcome.retryAfterSeconds) });
  }
}

/** Exactly one of: invitationToken, posterCode, or a kiosk's Bearer credential. */
function credentialOf(
  body: { posterCode?: string; invitationToken?: string; counterCode?: string },
  authorization: string | null,
  errors: Record<string, string[]>,
): SurveyCredential | null {
  const bearer = /^Bearer\s+(\S{1,200})\s*$/i.exec(authorization ?? "")?.[1];
  const given = [body.invitationToken !== undefined, body.posterCode !== undefined, bearer !== undefined].filter(Boolean).length;
  if (given !== 1) {
    addFieldError(errors, "", given === 0 ? "surveys:api.credentialMissing" : "surveys:api.credentialTooMany");
    return null;
  }
  if (body.counterCode !== undefined && bearer === undefined) {
    addFieldError(errors, "counterCode", "kiosk:code.errors.kioskOnly");
    return null;
  }
  if (body.invitationToken !== undefined) return { kind: "invitation", token: body.invitationToken };
  if (body.posterCode !== undefined) return { kind: "poster", code: body.posterCode };
  if (body.counterCode !== undefined) {
    const counterCode = normalizeCounterCode(body.counterCode);
    if (!counterCode) {
      addFieldError(errors, "counterCode", "kiosk:code.errors.format");
      return null;
    }
    return { kind: "kiosk", credential: bearer!, counterCode };
  }
  return { kind: "kiosk", credential: bearer! };
}
