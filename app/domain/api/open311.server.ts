// Open311 GeoReport v2 (JSON only): services.json lists the case kinds and the active trámite
// catalogue; requests.json files a case; requests/{id}.json reads one back.
//
// Decisions (documented in README "API"):
// - service_code is a case kind (RECLAMO, CONSULTA, SUGERENCIA, FELICITACION, SOLICITUD) or a
//   trámite code. A trámite files a SOLICITUD unless attribute[kind] names another kind.
// - api_key is optional. With one (scope cases:write) the request acts as that token (its rate
//   limit, actor "api:<name>"); an invalid key is 403 as the spec says. Without one it is a
//   citizen's own request, limited per client IP (10 per 10 minutes).
// - first_name + last_name are the citizen's name; email, phone and address_string their contact.
//   attribute[rut|reply_channel|anonymous|commune|region|office] carry the rest. Without any
//   personal data a SUGERENCIA or FELICITACION is filed anonymously; the reply channel defaults
//   to EMAIL when an email is given, else POSTAL when an address is.
// - The subject is the first 80 characters of the description.
// - Lookups need ?access_code= (the citizen's) or an api_key with cases:read; otherwise 404.
//   Errors are the spec's [{"code", "description"}] with the same HTTP status.
import { db } from "~/db/client.server";
import { createCase, type CreatedCase } from "~/domain/cases/create-case.server";
import { CaseInputError } from "~/domain/cases/errors";
import { normalizeFolioInput } from "~/domain/cases/folio";
import { CASE_KINDS, NewCaseSchema, requiresContact, type CaseKindValue, type NewCaseInput } from "~/domain/cases/schemas";
import type { Language } from "~/i18n/config";
import { isLanguage } from "~/i18n/config";
import { clientIp } from "~/utils/request.server";
import { lookupCitizenCase } from "./cases-api.server";
import { isoWithOffset } from "./dates";
import { addFieldError, ApiError, ApiValidationError, fieldErrorMap, jsonResponse, rateLimited, zodFieldErrors, type ApiContext } from "./errors.server";
import { submissionGate } from "./gate.server";
import { apiT } from "./i18n.server";
import { API_SCOPE_PREFIX, readIdempotencyKey, requestFingerprint, runIdempotent } from "./idempotency.server";
import { isJsonMediaType, isPlainObject, mediaType, parseJson, readBodyText } from "./json-body.server";
import { hitOpen311AnonymousLimit, hitTokenLimit } from "./limits.server";
import { authenticateToken, forbidden, hasScope, type ApiPrincipal } from "./tokens.server";

export const SUBJECT_FROM_DESCRIPTION = 80;
const CLOSED_STATUSES = new Set(["RESPONDIDA", "CERRADA", "DERIVADA", "DESISTIDA"]);

/** The first institution is the one this deployment serves (as createCase does). */
async function institution() {
  return db.institution.findFirst({ orderBy: { createdAt: "asc" }, select: { id: true, name: true } });
}

const isKind = (value: string): value is CaseKindValue => (CASE_KINDS as readonly string[]).includes(value);

// ---------------------------------------------------------------------------------------------
// GET services.json
// ---------------------------------------------------------------------------------------------

export type Open311Service = {
  service_code: string;
  service_name: string;
  description: string;
  metadata: false;
  type: "realtime";
  keywords: string;
  group: string;
};

export async function listServices(ctx: ApiContext): Promise<Response> {
  const t = apiT(ctx.locale);
  const inst = await institution();
  const tramites = inst
    ? await db.tramite.findMany({
        where: { institutionId: inst.id, active: true },
        select: { code: true, name: true, description: true },
        orderBy: { name: "asc" },
      })
    : [];
  const services: Open311Service[] = [
    ...CASE_KINDS.map((kind) => ({
      service_code: kind,
      service_name: t(`cases:kind.${kind}`, { defaultValue: kind }) as string,
      description: t(`api:open311.kindDescription.${kind}`) as string,
      metadata: false as const,
      type: "realtime" as const,
      keywords: t(`api:open311.kindKeywords.${kind}`) as string,
      group: t("api:open311.groupKinds") as string,
    })),
    ...tramites
      .filter((tr) => !isKind(tr.code))
      .map((tr) => ({
        service_code: tr.code,
        service_name: tr.name,
        description: tr.description,
        metadata: false as const,
        type: "realtime" as const,
        keywords: "",
        group: t("api:open311.groupTramites") as string,
      })),
  ];
  return jsonResponse(services);
}

