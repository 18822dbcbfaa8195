// The staff inbox: one SQL statement for the page's rows and one for the (capped) count, both
// built from the same WHERE. Visibility is part of that WHERE: an area official's query only
// ever matches their area's cases (and nothing when they have no area), whatever the filters.
//
// Scale (1,000,000 cases, see test/bench/inbox.bench.ts and README "Performance"):
// - the default inbox (open cases, most urgent first) walks the partial index
//   "Case_open_due_idx" (institutionId, dueAt, id) WHERE status is open, and stops after the page;
// - an area official's inbox walks "Case_open_area_due_idx" (areaId, dueAt, id), same predicate;
// - free text uses the GIN index on the generated `search` column (a partial one for open cases)
//   or the folio's unique index; it is counted first, and a search with few matches collects them
//   before sorting (see inboxSql's rowsAmongFew);
// - the count stops at COUNT_CAP matches ("10 000+"): an exact count of a million rows costs a
//   full index scan on every page view, and nobody pages through 400 pages of 25 (a free-text
//   search stops at TEXT_COUNT_CAP).
import { db } from "~/db/client.server";
import { Prisma } from "~/generated/prisma/client";
import type { SessionUser } from "~/domain/auth/session.server";
import { can } from "~/domain/auth/permissions";
import { addBusinessDays, createCalendar, deadlineState, endOfLocalDay, startOfLocalDay, toLocalDate, type Calendar } from "~/domain/sla/calendar";
import {
  CLOCK_RUNNING_STATUSES,
  INBOX_STATUSES,
  OPEN_STATUSES,
  PAUSED_STATUS,
  SOON_BUSINESS_DAYS,
  UNASSIGNED,
  isAllStatuses,
  type InboxChannel,
  type InboxFilters,
  type InboxKind,
  type InboxStatus,
  type RowDeadline,
} from "./inbox";

/** The count stops here; beyond it the page says "more than 10 000" and paging stops (export instead). */
export const COUNT_CAP = 10_000;
/**
 * A free-text search counts up to here: its matches come from a GIN bitmap, and every counted match
 * costs a heap visit, so a common word over a million cases would otherwise cost ~10 000 visits.
 */
export const TEXT_COUNT_CAP = 1_000;

/** How far the count (and paging) goes for these filters. */
export function countCap(filters: Pick<InboxFilters, "q">): number {
  return filters.q ? TEXT_COUNT_CAP : COUNT_CAP;
}

export type InboxUser = Pick<SessionUser, "id" | "role" | "areaId" | "institutionId">;

// ---------------------------------------------------------------------------------------------
// Calendars

/**
 * The business-day calendars of an institution, one per region (regional holidays apply only to
 * offices in that region), from one query. `null` = the institution-wide calendar.
 */
export async function loadInboxCalendars(institutionId: string): Promise<(region: string | null) => Calendar> {
  const holidays = await db.holiday.findMany({ where: { institutionId }, select: { date: true, name: true, region: true } });
  const extraHolidays = holidays.map((h) => ({ date: h.date.toISOString().slice(0, 10), name: h.name, region: h.region }));
  const calendars = new Map<string | null, Calendar>();
  return (region) => {
    let calendar = calendars.get(region);
    if (!calendar) {
      calendar = createCalendar({ region, extraHolidays });
      calendars.set(region, calendar);
    }
    return calendar;
  };
}

/** Where a case stands against its deadline at `now` (see RowDeadline). */
export function rowDeadline(calendar: Calendar, now: Date, row: { status: InboxStatus; dueAt: Date }): RowDeadline {
  if (!(OPEN_STATUSES as readonly string[]).includes(row.status)) return { state: "closed" };
  if (row.status === PAUSED_STATUS) return { state: "paused" };
  const state = deadlineState(calendar, now, row.dueAt);
  if (state.overdue) return { state: "overdue", businessDays: state.businessDays };
  if (state.dueToday) return { state: "today", businessDays: 0 };
  if (state.businessDays <= SOON_BUSINESS_DAYS) return { state: "soon", businessDays: state.businessDays };
  return { state: "ok", businessDays: state.businessDays };
}

