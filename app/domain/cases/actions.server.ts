// What staff (and API clients) do to a case: assign, note, ask the citizen for information, record
// their answer, extend, derive, reply, close, reopen, declare desisted. Every action
//   1. checks the actor's permission, and finds the case only inside what the actor may see (an
//      area official's query is limited to their area, so another area's case is NOT_FOUND);
//   2. validates its input with the schema the case page's form uses (action-schemas.ts);
//   3. runs in one transaction holding a row lock on the case (SELECT … FOR UPDATE), re-reads it,
//      and asks the state machine (state-machine.ts) and the legal clock (sla/clock.ts) whether
//      the action is allowed from the status the case has *now* — two officers replying at once
//      produce one answer and one ILLEGAL_TRANSITION;
//   4. writes exactly one timeline event (public when the citizen should see it), and any email to
//      the citizen through the outbox in the same transaction.
// Failures are CaseActionError (action-errors.ts); nothing is written when one is thrown.
import { db } from "~/db/client.server";
import { can } from "~/domain/auth/permissions";
import type { SessionUser } from "~/domain/auth/session.server";
import { Prisma, type CaseEventType } from "~/generated/prisma/client";
import {
  renderCaseDerivedEmail,
  renderCaseReplyEmail,
  renderSurveyInvitationEmail,
  renderDeadlineExtendedEmail,
  renderInfoRequestEmail,
  type CaseKind,
  type RenderedEmail,
} from "~/domain/notify/case-emails.server";
import { enqueueEmail } from "~/domain/notify/outbox.server";
import type { Calendar } from "~/domain/sla/calendar";
import { toLocalDate } from "~/domain/sla/calendar";
import { loadCalendar } from "~/domain/sla/calendar.server";
import { applyExtension, canDesist, checkExtension, citizenAnswerDueAt, pauseClock, responseBusinessDays, resumeClock } from "~/domain/sla/clock";
import { formatDate } from "~/utils/dates";
import { publicUrl } from "~/utils/env.server";
import type { z } from "zod";
import { CaseActionError } from "./action-errors";
import {
  AssignSchema,
  CloseSchema,
  DeriveSchema,
  DesistSchema,
  ExtendSchema,
  NoteSchema,
  OfferRatingSchema,
  RecordInfoSchema,
  ReopenSchema,
  ReplySchema,
  RequestInfoSchema,
  StartWorkSchema,
  fieldErrorsOf,
} from "./action-schemas";
import { accessCodeMatches } from "./create-case.server";
import { normalizeFolioInput } from "./folio";
import { renderReplyTemplate, type ReplyTemplateValues } from "./reply-template";
import { createInvitation } from "~/domain/surveys/invitations.server";
import { freeCounterCode } from "~/domain/surveys/counter-code.server";
import { formatCounterCode } from "~/domain/surveys/counter-code";
import { nextStatus, type CaseAction, type CaseOutcomeValue, type CaseStatusValue } from "./state-machine";

type Tx = Prisma.TransactionClient;

// ---------------------------------------------------------------------------------------------
// Actors and visibility

/** A signed-in staff member (the session user, or just these fields of a user). */
export type StaffActor = Pick<SessionUser, "id" | "institutionId" | "role" | "areaId" | "name">;
/** A client of the staff API; the API layer has checked the token's scopes. Sees every area. */
export type ApiTokenActor = { apiToken: { id: string; name: string; institutionId: string } };
/** Scheduled jobs (e.g. declaring desisted cases). Sees every area. */
export type SystemActor = { system: string; institutionId: string };
export type CaseActor = StaffActor | ApiTokenActor | SystemActor;

/** Which case: by id or by folio. */
export type CaseRef = { caseId: string; folio?: undefined } | { folio: string; caseId?: undefined };

type ResolvedActor = {
  institutionId: string;
  /** null: every area; a string: only that area's cases. */
  areaScope: string | null;
  actorId: string | null;
  actorLabel: string;
};

/** A uuid no row has: an area official without an area sees nothing. */
const NO_AREA = "00000000-0000-0000-0000-000000000000";
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isStaff(actor: CaseActor): actor is StaffActor {
  return "role" in actor && typeof (actor as StaffActor).role === "string";
}