// ---------------------------------------------------------------------------------------------
// POST requests.json
// ---------------------------------------------------------------------------------------------

/** Standard GeoReport v2 fields we accept; location and media fields are accepted and ignored. */
const STANDARD_FIELDS = new Set([
  "jurisdiction_id",
  "service_code",
  "api_key",
  "description",
  "first_name",
  "last_name",
  "email",
  "phone",
  "address_string",
  "address_id",
  "lat",
  "long",
  "device_id",
  "account_id",
  "media_url",
  "locale",
]);
const ATTRIBUTES = new Set(["kind", "rut", "reply_channel", "anonymous", "commune", "region", "office"]);

/** Where each flat case field comes from in an Open311 request (for error messages). */
const OPEN311_PATH: Record<string, string> = {
  kind: "attribute[kind]",
  subject: "description",
  description: "description",
  tramiteCode: "service_code",
  tramiteId: "service_code",
  officeCode: "attribute[office]",
  officeId: "attribute[office]",
  anonymous: "attribute[anonymous]",
  name: "first_name",
  rut: "attribute[rut]",
  email: "email",
  phone: "phone",
  address: "address_string",
  commune: "attribute[commune]",
  region: "attribute[region]",
  replyChannel: "attribute[reply_channel]",
  locale: "locale",
};

export function open311PathOfField(path: Array<string | number>): string {
  const first = String(path[0] ?? "");
  return OPEN311_PATH[first] ?? first;
}

export type Open311Fields = { fields: Record<string, string>; attributes: Record<string, string> };

function scalar(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

/** Form-encoded (the spec) or JSON body as flat string fields and attribute[…] values. */
export async function readOpen311Body(request: Request): Promise<Open311Fields> {
  const type = mediaType(request);
  const isForm = type === "application/x-www-form-urlencoded";
  if (!isForm && !isJsonMediaType(type)) throw new ApiError(415, "unsupported_media_type", "api:errors.mediaTypeForm");
  const text = await readBodyText(request);
  const entries: Array<[string, unknown]> = [];
  if (isForm) {
    for (const [k, v] of new URLSearchParams(text)) entries.push([k, v]);
  } else {
    const body = parseJson(text);
    if (!isPlainObject(body)) throw new ApiError(400, "bad_request", "api:errors.notAnObject");
    for (const [k, v] of Object.entries(body)) {
      if (k === "attribute" && isPlainObject(v)) for (const [ak, av] of Object.entries(v)) entries.push([`attribute[${ak}]`, av]);
      else entries.push([k, v]);
    }
  }
  const out: Open311Fields = { fields: {}, attributes: {} };
  const unknown: string[] = [];
  for (const [key, raw] of entries) {
    const attribute = /^attribute\[([^\]]+)\]$/.exec(key)?.[1];
    const value = scalar(raw);
    if (attribute !== undefined ? !ATTRIBUTES.has(attribute) : !STANDARD_FIELDS.has(key)) {
      unknown.push(key);
      continue;
    }
    if (value === undefined) {
      if (raw !== null) throw new ApiValidationError({ [key]: ["api:validation.invalid"] });
      continue;
    }
    if (attribute !== undefined) out.attributes[attribute] ??= value;
    else out.fields[key] ??= value;
  }
  if (unknown.length > 0) {
    throw new ApiError(400, "unknown_fields", "api:open311.unknownFields", { fields: unknown.slice(0, 20).join(", ") });
  }
  return out;
}

const truthy = (v: string | undefined) => (v === undefined ? undefined : /^(1|true|yes|on|si|sí)$/i.test(v.trim()));
const blank = (v: string | undefined) => (v === undefined || v.trim() === "" ? undefined : v.trim());