// ---------------------------------------------------------------------------------------------
// The WHERE clause

/** Instants the filters compare against, computed once per request with the calendar. */
export type InboxBounds = {
  now: Date;
  /** End of the SOON_BUSINESS_DAYS-th business day after today: "due soon" ends here. */
  soonEnd: Date;
  receivedFrom?: Date;
  receivedTo?: Date;
};

export function inboxBounds(calendar: Calendar, filters: Pick<InboxFilters, "from" | "to">, now: Date): InboxBounds {
  return {
    now,
    soonEnd: endOfLocalDay(addBusinessDays(calendar, toLocalDate(now), SOON_BUSINESS_DAYS)),
    receivedFrom: filters.from ? startOfLocalDay(filters.from) : undefined,
    receivedTo: filters.to ? endOfLocalDay(filters.to) : undefined,
  };
}

/** Bounds for filters that do not need the business-day calendar (soonEnd is then unused). */
function inboxBoundsWithoutCalendar(filters: Pick<InboxFilters, "from" | "to" | "deadline">, now: Date): InboxBounds {
  if (filters.deadline === "soon" || filters.deadline === "ok") throw new Error("the deadline filter needs the calendar");
  return {
    now,
    soonEnd: now,
    receivedFrom: filters.from ? startOfLocalDay(filters.from) : undefined,
    receivedTo: filters.to ? endOfLocalDay(filters.to) : undefined,
  };
}

/** Enum values are written as literals (from a fixed list) so the planner can match partial indexes. */
function statusLiterals(statuses: readonly InboxStatus[]): Prisma.Sql {
  for (const s of statuses) if (!(INBOX_STATUSES as readonly string[]).includes(s)) throw new RangeError(`Unknown status ${s}`);
  return Prisma.raw(statuses.map((s) => `'${s}'`).join(", "));
}

/** What the user may see: their institution; an area official only their area, or nothing. */
function visibilityConditions(user: InboxUser): Prisma.Sql[] {
  const conditions = [Prisma.sql`c."institutionId" = ${user.institutionId}::uuid`];
  if (!can(user.role, "cases:all-areas")) {
    conditions.push(user.areaId && can(user.role, "cases:inbox") ? Prisma.sql`c."areaId" = ${user.areaId}::uuid` : Prisma.sql`FALSE`);
  }
  return conditions;
}

/** The statuses a query may match: the filter's, narrowed by the deadline filter. */
function effectiveStatuses(filters: Pick<InboxFilters, "status" | "deadline">): InboxStatus[] {
  if (!filters.deadline) return filters.status;
  const allowed: readonly InboxStatus[] = filters.deadline === "paused" ? [PAUSED_STATUS] : CLOCK_RUNNING_STATUSES;
  return filters.status.filter((s) => allowed.includes(s));
}

