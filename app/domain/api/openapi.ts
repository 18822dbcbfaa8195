// The OpenAPI 3.1 description of the public APIs, served at /api/v1/openapi.json. Kept next to
// the code it describes: change both together (the integration test checks every route is here).
import { NOTE_MAX, REASON_MAX, REPLY_MAX } from "~/domain/cases/action-schemas";
import { DEFAULT_PAGE_SIZE, INBOX_CHANNELS as API_CHANNELS, MAX_PAGE_SIZE, Q_MAX } from "~/domain/cases/inbox";
import { CASE_KINDS, DESCRIPTION_MAX, REPLY_CHANNELS, SUBJECT_MAX } from "~/domain/cases/schemas";
import { CASE_OUTCOMES, CASE_STATUSES } from "~/domain/cases/state-machine";
import { MAX_BACKDATE_DAYS } from "./dates";
import { MAX_BODY_BYTES } from "./json-body.server";

// --- A small typed subset of OpenAPI 3.1 -----------------------------------------------------

type Ref = { $ref: string };
export type Schema =
  | Ref
  | {
      type?: "object" | "array" | "string" | "integer" | "number" | "boolean" | "null" | Array<"object" | "array" | "string" | "integer" | "number" | "boolean" | "null">;
      description?: string;
      properties?: Record<string, Schema>;
      required?: string[];
      additionalProperties?: boolean | Schema;
      items?: Schema;
      enum?: Array<string | number | boolean | null>;
      const?: string | number | boolean | null;
      format?: string;
      pattern?: string;
      minLength?: number;
      maxLength?: number;
      minimum?: number;
      maximum?: number;
      default?: unknown;
      example?: unknown;
      oneOf?: Schema[];
      anyOf?: Schema[];
    };
type Header = { description: string; required?: boolean; schema: Schema };
type MediaType = { schema: Schema; example?: unknown };
type ResponseObject = { description: string; headers?: Record<string, Header | Ref>; content?: Record<string, MediaType> };
type Parameter = {
  name: string;
  in: "query" | "header" | "path" | "cookie";
  description?: string;
  required?: boolean;
  schema: Schema;
  example?: unknown;
};
type Operation = {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security?: Array<Record<string, string[]>>;
  parameters?: Array<Parameter | Ref>;
  requestBody?: { required?: boolean; description?: string; content: Record<string, MediaType> };
  responses: Record<string, ResponseObject | Ref>;
};
type PathItem = Partial<Record<"get" | "post" | "put" | "delete" | "patch", Operation>>;
export type OpenApiDocument = {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string; license?: { name: string; identifier?: string } };
  servers: Array<{ url: string; description?: string }>;
  tags: Array<{ name: string; description: string }>;
  paths: Record<string, PathItem>;
  components: {
    schemas: Record<string, Schema>;
    responses: Record<string, ResponseObject>;
    parameters: Record<string, Parameter>;
    headers: Record<string, Header>;
    securitySchemes: Record<string, { type: "http"; scheme: "bearer"; description?: string } | { type: "apiKey"; in: "query" | "header"; name: string; description?: string }>;
  };
};

// --- Pieces --------------------------------------------------------------------------------

const ref = (kind: "schemas" | "responses" | "parameters" | "headers", name: string): Ref => ({ $ref: `#/components/${kind}/${name}` });
const json = (schema: Schema, example?: unknown): Record<string, MediaType> => ({
  "application/json": example === undefined ? { schema } : { schema, example },
});
const isoDateTime = (description: string): Schema => ({
  type: "string",
  format: "date-time",
  description: `${description} ISO 8601 with the America/Santiago offset.`,
  example: "2026-03-02T00:00:00-03:00",
});
const noStore = { "Cache-Control": ref("headers", "CacheControl") };

/** Every path the APIs answer, as the OpenAPI document names them. */
export const API_PATHS = [
  "/api/v1/cases",
  "/api/v1/cases/{folio}",
  "/api/v1/cases/{folio}/assign",
  "/api/v1/cases/{folio}/notes",
  "/api/v1/cases/{folio}/reply",
  "/api/v1/cases/{folio}/close",
  "/api/v1/openapi.json",
  "/api/v1/survey-responses",
  "/api/v1/indicators/satisfaction",
  "/api/open311/v2/services.json",
  "/api/open311/v2/requests.json",
  "/api/open311/v2/requests/{service_request_id}.json",
] as const;