/** The subject: the description on one line, cut at 80 characters. */
export function subjectFromDescription(description: string): string {
  return Array.from(description.replace(/\s+/g, " ").trim()).slice(0, SUBJECT_FROM_DESCRIPTION).join("").trim();
}

/** Maps an Open311 request onto the shared case schema; errors keyed by Open311 field names. */
export function parseOpen311Request(body: Open311Fields, fallbackLocale: Language): NewCaseInput {
  const f = body.fields;
  const a = body.attributes;
  const serviceCode = blank(f.service_code)?.toUpperCase();
  if (!serviceCode) throw new ApiValidationError({ service_code: ["validation.required"] });
  const kindAttr = blank(a.kind)?.toUpperCase();
  const kind = isKind(serviceCode) ? serviceCode : (kindAttr ?? "SOLICITUD");
  const description = blank(f.description);
  const name = [blank(f.first_name), blank(f.last_name)].filter(Boolean).join(" ") || undefined;
  const email = blank(f.email);
  const phone = blank(f.phone);
  const address = blank(f.address_string);
  const rut = blank(a.rut);
  const hasPersonalData = Boolean(name || email || phone || address || rut);
  const anonymous = truthy(a.anonymous) ?? (!hasPersonalData && isKind(kind) && !requiresContact(kind));
  const replyChannel = blank(a.reply_channel)?.toUpperCase() ?? (email ? "EMAIL" : address ? "POSTAL" : undefined);
  const flat = {
    kind,
    subject: description ? subjectFromDescription(description) : undefined,
    description,
    tramiteCode: isKind(serviceCode) ? undefined : serviceCode,
    officeCode: blank(a.office),
    anonymous,
    name,
    rut,
    email,
    phone,
    address,
    commune: blank(a.commune),
    region: blank(a.region),
    replyChannel,
    locale: blank(f.locale) ?? fallbackLocale,
  };
  const parsed = NewCaseSchema.safeParse(flat);
  if (!parsed.success) throw new ApiValidationError(zodFieldErrors(parsed.error, open311PathOfField));
  return parsed.data;
}

export type Open311Created = {
  service_request_id: string;
  service_notice: string;
  account_id: null;
  token: null;
  access_code: string;
};

export function open311CreatedAnswer(created: CreatedCase, locale: Language): Open311Created[] {
  const dueDate = isoWithOffset(created.dueAt).slice(0, 10);
  return [
    {
      service_request_id: created.folio,
      service_notice: apiT(locale)("api:open311.notice", { folio: created.folio, accessCode: created.accessCode, count: created.targetDays, date: dueDate }) as string,
      account_id: null,
      token: null,
      access_code: created.accessCode,
    },
  ];
}

/** The api_key's token (403 when invalid or without `scope`), or null when none was given. */
async function optionalKey(apiKey: string | undefined, scope: "cases:write" | "cases:read"): Promise<ApiPrincipal | null> {
  if (apiKey === undefined || apiKey === "") return null;
  const check = await authenticateToken(apiKey);
  if (check.kind !== "ok") throw new ApiError(403, "forbidden", "api:open311.invalidApiKey");
  if (!hasScope(check.token, scope)) throw forbidden(scope);
  return check.token;
}

