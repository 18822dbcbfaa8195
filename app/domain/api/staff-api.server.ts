// The staff side of the JSON API v1, for other systems acting with an API token (the token stands
// for an OIRS officer who sees every area of the token's institution):
//   GET  /api/v1/cases?status=&kind=&channel=&area=&overdue=true&q=&page=&pageSize=  (cases:read)
//   GET  /api/v1/cases/{folio}            the staff view; without a token, the citizen's (accessCode)
//   POST /api/v1/cases/{folio}/assign     {"areaCode", "assigneeEmail", "reason"?}      (cases:manage)
//   POST /api/v1/cases/{folio}/notes      {"text"}                                       (cases:manage)
//   POST /api/v1/cases/{folio}/reply      {"text", "deliveredOn"?}                       (cases:manage)
//   POST /api/v1/cases/{folio}/close      {"outcome", "note"?}                           (cases:manage)
// Listing is the staff inbox's query (inbox.server.ts); reading is the case page's
// (case-page.server.ts); the actions are the domain's (actions.server.ts), which validate again,
// ask the state machine, and write exactly one timeline event with actorLabel "api:<token name>".
// Area codes and emails are resolved within the token's institution. Routes call these.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { db } from "~/db/client.server";
import { CaseActionError } from "~/domain/cases/action-errors";
import { CloseSchema, NoteSchema, REASON_MAX, ReplySchema } from "~/domain/cases/action-schemas";
import { addNote, assignCase, closeCase, replyToCase, type ApiTokenActor, type CaseActionResult } from "~/domain/cases/actions.server";
import { getCaseForStaff, PERSONAL_DATA_VIEW_INTERVAL_MS, type StaffCaseView } from "~/domain/cases/case-page.server";
import { normalizeFolioInput } from "~/domain/cases/folio";
import { DEFAULT_PAGE_SIZE, INBOX_CHANNELS, INBOX_KINDS, INBOX_STATUSES, InboxFilterSchema, MAX_PAGE_SIZE, Q_MAX, type InboxFilters, type RowDeadline } from "~/domain/cases/inbox";
import { listInbox, type InboxUser } from "~/domain/cases/inbox.server";
import { allowedOutcomes, isCaseStatus, type CaseOutcomeValue } from "~/domain/cases/state-machine";
import { clientIp } from "~/utils/request.server";
import { msg, optionalText } from "~/utils/validation";
import { enforceTokenLimit, getCase } from "./cases-api.server";
import { isoWithOffset, isoWithOffsetOrNull } from "./dates";
import { addFieldError, ApiError, ApiValidationError, fieldErrorMap, jsonResponse, zodFieldErrors, type ApiContext } from "./errors.server";
import { isPlainObject, readJsonBody } from "./json-body.server";
import { bearerToken, requireBearer, type ApiPrincipal } from "./tokens.server";

// ---------------------------------------------------------------------------------------------
// The token as an actor

function tokenActor(token: ApiPrincipal): ApiTokenActor {
  return { apiToken: { id: token.id, name: token.name, institutionId: token.institutionId } };
}

/** The inbox's reader for a token: an OIRS officer of the token's institution (every area). */
function inboxReader(token: ApiPrincipal): InboxUser {
  return { id: token.id, role: "OIRS_OFFICER", areaId: null, institutionId: token.institutionId };
}

/** The case page's reader for a token, likewise. Its id is not a user's: never written as actorId. */
function staffReader(token: ApiPrincipal) {
  return { id: token.id, institutionId: token.institutionId, role: "OIRS_OFFICER" as const, areaId: null, name: `api:${token.name}` };
}

function caseNotFound(): ApiError {
  return new ApiError(404, "not_found", "api:errors.caseNotFound");
}

/** 404 unless the folio names a case of the institution (checked before answering a 422). */
async function requireCaseExists(folio: string, institutionId: string): Promise<void> {
  const normalized = normalizeFolioInput(folio);
  if (!normalized || normalized.length > 40) throw caseNotFound();
  const found = await db.case.findFirst({ where: { folio: normalized, institutionId }, select: { id: true } });
  if (!found) throw caseNotFound();
}