export function openApiDocument(serverUrl = ""): OpenApiDocument {
  return {
    openapi: "3.1.0",
    info: {
      title: "OIRS API",
      version: "1.0.0",
      description: [
        "File and follow OIRS cases (consultas, reclamos, sugerencias, felicitaciones, solicitudes) from other systems.",
        "",
        "- **v1** (`/api/v1`): JSON. Filing needs a bearer token with scope `cases:write`; a citizen's lookup needs the folio and access code only.",
        "  Other systems handle cases with a token too: `cases:read` lists cases and reads the full staff view, `cases:manage` assigns, notes, replies and closes,",
        "  with the same validation, state machine and timeline events as the staff pages (each action writes one event with actor `api:<token name>`).",
        "- Tokens are created by an administrator (shown once, stored hashed, with scopes and an expiry). No token, an unknown, revoked or expired one: 401; a token without the scope: 403.",
        "- **Open311 GeoReport v2** (`/api/open311/v2`): the city-services standard, JSON format.",
        "",
        "Messages (errors, notices) are sentences in Spanish or English: the body's `locale`, else `Accept-Language`, else Spanish.",
        "Dates are ISO 8601 with the America/Santiago offset. Every answer has `Cache-Control: no-store`.",
        `Bodies are limited to ${MAX_BODY_BYTES / 1024} KB. When the database is briefly unavailable the API answers 503 with Retry-After.`,
      ].join("\n"),
      license: { name: "AGPL-3.0-or-later", identifier: "AGPL-3.0-or-later" },
    },
    servers: [{ url: serverUrl || "/", description: "This OIRS installation" }],
    tags: [
      { name: "cases", description: "OIRS cases (v1)" },
      { name: "surveys", description: "Satisfaction survey responses (v1)" },
      { name: "open311", description: "Open311 GeoReport v2" },
      { name: "indicators", description: "Satisfaction indicators (v1)" },
      { name: "meta", description: "This document" },
    ],
    paths: {
      "/api/v1/cases": {
        get: {
          operationId: "listCases",
          summary: "List and filter cases (staff)",
          description:
            "Every case of the token's institution, newest first (by legal reception), in pages. Filters combine; a bad value or an unknown " +
            "parameter is a 422 naming the parameter. `total` stops counting at 10 000 (1 000 with `q`); pages past the end are empty. " +
            "No personal data in the list: read a case for that.",
          tags: ["cases"],
          security: [{ bearerAuth: ["cases:read"] }],
          parameters: [
            {
              name: "status",
              in: "query",
              description: "One or more statuses (`status=A,B` or repeated), or `all` (the default).",
              schema: { type: "string" },
              example: "INGRESADA,ASIGNADA",
            },
            { name: "kind", in: "query", schema: { type: "string", enum: [...CASE_KINDS] } },
            { name: "channel", in: "query", schema: { type: "string", enum: [...API_CHANNELS] } },
            { name: "area", in: "query", description: "An area's code (see the administration).", schema: { type: "string", maxLength: 30 }, example: "PERSONAS" },
            {
              name: "overdue",
              in: "query",
              description: "`true`: only open cases whose legal deadline has passed while the clock runs. `false` or absent: no filter.",
              schema: { type: "string", enum: ["true", "false"] },
            },
            { name: "q", in: "query", description: "A folio in full, or words of the subject, description or citizen's name.", schema: { type: "string", maxLength: Q_MAX } },
            { name: "page", in: "query", schema: { type: "integer", minimum: 1, default: 1 } },
            { name: "pageSize", in: "query", schema: { type: "integer", minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE } },
            ref("parameters", "Locale"),
            ref("parameters", "AcceptLanguage"),
          ],
          responses: {
            "200": { description: "A page of cases.", headers: noStore, content: json(ref("schemas", "CaseList")) },
            "401": ref("responses", "Unauthorized"),
            "403": ref("responses", "Forbidden"),
            "422": ref("responses", "InvalidParameters"),
            "429": ref("responses", "TooManyRequests"),
            "503": ref("responses", "Unavailable"),
          },
        },
        post: {
          operationId: "createCase",
          summary: "File a case for a citizen",
          description:
            "Validated with the same rules as the web form. Unknown fields are refused at every level. " +
            "A case that arrived by other means (a letter, a phone call…) gives its `channel` and `receivedAt`: the legal clock " +
            "(reception on the next business day when it arrived on a non-business day, and the deadline) follows `receivedAt`. " +
            "Send an `Idempotency-Key` to retry safely: a retry with the same key and body answers 200 with the first result; " +
            "the same key with another body answers 409. Keys are scoped to the token and kept 24 hours.",
          tags: ["cases"],
          security: [{ bearerAuth: ["cases:write"] }],
          parameters: [ref("parameters", "IdempotencyKey"), ref("parameters", "AcceptLanguage")],
          requestBody: { required: true, content: json(ref("schemas", "NewCase"), exampleNewCase) },
          responses: {
            "201": {
              description: "Created.",
              headers: { ...noStore, Location: { description: "The case's address in this API.", schema: { type: "string" } } },
              content: json(ref("schemas", "CreatedCase"), exampleCreated),
            },
            "200": {
              description: "A retry with the same Idempotency-Key and body: the first answer again.",
              headers: { ...noStore, "Idempotent-Replayed": { description: "Always `true`.", schema: { type: "string", const: "true" } } },
              content: json(ref("schemas", "CreatedCase")),
            },
            "400": ref("responses", "BadRequest"),
            "401": ref("responses", "Unauthorized"),
            "403": ref("responses", "Forbidden"),
            "409": ref("responses", "IdempotencyConflict"),
            "413": ref("responses", "PayloadTooLarge"),
            "415": ref("responses", "UnsupportedMediaType"),
            "422": ref("responses", "ValidationFailed"),
            "429": ref("responses", "TooManyRequests"),
            "503": ref("responses", "Unavailable"),
          },
        },
      },
      "/api/v1/cases/{folio}": {
        get: {
          operationId: "getCase",
          summary: "One case: the citizen's view (access code) or the staff view (token)",
          description:
            "**Without an Authorization header** (a citizen's app): the access code is the credential and the answer is the citizen's view " +
            "(`CitizenCase`). A wrong code and an unknown folio give the same 404; too many wrong attempts from one address answer 429.\n\n" +
            "**With `Authorization: Bearer`** (scope `cases:read`): the full staff view (`StaffCase`): the citizen's data, every timeline event " +
            "(internal ones too) with its actor, the deadline, and the actions the token may take now. Like the staff case page, reading " +
            "records an internal PERSONAL_DATA_VIEWED event (at most once per 10 minutes per token and case). An unknown folio is a 404.",
          tags: ["cases"],
          security: [{}, { bearerAuth: ["cases:read"] }],
          parameters: [
            ref("parameters", "Folio"),
            { name: "accessCode", in: "query", description: "Required without a token; ignored with one.", schema: { type: "string", maxLength: 40 }, example: "ABCDE-23456" },
            ref("parameters", "AcceptLanguage"),
          ],
          responses: {
            "200": {
              description: "The case: `CitizenCase` without a token, `StaffCase` with one.",
              headers: noStore,
              content: json({ oneOf: [ref("schemas", "CitizenCase"), ref("schemas", "StaffCase")] }),
            },
            "401": ref("responses", "Unauthorized"),
            "403": ref("responses", "Forbidden"),
            "404": ref("responses", "NotFound"),
            "429": ref("responses", "TooManyRequests"),
            "503": ref("responses", "Unavailable"),
          },
        },
      },
      "/api/v1/cases/{folio}/assign": actionPath({
        operationId: "assignCase",
        summary: "Assign to an area and/or an official",
        description:
          "`areaCode` is an active area of the institution; `assigneeEmail` an active official who handles cases (an area official must belong " +
          "to the area). Unknown ones are a 422 naming the field. Moving a case already assigned (another official, or another area after " +
          "assignment) is a reassignment and needs a `reason`, kept internal. INGRESADA, ASIGNADA and REABIERTA become ASIGNADA; EN_TRAMITE stays.",
        schema: "AssignBody",
        example: { areaCode: "PERSONAS", assigneeEmail: "area@oirs.example" },
      }),
      "/api/v1/cases/{folio}/notes": actionPath({
        operationId: "addCaseNote",
        summary: "Add an internal note",
        description: "Allowed in any status; never shown to the citizen. The status does not change.",
        schema: "NoteBody",
        example: { text: "Se llamó a la persona; confirma el horario." },
      }),
      "/api/v1/cases/{folio}/reply": actionPath({
        operationId: "replyToCase",
        summary: "Reply to the citizen (→ RESPONDIDA)",
        description:
          "From INGRESADA, ASIGNADA, EN_TRAMITE or REABIERTA. Placeholders such as `{{folio}}` or `{{nombre}}` are filled in. The answer is " +
          "emailed when the citizen chose email; when the answer goes by letter or at the office, `deliveredOn` (the local date it was " +
          "sent or handed over, between reception and today) is required. A second reply is a 409.",
        schema: "ReplyBody",
        example: { text: "Estimado/a {{nombre}}: en relación con su reclamo folio {{folio}}, informamos que…" },
      }),
      "/api/v1/cases/{folio}/close": actionPath({
        operationId: "closeCase",
        summary: "Close with an outcome",
        description: "From RESPONDIDA with any outcome; from INGRESADA, ASIGNADA or EN_TRAMITE only as NOT_APPLICABLE (spam, duplicates). Anything else is a 409.",
        schema: "CloseBody",
        example: { outcome: "RESOLVED" },
      }),
      "/api/v1/survey-responses": {
        post: {
          operationId: "createSurveyResponse",
          summary: "Record a satisfaction survey response",
          description:
            "No API token: the credential is `invitationToken` (from the emailed invitation; one response each), `posterCode` (a printed QR poster; " +
            "anonymous, 30 responses per address per poster every 10 minutes) or a kiosk's device credential as `Authorization: Bearer` " +
            "(one response every 5 seconds per kiosk). `answers` are keyed by question key and checked against the template version the " +
            "credential points to; only the main question (`overall` in the default template, 1–7) is required. Idempotency-Key as for cases.",
          tags: ["surveys"],
          parameters: [ref("parameters", "IdempotencyKey"), ref("parameters", "AcceptLanguage")],
          requestBody: {
            required: true,
            content: json(ref("schemas", "SurveyResponseBody"), { posterCode: "CENTRAL-2026", answers: { overall: 7, resolved: "yes", comment: "Muy amables" }, locale: "es" }),
          },
          responses: {
            "201": { description: "Recorded.", headers: noStore, content: json(ref("schemas", "CreatedSurveyResponse")) },
            "200": {
              description: "A retry with the same Idempotency-Key and body: the first answer again.",
              headers: { ...noStore, "Idempotent-Replayed": { description: "Always `true`.", schema: { type: "string", const: "true" } } },
              content: json(ref("schemas", "CreatedSurveyResponse")),
            },
            "400": ref("responses", "BadRequest"),
            "401": { description: "Unknown or revoked kiosk credential (`device_refused`).", headers: noStore, content: json(ref("schemas", "Error")) },
            "404": { description: "Unknown invitation token or poster code, or an inactive poster (`not_found`).", headers: noStore, content: json(ref("schemas", "Error")) },
            "409": { description: "The invitation was already answered (`already_answered`), or the Idempotency-Key was used with another body.", headers: noStore, content: json(ref("schemas", "Error")) },
            "410": { description: "The invitation expired (`invitation_expired`).", headers: noStore, content: json(ref("schemas", "Error")) },
            "413": ref("responses", "PayloadTooLarge"),
            "415": ref("responses", "UnsupportedMediaType"),
            "422": ref("responses", "ValidationFailed"),
            "429": ref("responses", "TooManyRequests"),
            "503": ref("responses", "Unavailable"),
          },
        },
      },
      "/api/v1/indicators/satisfaction": {
        get: {
          operationId: "getSatisfactionIndicators",
          summary: "Satisfaction indicators for a period (ISU, net satisfaction, mean, Wilson interval, response rate)",
          description:
            "The main question's figures for the responses received from `from` to `to` (local days, America/Santiago, both included), " +
            "overall and, with `groupBy`, per channel, office, trámite or area. `positive` counts scores 6–7 and `negative` 1–4 on the 1–7 scale; " +
            "`isu` = positive ÷ n × 100; `net` = % positive − % negative; `isuInterval` is the ISU's 95 % Wilson interval; percentages have one " +
            "decimal, the mean two. `responseRate` = invitations sent in the period (with the group's dimensions) that were answered ÷ invitations " +
            "sent. With no responses the figures are null, never 0 (`responseRate` is null without invitations). Groups with fewer than 30 " +
            "responses have `smallSample: true`. Offices, areas and trámites are keyed by code; the group without one has key null. Comments are never included.",
          tags: ["indicators"],
          security: [{ bearerAuth: ["indicators:read"] }],
          parameters: [
            { name: "from", in: "query", required: true, description: "First local day of the period.", schema: { type: "string", format: "date" }, example: "2026-01-01" },
            { name: "to", in: "query", required: true, description: "Last local day (on or after from; at most 10 years after it).", schema: { type: "string", format: "date" }, example: "2026-06-30" },
            { name: "groupBy", in: "query", schema: { type: "string", enum: ["channel", "office", "tramite", "area"] } },
            ref("parameters", "Locale"),
            ref("parameters", "AcceptLanguage"),
          ],
          responses: {
            "200": {
              description: "The period's figures, and each group's.",
              headers: noStore,
              content: json(ref("schemas", "SatisfactionIndicators"), {
                period: { from: "2026-01-01", to: "2026-06-30" },
                groupBy: "office",
                overall: { n: 412, positive: 318, negative: 41, isu: 77.2, net: 67.2, mean: 6.02, isuInterval: [72.9, 81], responseRate: 34.5, invitations: 980, smallSample: false },
                groups: [
                  { key: "CENTRAL", label: "Oficina Central Coquimbo", n: 390, positive: 303, negative: 37, isu: 77.7, net: 68.2, mean: 6.04, isuInterval: [73.3, 81.6], responseRate: 35.1, invitations: 912, smallSample: false },
                  { key: "ANDACOLLO", label: "Oficina Andacollo", n: 22, positive: 15, negative: 4, isu: 68.2, net: 50, mean: 5.68, isuInterval: [47.3, 83.6], responseRate: 26.5, invitations: 68, smallSample: true },
                ],
              }),
            },
            "400": {
              description: "A missing or bad date, a bad groupBy, `to` before `from`, or an unknown parameter (`invalid_parameter`); one sentence per problem, keyed by parameter.",
              headers: noStore,
              content: json(
                {
                  type: "object",
                  required: ["error", "message", "errors"],
                  properties: {
                    error: { type: "string", const: "invalid_parameter" },
                    message: { type: "string" },
                    errors: { type: "object", additionalProperties: { type: "array", items: { type: "string" } } },
                  },
                },
                { error: "invalid_parameter", message: "groupBy debe ser uno de: channel, office, tramite, area.", errors: { groupBy: ["groupBy debe ser uno de: channel, office, tramite, area."] } },
              ),
            },
            "401": ref("responses", "Unauthorized"),
            "403": ref("responses", "Forbidden"),
            "429": ref("responses", "TooManyRequests"),
            "503": ref("responses", "Unavailable"),
          },
        },
      },
      "/api/v1/openapi.json": {
        get: {
          operationId: "getOpenApi",
          summary: "This document",
          tags: ["meta"],
          responses: { "200": { description: "OpenAPI 3.1 document.", headers: noStore, content: json({ type: "object" }) } },
        },
      },
      "/api/open311/v2/services.json": {
        get: {
          operationId: "open311Services",
          summary: "Service list: the case kinds and the active trámite catalogue",
          tags: ["open311"],
          parameters: [ref("parameters", "JurisdictionId"), ref("parameters", "AcceptLanguage")],
          responses: {
            "200": { description: "Services.", headers: noStore, content: json({ type: "array", items: ref("schemas", "Open311Service") }) },
            "503": ref("responses", "Open311Unavailable"),
          },
        },
      },
      "/api/open311/v2/requests.json": {
        post: {
          operationId: "open311CreateRequest",
          summary: "File a service request",
          description:
            "Form-encoded as the GeoReport v2 spec sends it (JSON also accepted). `service_code` is a case kind or a trámite code " +
            "(a trámite files a SOLICITUD unless `attribute[kind]` says otherwise). The subject is the first 80 characters of the description. " +
            "Without `api_key` it is a citizen's own request, limited to 10 per 10 minutes per address; a SUGERENCIA or FELICITACION with no " +
            "personal data is filed anonymously. The answer adds `access_code`, which the citizen needs to follow the case.",
          tags: ["open311"],
          security: [{}, { open311ApiKey: [] }],
          parameters: [ref("parameters", "IdempotencyKey"), ref("parameters", "AcceptLanguage")],
          requestBody: {
            required: true,
            content: {
              "application/x-www-form-urlencoded": { schema: ref("schemas", "Open311NewRequest") },
              "application/json": { schema: ref("schemas", "Open311NewRequest") },
            },
          },
          responses: {
            "201": { description: "Created.", headers: noStore, content: json({ type: "array", items: ref("schemas", "Open311Created") }) },
            "200": { description: "A retry with the same Idempotency-Key and body.", headers: noStore, content: json({ type: "array", items: ref("schemas", "Open311Created") }) },
            "400": ref("responses", "Open311BadRequest"),
            "403": ref("responses", "Open311Forbidden"),
            "409": ref("responses", "Open311Error"),
            "413": ref("responses", "Open311Error"),
            "415": ref("responses", "Open311Error"),
            "429": ref("responses", "Open311TooManyRequests"),
            "503": ref("responses", "Open311Unavailable"),
          },
        },
      },
      "/api/open311/v2/requests/{service_request_id}.json": {
        get: {
          operationId: "open311GetRequest",
          summary: "One service request",
          description: "Needs `access_code` (the citizen's) or an `api_key` with scope `cases:read`; otherwise 404.",
          tags: ["open311"],
          security: [{}, { open311ApiKey: [] }],
          parameters: [
            { name: "service_request_id", in: "path", required: true, description: "The folio.", schema: { type: "string" }, example: "OIRS-2026-000123" },
            { name: "access_code", in: "query", schema: { type: "string" }, example: "ABCDE-23456" },
            ref("parameters", "JurisdictionId"),
            ref("parameters", "AcceptLanguage"),
          ],
          responses: {
            "200": { description: "The request (an array of one, as the spec says).", headers: noStore, content: json({ type: "array", items: ref("schemas", "Open311ServiceRequest") }) },
            "404": ref("responses", "Open311NotFound"),
            "429": ref("responses", "Open311TooManyRequests"),
            "503": ref("responses", "Open311Unavailable"),
          },
        },
      },
    },
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description:
            "An API token created by an administrator (shown once, stored hashed, with scopes and an expiry). Scopes: cases:write (file cases), " +
            "cases:read (list cases, read the staff view), cases:manage (assign, notes, reply, close). Missing, unknown, revoked or expired: 401; " +
            "without the scope: 403.",
        },
        open311ApiKey: { type: "apiKey", in: "query", name: "api_key", description: "The same API token; in the form body for POST." },
      },
      headers: {
        CacheControl: { description: "Always `no-store`.", schema: { type: "string", const: "no-store" } },
        RetryAfter: { description: "Seconds to wait before trying again.", schema: { type: "integer", minimum: 1 } },
      },
      parameters: {
        IdempotencyKey: {
          name: "Idempotency-Key",
          in: "header",
          description: "Any unique string per submission (e.g. a UUID), 1–200 printable characters.",
          schema: { type: "string", minLength: 1, maxLength: 200, pattern: "^[\\x20-\\x7E]{1,200}$" },
        },
        AcceptLanguage: { name: "Accept-Language", in: "header", description: "Language of messages (es or en).", schema: { type: "string" }, example: "es-CL" },
        Locale: { name: "locale", in: "query", description: "Language of messages; overrides Accept-Language.", schema: { type: "string", enum: ["es", "en"] } },
        Folio: { name: "folio", in: "path", required: true, description: "The case's folio.", schema: { type: "string", maxLength: 40 }, example: "OIRS-2026-000123" },
        JurisdictionId: { name: "jurisdiction_id", in: "query", description: "Accepted and ignored: one installation, one jurisdiction.", schema: { type: "string" } },
      },
      schemas: {
        SurveyResponseBody: {
          type: "object",
          additionalProperties: false,
          required: ["answers"],
          properties: {
            invitationToken: { type: "string", maxLength: 200, description: "From the invitation link /encuesta/{token}." },
            posterCode: { type: "string", maxLength: 200, description: "The code under a poster's QR (/e/{code})." },
            counterCode: {
              type: "string",
              maxLength: 40,
              description:
                "Kiosks only (with the device credential): the counter code an officer gave for the attention just given (e.g. K7M-29Q, dash optional). " +
                "The response answers that invitation (case, official, channel PRESENCIAL) and records the kiosk. 404/409/410 as for invitations.",
            },
            answers: {
              type: "object",
              description: "By question key: 1–7 for scales, `yes`/`partly`/`no`, an option value (or an array for multiple choice), or text.",
              additionalProperties: { oneOf: [{ type: "integer", minimum: 1, maximum: 7 }, { type: "string" }, { type: "array", items: { type: "string" } }] },
            },
            locale: { type: "string", enum: ["es", "en"] },
          },
        },
        SatisfactionFigures: {
          type: "object",
          required: ["n", "positive", "negative", "isu", "net", "mean", "isuInterval", "responseRate", "invitations", "smallSample"],
          properties: {
            n: { type: "integer", description: "Responses (main question answered)." },
            positive: { type: "integer", description: "Responses scoring 6 or 7." },
            negative: { type: "integer", description: "Responses scoring 1 to 4." },
            isu: { type: ["number", "null"], description: "Percent positive (one decimal); null without responses." },
            net: { type: ["number", "null"], description: "Percent positive minus percent negative; null without responses." },
            mean: { type: ["number", "null"], description: "Mean score (two decimals); null without responses." },
            isuInterval: { type: ["array", "null"], items: { type: "number" }, description: "95 % Wilson interval of the ISU, [low, high] in percent; null without responses." },
            responseRate: { type: ["number", "null"], description: "Percent of the invitations sent in the period that were answered; null without invitations." },
            invitations: { type: "integer", description: "Invitations sent in the period." },
            smallSample: { type: "boolean", description: "Fewer than 30 responses." },
          },
        },
        SatisfactionIndicators: {
          type: "object",
          required: ["period", "groupBy", "overall", "groups"],
          properties: {
            period: { type: "object", required: ["from", "to"], properties: { from: { type: "string", format: "date" }, to: { type: "string", format: "date" } } },
            groupBy: { type: ["string", "null"], enum: ["channel", "office", "tramite", "area", null] },
            overall: ref("schemas", "SatisfactionFigures"),
            groups: {
              type: ["array", "null"],
              description: "Null without groupBy. Most responses first; the group without a value last.",
              items: {
                anyOf: [
                  ref("schemas", "SatisfactionFigures"),
                  {
                    type: "object",
                    required: ["key", "label"],
                    properties: {
                      key: { type: ["string", "null"], description: "A channel, or an office, area or trámite code; null for responses without one." },
                      label: { type: ["string", "null"], description: "The channel in the caller's language, or the name." },
                    },
                  },
                ],
              },
            },
          },
        },
        CreatedSurveyResponse: { type: "object", required: ["id"], properties: { id: { type: "string", format: "uuid" } } },
        NewCase: {
          type: "object",
          additionalProperties: false,
          required: ["kind", "subject", "description"],
          properties: {
            kind: { type: "string", enum: [...CASE_KINDS] },
            subject: { type: "string", minLength: 1, maxLength: SUBJECT_MAX },
            description: { type: "string", minLength: 1, maxLength: DESCRIPTION_MAX },
            tramiteCode: { type: "string", maxLength: 30, description: "A trámite of the catalogue (see services.json)." },
            officeCode: { type: "string", maxLength: 30, description: "The office where it happened." },
            citizen: ref("schemas", "Citizen"),
            replyChannel: { type: "string", enum: [...REPLY_CHANNELS], description: "Required for RECLAMO, CONSULTA and SOLICITUD." },
            anonymous: { type: "boolean", default: false, description: "Only SUGERENCIA and FELICITACION may be anonymous; contact data is then dropped." },
            locale: { type: "string", enum: ["es", "en"], description: "The citizen's language (emails) and the answer's. Defaults to Accept-Language, else es." },
            channel: { type: "string", enum: [...API_CHANNELS], default: "API", description: "How the case reached the institution, for one that arrived by other means." },
            receivedAt: {
              type: "string",
              format: "date-time",
              description: `When it really arrived, ISO 8601 with a time zone. Not in the future, at most ${MAX_BACKDATE_DAYS} days ago. The legal clock follows it. Default: now.`,
              example: "2026-03-02T09:15:00-03:00",
            },
          },
        },
        Citizen: {
          type: "object",
          additionalProperties: false,
          description:
            "Required unless anonymous: name. RECLAMO, CONSULTA and SOLICITUD also need an email or an address; replyChannel EMAIL needs email, POSTAL needs address.",
          properties: {
            name: { type: "string", maxLength: 120 },
            rut: { type: "string", maxLength: 20, description: "Chilean RUT, check digit verified; stored as 12345678-5.", example: "12.345.678-5" },
            email: { type: "string", format: "email", maxLength: 254 },
            phone: { type: "string", pattern: "^\\+?[0-9 ()-]{8,20}$", example: "+56 9 1234 5678" },
            commune: { type: "string", maxLength: 80 },
            region: { type: "string", maxLength: 10 },
            address: { type: "string", maxLength: 200 },
          },
        },
        CreatedCase: {
          type: "object",
          required: ["folio", "accessCode", "status", "receivedAt", "dueAt", "trackingUrl"],
          properties: {
            folio: { type: "string", example: "OIRS-2026-000123" },
            accessCode: { type: "string", description: "The citizen's credential to follow the case; shown only here.", example: "ABCDE-23456" },
            status: { type: "string", example: "INGRESADA" },
            receivedAt: isoDateTime("Legal reception (a filing on a non-business day counts from the next business day)."),
            dueAt: isoDateTime("Response deadline in business days (Ley 19.880)."),
            trackingUrl: { type: "string", format: "uri" },
          },
        },
        CitizenCase: {
          type: "object",
          required: ["folio", "kind", "status", "subject", "receivedAt", "dueAt", "timeline", "answer"],
          properties: {
            folio: { type: "string" },
            kind: { type: "string", enum: [...CASE_KINDS] },
            status: { type: "string", enum: ["INGRESADA", "ASIGNADA", "EN_TRAMITE", "ESPERA_CIUDADANO", "RESPONDIDA", "CERRADA", "DERIVADA", "DESISTIDA", "REABIERTA"] },
            subject: { type: "string" },
            receivedAt: isoDateTime("Legal reception."),
            dueAt: isoDateTime("Response deadline."),
            timeline: {
              type: "array",
              items: {
                type: "object",
                required: ["type", "at", "message"],
                properties: {
                  type: { type: "string", example: "RECEIVED" },
                  at: isoDateTime("When."),
                  message: { type: "string", description: "The institution's public message, else a sentence describing the event." },
                },
              },
            },
            answer: {
              oneOf: [
                { type: "null" },
                { type: "object", required: ["message", "at"], properties: { message: { type: "string" }, at: isoDateTime("When it was answered.") } },
              ],
            },
          },
        },
        CaseList: {
          type: "object",
          required: ["items", "page", "pageSize", "total"],
          properties: {
            items: { type: "array", items: ref("schemas", "CaseListItem") },
            page: { type: "integer", minimum: 1 },
            pageSize: { type: "integer", minimum: 1, maximum: MAX_PAGE_SIZE },
            total: { type: "integer", minimum: 0, description: "Matches, counted up to 10 000 (1 000 with q)." },
          },
        },
        CaseListItem: {
          type: "object",
          required: ["folio", "kind", "status", "channel", "subject", "area", "assignee", "receivedAt", "dueAt", "deadline", "overdue"],
          properties: {
            folio: { type: "string", example: "OIRS-2026-000123" },
            kind: { type: "string", enum: [...CASE_KINDS] },
            status: { type: "string", enum: [...CASE_STATUSES] },
            channel: { type: "string", enum: [...API_CHANNELS] },
            subject: { type: "string" },
            area: { oneOf: [{ type: "null" }, ref("schemas", "AreaRef")] },
            assignee: { oneOf: [{ type: "null" }, ref("schemas", "OfficialRef")] },
            receivedAt: isoDateTime("Legal reception."),
            dueAt: isoDateTime("Response deadline."),
            deadline: {
              type: "object",
              required: ["state", "businessDays"],
              properties: {
                state: { type: "string", enum: ["ok", "soon", "today", "overdue", "paused", "closed"] },
                businessDays: { type: ["integer", "null"], description: "Business days left (or late, when overdue); null when the clock does not run." },
              },
            },
            overdue: { type: "boolean" },
          },
        },
        AreaRef: { type: "object", required: ["code", "name"], properties: { code: { type: "string", example: "PERSONAS" }, name: { type: "string" } } },
        OfficialRef: { type: "object", required: ["email", "name"], properties: { email: { type: "string", format: "email" }, name: { type: "string" } } },
        CodeRef: { type: "object", required: ["code", "name"], properties: { code: { type: "string" }, name: { type: "string" } } },
        StaffCase: {
          type: "object",
          description: "The staff view of a case (token with cases:read).",
          required: [
            "folio", "kind", "status", "channel", "subject", "description", "tramite", "office", "area", "assignee", "citizen", "replyChannel", "locale",
            "submittedAt", "receivedAt", "dueAt", "deadline", "outcome", "derivedTo", "allowedActions", "allowedOutcomes", "attachments", "timeline",
          ],
          properties: {
            folio: { type: "string" },
            kind: { type: "string", enum: [...CASE_KINDS] },
            status: { type: "string", enum: [...CASE_STATUSES] },
            channel: { type: "string", enum: [...API_CHANNELS] },
            subject: { type: "string" },
            description: { type: "string" },
            tramite: { oneOf: [{ type: "null" }, ref("schemas", "CodeRef")] },
            office: { oneOf: [{ type: "null" }, ref("schemas", "CodeRef")] },
            area: { oneOf: [{ type: "null" }, ref("schemas", "AreaRef")] },
            assignee: { oneOf: [{ type: "null" }, ref("schemas", "OfficialRef")] },
            citizen: {
              type: "object",
              description: "Personal data (null when not given, or anonymous).",
              required: ["anonymous", "name", "rut", "email", "phone", "address", "commune", "region"],
              properties: {
                anonymous: { type: "boolean" },
                name: { type: ["string", "null"] },
                rut: { type: ["string", "null"] },
                email: { type: ["string", "null"] },
                phone: { type: ["string", "null"] },
                address: { type: ["string", "null"] },
                commune: { type: ["string", "null"] },
                region: { type: ["string", "null"] },
              },
            },
            replyChannel: { type: ["string", "null"], enum: [...REPLY_CHANNELS, null] },
            locale: { type: "string", enum: ["es", "en"] },
            submittedAt: isoDateTime("When it arrived."),
            receivedAt: isoDateTime("Legal reception."),
            dueAt: isoDateTime("Response deadline."),
            deadline: {
              type: "object",
              required: ["targetDays", "extendedDays", "pausedBusinessDays", "running", "overdue", "businessDays", "waitingSince", "respondedAt", "responseBusinessDays", "closedAt"],
              properties: {
                targetDays: { type: "integer" },
                extendedDays: { type: "integer" },
                pausedBusinessDays: { type: "integer" },
                running: { type: "boolean", description: "Open and not waiting for the citizen." },
                overdue: { type: "boolean" },
                businessDays: { type: ["integer", "null"], description: "While the clock runs: business days left (or late)." },
                waitingSince: { type: ["string", "null"], format: "date-time" },
                respondedAt: { type: ["string", "null"], format: "date-time" },
                responseBusinessDays: { type: ["integer", "null"] },
                closedAt: { type: ["string", "null"], format: "date-time" },
              },
            },
            outcome: { type: ["string", "null"], enum: [...CASE_OUTCOMES, null] },
            derivedTo: { type: ["string", "null"] },
            allowedActions: {
              type: "array",
              description: "The API actions this token may take now (needs cases:manage).",
              items: { type: "string", enum: ["assign", "notes", "reply", "close"] },
            },
            allowedOutcomes: { type: "array", items: { type: "string", enum: [...CASE_OUTCOMES] } },
            attachments: {
              type: "array",
              items: {
                type: "object",
                required: ["fileName", "mimeType", "size", "at"],
                properties: { fileName: { type: "string" }, mimeType: { type: "string" }, size: { type: "integer" }, at: isoDateTime("Uploaded.") },
              },
            },
            timeline: { type: "array", items: ref("schemas", "StaffTimelineEvent") },
          },
        },
        StaffTimelineEvent: {
          type: "object",
          required: ["type", "at", "public", "actor", "actorKind", "message", "detail", "data"],
          properties: {
            type: { type: "string", example: "NOTE" },
            at: isoDateTime("When."),
            public: { type: "boolean", description: "Shown to the citizen on the tracking page." },
            actor: { type: ["string", "null"], description: "The official's name, or `citizen`, `system`, `api:<token name>`…", example: "api:Integración SGD" },
            actorKind: { type: "string", enum: ["staff", "citizen", "system", "api", "other"] },
            message: { type: ["string", "null"], description: "What the citizen was told, or the note." },
            detail: { type: ["string", "null"], description: "Staff-only text: a reason, a closing note, the citizen's answer." },
            data: { type: "object", description: "The event's details (ids, previous values…)." },
          },
        },
        AssignBody: {
          type: "object",
          additionalProperties: false,
          description: "At least one of areaCode and assigneeEmail.",
          properties: {
            areaCode: { type: "string", maxLength: 30, example: "PERSONAS" },
            assigneeEmail: { type: "string", format: "email", maxLength: 254 },
            reason: { type: "string", maxLength: REASON_MAX, description: "Required for a reassignment; internal." },
          },
        },
        NoteBody: {
          type: "object",
          additionalProperties: false,
          required: ["text"],
          properties: { text: { type: "string", minLength: 1, maxLength: NOTE_MAX } },
        },
        ReplyBody: {
          type: "object",
          additionalProperties: false,
          required: ["text"],
          properties: {
            text: { type: "string", minLength: 1, maxLength: REPLY_MAX },
            deliveredOn: { type: "string", format: "date", description: "Required when the answer goes by letter or at the office (local date)." },
          },
        },
        CloseBody: {
          type: "object",
          additionalProperties: false,
          required: ["outcome"],
          properties: {
            outcome: { type: "string", enum: [...CASE_OUTCOMES] },
            note: { type: "string", maxLength: REASON_MAX, description: "Internal." },
          },
        },
        ActionResult: {
          type: "object",
          required: ["folio", "status", "dueAt"],
          properties: {
            folio: { type: "string", example: "OIRS-2026-000123" },
            status: { type: "string", enum: [...CASE_STATUSES], example: "ASIGNADA" },
            dueAt: isoDateTime("Response deadline."),
          },
        },
        Error: {
          type: "object",
          required: ["error", "message"],
          properties: {
            error: { type: "string", description: "A stable code.", example: "unauthorized" },
            message: { type: "string", description: "A sentence for people, in the request's language." },
          },
        },
        ValidationErrors: {
          type: "object",
          required: ["errors"],
          properties: {
            errors: {
              type: "object",
              description: "Messages by field path in the request body (`citizen.email`, `tramiteCode`, an unknown field's name).",
              additionalProperties: { type: "array", items: { type: "string" } },
            },
          },
          example: { errors: { subject: ["Este campo es obligatorio."], "citizen.rut": ["El RUT no es válido. Revise el número y el dígito verificador (ej.: 12.345.678-5)."] } },
        },
        Open311Service: {
          type: "object",
          required: ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"],
          properties: {
            service_code: { type: "string", example: "RECLAMO" },
            service_name: { type: "string" },
            description: { type: "string" },
            metadata: { type: "boolean", const: false },
            type: { type: "string", const: "realtime" },
            keywords: { type: "string" },
            group: { type: "string" },
          },
        },
        Open311NewRequest: {
          type: "object",
          required: ["service_code", "description"],
          properties: {
            service_code: { type: "string" },
            description: { type: "string", maxLength: DESCRIPTION_MAX },
            api_key: { type: "string", description: "Optional: act as this API token (scope cases:write)." },
            jurisdiction_id: { type: "string" },
            first_name: { type: "string" },
            last_name: { type: "string" },
            email: { type: "string", format: "email" },
            phone: { type: "string" },
            address_string: { type: "string", description: "Postal address for the reply." },
            "attribute[kind]": { type: "string", enum: [...CASE_KINDS], description: "The kind when service_code is a trámite (default SOLICITUD)." },
            "attribute[rut]": { type: "string" },
            "attribute[reply_channel]": { type: "string", enum: [...REPLY_CHANNELS], description: "Default EMAIL with an email, POSTAL with an address." },
            "attribute[anonymous]": { type: "string", enum: ["true", "false"] },
            "attribute[commune]": { type: "string" },
            "attribute[region]": { type: "string" },
            "attribute[office]": { type: "string", description: "Office code." },
            locale: { type: "string", enum: ["es", "en"] },
            lat: { type: "number", description: "Accepted and ignored." },
            long: { type: "number", description: "Accepted and ignored." },
            address_id: { type: "string", description: "Accepted and ignored." },
            device_id: { type: "string", description: "Accepted and ignored." },
            account_id: { type: "string", description: "Accepted and ignored." },
            media_url: { type: "string", description: "Accepted and ignored." },
          },
        },
        Open311Created: {
          type: "object",
          required: ["service_request_id", "service_notice", "account_id", "token", "access_code"],
          properties: {
            service_request_id: { type: "string", description: "The folio." },
            service_notice: { type: "string" },
            account_id: { type: "null" },
            token: { type: "null" },
            access_code: { type: "string", description: "Extension: the citizen's access code, needed to follow the case." },
          },
        },
        Open311ServiceRequest: {
          type: "object",
          properties: {
            service_request_id: { type: "string" },
            status: { type: "string", enum: ["open", "closed"] },
            status_notes: { type: ["string", "null"] },
            service_name: { type: "string" },
            service_code: { type: "string" },
            description: { type: "string" },
            agency_responsible: { type: "string" },
            service_notice: { type: "null" },
            requested_datetime: isoDateTime("Submitted."),
            updated_datetime: isoDateTime("Last public change."),
            expected_datetime: isoDateTime("Response deadline."),
            address: { type: "null" },
            address_id: { type: "null" },
            zipcode: { type: "null" },
            lat: { type: "null" },
            long: { type: "null" },
            media_url: { type: "null" },
          },
        },
        Open311Errors: {
          type: "array",
          items: { type: "object", required: ["code", "description"], properties: { code: { type: "integer" }, description: { type: "string" } } },
          example: [{ code: 400, description: "description: Este campo es obligatorio." }],
        },
      },
      responses: {
        BadRequest: { description: "Malformed JSON, a body that is not an object, or a malformed Idempotency-Key.", headers: noStore, content: json(ref("schemas", "Error")) },
        Unauthorized: { description: "Token missing, unknown, revoked or expired.", headers: noStore, content: json(ref("schemas", "Error")) },
        Forbidden: { description: "The token lacks the scope.", headers: noStore, content: json(ref("schemas", "Error")) },
        NotFound: {
          description: "Citizen: no case with that folio and access code (one message for every reason). Token: no case with that folio in the institution.",
          headers: noStore,
          content: json(ref("schemas", "Error")),
        },
        CaseNotFound: { description: "No case with that folio in the token's institution.", headers: noStore, content: json(ref("schemas", "Error")) },
        IllegalTransition: {
          description: "The state machine does not allow this action from the case's current status (error `illegal_transition`); the message says why.",
          headers: noStore,
          content: json(ref("schemas", "Error"), { error: "illegal_transition", message: "La acción reply no está permitida para un caso en estado RESPONDIDA." }),
        },
        MethodNotAllowed: { description: "Another HTTP method; see the Allow header.", headers: noStore, content: json(ref("schemas", "Error")) },
        InvalidParameters: { description: "A query parameter is unknown or has a bad value; messages by parameter name.", headers: noStore, content: json(ref("schemas", "ValidationErrors")) },
        IdempotencyConflict: { description: "The Idempotency-Key was used with another body.", headers: noStore, content: json(ref("schemas", "Error")) },
        PayloadTooLarge: { description: `Body over ${MAX_BODY_BYTES / 1024} KB.`, headers: noStore, content: json(ref("schemas", "Error")) },
        UnsupportedMediaType: { description: "Not application/json.", headers: noStore, content: json(ref("schemas", "Error")) },
        ValidationFailed: { description: "The body breaks the rules; every problem at once.", headers: noStore, content: json(ref("schemas", "ValidationErrors")) },
        TooManyRequests: {
          description: "Rate limited (per token: API_RATE_LIMIT_PER_MINUTE, default 600 a minute).",
          headers: { ...noStore, "Retry-After": ref("headers", "RetryAfter") },
          content: json(ref("schemas", "Error")),
        },
        Unavailable: { description: "The database is briefly unavailable.", headers: { ...noStore, "Retry-After": ref("headers", "RetryAfter") }, content: json(ref("schemas", "Error")) },
        Open311Error: { description: "Error in the Open311 format.", headers: noStore, content: json(ref("schemas", "Open311Errors")) },
        Open311BadRequest: { description: "Missing or invalid fields (one entry per problem).", headers: noStore, content: json(ref("schemas", "Open311Errors")) },
        Open311Forbidden: { description: "api_key invalid, or without scope cases:write.", headers: noStore, content: json(ref("schemas", "Open311Errors")) },
        Open311NotFound: { description: "Unknown request, or no valid access_code / api_key.", headers: noStore, content: json(ref("schemas", "Open311Errors")) },
        Open311TooManyRequests: { description: "Rate limited.", headers: { ...noStore, "Retry-After": ref("headers", "RetryAfter") }, content: json(ref("schemas", "Open311Errors")) },
        Open311Unavailable: { description: "The database is briefly unavailable.", headers: { ...noStore, "Retry-After": ref("headers", "RetryAfter") }, content: json(ref("schemas", "Open311Errors")) },
      },
    },
  };
}

