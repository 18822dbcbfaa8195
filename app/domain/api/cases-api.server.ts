// The JSON API v1 for cases: POST /api/v1/cases (a token with cases:write files a case for a
// citizen, with the web form's rules; `channel` and `receivedAt` record a case that arrived by
// other means, and the legal clock follows `receivedAt`) and GET /api/v1/cases/{folio}?accessCode=…
// (the citizen's own view). The staff endpoints are in staff-api.server.ts. Routes call these and
// return the Response.
import { z } from "zod";
import type { Channel } from "~/generated/prisma/client";
import { createCase, type CreatedCase } from "~/domain/cases/create-case.server";
import { INBOX_CHANNELS } from "~/domain/cases/inbox";
import { trackCase, type CitizenCaseView } from "~/domain/cases/citizen-view.server";
import { CaseInputError } from "~/domain/cases/errors";
import { NewCaseSchema, type NewCaseInput } from "~/domain/cases/schemas";
import type { Language } from "~/i18n/config";
import { isLanguage } from "~/i18n/config";
import { msg } from "~/utils/validation";
import { clientIp } from "~/utils/request.server";
import { isoWithOffset, MAX_BACKDATE_DAYS } from "./dates";
import { addFieldError, ApiError, ApiValidationError, fieldErrorMap, jsonResponse, rateLimited, zodFieldErrors, type ApiContext } from "./errors.server";
import { submissionGate } from "./gate.server";
import { apiT } from "./i18n.server";
import { readIdempotencyKey, requestFingerprint, runIdempotent, API_SCOPE_PREFIX } from "./idempotency.server";
import { isPlainObject, readJsonBody } from "./json-body.server";
import { hitTokenLimit } from "./limits.server";
import { requireBearer, type ApiPrincipal } from "./tokens.server";

// ---------------------------------------------------------------------------------------------
// The request body
// ---------------------------------------------------------------------------------------------

export const API_CITIZEN_FIELDS = ["name", "rut", "email", "phone", "commune", "region", "address"] as const;
export const API_CASE_FIELDS = ["kind", "subject", "description", "tramiteCode", "officeCode", "citizen", "replyChannel", "anonymous", "locale", "channel", "receivedAt"] as const;

/** Every channel a case may have arrived by (the Channel enum); API is the default. */
export const API_CHANNELS = INBOX_CHANNELS satisfies readonly Channel[];
/** Clock skew tolerated before a `receivedAt` counts as future. */
const FUTURE_TOLERANCE_MS = 60_000;

const anyValue = z.unknown().optional();
const objectError = { invalid_type_error: msg("api:validation.object") };

/**
 * The body's shape: exactly these keys at every level (.strict()). The values are checked by the
 * shared NewCaseSchema after mapping the nested citizen onto the flat fields, so the API and the
 * web form can never disagree on a rule.
 */
export const ApiCaseBodyShape = z
  .object(
    {
      kind: anyValue,
      subject: anyValue,
      description: anyValue,
      tramiteCode: anyValue,
      officeCode: anyValue,
      citizen: z
        .object(Object.fromEntries(API_CITIZEN_FIELDS.map((f) => [f, anyValue])) as Record<(typeof API_CITIZEN_FIELDS)[number], typeof anyValue>, objectError)
        .strict()
        .nullish(),
      replyChannel: anyValue,
      anonymous: anyValue,
      locale: anyValue,
      channel: anyValue,
      receivedAt: anyValue,
    },
    objectError,
  )
  .strict();

/** The flat schema's field name as the API calls it (citizen fields are nested). */
export function apiPathOfField(path: Array<string | number>): string {
  const [first, ...rest] = path.map(String);
  if (first === undefined) return "";
  if ((API_CITIZEN_FIELDS as readonly string[]).includes(first)) return ["citizen", first, ...rest].join(".");
  return [first, ...rest].join(".");
}

/** null and "" mean "not given", as empty form inputs do. */
function given(value: unknown): unknown {
  return value === null || value === "" ? undefined : value;
}

const ISO_DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/i;

/** An ISO 8601 date-time with a time zone ("Z" or an offset) as an instant; null when it is not one. */
export function parseIsoDateTime(value: string): Date | null {
  const m = ISO_DATE_TIME_RE.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, sec] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return null;
  if (h > 23 || mi > 59 || sec > 59) return null;
  if (m[7]!.toUpperCase() !== "Z" && (Number(m[8]) > 23 || Number(m[9]) > 59)) return null;
  const date = new Date(value.trim());
  return Number.isNaN(date.getTime()) ? null : date;
}