function resolveActor(actor: CaseActor, permission: "cases:handle" | "cases:inbox" = "cases:handle"): ResolvedActor {
  if ("apiToken" in actor) {
    return { institutionId: actor.apiToken.institutionId, areaScope: null, actorId: null, actorLabel: `api:${actor.apiToken.name}` };
  }
  if ("system" in actor) return { institutionId: actor.institutionId, areaScope: null, actorId: null, actorLabel: actor.system || "system" };
  if (!isStaff(actor) || !can(actor.role, permission)) throw new CaseActionError("FORBIDDEN");
  return {
    institutionId: actor.institutionId,
    areaScope: can(actor.role, "cases:all-areas") ? null : (actor.areaId ?? NO_AREA),
    actorId: actor.id,
    actorLabel: actor.name,
  };
}

/**
 * The cases a staff member may see, for a Prisma `where`: their institution, and only their area
 * unless their role sees every area. Throws FORBIDDEN when the role cannot see cases at all.
 */
export function staffCaseScope(user: StaffActor): Prisma.CaseWhereInput {
  const actor = resolveActor(user, "cases:inbox");
  return actor.areaScope ? { institutionId: actor.institutionId, areaId: actor.areaScope } : { institutionId: actor.institutionId };
}

function refWhere(ref: CaseRef): Prisma.CaseWhereInput | null {
  if (ref.caseId !== undefined) return UUID_RE.test(ref.caseId) ? { id: ref.caseId } : null;
  if (ref.folio !== undefined) {
    const folio = normalizeFolioInput(ref.folio);
    return folio && folio.length <= 40 ? { folio } : null;
  }
  return null;
}

function parse<S extends z.ZodTypeAny>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new CaseActionError("INVALID", { fieldErrors: fieldErrorsOf(result.error) });
  return result.data;
}

// ---------------------------------------------------------------------------------------------
// The case as an action sees it

const lockedCaseSelect = {
  id: true,
  institutionId: true,
  folio: true,
  kind: true,
  status: true,
  subject: true,
  channel: true,
  officeId: true,
  tramiteId: true,
  areaId: true,
  assigneeId: true,
  anonymous: true,
  citizenName: true,
  citizenEmail: true,
  citizenAddress: true,
  replyChannel: true,
  locale: true,
  receivedAt: true,
  dueAt: true,
  targetDays: true,
  extendedDays: true,
  extendedAt: true,
  pausedAt: true,
  pausedBusinessDays: true,
  respondedAt: true,
  responseBusinessDays: true,
  closedAt: true,
  outcome: true,
  derivedTo: true,
  anonymizedAt: true,
} as const satisfies Prisma.CaseSelect;

export type LockedCase = Prisma.CaseGetPayload<{ select: typeof lockedCaseSelect }>;

type ActionContext = {
  tx: Tx;
  c: LockedCase;
  calendar: Calendar;
  institution: { id: string; name: string };
  actor: ResolvedActor;
  now: Date;
};

/**
 * Finds the case inside the actor's scope, loads the calendar for its office, then runs `work` in a
 * transaction with the case's row locked and re-read. Everything `work` writes commits together.
 */
