// The public transparency page's figures for one year, per month: cases received by kind and by
// channel, % answered within the legal deadline, mean business days to answer (one SQL statement
// with GROUPING SETS over the year's cases, read through the ("institutionId", "receivedAt") index),
// and the ISU with its n (the satisfaction results' own monthly trend). The definitions are the
// committee dashboard's (committee/case-metrics-sql.server.ts), so both pages always agree.
//
// Only suppressed figures leave this module (transparency.ts): the raw counts never reach a
// loader's JSON. Results are kept in memory for CACHE_TTL_MS per institution and year (and
// concurrent requests share one computation), so a public page that anyone may reload cannot put
// a year-long aggregate on the database at every hit.
import { db } from "~/db/client.server";
import { Prisma } from "~/generated/prisma/client";
import {
  ANSWERED_SQL,
  ON_TIME_SQL,
  RECEIVED_MONTH_SQL,
  deadlineDecidedSql,
} from "~/domain/committee/case-metrics-sql.server";
import { startOfLocalDay } from "~/domain/sla/calendar";
import { localDay } from "~/domain/surveys/results";
import { getSatisfactionResults } from "~/domain/surveys/results.server";
import {
  TRANSPARENCY_CHANNELS,
  TRANSPARENCY_KINDS,
  currentLocalYear,
  emptyRawMonth,
  monthsToPublish,
  publishYear,
  selectableYears,
  type PublishedYear,
  type RawMonth,
  type TransparencyChannel,
  type TransparencyKind,
} from "./transparency";

export const CACHE_TTL_MS = 5 * 60_000;
const CACHE_MAX_ENTRIES = 50;

type CountRow = {
  month: string;
  kind: string | null;
  channel: string | null;
  /** GROUPING(kind, channel): 3 = month total, 1 = by kind, 2 = by channel. */
  grouping: number;
  received: number;
  decided: number;
  onTime: number;
  answered: number;
  meanDays: number | null;
};

/** The year's case counts per month, per month × kind and per month × channel, in one statement. */
export function monthlyCasesSql(institutionId: string, year: number, now: Date): Prisma.Sql {
  const from = startOfLocalDay(`${year}-01-01`);
  const to = startOfLocalDay(`${year + 1}-01-01`);
  return Prisma.sql`
    SELECT to_char(m."month", 'YYYY-MM') AS "month",
           m."kind"::text AS "kind",
           m."channel"::text AS "channel",
           GROUPING(m."kind", m."channel")::int AS "grouping",
           count(*)::int AS "received",
           count(*) FILTER (WHERE m."decided")::int AS "decided",
           count(*) FILTER (WHERE m."decided" AND m."onTime")::int AS "onTime",
           count(*) FILTER (WHERE m."answered")::int AS "answered",
           (avg(m."days") FILTER (WHERE m."answered"))::float8 AS "meanDays"
      FROM (
        SELECT ${RECEIVED_MONTH_SQL} AS "month",
               c."kind", c."channel",
               ${deadlineDecidedSql(now)} AS "decided",
               ${ON_TIME_SQL} AS "onTime",
               ${ANSWERED_SQL} AS "answered",
               c."responseBusinessDays" AS "days"
          FROM "Case" c
         WHERE c."institutionId" = ${institutionId}::uuid
           AND c."receivedAt" >= ${from}
           AND c."receivedAt" < ${to}
      ) m
     GROUP BY GROUPING SETS ((m."month"), (m."month", m."kind"), (m."month", m."channel"))`;
}

function isKind(value: string | null): value is TransparencyKind {
  return value !== null && (TRANSPARENCY_KINDS as readonly string[]).includes(value);
}
function isChannel(value: string | null): value is TransparencyChannel {
  return value !== null && (TRANSPARENCY_CHANNELS as readonly string[]).includes(value);
}

