// The deadline scheduler (run by scheduler-loop.server.ts from the worker loop of every app instance):
//
// - runDeadlineScan: a warning to whoever must answer when 2 business days or fewer remain, and an
//   escalation to the area head, the OIRS officers and the assignee when a case becomes overdue. Each
//   once per case and threshold: the CaseAlert row (PK caseId + threshold) is inserted with
//   ON CONFLICT DO NOTHING, and only the transaction that inserted it writes the timeline event and
//   the emails (whose outbox dedupeKey is unique too). Several instances against one PostgreSQL can
//   scan at the same time without sending anything twice; a transaction-level advisory lock also
//   keeps them from doing the same batch at the same time.
// - runDailyDigests: once per local day (after 07:00 America/Santiago, business days), an email to
//   every official who wants it, with counts and their most urgent open cases.
//
// Candidates and counts are selected in SQL, in ordered batches; nothing loads the whole case table.
import { db } from "~/db/client.server";
import { DIGEST_ROLES } from "~/domain/auth/account.server";
import { Prisma } from "~/generated/prisma/client";
import type { CaseKind } from "~/domain/notify/case-emails.server";
import { enqueueEmail } from "~/domain/notify/outbox.server";
import {
  renderDailyDigestEmail,
  renderDeadlineWarningEmail,
  renderOverdueEscalationEmail,
  staffLocale,
  type AlertCase,
  type AlertReason,
  type DigestCase,
} from "~/domain/notify/staff-emails.server";
import { publicUrl } from "~/utils/env.server";
import {
  addBusinessDays,
  createCalendar,
  deadlineState,
  startOfLocalDay,
  TIME_ZONE,
  toLocalDate,
  type Calendar,
  type ExtraHoliday,
  type LocalDate,
} from "./calendar";

type Tx = Prisma.TransactionClient;

/** A warning goes out when this many business days or fewer remain (deadlineState().businessDays). */
export const WARNING_BUSINESS_DAYS = 2;
/** CaseAlert.threshold values. */
export const THRESHOLDS = { warning: "warning", overdue: "overdue" } as const;
export type Threshold = (typeof THRESHOLDS)[keyof typeof THRESHOLDS];
/** Digests go out from this local hour (America/Santiago). */
export const DIGEST_HOUR = 7;
/** Cases listed in a digest, most urgent first. */
export const DIGEST_LIST_LIMIT = 20;

const DEFAULT_BATCH_SIZE = 100;
const DIGEST_BATCH_SIZE = 50;
// Arbitrary constant key (the seed uses 73_012_026).
const SCAN_LOCK_KEY = 73_012_027;
const TX_OPTIONS = { maxWait: 30_000, timeout: 120_000 };

/** Statuses whose clock runs: alerts and "open" counts. ESPERA_CIUDADANO is paused; the rest are done. */
const RUNNING = Prisma.raw(`'INGRESADA', 'ASIGNADA', 'EN_TRAMITE', 'REABIERTA'`);

export function caseUrl(caseId: string): string {
  return `${publicUrl()}/gestion/casos/${caseId}`;
}

export function alertDedupeKey(caseId: string, threshold: Threshold, userId: string, dueAt: Date): string {
  return `alert:${caseId}:${threshold}:${userId}:${dueAt.getTime()}`;
}

/**
 * The CaseAlert key: the threshold and the due date it was computed for, so a deadline that
 * moves (extension, pause and resume, reopening) is warned about again, once.
 */
export function alertKey(threshold: Threshold, dueAt: Date): string {
  return `${threshold}@${dueAt.getTime()}`;
}

export function digestDedupeKey(userId: string, day: LocalDate): string {
  return `digest:${userId}:${day}`;
}

// ---------------------------------------------------------------------------------------------
// Calendars: the institution's holidays are read once per run; a case with an office follows the
// office's region (regional holidays), any other case the institution-wide calendar.

type InstitutionCalendars = {
  base: Calendar;
  /** Regions that have holidays of their own: the only ones whose boundaries can differ. */
  regions: string[];
  forRegion(region: string | null): Calendar;
};