/** How the case arrived: the channel (API when not given) and, for a backdated case, when. */
export type ApiIntake = { channel: Channel; submittedAt?: Date };

const ChannelSchema = z.enum(API_CHANNELS, { errorMap: () => ({ message: msg("api:validation.oneOf", { values: API_CHANNELS.join(", ") }) }) });

/** `channel` and `receivedAt` of the body, problems added to `errors` under those names. */
function parseIntake(body: Record<string, unknown>, now: Date, errors: Record<string, string[]>): ApiIntake {
  const intake: ApiIntake = { channel: "API" };
  const channel = given(body.channel);
  if (channel !== undefined) {
    const parsed = ChannelSchema.safeParse(typeof channel === "string" ? channel.trim().toUpperCase() : channel);
    if (parsed.success) intake.channel = parsed.data;
    else addFieldError(errors, "channel", parsed.error.issues[0]!.message);
  }
  const receivedAt = given(body.receivedAt);
  if (receivedAt !== undefined) {
    const date = typeof receivedAt === "string" && receivedAt.length <= 40 ? parseIsoDateTime(receivedAt) : null;
    if (!date) addFieldError(errors, "receivedAt", "api:validation.dateTime");
    else if (date.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) addFieldError(errors, "receivedAt", "cases:validation.futureDate");
    else if (now.getTime() - date.getTime() > MAX_BACKDATE_DAYS * 86_400_000) addFieldError(errors, "receivedAt", "cases:validation.tooOld");
    else intake.submittedAt = date;
  }
  return intake;
}

export type ApiCaseSubmission = { input: NewCaseInput; intake: ApiIntake };

/**
 * Validates a parsed JSON body into the flat case input and how it arrived; every problem at
 * once, keyed by API path (`citizen.email`, `tramiteCode`, `receivedAt`, `foo` for an unknown
 * field). `fallbackLocale` is the case's language when the body does not say.
 */
export function parseApiCaseBody(body: unknown, fallbackLocale: Language, now = new Date()): ApiCaseSubmission {
  if (!isPlainObject(body)) throw new ApiError(400, "bad_request", "api:errors.notAnObject");
  const errors = fieldErrorMap();
  const shape = ApiCaseBodyShape.safeParse(body);
  if (!shape.success) {
    for (const [path, messages] of Object.entries(zodFieldErrors(shape.error, (p) => p.map(String).join(".")))) addFieldError(errors, path, ...messages);
  }

  const citizen = isPlainObject(body.citizen) ? body.citizen : {};
  const flat = {
    kind: given(body.kind),
    subject: given(body.subject),
    description: given(body.description),
    tramiteCode: given(body.tramiteCode),
    officeCode: given(body.officeCode),
    anonymous: given(body.anonymous),
    replyChannel: given(body.replyChannel),
    locale: given(body.locale) ?? fallbackLocale,
    ...Object.fromEntries(API_CITIZEN_FIELDS.map((f) => [f, given(citizen[f])])),
  };
  const parsed = NewCaseSchema.safeParse(flat);
  if (!parsed.success) {
    for (const [path, messages] of Object.entries(zodFieldErrors(parsed.error, apiPathOfField))) {
      if (!errors[path]) addFieldError(errors, path, ...messages);
    }
  }
  const intakeErrors = fieldErrorMap();
  const intake = parseIntake(body, now, intakeErrors);
  for (const [path, messages] of Object.entries(intakeErrors)) if (!errors[path]) addFieldError(errors, path, ...messages);
  if (Object.keys(errors).length > 0 || !parsed.success) throw new ApiValidationError(errors);
  return { input: parsed.data, intake };
}

/** CaseInputError's flat fields (tramiteCode, officeCode…) as API paths. */
export function apiFieldErrors(error: CaseInputError, mapPath: (path: string[]) => string = apiPathOfField): Record<string, string[]> {
  const out = fieldErrorMap();
  for (const [field, messages] of Object.entries(error.fieldErrors)) addFieldError(out, mapPath([field]), ...messages);
  return out;
}

// ---------------------------------------------------------------------------------------------
// POST /api/v1/cases
// ---------------------------------------------------------------------------------------------

