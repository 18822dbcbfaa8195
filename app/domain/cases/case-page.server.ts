// The staff case page's reads: the whole case for one staff member (visibility in the where: an
// area official only ever gets their area's cases), the audit of who viewed the citizen's personal
// data and who downloaded each attachment, and the reply composer's template rendering.
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import { db } from "~/db/client.server";
import { can } from "~/domain/auth/permissions";
import type { Prisma } from "~/generated/prisma/client";
import { deadlineState, type DeadlineState } from "~/domain/sla/calendar";
import { loadCalendar } from "~/domain/sla/calendar.server";
import { canDesist, canExtend, citizenAnswerDueAt, maxExtensionDays, projectedDueAt } from "~/domain/sla/clock";
import { CaseActionError } from "./action-errors";
import { deliveryOf, replyTemplateValues, staffCaseScope, type Delivery, type StaffActor } from "./actions.server";
import { filePath } from "./file-store.server";
import { renderReplyTemplate, unresolvedPlaceholders, type ReplyTemplateValues } from "./reply-template";
import { getReplyTemplate, listReplyTemplatesFor, type ReplyTemplateOption } from "./reply-templates.server";
import { normalizeFolioInput } from "./folio";
import {
  allowedActions,
  allowedOutcomes,
  isOpenStatus,
  type CaseAction,
  type CaseOutcomeValue,
  type CaseStatusValue,
} from "./state-machine";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A case reference from a URL: a uuid, or a folio as people type it. */
function refWhere(ref: { caseId?: string; folio?: string }): Prisma.CaseWhereInput | null {
  if (ref.caseId) return UUID_RE.test(ref.caseId) ? { id: ref.caseId } : null;
  if (ref.folio) {
    const folio = normalizeFolioInput(ref.folio);
    return folio && folio.length <= 40 ? { folio } : null;
  }
  return null;
}

/** The route's $id: a uuid or a folio. */
export function caseRefFromParam(param: string | undefined): { caseId: string } | { folio: string } | null {
  if (!param) return null;
  return UUID_RE.test(param) ? { caseId: param } : { folio: param };
}

export const staffCaseSelect = {
  id: true,
  institutionId: true,
  folio: true,
  kind: true,
  channel: true,
  status: true,
  subject: true,
  description: true,
  tramiteId: true,
  tramite: { select: { name: true } },
  office: { select: { name: true, region: true } },
  areaId: true,
  area: { select: { id: true, name: true } },
  assigneeId: true,
  assignee: { select: { id: true, name: true } },
  createdBy: { select: { name: true } },
  anonymous: true,
  citizenName: true,
  citizenRut: true,
  citizenEmail: true,
  citizenPhone: true,
  citizenAddress: true,
  citizenCommune: true,
  citizenRegion: true,
  replyChannel: true,
  locale: true,
  submittedAt: true,
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
  institution: { select: { name: true } },
  attachments: { orderBy: { createdAt: "asc" }, select: { id: true, fileName: true, mimeType: true, size: true, createdAt: true } },
  events: {
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, type: true, public: true, message: true, data: true, createdAt: true, actorLabel: true, actor: { select: { name: true } } },
  },
} as const satisfies Prisma.CaseSelect;

type StaffCaseRow = Prisma.CaseGetPayload<{ select: typeof staffCaseSelect }>;

export type TimelineEntry = {
  id: string;
  type: string;
  public: boolean;
  createdAt: Date;
  /** The staff member's name, or "citizen", "system", "api:<token>"… */
  actor: string | null;
  actorKind: "staff" | "citizen" | "system" | "api" | "other";
  /** What the citizen was told (public events) or the note (NOTE, REASSIGNED). */
  message: string | null;
  /** Staff-only text kept in the event's data: a reason, a closing note, the citizen's answer. */
  detail: string | null;
  data: Record<string, unknown>;
};

export type StaffDeadline = {
  dueAt: Date;
  targetDays: number;
  extendedDays: number;
  extendedAt: Date | null;
  pausedBusinessDays: number;
  /** Open and not waiting for the citizen: the clock runs. */
  running: boolean;
  /** Waiting for the citizen since pausedAt. */
  waitingSince: Date | null;
  /** While waiting: the deadline if the citizen answered today. */
  projectedDueAt: Date | null;
  /** The citizen's last day to answer (art. 31), while waiting. */
  citizenAnswerDueAt: Date | null;
  /** Against dueAt now; null once the case is no longer open. */
  state: DeadlineState | null;
  respondedAt: Date | null;
  responseBusinessDays: number | null;
  closedAt: Date | null;
};