export function inboxWhere(user: InboxUser, filters: InboxFilters, bounds: InboxBounds): Prisma.Sql {
  const conditions = visibilityConditions(user);
  const statuses = effectiveStatuses(filters);
  if (statuses.length === 0) conditions.push(Prisma.sql`FALSE`);
  else if (!isAllStatuses(statuses)) conditions.push(Prisma.sql`c."status" IN (${statusLiterals(statuses)})`);

  if (filters.kind) conditions.push(Prisma.sql`c."kind" = ${filters.kind}::"CaseKind"`);
  if (filters.channel) conditions.push(Prisma.sql`c."channel" = ${filters.channel}::"Channel"`);
  if (filters.area === UNASSIGNED) conditions.push(Prisma.sql`c."areaId" IS NULL`);
  else if (filters.area) conditions.push(Prisma.sql`c."areaId" = ${filters.area}::uuid`);
  if (filters.assignee === UNASSIGNED) conditions.push(Prisma.sql`c."assigneeId" IS NULL`);
  else if (filters.assignee) conditions.push(Prisma.sql`c."assigneeId" = ${filters.assignee}::uuid`);
  if (filters.tramite) conditions.push(Prisma.sql`c."tramiteId" = ${filters.tramite}::uuid`);
  if (filters.office) conditions.push(Prisma.sql`c."officeId" = ${filters.office}::uuid`);

  switch (filters.deadline) {
    case "overdue":
      conditions.push(Prisma.sql`c."dueAt" < ${bounds.now}::timestamptz`);
      break;
    case "soon":
      conditions.push(Prisma.sql`c."dueAt" >= ${bounds.now}::timestamptz AND c."dueAt" <= ${bounds.soonEnd}::timestamptz`);
      break;
    case "ok":
      conditions.push(Prisma.sql`c."dueAt" > ${bounds.soonEnd}::timestamptz`);
      break;
    default:
      break;
  }
  if (bounds.receivedFrom) conditions.push(Prisma.sql`c."receivedAt" >= ${bounds.receivedFrom}::timestamptz`);
  if (bounds.receivedTo) conditions.push(Prisma.sql`c."receivedAt" <= ${bounds.receivedTo}::timestamptz`);

  if (filters.q) {
    // A folio typed in full, or words of the subject, description or citizen name.
    conditions.push(
      Prisma.sql`(c."folio" = ${filters.q.toUpperCase()} OR c."search" @@ plainto_tsquery('spanish'::regconfig, ${filters.q}))`,
    );
  }
  return Prisma.join(conditions, " AND ");
}

export const SORT_COLUMN = { due: Prisma.raw(`c."dueAt"`), received: Prisma.raw(`c."receivedAt"`), folio: Prisma.raw(`c."folio"`) } as const;

export function inboxOrderBy(filters: Pick<InboxFilters, "sort" | "dir">): Prisma.Sql {
  const dir = Prisma.raw(filters.dir === "desc" ? "DESC" : "ASC");
  return Prisma.sql`${SORT_COLUMN[filters.sort]} ${dir}, c."id" ${dir}`;
}

// ---------------------------------------------------------------------------------------------
// The page

/** The inbox row's named select: what the table shows, nothing personal. */
const INBOX_ROW_COLUMNS = Prisma.sql`
  c."id", c."folio", c."kind"::text AS "kind", c."subject", c."channel"::text AS "channel", c."status"::text AS "status",
  c."receivedAt", c."dueAt", c."pausedAt",
  a."name" AS "areaName", u."name" AS "assigneeName", o."region" AS "officeRegion"`;

const INBOX_ROW_JOINS = Prisma.sql`
  LEFT JOIN "Area" a ON a."id" = c."areaId"
  LEFT JOIN "User" u ON u."id" = c."assigneeId"
  LEFT JOIN "Office" o ON o."id" = c."officeId"`;

type RawInboxRow = {
  id: string;
  folio: string;
  kind: InboxKind;
  subject: string;
  channel: InboxChannel;
  status: InboxStatus;
  receivedAt: Date | string;
  dueAt: Date | string;
  pausedAt: Date | string | null;
  areaName: string | null;
  assigneeName: string | null;
  officeRegion: string | null;
};

export type InboxRow = {
  id: string;
  folio: string;
  kind: InboxKind;
  subject: string;
  channel: InboxChannel;
  status: InboxStatus;
  areaName: string | null;
  assigneeName: string | null;
  receivedAt: Date;
  dueAt: Date;
  pausedAt: Date | null;
  deadline: RowDeadline;
};

export type InboxPage = {
  rows: InboxRow[];
  /** Exact when `totalCapped` is false; otherwise "more than `countCap`". */
  total: number;
  totalCapped: boolean;
  /** Where the count stops for these filters (COUNT_CAP, or TEXT_COUNT_CAP for a free-text search). */
  countCap: number;
  page: number;
  size: number;
  /** Pages reachable by paging (the count is capped, so at most countCap / size). */
  pageCount: number;
  /** The requested page was past the end and the last page is shown instead. */
  pageClamped: boolean;
};