async function loadInstitutionCalendars(institutionId: string): Promise<InstitutionCalendars> {
  const rows = await db.holiday.findMany({ where: { institutionId }, select: { date: true, name: true, region: true } });
  const extraHolidays: ExtraHoliday[] = rows.map((h) => ({ date: h.date.toISOString().slice(0, 10), name: h.name, region: h.region }));
  const regions = [...new Set(rows.map((h) => h.region).filter((r): r is string => Boolean(r)))].sort();
  const base = createCalendar({ extraHolidays });
  const cache = new Map<string, Calendar>();
  return {
    base,
    regions,
    forRegion(region) {
      if (!region || !regions.includes(region)) return base;
      let calendar = cache.get(region);
      if (!calendar) {
        calendar = createCalendar({ extraHolidays, region });
        cache.set(region, calendar);
      }
      return calendar;
    },
  };
}

/**
 * The first instant at which more than WARNING_BUSINESS_DAYS business days remain: a case due
 * before it (and not overdue) has deadlineState(calendar, now, dueAt).businessDays <= 2. For a
 * deadline at the end of a business day this is the brief's endOfLocalDay(addBusinessDays(today, 2)).
 */
function warningBoundary(calendar: Calendar, today: LocalDate): Date {
  return startOfLocalDay(addBusinessDays(calendar, today, WARNING_BUSINESS_DAYS + 1));
}

type Boundaries = { fallback: Date; max: Date; byRegion: Sql };
type Sql = Prisma.Sql;

/** The warning boundary per region with holidays of its own, as a two-column relation for SQL. */
function boundaries(calendars: InstitutionCalendars, today: LocalDate): Boundaries {
  const fallback = warningBoundary(calendars.base, today);
  const rows = calendars.regions.map((region) => ({ region, boundary: warningBoundary(calendars.forRegion(region), today) }));
  const max = new Date(Math.max(fallback.getTime(), ...rows.map((r) => r.boundary.getTime())));
  const byRegion =
    rows.length === 0
      ? Prisma.sql`SELECT NULL::text AS "region", NULL::timestamptz AS "boundary" WHERE false`
      : Prisma.sql`SELECT * FROM (VALUES ${Prisma.join(rows.map((r) => Prisma.sql`(${r.region}::text, ${r.boundary}::timestamptz)`))}) AS v("region", "boundary")`;
  return { fallback, max, byRegion };
}

// ---------------------------------------------------------------------------------------------
// Deadline scan

export type DeadlineScanResult = {
  /** Cases that got their warning in this run. */
  warned: number;
  /** Cases that got their overdue escalation in this run. */
  escalated: number;
  /** Emails put in the outbox. */
  emails: number;
  /** Cases whose alert failed (logged; retried on the next run). */
  failed: number;
  /** Another instance held the scan lock, so this run stopped early. */
  skipped: boolean;
};

type Recipient = { id: string; name: string; email: string; locale: string };
type Candidate = {
  id: string;
  folio: string;
  subject: string;
  kind: CaseKind;
  dueAt: Date;
  region: string | null;
  areaName: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  assigneeEmail: string | null;
  assigneeLocale: string | null;
  assigneeActive: boolean | null;
  headId: string | null;
  headName: string | null;
  headEmail: string | null;
  headLocale: string | null;
  headActive: boolean | null;
};

type InstitutionContext = {
  id: string;
  name: string;
  calendars: InstitutionCalendars;
  officers: Recipient[];
};