export type StaffCaseView = {
  case: Omit<StaffCaseRow, "events" | "attachments" | "institution" | "status" | "outcome"> & { status: CaseStatusValue; outcome: CaseOutcomeValue | null };
  institutionName: string;
  attachments: StaffCaseRow["attachments"];
  timeline: TimelineEntry[];
  deadline: StaffDeadline;
  /** How messages reach the citizen. */
  delivery: Delivery;
  /** The actions this user may take now (state machine, clock and role). */
  actions: CaseAction[];
  outcomes: CaseOutcomeValue[];
  extension: { maxDays: number; possible: boolean };
  desist: { possibleFrom: Date | null; possible: boolean };
  /** The last question sent to the citizen while the case waits for them. */
  pendingQuestion: { message: string; at: Date } | null;
  templateValues: ReplyTemplateValues;
  templates: ReplyTemplateOption[];
  assignment: { areas: Array<{ id: string; name: string }>; assignees: AssigneeOption[] };
};

export type AssigneeOption = { id: string; name: string; role: string; areaId: string | null; areaName: string | null };

function actorKind(label: string | null, hasUser: boolean): TimelineEntry["actorKind"] {
  if (hasUser) return "staff";
  if (label === "citizen") return "citizen";
  if (label === "system" || label?.startsWith("system")) return "system";
  if (label?.startsWith("api:")) return "api";
  return label ? "other" : "system";
}

function detailOf(data: Record<string, unknown>): string | null {
  for (const key of ["answer", "reason", "note"]) {
    const value = data[key];
    if (typeof value === "string" && value.trim()) return value;
  }
  return null;
}

/**
 * Whether the case exists and `user` may see it: one indexed count, so the page's action can refuse
 * (404) before reading its form. The domain calls check again, under the row lock.
 */
export async function isCaseVisibleToStaff(options: { caseId?: string; folio?: string; user: StaffActor }): Promise<boolean> {
  const where = refWhere(options);
  if (!where) return false;
  let scope: Prisma.CaseWhereInput;
  try {
    scope = staffCaseScope(options.user);
  } catch (error) {
    if (error instanceof CaseActionError) return false;
    throw error;
  }
  return (await db.case.count({ where: { ...where, ...scope } })) > 0;
}

