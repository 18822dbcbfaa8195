// Case counts behind the live indicators, aggregated in SQL: per month, quarter, semester and year
// of a plan year (one statement with GROUPING SETS), and per channel, office, trámite and kind for
// a date range (another). Definitions come from case-metrics-sql.server.ts.
import { db } from "~/db/client.server";
import { Prisma } from "~/generated/prisma/client";
import { addCalendarDays, startOfLocalDay } from "~/domain/sla/calendar";
import type { PeriodKind } from "~/domain/plan/metrics";
import { ANSWERED_SQL, ON_TIME_SQL, RESOLVED_SQL, deadlineDecidedSql } from "./case-metrics-sql.server";
import type { CaseCounts } from "./live-metrics";

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

/** Case counts for every month, quarter, semester and the whole of a calendar year. */
export async function periodCaseCounts(options: { institutionId: string; year: number; filters?: CaseFilters; now?: Date }): Promise<PeriodCaseCounts> {
  const now = options.now ?? new Date();
  const scope = scopeSql(options.institutionId, `${options.year}-01-01`, `${options.year}-12-31`, options.filters ?? {});
  const rows = await db.$queryRaw<Array<CountColumns & { kind: PeriodKind; idx: number; p90: number | null }>>`
    SELECT CASE WHEN GROUPING(x.m) = 0 THEN 'MONTH' WHEN GROUPING(x.q) = 0 THEN 'QUARTER' WHEN GROUPING(x.s) = 0 THEN 'SEMESTER' ELSE 'YEAR' END AS "kind",
           COALESCE(x.m, x.q, x.s, 1)::int AS "idx",
           ${COUNTS_SQL},
           percentile_cont(0.9) WITHIN GROUP (ORDER BY x.days) AS "p90"
      FROM (SELECT m, (m + 2) / 3 AS q, (m + 5) / 6 AS s, resolved, decided, on_time, reclamo, answered, days
              FROM (SELECT extract(month FROM c."receivedAt" AT TIME ZONE 'America/Santiago')::int AS m, ${flagsSql(now)}
                      FROM "Case" c WHERE ${scope}) y) x
     GROUP BY GROUPING SETS ((x.m), (x.q), (x.s), ())`;
  const byKey = new Map(rows.map((r) => [`${r.kind}-${r.idx}`, counts(r, r.p90)]));
  return { get: (kind, index) => byKey.get(`${kind}-${index}`) ?? counts(undefined) };
}

export type CaseBreakdownDimension = "channel" | "office" | "tramite" | "kind";
export type CaseBreakdowns = Record<CaseBreakdownDimension, Array<CaseCounts & { key: string | null }>>;

/** Case counts per channel, office, trámite and kind over a range of local days (no percentiles). */
export async function caseBreakdowns(options: { institutionId: string; from: string; to: string; filters?: CaseFilters; now?: Date }): Promise<CaseBreakdowns> {
  const now = options.now ?? new Date();
  const scope = scopeSql(options.institutionId, options.from, options.to, options.filters ?? {});
  const rows = await db.$queryRaw<Array<CountColumns & { dim: CaseBreakdownDimension; key: string | null }>>`
    SELECT CASE WHEN GROUPING(x.channel) = 0 THEN 'channel' WHEN GROUPING(x.office) = 0 THEN 'office' WHEN GROUPING(x.tramite) = 0 THEN 'tramite' ELSE 'kind' END AS "dim",
           COALESCE(x.channel::text, x.office::text, x.tramite::text, x.kind::text) AS "key",
           ${COUNTS_SQL}
      FROM (SELECT c."channel" AS channel, c."officeId" AS office, c."tramiteId" AS tramite, c."kind" AS kind, ${flagsSql(now)}
              FROM "Case" c WHERE ${scope}) x
     GROUP BY GROUPING SETS ((x.channel), (x.office), (x.tramite), (x.kind))
     ORDER BY "received" DESC`;
  const out: CaseBreakdowns = { channel: [], office: [], tramite: [], kind: [] };
  for (const r of rows) out[r.dim].push({ key: r.key, ...counts(r) });
  return out;
}
