// Case counts behind the live indicators, aggregated in SQL: per month of a plan year, and per
// channel, office, trámite and kind for a date range — each one hashed aggregate into a few hundred
// or thousand groups, added up further here. Definitions come from case-metrics-sql.server.ts.
import { db } from "~/db/client.server";
import { Prisma } from "~/generated/prisma/client";
import { addCalendarDays, startOfLocalDay } from "~/domain/sla/calendar";
import type { PeriodKind } from "~/domain/plan/metrics";
import { ANSWERED_SQL, ON_TIME_SQL, RESOLVED_SQL, deadlineDecidedSql } from "./case-metrics-sql.server";
import { addCaseCounts, percentileFromHistogram, type CaseCounts } from "./live-metrics";

export type CaseFilters = { channel?: string; officeId?: string; tramiteId?: string };

type CountColumns = {
  received: bigint | number;
  resolved: bigint | number;
  decided: bigint | number;
  onTime: bigint | number;
  reclamosDecided: bigint | number;
  reclamosOnTime: bigint | number;
  answered: bigint | number;
  daysSum: bigint | number | string | null;
};

function scopeSql(institutionId: string, from: string, to: string, filters: CaseFilters): Prisma.Sql {
  const conditions = [
    Prisma.sql`c."institutionId" = ${institutionId}::uuid`,
    Prisma.sql`c."receivedAt" >= ${startOfLocalDay(from)}::timestamptz`,
    Prisma.sql`c."receivedAt" < ${startOfLocalDay(addCalendarDays(to, 1))}::timestamptz`,
  ];
  if (filters.channel) conditions.push(Prisma.sql`c."channel" = ${filters.channel}::"Channel"`);
  if (filters.officeId) conditions.push(Prisma.sql`c."officeId" = ${filters.officeId}::uuid`);
  if (filters.tramiteId) conditions.push(Prisma.sql`c."tramiteId" = ${filters.tramiteId}::uuid`);
  return Prisma.join(conditions, " AND ");
}

/** Per-case flags, computed once in the inner select and counted by the outer one. */
const flagsSql = (now: Date) => Prisma.sql`
  ${RESOLVED_SQL} AS resolved,
  ${deadlineDecidedSql(now)} AS decided,
  ${ON_TIME_SQL} AS on_time,
  (c."kind" = 'RECLAMO') AS reclamo,
  ${ANSWERED_SQL} AS answered,
  c."responseBusinessDays" AS days`;

const COUNTS_SQL = Prisma.sql`
  count(*) AS "received",
  count(*) FILTER (WHERE x.resolved) AS "resolved",
  count(*) FILTER (WHERE x.decided) AS "decided",
  count(*) FILTER (WHERE x.decided AND x.on_time) AS "onTime",
  count(*) FILTER (WHERE x.reclamo AND x.decided) AS "reclamosDecided",
  count(*) FILTER (WHERE x.reclamo AND x.decided AND x.on_time) AS "reclamosOnTime",
  count(*) FILTER (WHERE x.answered) AS "answered",
  sum(x.days) FILTER (WHERE x.answered) AS "daysSum"`;

function counts(row: CountColumns | undefined, p90: number | string | null = null): CaseCounts {
  return {
    received: Number(row?.received ?? 0),
    resolved: Number(row?.resolved ?? 0),
    decided: Number(row?.decided ?? 0),
    onTime: Number(row?.onTime ?? 0),
    reclamosDecided: Number(row?.reclamosDecided ?? 0),
    reclamosOnTime: Number(row?.reclamosOnTime ?? 0),
    answered: Number(row?.answered ?? 0),
    daysSum: Number(row?.daysSum ?? 0),
    p90Days: p90 === null ? null : Number(p90),
  };
}

export type PeriodCaseCounts = {
  /** Key "MONTH-3", "QUARTER-1", "SEMESTER-2", "YEAR-1". */
  get(kind: PeriodKind, index: number): CaseCounts;
};

const PERIOD_MONTHS: Array<[PeriodKind, number]> = [
  ["QUARTER", 3],
  ["SEMESTER", 6],
  ["YEAR", 12],
];

type MonthDaysRow = CountColumns & { m: number; days: number | null };

/**
 * Case counts for every month, quarter, semester and the whole of a calendar year, from one hashed
 * aggregate by (month, business days to answer): a few hundred groups whatever the volume. Longer
 * periods add their months' counts, and the 90th percentile comes from the days histogram (exactly
 * what percentile_cont gives, without sorting every case).
 */