/** Everything the case page shows, or null when the case does not exist or is not visible to `user`. */
export async function getCaseForStaff(options: { caseId?: string; folio?: string; user: StaffActor; now?: Date }): Promise<StaffCaseView | null> {
  const where = refWhere(options);
  if (!where) return null;
  let scope: Prisma.CaseWhereInput;
  try {
    scope = staffCaseScope(options.user);
  } catch (error) {
    if (error instanceof CaseActionError) return null;
    throw error;
  }
  const now = options.now ?? new Date();
  const row = await db.case.findFirst({ where: { ...where, ...scope }, select: staffCaseSelect });
  if (!row) return null;

  const [calendar, templates, assignment] = await Promise.all([
    loadCalendar({ institutionId: row.institutionId, region: row.office?.region ?? null }),
    listReplyTemplatesFor({ institutionId: row.institutionId, kind: row.kind, tramiteId: row.tramiteId, locale: row.locale }),
    listAssignmentOptions({ institutionId: row.institutionId }),
  ]);

  const status = row.status as CaseStatusValue;
  const open = isOpenStatus(status);
  const waiting = status === "ESPERA_CIUDADANO";
  const clock = row;
  const deadline: StaffDeadline = {
    dueAt: row.dueAt,
    targetDays: row.targetDays,
    extendedDays: row.extendedDays,
    extendedAt: row.extendedAt,
    pausedBusinessDays: row.pausedBusinessDays,
    running: open && !waiting,
    waitingSince: waiting ? row.pausedAt : null,
    projectedDueAt: waiting && row.pausedAt ? projectedDueAt(calendar, clock, now) : null,
    citizenAnswerDueAt: waiting && row.pausedAt ? citizenAnswerDueAt(calendar, row.pausedAt) : null,
    state: open && !waiting ? deadlineState(calendar, now, row.dueAt) : null,
    respondedAt: row.respondedAt,
    responseBusinessDays: row.responseBusinessDays,
    closedAt: row.closedAt,
  };

  const mayHandle = can(options.user.role, "cases:handle");
  let actions = mayHandle ? allowedActions(status) : [];
  const extensionPossible = actions.includes("extend") && canExtend(clock, now);
  const desistPossible = actions.includes("desist") && canDesist(calendar, clock, now);
  actions = actions.filter((a) => (a === "extend" ? extensionPossible : a === "desist" ? desistPossible : a === "reopen" ? !row.anonymizedAt : true));

  const timeline: TimelineEntry[] = row.events.map((e) => {
    const data = (e.data && typeof e.data === "object" && !Array.isArray(e.data) ? e.data : {}) as Record<string, unknown>;
    return {
      id: e.id,
      type: e.type,
      public: e.public,
      createdAt: e.createdAt,
      actor: e.actor?.name ?? e.actorLabel,
      actorKind: actorKind(e.actorLabel, Boolean(e.actor)),
      message: e.message,
      detail: detailOf(data),
      data,
    };
  });
  const lastQuestion = waiting ? [...row.events].reverse().find((e) => e.type === "INFO_REQUESTED") : undefined;

  const { events: _events, attachments, institution, status: _status, outcome, ...rest } = row;
  return {
    case: { ...rest, status, outcome: outcome as CaseOutcomeValue | null },
    institutionName: institution.name,
    attachments,
    timeline,
    deadline,
    delivery: deliveryOf(row),
    actions,
    outcomes: mayHandle ? allowedOutcomes(status) : [],
    extension: { maxDays: maxExtensionDays(row.targetDays), possible: extensionPossible },
    desist: { possibleFrom: waiting && row.pausedAt ? citizenAnswerDueAt(calendar, row.pausedAt) : null, possible: desistPossible },
    pendingQuestion: lastQuestion?.message ? { message: lastQuestion.message, at: lastQuestion.createdAt } : null,
    templateValues: replyTemplateValues(row, institution.name),
    templates,
    assignment,
  };
}