export async function postServiceRequest(request: Request, ctx: ApiContext): Promise<Response> {
  const key = readIdempotencyKey(request);
  const body = await readOpen311Body(request);
  if (isLanguage(body.fields.locale)) ctx.locale = body.fields.locale;
  const apiKey = body.fields.api_key ?? new URL(request.url).searchParams.get("api_key") ?? undefined;
  const token = await optionalKey(apiKey, "cases:write");
  const ip = clientIp(request);
  const limit = token ? await hitTokenLimit(token.id) : await hitOpen311AnonymousLimit(ip);
  if (!limit.allowed) throw rateLimited(limit.retryAfterSeconds);

  const input = parseOpen311Request(body, ctx.locale);
  const locale = ctx.locale;
  const { api_key: _secret, ...fingerprinted } = body.fields;
  const result = await runIdempotent({
    scope: `${API_SCOPE_PREFIX}open311:${token ? `token:${token.id}` : `ip:${ip}`}`,
    key,
    requestHash: requestFingerprint({ fields: fingerprinted, attributes: body.attributes }),
    create: async (save) => {
      try {
        const created = await submissionGate().run(() =>
          createCase({
            input,
            source: { channel: "API", actorLabel: token ? `api:${token.name}` : "open311" },
            onCreated: (tx, c) => save(tx, 201, open311CreatedAnswer(c, locale)),
          }),
        );
        return { status: 201, body: open311CreatedAnswer(created, locale) };
      } catch (error) {
        if (error instanceof CaseInputError) {
          const errors = fieldErrorMap();
          for (const [field, messages] of Object.entries(error.fieldErrors)) {
            const path = open311PathOfField([field]);
            addFieldError(errors, path, ...(path === "service_code" ? ["api:open311.unknownService"] : messages));
          }
          throw new ApiValidationError(errors);
        }
        throw error;
      }
    },
  });
  return jsonResponse(result.body, result.status, result.replayed ? { "Idempotent-Replayed": "true" } : {});
}

// ---------------------------------------------------------------------------------------------
// GET requests/{service_request_id}.json
// ---------------------------------------------------------------------------------------------

const open311CaseSelect = {
  folio: true,
  kind: true,
  status: true,
  description: true,
  submittedAt: true,
  dueAt: true,
  derivedTo: true,
  tramite: { select: { code: true, name: true } },
  institution: { select: { name: true } },
  events: {
    where: { public: true },
    orderBy: { createdAt: "desc" },
    take: 1,
    select: { type: true, message: true, createdAt: true },
  },
} as const;

export type Open311ServiceRequest = {
  service_request_id: string;
  status: "open" | "closed";
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string;
  service_notice: null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string;
  address: null;
  address_id: null;
  zipcode: null;
  lat: null;
  long: null;
  media_url: null;
};

export async function getServiceRequest(request: Request, ctx: ApiContext, id: string): Promise<Response> {
  const url = new URL(request.url);
  const accessCode = url.searchParams.get("access_code");
  const apiKey = url.searchParams.get("api_key");
  const notFound = () => new ApiError(404, "not_found", "api:errors.notFound");

  let where: { folio: string; institutionId?: string };
  if (accessCode) {
    const view = await lookupCitizenCase(request, id, accessCode);
    where = { folio: view.folio };
  } else if (apiKey) {
    const check = await authenticateToken(apiKey);
    if (check.kind !== "ok" || !hasScope(check.token, "cases:read")) throw notFound();
    const limit = await hitTokenLimit(check.token.id);
    if (!limit.allowed) throw rateLimited(limit.retryAfterSeconds);
    where = { folio: normalizeFolioInput(id), institutionId: check.token.institutionId };
  } else {
    throw notFound();
  }

  const found = await db.case.findFirst({ where, select: open311CaseSelect });
  if (!found) throw notFound();
  const t = apiT(ctx.locale);
  const last = found.events[0];
  const answer: Open311ServiceRequest = {
    service_request_id: found.folio,
    status: CLOSED_STATUSES.has(found.status) ? "closed" : "open",
    status_notes: last?.message ?? (t(`cases:status.${found.status}`, { defaultValue: found.status }) as string),
    service_name: found.tramite?.name ?? (t(`cases:kind.${found.kind}`, { defaultValue: found.kind }) as string),
    service_code: found.tramite?.code ?? found.kind,
    description: found.description,
    agency_responsible: found.status === "DERIVADA" && found.derivedTo ? found.derivedTo : found.institution.name,
    service_notice: null,
    requested_datetime: isoWithOffset(found.submittedAt),
    // The last public event: internal activity (notes, reassignments) is not the citizen's business.
    updated_datetime: isoWithOffset(last?.createdAt ?? found.submittedAt),
    expected_datetime: isoWithOffset(found.dueAt),
    address: null,
    address_id: null,
    zipcode: null,
    lat: null,
    long: null,
    media_url: null,
  };
  return jsonResponse([answer]);
}