// ---------------------------------------------------------------------------------------------
// GET /api/v1/cases

export const LIST_PARAMETERS = ["status", "kind", "channel", "area", "overdue", "q", "page", "pageSize", "locale"] as const;
export const MAX_PAGE = 1_000_000;

const oneOf = (values: readonly string[]) => msg("api:validation.oneOf", { values: values.join(", ") });
const range = (min: number, max: number) => msg("validation.range", { min, max });
const whole = (max: number) =>
  z.coerce
    .number({ invalid_type_error: range(1, max) })
    .int(range(1, max))
    .min(1, range(1, max))
    .max(max, range(1, max));

/** Each query parameter's rule. Unlike the inbox page, a bad value is an error (422), not a default. */
const ListParamSchemas = {
  status: InboxFilterSchema.shape.status,
  kind: InboxFilterSchema.shape.kind,
  channel: InboxFilterSchema.shape.channel,
  area: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9_-]{1,30}$/, msg("api:validation.areaCodeNotFound")),
  overdue: z.enum(["true", "false"], { errorMap: () => ({ message: msg("api:validation.boolean") }) }),
  q: InboxFilterSchema.shape.q,
  page: whole(MAX_PAGE),
  pageSize: whole(MAX_PAGE_SIZE),
};

const PARAM_MESSAGES: Partial<Record<keyof typeof ListParamSchemas, string>> = {
  status: oneOf([...INBOX_STATUSES, "all"]),
  kind: oneOf(INBOX_KINDS),
  channel: oneOf(INBOX_CHANNELS),
  q: msg("validation.tooLong", { max: Q_MAX }),
};

export type ListQuery = { filters: InboxFilters; areaCode?: string };

/** The list's query string as inbox filters; every problem at once (422), keyed by parameter. */
export function parseListQuery(params: URLSearchParams): ListQuery {
  const errors = fieldErrorMap();
  for (const name of new Set(params.keys())) {
    if (!(LIST_PARAMETERS as readonly string[]).includes(name)) addFieldError(errors, name, "api:validation.unknownParameter");
  }
  const filters: InboxFilters = {
    status: [...INBOX_STATUSES], // every status unless asked
    sort: "received",
    dir: "desc", // newest first
    page: 1,
    size: DEFAULT_PAGE_SIZE,
  };
  const read = <K extends keyof typeof ListParamSchemas>(name: K): z.output<(typeof ListParamSchemas)[K]> | undefined => {
    const raw = name === "status" ? params.getAll(name).filter((v) => v.trim() !== "") : params.get(name);
    if (raw === null || (typeof raw === "string" && raw.trim() === "") || (Array.isArray(raw) && raw.length === 0)) return undefined;
    const parsed = (ListParamSchemas[name] as z.ZodTypeAny).safeParse(raw);
    if (!parsed.success) {
      const message = PARAM_MESSAGES[name] ?? parsed.error.issues[0]?.message ?? "api:validation.invalid";
      addFieldError(errors, name, message);
      return undefined;
    }
    return parsed.data as z.output<(typeof ListParamSchemas)[K]>;
  };

  const status = read("status");
  if (status) filters.status = status;
  const kind = read("kind");
  if (kind) filters.kind = kind;
  const channel = read("channel");
  if (channel) filters.channel = channel;
  const areaCode = read("area");
  if (read("overdue") === "true") filters.deadline = "overdue";
  const q = read("q");
  if (q) filters.q = q;
  const page = read("page");
  if (page) filters.page = page;
  const size = read("pageSize");
  if (size) filters.size = size;

  if (Object.keys(errors).length > 0) throw new ApiValidationError(errors);
  return { filters, areaCode };
}

export type CaseListItem = {
  folio: string;
  kind: string;
  status: string;
  channel: string;
  subject: string;
  area: { code: string; name: string } | null;
  assignee: { email: string; name: string } | null;
  receivedAt: string;
  dueAt: string;
  /** ok | soon | today | overdue | paused | closed, with business days left (or late) when the clock runs. */
  deadline: { state: RowDeadline["state"]; businessDays: number | null };
  overdue: boolean;
};