/** One of the staff action endpoints: POST, token with cases:manage, 200 with the case's new status. */
function actionPath(options: { operationId: string; summary: string; description: string; schema: string; example: unknown }): PathItem {
  return {
    post: {
      operationId: options.operationId,
      summary: options.summary,
      description:
        `${options.description} Same validation as the staff case page; unknown fields are a 422. ` +
        "Writes exactly one timeline event, with actor `api:<token name>`.",
      tags: ["cases"],
      security: [{ bearerAuth: ["cases:manage"] }],
      parameters: [ref("parameters", "Folio"), ref("parameters", "Locale"), ref("parameters", "AcceptLanguage")],
      requestBody: { required: true, content: json(ref("schemas", options.schema), options.example) },
      responses: {
        "200": { description: "Done: the case's new status and deadline.", headers: noStore, content: json(ref("schemas", "ActionResult")) },
        "400": ref("responses", "BadRequest"),
        "401": ref("responses", "Unauthorized"),
        "403": ref("responses", "Forbidden"),
        "404": ref("responses", "CaseNotFound"),
        "405": ref("responses", "MethodNotAllowed"),
        "409": ref("responses", "IllegalTransition"),
        "413": ref("responses", "PayloadTooLarge"),
        "415": ref("responses", "UnsupportedMediaType"),
        "422": ref("responses", "ValidationFailed"),
        "429": ref("responses", "TooManyRequests"),
        "503": ref("responses", "Unavailable"),
      },
    },
  };
}

const exampleNewCase = {
  kind: "RECLAMO",
  subject: "Bus escolar no pasó",
  description: "El bus del recorrido 4 no pasó el lunes por la mañana.",
  tramiteCode: "TRANSPORTE",
  officeCode: "CENTRAL",
  citizen: { name: "Camila Rojas", rut: "12.345.678-5", email: "camila@example.cl", phone: "+56 9 1234 5678", commune: "Coquimbo", region: "CL-CO" },
  replyChannel: "EMAIL",
  anonymous: false,
  locale: "es",
};

const exampleCreated = {
  folio: "OIRS-2026-000123",
  accessCode: "ABCDE-23456",
  status: "INGRESADA",
  receivedAt: "2026-03-02T09:15:00-03:00",
  dueAt: "2026-03-16T23:59:59-03:00",
  trackingUrl: "https://oirs.example.cl/seguimiento?folio=OIRS-2026-000123&codigo=ABCDE-23456",
};