export async function periodCaseCounts(options: { institutionId: string; year: number; filters?: CaseFilters; now?: Date }): Promise<PeriodCaseCounts> {
  const now = options.now ?? new Date();
  const scope = scopeSql(options.institutionId, `${options.year}-01-01`, `${options.year}-12-31`, options.filters ?? {});
  // Month starts in Chile's time: width_bucket finds a case's month by binary search, cheaper than a
  // time-zone conversion per row.
  const monthStarts = Array.from({ length: 12 }, (_, i) => startOfLocalDay(`${options.year}-${String(i + 1).padStart(2, "0")}-01`));
  const rows = await db.$queryRaw<MonthDaysRow[]>`
    SELECT x.m::int AS "m", x.days AS "days", ${COUNTS_SQL}
      FROM (SELECT width_bucket(c."receivedAt", ${monthStarts}::timestamptz[]) AS m, ${flagsSql(now)}
              FROM "Case" c WHERE ${scope}) x
     GROUP BY x.m, x.days`;
  const months = Array.from({ length: 12 }, () => ({ counts: counts(undefined), histogram: new Map<number, number>() }));
  for (const row of rows) {
    const month = months[row.m - 1];
    if (!month) continue;
    const c = counts(row);
    month.counts = addCaseCounts(month.counts, c);
    if (row.days !== null && c.answered > 0) month.histogram.set(row.days, (month.histogram.get(row.days) ?? 0) + c.answered);
  }
  const combine = (first: number, last: number): CaseCounts => {
    const slice = months.slice(first - 1, last);
    const histogram = new Map<number, number>();
    for (const m of slice) for (const [days, n] of m.histogram) histogram.set(days, (histogram.get(days) ?? 0) + n);
    const total = slice.reduce((acc, m) => addCaseCounts(acc, m.counts), counts(undefined));
    return { ...total, p90Days: percentileFromHistogram([...histogram], 0.9) };
  };
  const byKey = new Map<string, CaseCounts>();
  for (let m = 1; m <= 12; m++) byKey.set(`MONTH-${m}`, combine(m, m));
  for (const [kind, length] of PERIOD_MONTHS) for (let i = 1; i * length <= 12; i++) byKey.set(`${kind}-${i}`, combine((i - 1) * length + 1, i * length));
  return { get: (kind, index) => byKey.get(`${kind}-${index}`) ?? counts(undefined) };
}

export type CaseBreakdownDimension = "channel" | "office" | "tramite" | "kind";
export type CaseBreakdowns = Record<CaseBreakdownDimension, Array<CaseCounts & { key: string | null }>>;

/**
 * Case counts per channel, office, trámite and kind over a range of local days (no percentiles):
 * one hashed aggregate by all four at once (a few thousand groups at most), each dimension then
 * added up here — one pass over the cases instead of one per dimension.
 */
export async function caseBreakdowns(options: { institutionId: string; from: string; to: string; filters?: CaseFilters; now?: Date }): Promise<CaseBreakdowns> {
  const now = options.now ?? new Date();
  const scope = scopeSql(options.institutionId, options.from, options.to, options.filters ?? {});
  const rows = await db.$queryRaw<Array<CountColumns & Record<CaseBreakdownDimension, string | null>>>`
    SELECT x.channel::text AS "channel", x.office::text AS "office", x.tramite::text AS "tramite", x.kind::text AS "kind", ${COUNTS_SQL}
      FROM (SELECT c."channel" AS channel, c."officeId" AS office, c."tramiteId" AS tramite, c."kind" AS kind, ${flagsSql(now)}
              FROM "Case" c WHERE ${scope}) x
     GROUP BY x.channel, x.office, x.tramite, x.kind`;
  const dimensions: CaseBreakdownDimension[] = ["channel", "office", "tramite", "kind"];
  const sums = Object.fromEntries(dimensions.map((d) => [d, new Map<string | null, CaseCounts>()])) as Record<CaseBreakdownDimension, Map<string | null, CaseCounts>>;
  for (const row of rows) {
    const c = counts(row);
    for (const d of dimensions) sums[d].set(row[d], addCaseCounts(sums[d].get(row[d]) ?? counts(undefined), c));
  }
  const list = (d: CaseBreakdownDimension) => [...sums[d]].map(([key, c]) => ({ key, ...c })).sort((a, b) => b.received - a.received);
  return { channel: list("channel"), office: list("office"), tramite: list("tramite"), kind: list("kind") };
}