export async function runDeadlineScan(
  options: {
    now?: Date;
    batchSize?: number;
    /**
     * Take the scan's advisory lock (default). Without it, concurrent scans still alert each case
     * once (CaseAlert PK, outbox dedupeKey); the lock only saves them from doing the same work.
     */
    lock?: boolean;
  } = {},
): Promise<DeadlineScanResult> {
  const now = options.now ?? new Date();
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH_SIZE));
  const result: DeadlineScanResult = { warned: 0, escalated: 0, emails: 0, failed: 0, skipped: false };
  const today = toLocalDate(now);

  const institutions = await db.institution.findMany({ select: { id: true, name: true }, orderBy: { createdAt: "asc" } });
  for (const institution of institutions) {
    const context: InstitutionContext = {
      ...institution,
      calendars: await loadInstitutionCalendars(institution.id),
      officers: await db.user.findMany({
        where: { institutionId: institution.id, role: "OIRS_OFFICER", active: true },
        select: { id: true, name: true, email: true, locale: true },
        orderBy: { id: "asc" },
      }),
    };
    const bounds = boundaries(context.calendars, today);
    // Overdue first: an escalation matters more than a warning if the run is cut short.
    const windows: Array<{ threshold: Threshold; condition: Sql }> = [
      { threshold: THRESHOLDS.overdue, condition: Prisma.sql`c."dueAt" < ${now}::timestamptz` },
      {
        threshold: THRESHOLDS.warning,
        condition: Prisma.sql`c."dueAt" >= ${now}::timestamptz
          AND c."dueAt" < ${bounds.max}::timestamptz
          AND c."dueAt" < COALESCE(rb."boundary", ${bounds.fallback}::timestamptz)`,
      },
    ];
    for (const window of windows) {
      let cursor: { dueAt: Date; id: string } | null = null;
      for (;;) {
        const batch = await scanBatch({
          context,
          threshold: window.threshold,
          condition: window.condition,
          regionBoundaries: bounds.byRegion,
          cursor,
          now,
          batchSize,
          lock: options.lock ?? true,
        });
        if (batch === "locked") {
          result.skipped = true;
          return result;
        }
        result.emails += batch.emails;
        result.failed += batch.failed;
        if (window.threshold === THRESHOLDS.warning) result.warned += batch.alerted;
        else result.escalated += batch.alerted;
        if (!batch.last || batch.count < batchSize) break;
        cursor = batch.last;
      }
    }
  }
  return result;
}

type BatchResult = { count: number; alerted: number; emails: number; failed: number; last: { dueAt: Date; id: string } | null };

/**
 * One batch in one transaction: the scan lock, the next candidates after the cursor, and for each
 * one (inside a savepoint, so one failing case does not undo the others) the alert row, the event
 * and the emails.
 */
async function scanBatch(args: {
  context: InstitutionContext;
  threshold: Threshold;
  condition: Sql;
  regionBoundaries: Sql;
  cursor: { dueAt: Date; id: string } | null;
  now: Date;
  batchSize: number;
  lock: boolean;
}): Promise<BatchResult | "locked"> {
  const { context, threshold, now } = args;
  return db.$transaction(async (tx) => {
    if (args.lock) {
      const lock = await tx.$queryRawUnsafe<Array<{ locked: boolean }>>(`SELECT pg_try_advisory_xact_lock(${SCAN_LOCK_KEY}) AS "locked"`);
      if (!lock[0]?.locked) return "locked" as const;
    }

    const rows = await tx.$queryRaw<Candidate[]>`
      WITH rb AS (${args.regionBoundaries})
      SELECT c."id", c."folio", c."subject", c."kind"::text AS "kind", c."dueAt", o."region",
             a."name" AS "areaName",
             u."id" AS "assigneeId", u."name" AS "assigneeName", u."email" AS "assigneeEmail",
             u."locale" AS "assigneeLocale", u."active" AS "assigneeActive",
             h."id" AS "headId", h."name" AS "headName", h."email" AS "headEmail",
             h."locale" AS "headLocale", h."active" AS "headActive"
        FROM "Case" c
        LEFT JOIN "Office" o ON o."id" = c."officeId"
        LEFT JOIN rb ON rb."region" = o."region"
        LEFT JOIN "Area" a ON a."id" = c."areaId"
        LEFT JOIN "User" u ON u."id" = c."assigneeId"
        LEFT JOIN "User" h ON h."id" = a."headId"
       WHERE c."institutionId" = ${context.id}::uuid
         AND c."status" IN (${RUNNING})
         AND ${args.condition}
         AND (${args.cursor?.dueAt ?? null}::timestamptz IS NULL
              OR (c."dueAt", c."id") > (${args.cursor?.dueAt ?? null}::timestamptz, ${args.cursor?.id ?? null}::uuid))
         AND NOT EXISTS (SELECT 1 FROM "CaseAlert" ca WHERE ca."caseId" = c."id"
                           AND ca."threshold" = ${threshold} || '@' || floor(extract(epoch FROM c."dueAt") * 1000)::bigint::text)
       ORDER BY c."dueAt", c."id"
       LIMIT ${args.batchSize}::int`;

    const batch: BatchResult = { count: rows.length, alerted: 0, emails: 0, failed: 0, last: null };
    for (const raw of rows) {
      const candidate = { ...raw, dueAt: new Date(raw.dueAt) };
      batch.last = { dueAt: candidate.dueAt, id: candidate.id };
      await tx.$executeRawUnsafe(`SAVEPOINT oirs_case_alert`);
      try {
        const emails = await alertCase(tx, { context, threshold, candidate, now });
        await tx.$executeRawUnsafe(`RELEASE SAVEPOINT oirs_case_alert`);
        if (emails !== null) {
          batch.alerted++;
          batch.emails += emails;
        }
      } catch (error) {
        await tx.$executeRawUnsafe(`ROLLBACK TO SAVEPOINT oirs_case_alert`);
        batch.failed++;
        console.error(`[scheduler] ${threshold} alert for case ${candidate.folio} failed:`, error instanceof Error ? error.message : error);
      }
    }
    return batch;
  }, TX_OPTIONS);
}

