// The SQL definitions behind the live case indicators, shared by the committee dashboard, the
// implementation report and the public transparency page so that each figure means the same thing
// everywhere. Every fragment refers to the "Case" table aliased as c.
import { Prisma } from "~/generated/prisma/client";

/** The local month (America/Santiago) a case was legally received in, as a date (first day). */
export const RECEIVED_MONTH_SQL = Prisma.sql`(date_trunc('month', c."receivedAt" AT TIME ZONE 'America/Santiago'))::date`;

/** Resolved: closed (or answered) with the outcome RESOLVED. */
export const RESOLVED_SQL = Prisma.sql`(c."outcome" = 'RESOLVED')`;

/** Answered within the legal deadline (dueAt already includes extensions and paused days). */
export const ON_TIME_SQL = Prisma.sql`(c."respondedAt" IS NOT NULL AND c."respondedAt" <= c."dueAt")`;

/**
 * Cases whose deadline outcome is known at `now`: answered, or past their due date unanswered.
 * Cases still within their term are left out (they may yet be answered on time), and so are cases
 * derived to another body or closed as desisted, which the institution does not answer itself.
 */
export const deadlineDecidedSql = (now: Date) =>
  Prisma.sql`(c."status" NOT IN ('DERIVADA', 'DESISTIDA') AND (c."respondedAt" IS NOT NULL OR c."dueAt" < ${now}))`;

/** Answered: has a response date and its response time in business days. */
export const ANSWERED_SQL = Prisma.sql`(c."responseBusinessDays" IS NOT NULL)`;