/** The SQL listInbox runs (the bench EXPLAINs it). */
export function inboxSql(user: InboxUser, filters: InboxFilters, bounds: InboxBounds, page = filters.page) {
  const where = inboxWhere(user, filters, bounds);
  const offset = (page - 1) * filters.size;
  const cap = countCap(filters);
  return {
    rows: Prisma.sql`SELECT ${INBOX_ROW_COLUMNS} FROM "Case" c ${INBOX_ROW_JOINS}
      WHERE ${where} ORDER BY ${inboxOrderBy(filters)} LIMIT ${filters.size}::int OFFSET ${offset}::int`,
    /**
     * The same page when the count says there are at most `cap` matches: collect them first
     * (for free text, from the GIN index), then sort. Walking the sort index and testing each case
     * against the words is fast for common words, but reads the whole index for a rare or
     * misspelt one (seconds at a million cases): the planner cannot tell them apart.
     */
    rowsAmongFew: Prisma.sql`WITH matches AS MATERIALIZED (SELECT c."id" FROM "Case" c WHERE ${where} LIMIT ${cap + 1}::int)
      SELECT ${INBOX_ROW_COLUMNS} FROM matches m JOIN "Case" c ON c."id" = m."id" ${INBOX_ROW_JOINS}
      ORDER BY ${inboxOrderBy(filters)} LIMIT ${filters.size}::int OFFSET ${offset}::int`,
    count: Prisma.sql`SELECT count(*)::int AS "n" FROM (SELECT 1 FROM "Case" c WHERE ${where} LIMIT ${cap + 1}::int) AS matches`,
  };
}

function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

function lastPage(total: number, size: number, cap: number): number {
  return Math.max(1, Math.ceil(Math.min(total, cap) / size));
}

export async function listInbox(options: { user: InboxUser; filters: InboxFilters; now?: Date }): Promise<InboxPage> {
  const { user, filters } = options;
  const now = options.now ?? new Date();
  // The calendar is needed for the rows' deadlines, and for the WHERE only by "due soon" and "on
  // time" (the end of the 2nd business day); otherwise its query runs alongside the others.
  const calendarsLoading = loadInboxCalendars(user.institutionId);
  const whereNeedsCalendar = filters.deadline === "soon" || filters.deadline === "ok";
  const bounds = whereNeedsCalendar ? inboxBounds((await calendarsLoading)(null), filters, now) : inboxBoundsWithoutCalendar(filters, now);

  // Paging stops at the count's cap: OFFSET past it would read ever more rows for nothing.
  const cap = countCap(filters);
  const maxPage = Math.ceil(cap / filters.size);
  let page = Math.min(filters.page, maxPage);
  let pageClamped = page !== filters.page;
  let rawRows: RawInboxRow[];
  let counted: number;
  let calendarFor: (region: string | null) => Calendar;
  if (filters.q) {
    // Free text: count first (cheap, capped), then fetch the page with the plan that suits the
    // number of matches (see inboxSql's rowsAmongFew).
    const [countRows, calendars] = await Promise.all([db.$queryRaw<Array<{ n: number }>>(inboxSql(user, filters, bounds, page).count), calendarsLoading]);
    calendarFor = calendars;
    counted = Number(countRows[0]?.n ?? 0);
    const last = lastPage(counted, filters.size, cap);
    if (page > last) {
      page = last;
      pageClamped = true;
    }
    const sql = inboxSql(user, filters, bounds, page);
    rawRows = counted === 0 ? [] : await db.$queryRaw<RawInboxRow[]>(counted <= cap ? sql.rowsAmongFew : sql.rows);
  } else {
    const first = inboxSql(user, filters, bounds, page);
    const [rowsFound, countRows, calendars] = await Promise.all([
      db.$queryRaw<RawInboxRow[]>(first.rows),
      db.$queryRaw<Array<{ n: number }>>(first.count),
      calendarsLoading,
    ]);
    calendarFor = calendars;
    rawRows = rowsFound;
    counted = Number(countRows[0]?.n ?? 0);
    const last = lastPage(counted, filters.size, cap);
    if (rawRows.length === 0 && page > last) {
      page = last;
      pageClamped = true;
      rawRows = counted > 0 ? await db.$queryRaw<RawInboxRow[]>(inboxSql(user, filters, bounds, page).rows) : [];
    }
  }
  const total = Math.min(counted, cap);
  const totalCapped = counted > cap;
  const pageCount = lastPage(counted, filters.size, cap);

  const rows = rawRows.map((r): InboxRow => {
    const dueAt = toDate(r.dueAt);
    return {
      id: r.id,
      folio: r.folio,
      kind: r.kind,
      subject: r.subject,
      channel: r.channel,
      status: r.status,
      areaName: r.areaName,
      assigneeName: r.assigneeName,
      receivedAt: toDate(r.receivedAt),
      dueAt,
      pausedAt: r.pausedAt === null ? null : toDate(r.pausedAt),
      deadline: rowDeadline(calendarFor(r.officeRegion), now, { status: r.status, dueAt }),
    };
  });
  return { rows, total, totalCapped, countCap: cap, page, size: filters.size, pageCount, pageClamped };
}