export type CaseListAnswer = { items: CaseListItem[]; page: number; pageSize: number; total: number };

export async function listCases(request: Request, _ctx: ApiContext, now = new Date()): Promise<Response> {
  const token = await requireBearer(request, "cases:read");
  await enforceTokenLimit(token);
  const { filters, areaCode } = parseListQuery(new URL(request.url).searchParams);
  if (areaCode !== undefined) {
    // Inactive areas too: their cases are still there.
    const area = await db.area.findFirst({ where: { institutionId: token.institutionId, code: areaCode }, select: { id: true } });
    if (!area) throw new ApiValidationError({ area: ["api:validation.areaCodeNotFound"] });
    filters.area = area.id;
  }

  const result = await listInbox({ user: inboxReader(token), filters, now });
  // Past the last page (or past the count's cap) the inbox shows its last page; the API answers none.
  const rows = result.pageClamped ? [] : result.rows;
  const extra = rows.length
    ? await db.case.findMany({
        where: { id: { in: rows.map((r) => r.id) }, institutionId: token.institutionId },
        select: { id: true, area: { select: { code: true, name: true } }, assignee: { select: { email: true, name: true } } },
      })
    : [];
  const byId = new Map(extra.map((e) => [e.id, e]));
  const items = rows.map((r): CaseListItem => {
    const more = byId.get(r.id);
    return {
      folio: r.folio,
      kind: r.kind,
      status: r.status,
      channel: r.channel,
      subject: r.subject,
      area: more?.area ? { code: more.area.code, name: more.area.name } : null,
      assignee: more?.assignee ? { email: more.assignee.email, name: more.assignee.name } : null,
      receivedAt: isoWithOffset(r.receivedAt),
      dueAt: isoWithOffset(r.dueAt),
      deadline: { state: r.deadline.state, businessDays: "businessDays" in r.deadline ? r.deadline.businessDays : null },
      overdue: r.deadline.state === "overdue",
    };
  });
  const answer: CaseListAnswer = { items, page: filters.page, pageSize: filters.size, total: result.total };
  return jsonResponse(answer);
}

// ---------------------------------------------------------------------------------------------
// GET /api/v1/cases/{folio}

/** With an Authorization header: the staff view (cases:read); without one: the citizen's (accessCode). */
export async function getCaseForCaller(request: Request, ctx: ApiContext, folio: string): Promise<Response> {
  if (bearerToken(request) === null) return getCase(request, ctx, folio);
  return getStaffCase(request, ctx, folio);
}

export type StaffCaseAnswer = {
  folio: string;
  kind: string;
  status: string;
  channel: string;
  subject: string;
  description: string;
  tramite: { code: string; name: string } | null;
  office: { code: string; name: string } | null;
  area: { code: string; name: string } | null;
  assignee: { email: string; name: string } | null;
  citizen: {
    anonymous: boolean;
    name: string | null;
    rut: string | null;
    email: string | null;
    phone: string | null;
    address: string | null;
    commune: string | null;
    region: string | null;
  };
  replyChannel: string | null;
  locale: string;
  submittedAt: string;
  receivedAt: string;
  dueAt: string;
  deadline: {
    targetDays: number;
    extendedDays: number;
    pausedBusinessDays: number;
    running: boolean;
    overdue: boolean;
    businessDays: number | null;
    waitingSince: string | null;
    respondedAt: string | null;
    responseBusinessDays: number | null;
    closedAt: string | null;
  };
  outcome: string | null;
  derivedTo: string | null;
  /** What this token may do now through the API (needs cases:manage). */
  allowedActions: Array<"assign" | "notes" | "reply" | "close">;
  allowedOutcomes: CaseOutcomeValue[];
  attachments: Array<{ fileName: string; mimeType: string; size: number; at: string }>;
  timeline: Array<{
    type: string;
    at: string;
    public: boolean;
    actor: string | null;
    actorKind: string;
    message: string | null;
    detail: string | null;
    data: Record<string, unknown>;
  }>;
};

const API_ACTION_OF = { assign: "assign", note: "notes", reply: "reply", close: "close" } as const;