/** Alerts one case. Returns the number of emails enqueued, or null when the alert already existed. */
async function alertCase(tx: Tx, args: { context: InstitutionContext; threshold: Threshold; candidate: Candidate; now: Date }): Promise<number | null> {
  const { context, threshold, candidate: c, now } = args;
  const inserted = await tx.$queryRaw<Array<{ caseId: string }>>`
    INSERT INTO "CaseAlert" ("caseId", "threshold", "createdAt")
    VALUES (${c.id}::uuid, ${alertKey(threshold, c.dueAt)}, ${now}::timestamptz)
    ON CONFLICT ("caseId", "threshold") DO NOTHING
    RETURNING "caseId"`;
  // Another run (this process or another instance) alerted this case first: it owns the event and emails.
  if (inserted.length === 0) return null;

  await tx.caseEvent.create({
    data: {
      caseId: c.id,
      type: threshold === THRESHOLDS.warning ? "DEADLINE_WARNED" : "DEADLINE_BREACHED",
      public: false,
      actorLabel: "system",
      createdAt: now,
      data: { threshold, dueAt: c.dueAt.toISOString() },
    },
  });

  const state = deadlineState(context.calendars.forRegion(c.region), now, c.dueAt);
  const alertCaseInfo: AlertCase = {
    folio: c.folio,
    subject: c.subject,
    kind: c.kind,
    areaName: c.areaName,
    assigneeName: c.assigneeName,
    dueAt: c.dueAt,
    url: caseUrl(c.id),
  };
  let emails = 0;
  for (const { user, reason } of alertRecipients(threshold, c, context.officers)) {
    const locale = staffLocale(user.locale);
    const rendered =
      threshold === THRESHOLDS.warning
        ? renderDeadlineWarningEmail({
            locale,
            institutionName: context.name,
            case: alertCaseInfo,
            businessDaysLeft: state.overdue ? 0 : state.businessDays,
            dueToday: state.dueToday,
            reason,
          })
        : renderOverdueEscalationEmail({ locale, institutionName: context.name, case: alertCaseInfo, businessDaysLate: state.businessDays, reason });
    const row = await enqueueEmail(tx, {
      institutionId: context.id,
      dedupeKey: alertDedupeKey(c.id, threshold, user.id, c.dueAt),
      to: user.email,
      kind: threshold === THRESHOLDS.warning ? "deadline-warning" : "deadline-overdue",
      ...rendered,
    });
    if (row) emails++;
  }
  return emails;
}

const REASON_RANK: Record<AlertReason, number> = { assignee: 0, areaHead: 1, officer: 2 };

/**
 * Who hears about a case. Warning: the assignee; with none (or inactive), the area head; with no
 * area (or no active head), the OIRS officers. Overdue: the area head, every OIRS officer and the
 * assignee, each once. Inactive users and users without an email never receive anything.
 */