export type CreatedCaseAnswer = {
  folio: string;
  accessCode: string;
  status: string;
  receivedAt: string;
  dueAt: string;
  trackingUrl: string;
};

export function createdCaseAnswer(created: CreatedCase): CreatedCaseAnswer {
  return {
    folio: created.folio,
    accessCode: created.accessCode,
    status: created.status,
    receivedAt: isoWithOffset(created.receivedAt),
    dueAt: isoWithOffset(created.dueAt),
    trackingUrl: created.trackingUrl,
  };
}

/** Per-token budget; 429 with Retry-After once spent. */
export async function enforceTokenLimit(token: ApiPrincipal): Promise<void> {
  const limit = await hitTokenLimit(token.id);
  if (!limit.allowed) throw rateLimited(limit.retryAfterSeconds);
}

export async function postCase(request: Request, ctx: ApiContext): Promise<Response> {
  const token = await requireBearer(request, "cases:write");
  await enforceTokenLimit(token);
  const key = readIdempotencyKey(request);
  const body = await readJsonBody(request);
  if (isPlainObject(body) && isLanguage(body.locale)) ctx.locale = body.locale;
  const { input, intake } = parseApiCaseBody(body, ctx.locale);

  const result = await runIdempotent({
    scope: `${API_SCOPE_PREFIX}v1:cases:${token.id}`,
    key,
    requestHash: requestFingerprint(body),
    create: async (save) => {
      try {
        const created = await submissionGate().run(() =>
          createCase({
            input,
            // The legal clock follows submittedAt (receivedAt in the body), as for a letter an officer registers.
            source: { channel: intake.channel, actorLabel: `api:${token.name}`, submittedAt: intake.submittedAt },
            institutionId: token.institutionId,
            // Only a keyed request needs the interactive transaction that stores its answer.
            onCreated: key === null ? undefined : (tx, c) => save(tx, 201, createdCaseAnswer(c)),
          }),
        );
        return { status: 201, body: createdCaseAnswer(created) };
      } catch (error) {
        if (error instanceof CaseInputError) throw new ApiValidationError(apiFieldErrors(error));
        throw error;
      }
    },
  });
  const folio = (result.body as CreatedCaseAnswer).folio;
  return jsonResponse(result.body, result.status, {
    Location: `/api/v1/cases/${encodeURIComponent(folio)}`,
    ...(result.replayed ? { "Idempotent-Replayed": "true" } : {}),
  });
}

// ---------------------------------------------------------------------------------------------
// GET /api/v1/cases/{folio}?accessCode=…
// ---------------------------------------------------------------------------------------------

export type CitizenCaseAnswer = {
  folio: string;
  kind: string;
  status: string;
  subject: string;
  receivedAt: string;
  dueAt: string;
  timeline: Array<{ type: string; at: string; message: string }>;
  answer: { message: string; at: string } | null;
};

export function citizenCaseAnswer(view: CitizenCaseView, locale: Language): CitizenCaseAnswer {
  const t = apiT(locale);
  return {
    folio: view.folio,
    kind: view.kind,
    status: view.status,
    subject: view.subject,
    receivedAt: isoWithOffset(view.receivedAt),
    dueAt: isoWithOffset(view.dueAt),
    timeline: view.timeline.map((e) => ({
      type: e.type,
      at: isoWithOffset(e.createdAt),
      // The staff's public message when there is one, else what happened in the caller's language.
      message: e.message ?? (t(`cases:event.${e.type}`, { defaultValue: e.type }) as string),
    })),
    answer: view.answer ? { message: view.answer.message, at: isoWithOffset(view.answer.at) } : null,
  };
}

/** The citizen's lookup: found, or one generic 404 whatever was wrong; 429 after too many misses. */
export async function lookupCitizenCase(request: Request, folio: string, accessCode: string) {
  const result = await trackCase({ folio, accessCode, ip: clientIp(request) });
  if (result.kind === "limited") throw rateLimited(result.retryAfterSeconds, "api:errors.trackingLimited");
  if (result.kind === "notFound") throw new ApiError(404, "not_found", "api:errors.notFound");
  return result.view;
}

export async function getCase(request: Request, ctx: ApiContext, folio: string): Promise<Response> {
  const accessCode = new URL(request.url).searchParams.get("accessCode") ?? "";
  const view = await lookupCitizenCase(request, folio, accessCode);
  return jsonResponse(citizenCaseAnswer(view, ctx.locale));
}