export function staffCaseAnswer(
  view: StaffCaseView,
  codes: { area: { code: string; name: string } | null; assignee: { email: string; name: string } | null; tramite: { code: string; name: string } | null; office: { code: string; name: string } | null },
  mayManage: boolean,
): StaffCaseAnswer {
  const c = view.case;
  const d = view.deadline;
  const allowedActions = mayManage
    ? view.actions.flatMap((a) => (a in API_ACTION_OF ? [API_ACTION_OF[a as keyof typeof API_ACTION_OF]] : []))
    : [];
  return {
    folio: c.folio,
    kind: c.kind,
    status: c.status,
    channel: c.channel,
    subject: c.subject,
    description: c.description,
    tramite: codes.tramite,
    office: codes.office,
    area: codes.area,
    assignee: codes.assignee,
    citizen: {
      anonymous: c.anonymous,
      name: c.citizenName,
      rut: c.citizenRut,
      email: c.citizenEmail,
      phone: c.citizenPhone,
      address: c.citizenAddress,
      commune: c.citizenCommune,
      region: c.citizenRegion,
    },
    replyChannel: c.replyChannel,
    locale: c.locale,
    submittedAt: isoWithOffset(c.submittedAt),
    receivedAt: isoWithOffset(c.receivedAt),
    dueAt: isoWithOffset(c.dueAt),
    deadline: {
      targetDays: d.targetDays,
      extendedDays: d.extendedDays,
      pausedBusinessDays: d.pausedBusinessDays,
      running: d.running,
      overdue: d.state?.overdue ?? false,
      businessDays: d.state ? d.state.businessDays : null,
      waitingSince: isoWithOffsetOrNull(d.waitingSince),
      respondedAt: isoWithOffsetOrNull(d.respondedAt),
      responseBusinessDays: d.responseBusinessDays,
      closedAt: isoWithOffsetOrNull(d.closedAt),
    },
    outcome: c.outcome,
    derivedTo: c.derivedTo,
    allowedActions,
    allowedOutcomes: mayManage && allowedActions.includes("close") ? view.outcomes : [],
    attachments: view.attachments.map((a) => ({ fileName: a.fileName, mimeType: a.mimeType, size: a.size, at: isoWithOffset(a.createdAt) })),
    timeline: view.timeline.map((e) => ({
      type: e.type,
      at: isoWithOffset(e.createdAt),
      public: e.public,
      actor: e.actor,
      actorKind: e.actorKind,
      message: e.message,
      detail: e.detail,
      data: e.data,
    })),
  };
}

/**
 * Logs that a token read the citizen's personal data, as the case page does for staff (Ley 19.628 /
 * 21.719: who and when): an internal PERSONAL_DATA_VIEWED event, at most once per 10 minutes per
 * token and case. actorId stays null (a token is not a user); the label names the token.
 */
async function recordApiPersonalDataView(options: { caseId: string; token: ApiPrincipal; now: Date; ip: string | null }): Promise<void> {
  const label = `api:${options.token.name}`;
  const since = new Date(options.now.getTime() - PERSONAL_DATA_VIEW_INTERVAL_MS);
  const data = JSON.stringify({ tokenId: options.token.id, ...(options.ip ? { ip: options.ip } : {}) });
  await db.$executeRaw`
    INSERT INTO "CaseEvent" ("id", "caseId", "type", "public", "actorId", "actorLabel", "data", "createdAt")
    SELECT ${randomUUID()}::uuid, ${options.caseId}::uuid, 'PERSONAL_DATA_VIEWED'::"CaseEventType", false, NULL, ${label}, ${data}::jsonb, ${options.now}::timestamptz
     WHERE NOT EXISTS (
           SELECT 1 FROM "CaseEvent" e
            WHERE e."caseId" = ${options.caseId}::uuid
              AND e."type" = 'PERSONAL_DATA_VIEWED'::"CaseEventType"
              AND e."actorId" IS NULL
              AND e."data"->>'tokenId' = ${options.token.id}
              AND e."createdAt" > ${since}::timestamptz)`;
}