export function alertRecipients(
  threshold: Threshold,
  c: Pick<Candidate, "assigneeId" | "assigneeName" | "assigneeEmail" | "assigneeLocale" | "assigneeActive" | "headId" | "headName" | "headEmail" | "headLocale" | "headActive">,
  officers: Recipient[],
): Array<{ user: Recipient; reason: AlertReason }> {
  const assignee: Recipient | null =
    c.assigneeId && c.assigneeActive && c.assigneeEmail?.trim()
      ? { id: c.assigneeId, name: c.assigneeName ?? "", email: c.assigneeEmail, locale: c.assigneeLocale ?? "es" }
      : null;
  const head: Recipient | null =
    c.headId && c.headActive && c.headEmail?.trim() ? { id: c.headId, name: c.headName ?? "", email: c.headEmail, locale: c.headLocale ?? "es" } : null;
  const activeOfficers = officers.filter((o) => o.email.trim());

  let list: Array<{ user: Recipient; reason: AlertReason }>;
  if (threshold === THRESHOLDS.warning) {
    if (assignee) list = [{ user: assignee, reason: "assignee" }];
    else if (head) list = [{ user: head, reason: "areaHead" }];
    else list = activeOfficers.map((user) => ({ user, reason: "officer" as const }));
  } else {
    list = [
      ...(assignee ? [{ user: assignee, reason: "assignee" as const }] : []),
      ...(head ? [{ user: head, reason: "areaHead" as const }] : []),
      ...activeOfficers.map((user) => ({ user, reason: "officer" as const })),
    ];
  }
  const byId = new Map<string, { user: Recipient; reason: AlertReason }>();
  for (const entry of list) {
    const existing = byId.get(entry.user.id);
    if (!existing || REASON_RANK[entry.reason] < REASON_RANK[existing.reason]) byId.set(entry.user.id, entry);
  }
  return [...byId.values()];
}

// ---------------------------------------------------------------------------------------------
// Daily digest

export type DigestRunResult = {
  /** The local day the run was for. */
  day: LocalDate;
  /** "too-early": before 07:00 local; otherwise every institution was visited. */
  status: "too-early" | "done";
  /** Digests put in the outbox in this run. */
  sent: number;
  /** Institutions skipped because the day is not a business day there. */
  nonBusinessDay: number;
  failed: number;
};

type DigestRow = {
  id: string;
  name: string;
  email: string;
  locale: string;
  open: number;
  dueSoon: number;
  overdue: number;
  waiting: number;
  cases: Array<{ id: string; folio: string; subject: string; dueAt: string; region: string | null }> | string;
};

let hourFormatter: Intl.DateTimeFormat | undefined;
function localHour(instant: Date): number {
  hourFormatter ??= new Intl.DateTimeFormat("en-US", { timeZone: TIME_ZONE, hour: "2-digit", hourCycle: "h23" });
  const hour = Number(hourFormatter.formatToParts(instant).find((p) => p.type === "hour")?.value);
  return hour === 24 ? 0 : hour;
}

/**
 * Visibility of a case to the digest's user `u` (columns, not parameters, so one query serves every
 * user): cases assigned to them; an area official also sees their area's cases; an OIRS officer
 * also the unassigned ones. An administrator only gets a digest of cases assigned to them.
 */
const VISIBLE_TO_USER = Prisma.sql`(
  c."assigneeId" = u."id"
  OR (u."role" = 'AREA_OFFICIAL' AND c."areaId" = u."areaId")
  OR (u."role" = 'OIRS_OFFICER' AND c."assigneeId" IS NULL))`;

/**
 * Sends each official their daily digest, at most once per local day (outbox dedupeKey
 * `digest:<userId>:<YYYY-MM-DD>`), only from 07:00 America/Santiago and, unless
 * `businessDaysOnly` is false, only on business days. Users with nothing open get nothing.
 */