/** The raw (unsuppressed) figures of every published month of `year`. Server-only: never send these to a page. */
export async function getRawTransparencyMonths(options: { institutionId: string; year: number; now?: Date }): Promise<RawMonth[]> {
  const { institutionId, year } = options;
  const now = options.now ?? new Date();
  const months = monthsToPublish(year, now);
  if (months.length === 0) return [];
  // The survey responses of the same months: the whole year, or this year up to today.
  const lastDay = year === currentLocalYear(now) ? localDay(now) : `${year}-12-31`;
  const [rows, satisfaction] = await Promise.all([
    db.$queryRaw<CountRow[]>(monthlyCasesSql(institutionId, year, now)),
    getSatisfactionResults({
      institutionId,
      filters: { from: `${year}-01-01`, to: lastDay, page: 1 },
      lng: "es",
      now,
      details: false,
      breakdowns: [],
    }),
  ]);

  const byMonth = new Map(months.map((m) => [m, emptyRawMonth(m)]));
  for (const row of rows) {
    const month = byMonth.get(row.month);
    if (!month) continue; // a case received after `now` (clock skew): not a published month
    const grouping = Number(row.grouping);
    if (grouping === 3) {
      month.received = Number(row.received);
      month.decided = Number(row.decided);
      month.onTime = Number(row.onTime);
      month.answered = Number(row.answered);
      month.meanDays = row.meanDays === null ? null : Number(row.meanDays);
    } else if (grouping === 1 && isKind(row.kind)) {
      month.byKind[row.kind] = Number(row.received);
    } else if (grouping === 2 && isChannel(row.channel)) {
      month.byChannel[row.channel] = Number(row.received);
    }
  }
  for (const point of satisfaction.trend) {
    const month = byMonth.get(point.month);
    if (!month) continue;
    month.surveyN = point.n;
    month.isu = point.isu;
  }
  return months.map((m) => byMonth.get(m)!);
}

export type TransparencyReport = PublishedYear & {
  /** The years the page offers, newest first. */
  years: number[];
  /** When the figures were computed (ISO instant). */
  computedAt: string;
};

async function firstCaseYear(institutionId: string): Promise<number | null> {
  // min() on the ("institutionId", "receivedAt") index: one index probe.
  const [row] = await db.$queryRaw<Array<{ year: number | null }>>`
    SELECT extract(year FROM (min(c."receivedAt") AT TIME ZONE 'America/Santiago'))::int AS "year"
      FROM "Case" c WHERE c."institutionId" = ${institutionId}::uuid`;
  return row?.year === null || row?.year === undefined ? null : Number(row.year);
}

async function computeReport(institutionId: string, year: number, now: Date): Promise<TransparencyReport> {
  const [raw, first] = await Promise.all([getRawTransparencyMonths({ institutionId, year, now }), firstCaseYear(institutionId)]);
  return { ...publishYear(year, raw), years: selectableYears(first, now), computedAt: now.toISOString() };
}

const cache = new Map<string, { expires: number; value: Promise<TransparencyReport> }>();

/** Forgets the cached reports (tests). */
export function clearTransparencyCache(): void {
  cache.clear();
}

/**
 * The published (suppressed) figures of `year` for the public page and the CSV. Cached for
 * CACHE_TTL_MS; `cache: false` computes afresh (tests, or a `now` other than the clock's).
 */
export async function getTransparencyReport(options: { institutionId: string; year: number; now?: Date; cache?: boolean }): Promise<TransparencyReport> {
  const now = options.now ?? new Date();
  if (options.cache === false) return computeReport(options.institutionId, options.year, now);
  const key = `${options.institutionId}:${options.year}`;
  const hit = cache.get(key);
  if (hit && hit.expires > now.getTime()) return hit.value;
  if (cache.size >= CACHE_MAX_ENTRIES) cache.clear();
  const value = computeReport(options.institutionId, options.year, now);
  cache.set(key, { expires: now.getTime() + CACHE_TTL_MS, value });
  // A failure is not kept: the next request tries again.
  value.catch(() => {
    if (cache.get(key)?.value === value) cache.delete(key);
  });
  return value;
}