export async function getStaffCase(request: Request, _ctx: ApiContext, folio: string, now = new Date()): Promise<Response> {
  const token = await requireBearer(request, "cases:read");
  await enforceTokenLimit(token);
  const view = await getCaseForStaff({ folio, user: staffReader(token), now });
  if (!view || view.case.institutionId !== token.institutionId) throw caseNotFound();
  const codes = await db.case.findUniqueOrThrow({
    where: { id: view.case.id },
    select: {
      area: { select: { code: true, name: true } },
      assignee: { select: { email: true, name: true } },
      tramite: { select: { code: true, name: true } },
      office: { select: { code: true, name: true } },
    },
  });
  const hasPersonalData = !view.case.anonymous || Boolean(view.case.citizenName || view.case.citizenEmail || view.case.citizenAddress);
  if (hasPersonalData) {
    const ip = clientIp(request);
    await recordApiPersonalDataView({ caseId: view.case.id, token, now, ip: ip && ip !== "unknown" ? ip : null });
  }
  return jsonResponse(staffCaseAnswer(view, codes, token.scopes.includes("cases:manage")));
}

// ---------------------------------------------------------------------------------------------
// POST /api/v1/cases/{folio}/{assign|notes|reply|close}

export const STAFF_ACTIONS = ["assign", "notes", "reply", "close"] as const;
export type StaffApiAction = (typeof STAFF_ACTIONS)[number];

const areaCode = z
  .string({ invalid_type_error: msg("api:validation.areaNotFound") })
  .trim()
  .toUpperCase()
  .max(30, msg("api:validation.areaNotFound"))
  // An area code's own shape (as the list filter's): anything else names no area and never reaches the database.
  .refine((v) => v === "" || /^[A-Z0-9_-]+$/.test(v), msg("api:validation.areaNotFound"))
  .optional()
  .transform((v) => (v ? v : undefined));
const assigneeEmail = z
  .string({ invalid_type_error: msg("validation.email") })
  .trim()
  .toLowerCase()
  .max(254, msg("validation.tooLong", { max: 254 }))
  .refine((v) => v === "" || z.string().email().safeParse(v).success, msg("validation.email"))
  .optional()
  .transform((v) => (v ? v : undefined));

/**
 * The bodies: the case page's schemas (action-schemas.ts) with the API's names for references
 * (codes and emails instead of ids), exactly these keys (.strict(): an unknown field is a 422).
 */
export const StaffActionBodies = {
  assign: z
    .object({ areaCode, assigneeEmail, reason: optionalText(REASON_MAX) })
    .strict()
    .refine((v) => Boolean(v.areaCode || v.assigneeEmail), { path: ["areaCode"], message: msg("casework:validation.assignTarget") }),
  notes: NoteSchema.strict(),
  reply: ReplySchema.pick({ text: true, deliveredOn: true }).strict(),
  close: CloseSchema.strict(),
} as const;

/** The domain's field names as the API calls them. */
const API_FIELD: Record<string, string> = { areaId: "areaCode", assigneeId: "assigneeEmail" };

function apiPath(path: Array<string | number>): string {
  const joined = path.map(String).join(".");
  return API_FIELD[joined] ?? joined;
}

/** A domain refusal as the API answers it. */
export function caseActionApiError(error: CaseActionError, outcome?: string): ApiError | ApiValidationError {
  switch (error.code) {
    case "NOT_FOUND":
      return caseNotFound();
    case "FORBIDDEN":
      return new ApiError(403, "forbidden", "casework:errors.FORBIDDEN");
    case "INVALID": {
      const errors = fieldErrorMap();
      for (const [field, messages] of Object.entries(error.fieldErrors)) addFieldError(errors, apiPath(field.split(".")), ...messages);
      return new ApiValidationError(errors);
    }
    case "ILLEGAL_TRANSITION": {
      const status = error.status ?? "";
      const action = error.action ? (API_ACTION_OF[error.action as keyof typeof API_ACTION_OF] ?? error.action) : "";
      if (error.action === "close" && outcome && isCaseStatus(status)) {
        const allowed = allowedOutcomes(status);
        if (allowed.length > 0) return new ApiError(409, "illegal_transition", "api:errors.illegalClose", { status, outcome, allowed: allowed.join(", ") });
      }
      return new ApiError(409, "illegal_transition", "api:errors.illegalTransition", { action, status });
    }
    case "EXTENSION_NOT_ALLOWED":
    case "DESIST_NOT_ALLOWED":
    case "NO_SURVEY":
    case "ANONYMISED":
      return new ApiError(409, "not_allowed", error.messageKey, error.params);
  }
}