export async function runDailyDigests(options: { now?: Date; businessDaysOnly?: boolean; batchSize?: number } = {}): Promise<DigestRunResult> {
  const now = options.now ?? new Date();
  const day = toLocalDate(now);
  const result: DigestRunResult = { day, status: "too-early", sent: 0, nonBusinessDay: 0, failed: 0 };
  if (localHour(now) < DIGEST_HOUR) return result;
  result.status = "done";
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? DIGEST_BATCH_SIZE));
  const base = publicUrl();

  const institutions = await db.institution.findMany({ select: { id: true, name: true }, orderBy: { createdAt: "asc" } });
  for (const institution of institutions) {
    const calendars = await loadInstitutionCalendars(institution.id);
    if ((options.businessDaysOnly ?? true) && !calendars.base.isBusinessDay(day)) {
      result.nonBusinessDay++;
      continue;
    }
    const bounds = boundaries(calendars, day);
    let cursor: string | null = null;
    for (;;) {
      const rows: DigestRow[] = await db.$queryRaw<DigestRow[]>`
        WITH rb AS (${bounds.byRegion})
        SELECT u."id", u."name", u."email", u."locale",
               s."open", s."dueSoon", s."overdue", s."waiting", l."cases"
          FROM "User" u
         CROSS JOIN LATERAL (
               SELECT count(*) FILTER (WHERE c."status" IN (${RUNNING}))::int AS "open",
                      count(*) FILTER (WHERE c."status" IN (${RUNNING})
                                         AND c."dueAt" >= ${now}::timestamptz
                                         AND c."dueAt" < COALESCE(rb."boundary", ${bounds.fallback}::timestamptz))::int AS "dueSoon",
                      count(*) FILTER (WHERE c."status" IN (${RUNNING}) AND c."dueAt" < ${now}::timestamptz)::int AS "overdue",
                      count(*) FILTER (WHERE c."status" = 'ESPERA_CIUDADANO')::int AS "waiting"
                 FROM "Case" c
                 LEFT JOIN "Office" o ON o."id" = c."officeId"
                 LEFT JOIN rb ON rb."region" = o."region"
                WHERE c."institutionId" = u."institutionId"
                  AND c."status" IN (${RUNNING}, 'ESPERA_CIUDADANO')
                  AND ${VISIBLE_TO_USER}) s
         CROSS JOIN LATERAL (
               SELECT COALESCE(json_agg(json_build_object('id', x."id", 'folio', x."folio", 'subject', x."subject",
                                                          'dueAt', x."dueAt", 'region', x."region")
                                        ORDER BY x."dueAt", x."id"), '[]'::json) AS "cases"
                 FROM (SELECT c."id", c."folio", c."subject", c."dueAt", o."region"
                         FROM "Case" c
                         LEFT JOIN "Office" o ON o."id" = c."officeId"
                        WHERE c."institutionId" = u."institutionId"
                          AND c."status" IN (${RUNNING})
                          AND ${VISIBLE_TO_USER}
                        ORDER BY c."dueAt", c."id"
                        LIMIT ${DIGEST_LIST_LIMIT}::int) x) l
         WHERE u."institutionId" = ${institution.id}::uuid
           AND u."active" AND u."digestEnabled"
           AND u."role"::text IN (${Prisma.join([...DIGEST_ROLES])})
           AND btrim(u."email") <> ''
           AND (${cursor}::uuid IS NULL OR u."id" > ${cursor}::uuid)
           AND NOT EXISTS (SELECT 1 FROM "Outbox" ob WHERE ob."dedupeKey" = 'digest:' || u."id"::text || ':' || ${day}::text)
           AND s."open" > 0
         ORDER BY u."id"
         LIMIT ${batchSize}::int`;

      for (const row of rows) {
        try {
          if (await sendDigest({ institution, calendars, row, now, day, base })) result.sent++;
        } catch (error) {
          result.failed++;
          console.error(`[scheduler] digest for user ${row.id} failed:`, error instanceof Error ? error.message : error);
        }
      }
      if (rows.length < batchSize) break;
      cursor = rows[rows.length - 1]!.id;
    }
  }
  return result;
}

async function sendDigest(args: {
  institution: { id: string; name: string };
  calendars: InstitutionCalendars;
  row: DigestRow;
  now: Date;
  day: LocalDate;
  base: string;
}): Promise<boolean> {
  const { row, now } = args;
  const list = typeof row.cases === "string" ? (JSON.parse(row.cases) as Exclude<DigestRow["cases"], string>) : row.cases;
  const cases: DigestCase[] = list.map((c) => {
    const dueAt = new Date(c.dueAt);
    const state = deadlineState(args.calendars.forRegion(c.region), now, dueAt);
    return { folio: c.folio, subject: c.subject, dueAt, url: caseUrl(c.id), overdue: state.overdue, dueToday: state.dueToday, businessDays: state.businessDays };
  });
  const rendered = renderDailyDigestEmail({
    locale: staffLocale(row.locale),
    institutionName: args.institution.name,
    recipientName: row.name,
    date: now,
    counts: { open: Number(row.open), dueSoon: Number(row.dueSoon), overdue: Number(row.overdue), waiting: Number(row.waiting) },
    cases,
    inboxUrl: `${args.base}/gestion`,
    accountUrl: `${args.base}/cuenta`,
  });
  const enqueued = await enqueueEmail(db, {
    institutionId: args.institution.id,
    dedupeKey: digestDedupeKey(row.id, args.day),
    to: row.email,
    kind: "daily-digest",
    ...rendered,
  });
  return enqueued !== null;
}