async function withLockedCase<T>(options: { ref: CaseRef; actor: ResolvedActor; now: Date }, work: (ctx: ActionContext) => Promise<T>): Promise<T> {
  const { actor, now } = options;
  const where = refWhere(options.ref);
  if (!where) throw new CaseActionError("NOT_FOUND");
  const scope: Prisma.CaseWhereInput = { ...where, institutionId: actor.institutionId, ...(actor.areaScope ? { areaId: actor.areaScope } : {}) };
  // Read before the transaction: the calendar query must not run inside it (PGlite has one connection).
  const found = await db.case.findFirst({
    where: scope,
    select: { id: true, office: { select: { region: true } }, institution: { select: { id: true, name: true } } },
  });
  if (!found) throw new CaseActionError("NOT_FOUND");
  const calendar = await loadCalendar({ institutionId: actor.institutionId, region: found.office?.region ?? null });

  return db.$transaction(async (tx) => {
    const areaCondition = actor.areaScope ? Prisma.sql`AND "areaId" = ${actor.areaScope}::uuid` : Prisma.empty;
    const locked = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT "id" FROM "Case"
       WHERE "id" = ${found.id}::uuid AND "institutionId" = ${actor.institutionId}::uuid ${areaCondition}
         FOR UPDATE`;
    // Moved to another area between the read and the lock: no longer this official's case.
    if (locked.length === 0) throw new CaseActionError("NOT_FOUND");
    const c = await tx.case.findUniqueOrThrow({ where: { id: found.id }, select: lockedCaseSelect });
    return work({ tx, c, calendar, institution: found.institution, actor, now });
  });
}

function requireTransition(action: CaseAction, c: LockedCase, outcome?: CaseOutcomeValue): CaseStatusValue {
  const result = nextStatus(action, c.status, { outcome });
  if (!result.ok) throw new CaseActionError("ILLEGAL_TRANSITION", { action, status: c.status, reason: result.error });
  return result.to;
}

function json(value: Record<string, unknown>): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value, (_key, v) => (v === undefined ? null : v))) as Prisma.InputJsonValue;
}

async function writeEvent(
  ctx: ActionContext,
  event: { type: CaseEventType; public: boolean; message?: string | null; data?: Record<string, unknown> },
): Promise<string> {
  const created = await ctx.tx.caseEvent.create({
    data: {
      caseId: ctx.c.id,
      type: event.type,
      public: event.public,
      actorId: ctx.actor.actorId,
      actorLabel: ctx.actor.actorLabel,
      message: event.message ?? null,
      data: event.data ? json(event.data) : undefined,
      createdAt: ctx.now,
    },
    select: { id: true },
  });
  return created.id;
}

export type CaseActionResult = {
  id: string;
  folio: string;
  status: CaseStatusValue;
  dueAt: Date;
  /** The timeline event the action wrote. */
  eventId: string;
};

function result(c: Pick<LockedCase, "id" | "folio">, status: CaseStatusValue, dueAt: Date, eventId: string): CaseActionResult {
  return { id: c.id, folio: c.folio, status, dueAt, eventId };
}

// ---------------------------------------------------------------------------------------------
// Reaching the citizen

/**
 * How a message reaches the citizen: EMAIL through the outbox (their chosen channel, or no choice
 * but an address), POSTAL or PRESENCIAL to be done by staff (recorded, not sent), NONE when there is
 * no way (anonymous): the message is only on the tracking page.
 */
export type Delivery = "EMAIL" | "POSTAL" | "PRESENCIAL" | "NONE";

export function deliveryOf(c: Pick<LockedCase, "replyChannel" | "citizenEmail" | "citizenAddress">): Delivery {
  if (c.replyChannel === "EMAIL") return c.citizenEmail ? "EMAIL" : "NONE";
  if (c.replyChannel === "POSTAL" || c.replyChannel === "PRESENCIAL") return c.replyChannel;
  return c.citizenEmail ? "EMAIL" : "NONE";
}

function emailLocale(c: Pick<LockedCase, "locale">): "es" | "en" {
  return c.locale === "en" ? "en" : "es";
}

/** The tracking page for a folio; the citizen adds their access code (never stored in clear). */
export function trackingUrlForFolio(folio: string): string {
  return `${publicUrl()}/seguimiento?${new URLSearchParams({ folio })}`;
}

async function emailCitizen(ctx: ActionContext, kind: string, eventId: string, email: RenderedEmail): Promise<void> {
  await enqueueEmail(ctx.tx, { institutionId: ctx.c.institutionId, dedupeKey: `${kind}:${eventId}`, to: ctx.c.citizenEmail!, kind, ...email });
}

/**
 * After every reply, a satisfaction survey invitation linked to the case, its channel, office,
 * area, trámite and the official who answered, emailed when the citizen gave an address.
 */
async function inviteToSurvey(ctx: ActionContext, eventId: string, now: Date): Promise<void> {
  const { c } = ctx;
  if (!c.citizenEmail) return;
  const invitation = await createInvitation(ctx.tx, {
    institutionId: c.institutionId,
    caseId: c.id,
    channel: c.channel,
    caseKind: c.kind,
    officeId: c.officeId,
    areaId: c.areaId,
    tramiteId: c.tramiteId,
    officialId: ctx.actor.actorId,
    now,
  });
  if (!invitation) return;
  await emailCitizen(ctx, "survey-invitation", eventId, renderSurveyInvitationEmail({ ...emailBase(ctx), surveyUrl: invitation.url, expiresAt: invitation.expiresAt }));
}

function emailBase(ctx: ActionContext) {
  return {
    locale: emailLocale(ctx.c),
    institutionName: ctx.institution.name,
    folio: ctx.c.folio,
    subject: ctx.c.subject,
    trackingUrl: trackingUrlForFolio(ctx.c.folio),
  };
}

/** The values a reply template's placeholders are filled with, in the case's language. */
export function replyTemplateValues(
  c: Pick<LockedCase, "folio" | "citizenName" | "receivedAt" | "dueAt" | "subject" | "locale">,
  institutionName: string,
): ReplyTemplateValues {
  const lng = emailLocale(c);
  return {
    folio: c.folio,
    nombre: c.citizenName,
    fecha_recepcion: formatDate(c.receivedAt, lng),
    fecha_plazo: formatDate(c.dueAt, lng),
    asunto: c.subject,
    institucion: institutionName,
  };
}

// ---------------------------------------------------------------------------------------------
// The actions

type Base = CaseRef & { actor: CaseActor; now?: Date };

/**
 * Assign to an area and/or an official. The official must be an active member of the (new) area,
 * or an OIRS officer or administrator. Changing the area without naming an official leaves the
 * case unassigned within the new area. A reassignment — the case already had an official who
 * changes, or it moves to another area after being assigned — needs a reason, kept internal.
 * Status: INGRESADA/ASIGNADA/REABIERTA → ASIGNADA; EN_TRAMITE stays EN_TRAMITE.
 */
export async function assignCase(options: Base & { areaId?: string | null; assigneeId?: string | null; reason?: string | null }): Promise<CaseActionResult> {
  const actor = resolveActor(options.actor);
  const input = parse(AssignSchema, { areaId: options.areaId ?? undefined, assigneeId: options.assigneeId ?? undefined, reason: options.reason ?? undefined });
  const now = options.now ?? new Date();
  return withLockedCase({ ref: options, actor, now }, async (ctx) => {
    const { tx, c } = ctx;
    const to = requireTransition("assign", c);

    let area: { id: string; name: string } | null = null;
    if (input.areaId) {
      area = await tx.area.findFirst({ where: { id: input.areaId, institutionId: c.institutionId, active: true }, select: { id: true, name: true } });
      if (!area) throw new CaseActionError("INVALID", { fieldErrors: { areaId: ["validation.notFound"] } });
    }
    let targetAreaId = area?.id ?? c.areaId;

    let assignee: { id: string; name: string } | null = null;
    if (input.assigneeId) {
      const user = await tx.user.findFirst({
        where: { id: input.assigneeId, institutionId: c.institutionId, active: true },
        select: { id: true, name: true, role: true, areaId: true },
      });
      if (!user || !can(user.role, "cases:handle")) throw new CaseActionError("INVALID", { fieldErrors: { assigneeId: ["validation.notFound"] } });
      const allAreas = can(user.role, "cases:all-areas");
      if (!allAreas) {
        // An area official with no area given takes the case into their own area.
        if (!targetAreaId && user.areaId) targetAreaId = user.areaId;
        if (!user.areaId || user.areaId !== targetAreaId) {
          throw new CaseActionError("INVALID", { fieldErrors: { assigneeId: ["casework:validation.assigneeNotInArea"] } });
        }
      }
      assignee = { id: user.id, name: user.name };
    }

    const areaChanged = targetAreaId !== c.areaId;
    const newAssigneeId = assignee ? assignee.id : areaChanged ? null : c.assigneeId;
    if (!areaChanged && newAssigneeId === c.assigneeId) {
      throw new CaseActionError("INVALID", { fieldErrors: { areaId: ["casework:validation.nothingChanges"] } });
    }
    const reassign = (c.assigneeId !== null && newAssigneeId !== c.assigneeId) || (areaChanged && c.areaId !== null && c.status !== "INGRESADA");
    if (reassign && !input.reason) throw new CaseActionError("INVALID", { fieldErrors: { reason: ["casework:validation.reasonForReassign"] } });

    const areaName = targetAreaId ? (area?.name ?? (await tx.area.findUnique({ where: { id: targetAreaId }, select: { name: true } }))?.name ?? null) : null;
    await tx.case.update({ where: { id: c.id }, data: { status: to, areaId: targetAreaId, assigneeId: newAssigneeId } });
    const eventId = await writeEvent(ctx, {
      type: reassign ? "REASSIGNED" : "ASSIGNED",
      // The citizen sees "under review" when the case first leaves the queue; moves between
      // officials are internal, and so is their reason.
      public: !reassign && to !== c.status,
      message: null,
      data: {
        reason: input.reason,
        fromAreaId: c.areaId,
        areaId: targetAreaId,
        areaName,
        fromAssigneeId: c.assigneeId,
        assigneeId: newAssigneeId,
        assigneeName: assignee?.name ?? null,
        from: c.status,
        to,
      },
    });
    return result(c, to, c.dueAt, eventId);
  });
}

/** ASIGNADA/REABIERTA → EN_TRAMITE: someone is working on it. The citizen sees "in progress". */
export async function startWork(options: Base): Promise<CaseActionResult> {
  const actor = resolveActor(options.actor);
  parse(StartWorkSchema, {});
  const now = options.now ?? new Date();
  return withLockedCase({ ref: options, actor, now }, async (ctx) => {
    const to = requireTransition("startWork", ctx.c);
    await ctx.tx.case.update({ where: { id: ctx.c.id }, data: { status: to } });
    const eventId = await writeEvent(ctx, { type: "STATUS_CHANGED", public: true, data: { from: ctx.c.status, to } });
    return result(ctx.c, to, ctx.c.dueAt, eventId);
  });
}

/** An internal note, in any status; never shown to the citizen. */
export async function addNote(options: Base & { text: string }): Promise<CaseActionResult> {
  const actor = resolveActor(options.actor);
  const input = parse(NoteSchema, { text: options.text });
  const now = options.now ?? new Date();
  return withLockedCase({ ref: options, actor, now }, async (ctx) => {
    requireTransition("note", ctx.c);
    const eventId = await writeEvent(ctx, { type: "NOTE", public: false, message: input.text });
    return result(ctx.c, ctx.c.status, ctx.c.dueAt, eventId);
  });
}

export type DeliveredResult = CaseActionResult & { delivery: Delivery; emailed: boolean };

/**
 * Ask the citizen for information (art. 31): → ESPERA_CIUDADANO and the clock stops. The question is
 * public (tracking page) and emailed when the citizen can get email; by letter or at the office it
 * is recorded as pending for staff to deliver. The citizen has 5 business days to answer.
 */
export async function requestInfo(options: Base & { message: string }): Promise<DeliveredResult> {
  const actor = resolveActor(options.actor);
  const input = parse(RequestInfoSchema, { message: options.message });
  const now = options.now ?? new Date();
  return withLockedCase({ ref: options, actor, now }, async (ctx) => {
    const { c, calendar } = ctx;
    const to = requireTransition("requestInfo", c);
    const delivery = deliveryOf(c);
    const answerBy = citizenAnswerDueAt(calendar, now);
    await ctx.tx.case.update({ where: { id: c.id }, data: { status: to, ...pauseClock(c, now) } });
    const eventId = await writeEvent(ctx, {
      type: "INFO_REQUESTED",
      public: true,
      message: input.message,
      data: { delivery, pendingDelivery: delivery === "POSTAL" || delivery === "PRESENCIAL", answerBy: answerBy.toISOString(), from: c.status, to },
    });
    if (delivery === "EMAIL") {
      await emailCitizen(ctx, "case-info-request", eventId, renderInfoRequestEmail({ ...emailBase(ctx), message: input.message, answerBy }));
    }
    return { ...result(c, to, c.dueAt, eventId), delivery, emailed: delivery === "EMAIL" };
  });
}

/** The citizen's own credentials, from the tracking page. */
export type CitizenCredentials = { citizen: { folio: string; accessCode: string } };

/**
 * The citizen's answer to an information request: ESPERA_CIUDADANO → EN_TRAMITE and the clock
 * resumes (the deadline moves by the business days waited). Either the citizen on the tracking page
 * (folio + access code) or an officer who received it by phone, letter or at the counter. The
 * answer is kept in the event's data (staff only); the citizen sees "we received the information".
 */
export async function recordCitizenInfo(options: ((Base & { citizen?: undefined }) | (CitizenCredentials & { now?: Date })) & { text: string }): Promise<CaseActionResult & { pausedDays: number }> {
  const input = parse(RecordInfoSchema, { text: options.text });
  const now = options.now ?? new Date();
  let actor: ResolvedActor;
  let ref: CaseRef;
  if (options.citizen) {
    const folio = normalizeFolioInput(options.citizen.folio);
    const code = options.citizen.accessCode ?? "";
    if (!folio || folio.length > 40 || !code || code.length > 40) throw new CaseActionError("NOT_FOUND");
    const found = await db.case.findUnique({ where: { folio }, select: { id: true, institutionId: true, accessCodeHash: true } });
    if (!found || !accessCodeMatches(folio, code, found.accessCodeHash)) throw new CaseActionError("NOT_FOUND");
    actor = { institutionId: found.institutionId, areaScope: null, actorId: null, actorLabel: "citizen" };
    ref = { caseId: found.id };
  } else {
    actor = resolveActor(options.actor);
    ref = options;
  }
  const via = options.citizen ? "tracking" : "staff";
  return withLockedCase({ ref, actor, now }, async (ctx) => {
    const { c, calendar } = ctx;
    const to = requireTransition("receiveInfo", c);
    const resumed = resumeClock(calendar, c, now);
    await ctx.tx.case.update({
      where: { id: c.id },
      data: { status: to, pausedAt: null, pausedBusinessDays: resumed.pausedBusinessDays, dueAt: resumed.dueAt },
    });
    const eventId = await writeEvent(ctx, {
      type: "INFO_RECEIVED",
      public: true,
      data: { answer: input.text, via, pausedDays: resumed.pausedDays, previousDueAt: c.dueAt.toISOString(), dueAt: resumed.dueAt.toISOString() },
    });
    return { ...result(c, to, resumed.dueAt, eventId), pausedDays: resumed.pausedDays };
  });
}

/**
 * Extend the deadline (art. 26): once, by 1..floor(targetDays/2) business days, before it expires.
 * The reason is public and emailed to the citizen when possible.
 */
export async function extendDeadline(options: Base & { days: number | string; reason: string }): Promise<DeliveredResult> {
  const actor = resolveActor(options.actor);
  const input = parse(ExtendSchema, { days: options.days, reason: options.reason });
  const now = options.now ?? new Date();
  return withLockedCase({ ref: options, actor, now }, async (ctx) => {
    const { c, calendar } = ctx;
    requireTransition("extend", c);
    const check = checkExtension(c, input.days, now);
    if (!check.ok) {
      throw new CaseActionError("EXTENSION_NOT_ALLOWED", {
        reason: check.reason,
        params: { max: check.maxDays },
        fieldErrors: check.reason === "TOO_LONG" || check.reason === "INVALID_DAYS" ? { days: [`casework:errors.extension.TOO_LONG|${JSON.stringify({ max: check.maxDays })}`] } : {},
      });
    }
    const extension = applyExtension(calendar, c, input.days, now);
    await ctx.tx.case.update({ where: { id: c.id }, data: extension });
    const delivery = deliveryOf(c);
    const eventId = await writeEvent(ctx, {
      type: "EXTENDED",
      public: true,
      message: input.reason,
      data: { days: input.days, previousDueAt: c.dueAt.toISOString(), dueAt: extension.dueAt.toISOString(), delivery },
    });
    if (delivery === "EMAIL") {
      await emailCitizen(ctx, "case-extended", eventId, renderDeadlineExtendedEmail({ ...emailBase(ctx), reason: input.reason, days: input.days, dueAt: extension.dueAt }));
    }
    return { ...result(c, c.status, extension.dueAt, eventId), delivery, emailed: delivery === "EMAIL" };
  });
}

/**
 * Derive to another public institution (art. 14): the case closes as DERIVADA (final), the citizen
 * is told at once (email when possible; the tracking page always shows where it went and why).
 */
export async function deriveCase(options: Base & { institution: string; reason: string }): Promise<DeliveredResult> {
  const actor = resolveActor(options.actor);
  const input = parse(DeriveSchema, { institution: options.institution, reason: options.reason });
  const now = options.now ?? new Date();
  return withLockedCase({ ref: options, actor, now }, async (ctx) => {
    const { c } = ctx;
    const to = requireTransition("derive", c);
    await ctx.tx.case.update({ where: { id: c.id }, data: { status: to, derivedTo: input.institution, closedAt: now, ...pauseClock(c, now) } });
    const delivery = deliveryOf(c);
    const eventId = await writeEvent(ctx, {
      type: "DERIVED",
      public: true,
      message: input.reason,
      data: { to: input.institution, delivery, from: c.status },
    });
    if (delivery === "EMAIL") {
      await emailCitizen(ctx, "case-derived", eventId, renderCaseDerivedEmail({ ...emailBase(ctx), derivedTo: input.institution, reason: input.reason }));
    }
    return { ...result(c, to, c.dueAt, eventId), delivery, emailed: delivery === "EMAIL" };
  });
}

export type ReplyResult = DeliveredResult & { responseBusinessDays: number; text: string };

/**
 * Reply (→ RESPONDIDA). Placeholders in the text are filled in. Delivery follows the citizen's
 * channel: EMAIL → the outbox; POSTAL or PRESENCIAL → recorded with `deliveredOn`, the local date
 * the officer gives (required; between the reception day and today). The answer is public: the
 * tracking page shows the last one. Records respondedAt and responseBusinessDays (business days
 * from reception to now, minus the days the clock was stopped) and stops the clock.
 */
export async function replyToCase(options: Base & { text: string; deliveredOn?: string | null; templateId?: string | null }): Promise<ReplyResult> {
  const actor = resolveActor(options.actor);
  const input = parse(ReplySchema, { text: options.text, deliveredOn: options.deliveredOn ?? undefined, templateId: options.templateId ?? undefined });
  const now = options.now ?? new Date();
  return withLockedCase({ ref: options, actor, now }, async (ctx) => {
    const { c, calendar } = ctx;
    const to = requireTransition("reply", c);
    const delivery = deliveryOf(c);
    let deliveredOn: string | null = null;
    if (delivery === "POSTAL" || delivery === "PRESENCIAL") {
      if (!input.deliveredOn) throw new CaseActionError("INVALID", { fieldErrors: { deliveredOn: ["casework:validation.deliveredOnRequired"] } });
      const earliest = toLocalDate(c.receivedAt);
      const today = toLocalDate(now);
      if (input.deliveredOn < earliest || input.deliveredOn > today) {
        throw new CaseActionError("INVALID", { fieldErrors: { deliveredOn: [`casework:validation.deliveredOnRange|${JSON.stringify({ from: earliest, to: today })}`] } });
      }
      deliveredOn = input.deliveredOn;
    }
    const text = renderReplyTemplate(input.text, replyTemplateValues(c, ctx.institution.name));
    const days = responseBusinessDays(calendar, c, now);
    await ctx.tx.case.update({
      where: { id: c.id },
      data: { status: to, respondedAt: now, responseBusinessDays: days, ...pauseClock(c, now) },
    });
    const eventId = await writeEvent(ctx, {
      type: "REPLIED",
      public: true,
      message: text,
      data: { delivery, deliveredOn, templateId: input.templateId, responseBusinessDays: days, from: c.status },
    });
    if (delivery === "EMAIL") {
      await emailCitizen(ctx, "case-reply", eventId, renderCaseReplyEmail({ ...emailBase(ctx), kind: c.kind as CaseKind, message: text }));
    }
    await inviteToSurvey(ctx, eventId, now);
    return { ...result(c, to, c.dueAt, eventId), delivery, emailed: delivery === "EMAIL", responseBusinessDays: days, text };
  });
}

/**
 * Close with an outcome: from RESPONDIDA with any outcome; from INGRESADA, ASIGNADA or EN_TRAMITE
 * only as NOT_APPLICABLE (spam, duplicates, requests that need no answer). An optional internal note.
 */
export async function closeCase(options: Base & { outcome: CaseOutcomeValue | string; note?: string | null }): Promise<CaseActionResult> {
  const actor = resolveActor(options.actor);
  const input = parse(CloseSchema, { outcome: options.outcome, note: options.note ?? undefined });
  const now = options.now ?? new Date();
  return withLockedCase({ ref: options, actor, now }, async (ctx) => {
    const { c } = ctx;
    const to = requireTransition("close", c, input.outcome);
    await ctx.tx.case.update({ where: { id: c.id }, data: { status: to, outcome: input.outcome, closedAt: now, ...pauseClock(c, now) } });
    const eventId = await writeEvent(ctx, { type: "CLOSED", public: true, data: { outcome: input.outcome, note: input.note, from: c.status } });
    return result(c, to, c.dueAt, eventId);
  });
}

/**
 * Reopen an answered, closed or desisted case, with an internal reason: → REABIERTA, the clock
 * resumes where it stopped (the deadline moves by the business days it was stopped). The first
 * answer's respondedAt/responseBusinessDays stay until a new reply replaces them.
 */
export async function reopenCase(options: Base & { reason: string }): Promise<CaseActionResult> {
  const actor = resolveActor(options.actor);
  const input = parse(ReopenSchema, { reason: options.reason });
  const now = options.now ?? new Date();
  return withLockedCase({ ref: options, actor, now }, async (ctx) => {
    const { c, calendar } = ctx;
    const to = requireTransition("reopen", c);
    // Nobody could be answered any more, and a reopened case would wait forever for the next retention run.
    if (c.anonymizedAt) throw new CaseActionError("ANONYMISED");
    const resumed = resumeClock(calendar, c, now);
    await ctx.tx.case.update({
      where: { id: c.id },
      data: { status: to, closedAt: null, outcome: null, pausedAt: null, pausedBusinessDays: resumed.pausedBusinessDays, dueAt: resumed.dueAt },
    });
    const eventId = await writeEvent(ctx, {
      type: "REOPENED",
      public: true,
      data: { reason: input.reason, from: c.status, pausedDays: resumed.pausedDays, dueAt: resumed.dueAt.toISOString() },
    });
    return result(c, to, resumed.dueAt, eventId);
  });
}

/**
 * Declare the request desisted (art. 31): only from ESPERA_CIUDADANO and only once the citizen's
 * 5 business days after the information request are over (DESIST_NOT_ALLOWED before).
 */
export async function desistCase(options: Base & { note?: string | null }): Promise<CaseActionResult> {
  const actor = resolveActor(options.actor);
  const input = parse(DesistSchema, { note: options.note ?? undefined });
  const now = options.now ?? new Date();
  return withLockedCase({ ref: options, actor, now }, async (ctx) => {
    const { c, calendar } = ctx;
    const to = requireTransition("desist", c);
    if (!canDesist(calendar, c, now)) throw new CaseActionError("DESIST_NOT_ALLOWED");
    await ctx.tx.case.update({ where: { id: c.id }, data: { status: to, closedAt: now } });
    const eventId = await writeEvent(ctx, { type: "DESISTED", public: true, data: { note: input.note, infoRequestedAt: c.pausedAt?.toISOString() ?? null } });
    return result(c, to, c.dueAt, eventId);
  });
}

export type OfferedRating = CaseActionResult & {
  invitationId: string;
  /** The counter code as shown, e.g. "K7M-29Q" (only its hash is stored). */
  code: string;
  codeExpiresAt: Date;
  /** The invitation's single-use link, for the QR code (only its hash is stored). */
  token: string;
  url: string;
};

/**
 * "Rate this attention": the officer at the counter offers the person a rating of the attention
 * just given. A survey invitation linked to the case, its office (the officer's when the case has
 * none), area and trámite, the signed-in officer and the channel PRESENCIAL, with a short counter
 * code for the office totem (valid COUNTER_CODE_TTL_MINUTES) and the usual link for a phone. One
 * response per invitation, whichever way it comes. Any status: the attention happened either way.
 * Staff only (not API tokens or jobs: the invitation records who attended). One internal event,
 * RATING_OFFERED, that never holds the code or the link. NO_SURVEY without an active default template.
 */
export async function offerRating(options: Base): Promise<OfferedRating> {
  if (!isStaff(options.actor)) throw new CaseActionError("FORBIDDEN");
  const actor = resolveActor(options.actor);
  parse(OfferRatingSchema, {});
  const now = options.now ?? new Date();
  for (let attempt = 0; ; attempt++) {
    try {
      return await withLockedCase({ ref: options, actor, now }, async (ctx) => {
        const { tx, c } = ctx;
        const officeId =
          c.officeId ?? (await tx.user.findUnique({ where: { id: actor.actorId! }, select: { officeId: true } }))?.officeId ?? null;
        const counter = await freeCounterCode(tx, now);
        const invitation = await createInvitation(tx, {
          institutionId: c.institutionId,
          caseId: c.id,
          channel: "PRESENCIAL",
          caseKind: c.kind,
          officeId,
          areaId: c.areaId,
          tramiteId: c.tramiteId,
          officialId: actor.actorId,
          now,
          counterCode: { hash: counter.hash, expiresAt: counter.expiresAt },
        });
        if (!invitation) throw new CaseActionError("NO_SURVEY");
        const eventId = await writeEvent(ctx, {
          type: "RATING_OFFERED",
          public: false,
          data: { invitationId: invitation.id, channel: "PRESENCIAL", codeExpiresAt: counter.expiresAt.toISOString() },
        });
        return {
          ...result(c, c.status, c.dueAt, eventId),
          invitationId: invitation.id,
          code: formatCounterCode(counter.code),
          codeExpiresAt: counter.expiresAt,
          token: invitation.token,
          url: invitation.url,
        };
      });
    } catch (error) {
      // Two officers drew the same free code at the same instant: the unique index refused one; draw again.
      const unique = error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
      if (!unique || attempt >= 2) throw error;
    }
  }
}