export type ActionAnswer = { folio: string; status: string; dueAt: string };

/** Parses the body for `action`: 400 when it is not an object, 422 with every field problem. */
function parseActionBody<A extends StaffApiAction>(action: A, body: unknown): z.output<(typeof StaffActionBodies)[A]> {
  if (!isPlainObject(body)) throw new ApiError(400, "bad_request", "api:errors.notAnObject");
  // null means "not given", as in POST /api/v1/cases.
  const cleaned = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, v === null ? undefined : v]));
  const parsed = (StaffActionBodies[action] as z.ZodTypeAny).safeParse(cleaned);
  if (!parsed.success) throw new ApiValidationError(zodFieldErrors(parsed.error, apiPath));
  return parsed.data as z.output<(typeof StaffActionBodies)[A]>;
}

/** Area code and official's email → ids, within the token's institution (422 with the field when unknown). */
async function resolveAssignment(institutionId: string, input: { areaCode?: string; assigneeEmail?: string }) {
  const errors = fieldErrorMap();
  const [area, user] = await Promise.all([
    input.areaCode ? db.area.findFirst({ where: { institutionId, code: input.areaCode, active: true }, select: { id: true } }) : null,
    input.assigneeEmail ? db.user.findFirst({ where: { institutionId, email: input.assigneeEmail, active: true }, select: { id: true } }) : null,
  ]);
  if (input.areaCode && !area) addFieldError(errors, "areaCode", "api:validation.areaNotFound");
  if (input.assigneeEmail && !user) addFieldError(errors, "assigneeEmail", "api:validation.assigneeNotFound");
  if (Object.keys(errors).length > 0) throw new ApiValidationError(errors);
  return { areaId: area?.id, assigneeId: user?.id };
}

async function runAction(action: StaffApiAction, token: ApiPrincipal, folio: string, body: unknown, now: Date): Promise<CaseActionResult> {
  const actor = tokenActor(token);
  const base = { folio, actor, now };
  switch (action) {
    case "assign": {
      const input = parseActionBody("assign", body);
      const ids = await resolveAssignment(token.institutionId, input);
      return assignCase({ ...base, ...ids, reason: input.reason });
    }
    case "notes": {
      const input = parseActionBody("notes", body);
      return addNote({ ...base, text: input.text });
    }
    case "reply": {
      const input = parseActionBody("reply", body);
      return replyToCase({ ...base, text: input.text, deliveredOn: input.deliveredOn });
    }
    case "close": {
      const input = parseActionBody("close", body);
      return closeCase({ ...base, outcome: input.outcome, note: input.note });
    }
  }
}

/** POST /api/v1/cases/{folio}/{action}: 200 with the case's new {folio, status, dueAt}. */
export async function postCaseAction(request: Request, _ctx: ApiContext, folio: string, action: StaffApiAction, now = new Date()): Promise<Response> {
  const token = await requireBearer(request, "cases:manage");
  await enforceTokenLimit(token);
  const body = await readJsonBody(request);
  const outcome = isPlainObject(body) && typeof body.outcome === "string" ? body.outcome : undefined;
  let result: CaseActionResult;
  try {
    result = await runAction(action, token, folio, body, now);
  } catch (error) {
    // A missing case is a 404 whatever else is wrong with the request.
    if (error instanceof ApiValidationError) await requireCaseExists(folio, token.institutionId);
    if (error instanceof CaseActionError) {
      const mapped = caseActionApiError(error, outcome);
      if (mapped instanceof ApiValidationError) await requireCaseExists(folio, token.institutionId);
      throw mapped;
    }
    throw error;
  }
  const answer: ActionAnswer = { folio: result.folio, status: result.status, dueAt: isoWithOffset(result.dueAt) };
  return jsonResponse(answer);
}