// ---------------------------------------------------------------------------------------------
// Filter options

export type InboxFacets = {
  areas: Array<{ id: string; name: string; active: boolean }>;
  assignees: Array<{ id: string; name: string; active: boolean }>;
  tramites: Array<{ id: string; name: string; active: boolean }>;
  offices: Array<{ id: string; name: string; active: boolean }>;
  /** An area official: the area filter is fixed to their area. */
  areaScoped: boolean;
};

type FacetRow = { facet: "area" | "assignee" | "tramite" | "office"; id: string; name: string; active: boolean };

/**
 * Options for the inbox's filter selects (small tables), limited to what the user may see: an
 * area official gets only their area and its people. One statement, active options first.
 */
export async function listInboxFacets(options: { user: InboxUser }): Promise<InboxFacets> {
  const { user } = options;
  const institutionId = user.institutionId;
  const allAreas = can(user.role, "cases:all-areas");
  const areaScope = allAreas ? Prisma.empty : Prisma.sql`AND "id" = ${user.areaId ?? "00000000-0000-0000-0000-000000000000"}::uuid`;
  const people = allAreas
    ? Prisma.sql`"role" IN ('ADMIN', 'OIRS_OFFICER', 'AREA_OFFICIAL')`
    : Prisma.sql`"role" IN ('OIRS_OFFICER', 'AREA_OFFICIAL') AND "areaId" = ${user.areaId ?? "00000000-0000-0000-0000-000000000000"}::uuid`;
  const rows = await db.$queryRaw<FacetRow[]>`
    SELECT 'area' AS "facet", "id", "name", "active" FROM "Area" WHERE "institutionId" = ${institutionId}::uuid ${areaScope}
    UNION ALL
    SELECT 'assignee', "id", "name", "active" FROM "User" WHERE "institutionId" = ${institutionId}::uuid AND ${people}
    UNION ALL
    SELECT 'tramite', "id", "name", "active" FROM "Tramite" WHERE "institutionId" = ${institutionId}::uuid
    UNION ALL
    SELECT 'office', "id", "name", "active" FROM "Office" WHERE "institutionId" = ${institutionId}::uuid
    ORDER BY "facet", "active" DESC, "name"`;
  const of = (facet: FacetRow["facet"]) => rows.filter((r) => r.facet === facet).map(({ id, name, active }) => ({ id, name, active }));
  return { areas: of("area"), assignees: of("assignee"), tramites: of("tramite"), offices: of("office"), areaScoped: !allAreas };
}