/** Areas and the people a case can be assigned to: active, with a role that handles cases. */
export async function listAssignmentOptions(options: { institutionId: string }): Promise<{ areas: Array<{ id: string; name: string }>; assignees: AssigneeOption[] }> {
  const [areas, users] = await Promise.all([
    db.area.findMany({ where: { institutionId: options.institutionId, active: true }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.user.findMany({
      where: { institutionId: options.institutionId, active: true, role: { in: ["ADMIN", "OIRS_OFFICER", "AREA_OFFICIAL"] } },
      select: { id: true, name: true, role: true, areaId: true, area: { select: { name: true } } },
      orderBy: { name: "asc" },
    }),
  ]);
  return {
    areas,
    assignees: users
      .filter((u) => u.role !== "AREA_OFFICIAL" || u.areaId)
      .map((u) => ({ id: u.id, name: u.name, role: u.role, areaId: u.areaId, areaName: u.area?.name ?? null })),
  };
}

/** Views of one case's personal data by one user are logged at most once per this interval. */
export const PERSONAL_DATA_VIEW_INTERVAL_MS = 10 * 60 * 1000;

/**
 * Logs that `user` opened the case's personal data (Ley 19.628 / 21.719: who and when). To keep the
 * timeline readable, a view within 10 minutes of the same user's previous logged view of the same
 * case is not logged again (one statement: insert unless such a row exists). Returns whether a row
 * was written; false as well when the case is not visible to the user.
 */
export async function recordPersonalDataView(options: { caseId: string; user: StaffActor; now?: Date; ip?: string | null }): Promise<boolean> {
  if (!UUID_RE.test(options.caseId)) return false;
  let scope: Prisma.CaseWhereInput;
  try {
    scope = staffCaseScope(options.user);
  } catch {
    return false;
  }
  const areaId = typeof scope.areaId === "string" ? scope.areaId : null;
  const now = options.now ?? new Date();
  const since = new Date(now.getTime() - PERSONAL_DATA_VIEW_INTERVAL_MS);
  const data = JSON.stringify(options.ip ? { ip: options.ip } : {});
  const count = await db.$executeRaw`
    INSERT INTO "CaseEvent" ("id", "caseId", "type", "public", "actorId", "actorLabel", "data", "createdAt")
    SELECT ${randomUUID()}::uuid, c."id", 'PERSONAL_DATA_VIEWED'::"CaseEventType", false, ${options.user.id}::uuid, ${options.user.name}, ${data}::jsonb, ${now}::timestamptz
      FROM "Case" c
     WHERE c."id" = ${options.caseId}::uuid
       AND c."institutionId" = ${options.user.institutionId}::uuid
       AND (${areaId}::uuid IS NULL OR c."areaId" = ${areaId}::uuid)
       AND NOT EXISTS (
             SELECT 1 FROM "CaseEvent" e
              WHERE e."caseId" = c."id"
                AND e."type" = 'PERSONAL_DATA_VIEWED'::"CaseEventType"
                AND e."actorId" = ${options.user.id}::uuid
                AND e."createdAt" > ${since}::timestamptz)`;
  return count === 1;
}

export type AttachmentDownload = { fileName: string; mimeType: string; size: number; path: string };

/**
 * An attachment of a case the user may see, ready to stream, after logging the download
 * (ATTACHMENT_DOWNLOADED, internal; every download). Null when the case or the attachment is not
 * visible, or the file is missing on disk (nothing is logged then).
 */
export async function openAttachmentForStaff(options: { caseId: string; attachmentId: string; user: StaffActor; now?: Date }): Promise<AttachmentDownload | null> {
  if (!UUID_RE.test(options.caseId) || !UUID_RE.test(options.attachmentId)) return null;
  let scope: Prisma.CaseWhereInput;
  try {
    scope = staffCaseScope(options.user);
  } catch {
    return null;
  }
  const attachment = await db.attachment.findFirst({
    where: { id: options.attachmentId, caseId: options.caseId, case: scope },
    select: { id: true, caseId: true, fileName: true, mimeType: true, size: true, storageKey: true },
  });
  if (!attachment) return null;
  const path = filePath(attachment.storageKey);
  const stat = await fs.stat(path).catch(() => null);
  if (!stat?.isFile()) return null;
  await db.caseEvent.create({
    data: {
      caseId: attachment.caseId,
      type: "ATTACHMENT_DOWNLOADED",
      public: false,
      actorId: options.user.id,
      actorLabel: options.user.name,
      data: { attachmentId: attachment.id, fileName: attachment.fileName },
      createdAt: options.now ?? new Date(),
    },
  });
  return { fileName: attachment.fileName, mimeType: attachment.mimeType, size: stat.size, path };
}

/**
 * The reply composer's text: a template's body (when `templateId` is given) or the officer's text,
 * with the case's placeholders filled in, and the placeholders left unfilled.
 */
export async function composeReply(options: {
  caseId?: string;
  folio?: string;
  user: StaffActor;
  templateId?: string | null;
  text?: string | null;
}): Promise<{ text: string; rendered: string; unresolved: string[]; template: { id: string; name: string } | null; delivery: Delivery } | null> {
  const where = refWhere(options);
  if (!where) return null;
  let scope: Prisma.CaseWhereInput;
  try {
    scope = staffCaseScope(options.user);
  } catch {
    return null;
  }
  const row = await db.case.findFirst({
    where: { ...where, ...scope },
    select: {
      institutionId: true,
      folio: true,
      citizenName: true,
      receivedAt: true,
      dueAt: true,
      subject: true,
      locale: true,
      replyChannel: true,
      citizenEmail: true,
      citizenAddress: true,
      institution: { select: { name: true } },
    },
  });
  if (!row) return null;
  let text = options.text ?? "";
  let template: { id: string; name: string } | null = null;
  if (options.templateId) {
    const found = await getReplyTemplate({ institutionId: row.institutionId, id: options.templateId });
    if (found) {
      template = { id: found.id, name: found.name };
      text = renderReplyTemplate(found.body, replyTemplateValues(row, row.institution.name));
    }
  }
  const rendered = renderReplyTemplate(text, replyTemplateValues(row, row.institution.name));
  return { text, rendered, unresolved: unresolvedPlaceholders(rendered), template, delivery: deliveryOf(row) };
}
