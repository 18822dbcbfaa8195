// The satisfaction results: every figure of /satisfaccion and of the indicators API, aggregated in
// SQL. Only aggregate rows come back to Node (counts per score, per group, per month, per answer
// value); the figures themselves (ISU, net, mean, Wilson interval, rates) come from metrics.ts.
//
// Where the counts come from (README "Satisfaction results", measured by
// test/bench/survey-results.bench.ts at 5,000,000 responses):
//
// - Rollups (SurveyResultRollup, SurveyAnswerRollup, SurveyInvitationRollup): per local day
//   (America/Santiago), template version and combination of at most two of the six dimensions
//   (channel, case kind, office, area, trámite, official) — a "lattice" of small GROUPING SETS, not
//   one cube of every dimension, which at realistic cardinalities (dozens of officials × trámites ×
//   channels) would hold almost one row per response. A view reads the rows of one combination:
//   the filters' dimensions plus the breakdown's. Answers per question are rolled up for at most
//   one dimension (the filters'), main scores and invitations for at most two.
// - Raw tables for what the rollups do not cover: the days from `responsesThrough` on (today, at
//   least), and any view whose filters and breakdown need more dimensions than the rollups keep.
//
// Freshness: SurveyRollupState.responsesThrough is a local date D meaning "every day before D is in
// the rollup". Responses are inserted with createdAt = now() (submit.server.ts), so a day is complete
// once it has ended; a day is rolled up ROLLUP_GRACE_MS after its end (room for a transaction that
// began before midnight), in the same transaction that moves the mark. Today is always read raw, so
// the figures include a response the moment it is committed.
//
// Response rate: invitations sent in the period (with the filters, on the invitation's own
// dimensions) that got a response, whenever it came, ÷ invitations sent in the period. It is exact
// although an invitation can be answered up to 30 days after its day: a day of invitations is
// rolled up with how many were sent; while it is "open" (some invitation of it can still be
// answered) its answers are rolled up with the responses of the day they came, under the
// invitation's day, and responses not rolled up yet are joined to their invitations at read time;
// once the day is final (every invitation used or expired: invitationsFinalThrough) its rows are
// written again with the final count, and those separate answer rows go.
//
// The refresh runs lazily when a view finds the rollups behind (a few days inside the request, the
// rest in the background), under an advisory lock so several app instances never roll the same day
// twice. Correctness never depends on it having run: whatever is not rolled up is read raw. A bulk
// import of past responses (the benchmark, a migration from another system) must call
// rebuildSatisfactionRollup afterwards.
import { db } from "~/db/client.server";
import { Prisma } from "~/generated/prisma/client";
import { addCalendarDays, startOfLocalDay, toLocalDate } from "~/domain/sla/calendar";
import { NEGATIVE_MAX, POSITIVE_MIN, percent, responseRate, satisfaction, type Satisfaction } from "./metrics";
import { localize, optionValues, type Localized, type SurveyQuestion } from "./questions";
import {
  COMMENTS_PAGE_SIZE,
  breakdownsFor,
  monthsOf,
  type GroupBy,
  type ResultChannel,
  type ResultFilters,
} from "./results";

const TZ = Prisma.raw(`'America/Santiago'`);

// ---------------------------------------------------------------------------------------------
// Dimensions and the rollup lattice

export const DIMENSIONS = [
  { name: "channel", bit: 1, column: "channel", type: `"Channel"`, filter: "channel" },
  { name: "kind", bit: 2, column: "caseKind", type: `"CaseKind"`, filter: "kind" },
  { name: "office", bit: 4, column: "officeId", type: "uuid", filter: "officeId" },
  { name: "area", bit: 8, column: "areaId", type: "uuid", filter: "areaId" },
  { name: "tramite", bit: 16, column: "tramiteId", type: "uuid", filter: "tramiteId" },
  { name: "official", bit: 32, column: "officialId", type: "uuid", filter: "officialId" },
] as const;
type Dimension = (typeof DIMENSIONS)[number];
export type DimensionName = Dimension["name"];

const DIM_BY_NAME = new Map<DimensionName, Dimension>(DIMENSIONS.map((d) => [d.name, d]));
const GROUP_DIMENSION: Record<GroupBy, DimensionName> = { channel: "channel", office: "office", area: "area", tramite: "tramite", official: "official" };

/** Main scores and invitations are rolled up for combinations of at most this many dimensions. */
export const ROLLUP_MAX_DIMS = 2;
/** Answers per question: at most this many. */
export const ANSWER_ROLLUP_MAX_DIMS = 1;
/** A day is rolled up this long after it ends (a transaction begun before midnight may still commit). */
export const ROLLUP_GRACE_MS = 10 * 60_000;
/** Days a view rolls up itself before answering; further catching up runs in the background. */
export const VIEW_REFRESH_MAX_DAYS = 3;
/** Days per statement when catching up or rebuilding. */
export const CATCH_UP_CHUNK_DAYS = 92;

function bitCount(mask: number): number {
  let n = 0;
  for (let m = mask; m; m &= m - 1) n += 1;
  return n;
}

function dimensionsIn(mask: number): Dimension[] {
  return DIMENSIONS.filter((d) => (mask & d.bit) !== 0);
}

/** Every combination of at most `max` dimensions, as SQL GROUPING SETS over `alias`. */
function groupingSets(alias: string, max: number): Prisma.Sql {
  const sets: Dimension[][] = [[]];
  for (let mask = 1; mask < 64; mask++) if (bitCount(mask) <= max) sets.push(dimensionsIn(mask));
  return Prisma.raw(sets.map((set) => `(${set.map((d) => `${alias}."${d.column}"`).join(", ")})`).join(", "));
}

/** The kept-dimensions bitmask of a GROUPING SETS row: GROUPING() sets a bit for each column left out. */
function dimsMaskSql(alias: string): Prisma.Sql {
  const args = [...DIMENSIONS].reverse().map((d) => `${alias}."${d.column}"`).join(", ");
  return Prisma.raw(`(63 - GROUPING(${args}))::smallint`);
}

/** The bitmask of the dimensions the filters fix. */
export function filterMask(filters: ResultFilters): number {
  let mask = 0;
  for (const d of DIMENSIONS) if (filters[d.filter]) mask |= d.bit;
  return mask;
}

// ---------------------------------------------------------------------------------------------
// Templates and filter options

type TemplateRow = { id: string; key: string; version: number; title: unknown; questions: unknown; createdAt: Date };

export type ResultTemplate = { id: string; key: string; version: number; title: Localized; questions: SurveyQuestion[] };

function asLocalized(value: unknown, fallback: string): Localized {
  const v = value as Partial<Localized> | null;
  return { es: typeof v?.es === "string" ? v.es : fallback, en: typeof v?.en === "string" ? v.en : typeof v?.es === "string" ? v.es : fallback };
}

/** Every version of the institution's templates, oldest first. Stored questions are trusted as written by the admin forms. */
export async function loadResultTemplates(institutionId: string): Promise<ResultTemplate[]> {
  const rows: TemplateRow[] = await db.surveyTemplate.findMany({
    where: { institutionId },
    select: { id: true, key: true, version: true, title: true, questions: true, createdAt: true },
    orderBy: [{ key: "asc" }, { version: "asc" }],
  });
  return rows.map((r) => ({
    id: r.id,
    key: r.key,
    version: r.version,
    title: asLocalized(r.title, r.key),
    questions: Array.isArray(r.questions) ? (r.questions as SurveyQuestion[]) : [],
  }));
}

export type FacetOption = { id: string; code: string | null; name: string; active: boolean };

export type ResultFacets = {
  offices: FacetOption[];
  areas: FacetOption[];
  tramites: FacetOption[];
  officials: FacetOption[];
  /** Template keys, with the newest version's title. */
  templates: Array<{ key: string; title: Localized; versions: number }>;
};

type FacetRow = { facet: "office" | "area" | "tramite" | "official"; id: string; code: string | null; name: string; active: boolean };

/** Options of the filter selects and the names behind the breakdowns' ids (small tables, one statement). */
export async function listResultFacets(institutionId: string, templates: ResultTemplate[]): Promise<ResultFacets> {
  const rows = await db.$queryRaw<FacetRow[]>`
    SELECT 'office' AS "facet", "id"::text AS "id", "code", "name", "active" FROM "Office" WHERE "institutionId" = ${institutionId}::uuid
    UNION ALL
    SELECT 'area', "id"::text, "code", "name", "active" FROM "Area" WHERE "institutionId" = ${institutionId}::uuid
    UNION ALL
    SELECT 'tramite', "id"::text, "code", "name", "active" FROM "Tramite" WHERE "institutionId" = ${institutionId}::uuid
    UNION ALL
    SELECT 'official', "id"::text, NULL, "name", "active" FROM "User"
     WHERE "institutionId" = ${institutionId}::uuid AND "role" IN ('ADMIN', 'OIRS_OFFICER', 'AREA_OFFICIAL')
    ORDER BY "facet", "active" DESC, "name"`;
  const of = (facet: FacetRow["facet"]) => rows.filter((r) => r.facet === facet).map(({ id, code, name, active }) => ({ id, code, name, active }));
  const byKey = new Map<string, { key: string; title: Localized; versions: number }>();
  for (const t of templates) {
    const entry = byKey.get(t.key);
    byKey.set(t.key, { key: t.key, title: t.title, versions: (entry?.versions ?? 0) + 1 });
  }
  return { offices: of("office"), areas: of("area"), tramites: of("tramite"), officials: of("official"), templates: [...byKey.values()] };
}

// ---------------------------------------------------------------------------------------------
// The WHERE of one source

type Scope = {
  institutionId: string;
  filters: ResultFilters;
  /** Template versions allowed by the template filter; undefined = any. */
  templateIds?: string[];
};

function dimensionConditions(alias: string, scope: Scope): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  for (const d of DIMENSIONS) {
    const value = scope.filters[d.filter];
    if (value) conditions.push(Prisma.sql`${Prisma.raw(`${alias}."${d.column}"`)} = ${value}::${Prisma.raw(d.type)}`);
  }
  if (scope.templateIds) {
    conditions.push(
      scope.templateIds.length === 0
        ? Prisma.sql`FALSE`
        : Prisma.sql`${Prisma.raw(`${alias}."templateId"`)} IN (${Prisma.join(scope.templateIds.map((id) => Prisma.sql`${id}::uuid`))})`,
    );
  }
  return conditions;
}

function where(conditions: Prisma.Sql[]): Prisma.Sql {
  return Prisma.join(conditions, " AND ");
}

/** Which days of the period come from a rollup and which instants from the raw table. */
export type Coverage = {
  /** Local days, inclusive; null when the rollup has none of the period. */
  rollup: { from: string; to: string } | null;
  /** [from, to) instants read from the raw table; null when the rollup covers everything. */
  raw: { from: Date; to: Date } | null;
};

export function coverage(period: { from: string; to: string }, through: string | null, useRollup: boolean): Coverage {
  const end = startOfLocalDay(addCalendarDays(period.to, 1));
  if (!useRollup || !through || through <= period.from) return { rollup: null, raw: { from: startOfLocalDay(period.from), to: end } };
  const lastRolled = addCalendarDays(through, -1);
  const rollupTo = lastRolled < period.to ? lastRolled : period.to;
  const rawFrom = through > period.to ? null : through;
  return { rollup: { from: period.from, to: rollupTo }, raw: rawFrom ? { from: startOfLocalDay(rawFrom), to: end } : null };
}

// ---------------------------------------------------------------------------------------------
// Counts: main scores, comments and invitations per key

/** How a part of the view groups its rows: not at all, by month, or by one dimension. */
type KeySpec = { kind: "none" } | { kind: "month" } | { kind: "dim"; dim: Dimension };

function keyRollup(spec: KeySpec): Prisma.Sql {
  if (spec.kind === "none") return Prisma.sql`''`;
  if (spec.kind === "month") return Prisma.sql`to_char(a."day", 'YYYY-MM')`;
  return Prisma.raw(`a."${spec.dim.column}"::text`);
}

function keyRaw(spec: KeySpec, alias: string, timeColumn: string): Prisma.Sql {
  if (spec.kind === "none") return Prisma.sql`''`;
  if (spec.kind === "month") return Prisma.sql`to_char(${Prisma.raw(`${alias}."${timeColumn}"`)} AT TIME ZONE ${TZ}, 'YYYY-MM')`;
  return Prisma.raw(`${alias}."${spec.dim.column}"::text`);
}

const ZERO_SCORES = Prisma.sql`0, 0, 0, 0, 0, 0, 0, 0`;

/**
 * A condition that keeps PostgreSQL from planning parallel workers for a statement (current_schema()
 * is marked parallel-unsafe; as a constant it is checked once). Statements over the rollups read a
 * few thousand rows in a few milliseconds, and the planner's parallel plans for their UNION ALL
 * spent 100 ms and more starting workers on the 2-core machine. Raw reads of a long period keep
 * their parallel plans.
 */
const NO_PARALLEL = Prisma.sql`current_schema() IS NOT NULL`;

export type CountRow = {
  k: string | null;
  isTotal: number;
  s1: number;
  s2: number;
  s3: number;
  s4: number;
  s5: number;
  s6: number;
  s7: number;
  comments: number;
  sent: number;
  answered: number;
};

/** Invitations: the days whose sent counts come from the rollup or the raw table, and where raw answers start. */
type InvitationPlan = Coverage & {
  period: { from: string; to: string };
  /** Read the rollup's rows at all ("sent" rows for `rollup` days, and every "answered" row). */
  useRollup: boolean;
  /** Responses from this instant on are joined to their invitations (earlier ones are in the rollup)… */
  answeredRawFrom: Date;
  /** …when their invitation was sent from this instant on (a final day's answers are all in its rows). */
  answeredRawSentFrom: Date;
};

type Plan = { responses: Coverage; invitations: InvitationPlan; mask: number };

/**
 * One statement: per key, the counts of each main score, of comments, of invitations sent and
 * answered, from the rollups (days they cover, combination `mask`) and the raw tables (the rest).
 */
function countsSql(scope: Scope, plan: Plan, spec: KeySpec, withTotal: boolean): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  const { responses, invitations, mask } = plan;
  if (responses.rollup) {
    parts.push(Prisma.sql`
      SELECT ${keyRollup(spec)} AS k, a."s1", a."s2", a."s3", a."s4", a."s5", a."s6", a."s7", a."comments", 0 AS "sent", 0 AS "answered"
        FROM "SurveyResultRollup" a
       WHERE ${where([
         Prisma.sql`a."institutionId" = ${scope.institutionId}::uuid`,
         Prisma.sql`a."dims" = ${mask}::smallint`,
         Prisma.sql`a."day" BETWEEN ${responses.rollup.from}::date AND ${responses.rollup.to}::date`,
         ...dimensionConditions("a", scope),
       ])}`);
  }
  if (responses.raw) {
    parts.push(Prisma.sql`
      SELECT ${keyRaw(spec, "r", "createdAt")} AS k,
             (r."mainScore" = 1)::int, (r."mainScore" = 2)::int, (r."mainScore" = 3)::int, (r."mainScore" = 4)::int,
             (r."mainScore" = 5)::int, (r."mainScore" = 6)::int, (r."mainScore" = 7)::int, (r."comment" IS NOT NULL)::int, 0, 0
        FROM "SurveyResponse" r
       WHERE ${where([
         Prisma.sql`r."institutionId" = ${scope.institutionId}::uuid`,
         Prisma.sql`r."createdAt" >= ${responses.raw.from}::timestamptz AND r."createdAt" < ${responses.raw.to}::timestamptz`,
         ...dimensionConditions("r", scope),
       ])}`);
  }
  // Invitations sent in the period: the rollup's "sent" rows for the days it covers, the raw table
  // for the rest. Answered: every response through one of them, whenever it came — the rollup's
  // "answered" rows (responses before responsesThrough, under the invitation's day) and the raw
  // responses since, joined to their invitation.
  if (invitations.useRollup) {
    parts.push(Prisma.sql`
      SELECT ${keyRollup(spec)} AS k, ${ZERO_SCORES}, a."sent", a."answered"
        FROM "SurveyInvitationRollup" a
       WHERE ${where([
         Prisma.sql`a."institutionId" = ${scope.institutionId}::uuid`,
         Prisma.sql`a."dims" = ${mask}::smallint`,
         Prisma.sql`a."day" BETWEEN ${invitations.period.from}::date AND ${invitations.period.to}::date`,
         invitations.rollup
           ? Prisma.sql`(a."answeredOn" IS NOT NULL OR a."day" <= ${invitations.rollup.to}::date)`
           : Prisma.sql`a."answeredOn" IS NOT NULL`,
         ...dimensionConditions("a", scope),
       ])}`);
  }
  if (invitations.raw) {
    parts.push(Prisma.sql`
      SELECT ${keyRaw(spec, "v", "sentAt")} AS k, ${ZERO_SCORES}, 1, 0
        FROM "SurveyInvitation" v
       WHERE ${where([
         Prisma.sql`v."institutionId" = ${scope.institutionId}::uuid`,
         Prisma.sql`v."sentAt" >= ${invitations.raw.from}::timestamptz AND v."sentAt" < ${invitations.raw.to}::timestamptz`,
         ...dimensionConditions("v", scope),
       ])}`);
  }
  parts.push(Prisma.sql`
      SELECT ${keyRaw(spec, "v", "sentAt")} AS k, ${ZERO_SCORES}, 0, 1
        FROM "SurveyResponse" r JOIN "SurveyInvitation" v ON v."id" = r."invitationId"
       WHERE ${where([
         Prisma.sql`r."institutionId" = ${scope.institutionId}::uuid`,
         Prisma.sql`r."createdAt" >= ${invitations.answeredRawFrom}::timestamptz`,
         Prisma.sql`r."invitationId" IS NOT NULL`,
         Prisma.sql`v."sentAt" >= ${invitations.answeredRawSentFrom}::timestamptz`,
         Prisma.sql`v."sentAt" < ${startOfLocalDay(addCalendarDays(invitations.period.to, 1))}::timestamptz`,
         ...dimensionConditions("v", scope),
       ])}`);
  const grouping = withTotal ? Prisma.sql`GROUPING SETS ((u.k), ())` : Prisma.sql`u.k`;
  return Prisma.sql`
    SELECT u.k, ${withTotal ? Prisma.sql`GROUPING(u.k)::int` : Prisma.sql`0`} AS "isTotal",
           sum(u."s1")::int AS "s1", sum(u."s2")::int AS "s2", sum(u."s3")::int AS "s3", sum(u."s4")::int AS "s4",
           sum(u."s5")::int AS "s5", sum(u."s6")::int AS "s6", sum(u."s7")::int AS "s7",
           sum(u."comments")::int AS "comments", sum(u."sent")::int AS "sent", sum(u."answered")::int AS "answered"
      FROM (${Prisma.join(parts, " UNION ALL ")}) AS u(k, "s1", "s2", "s3", "s4", "s5", "s6", "s7", "comments", "sent", "answered")
     ${responses.rollup ? Prisma.sql`WHERE ${NO_PARALLEL}` : Prisma.empty}
     GROUP BY ${grouping}`;
}

const SCORES = [1, 2, 3, 4, 5, 6, 7] as const;

function scoreCounts(row: Pick<CountRow, "s1" | "s2" | "s3" | "s4" | "s5" | "s6" | "s7"> | undefined): number[] {
  return SCORES.map((s) => Number(row?.[`s${s}`] ?? 0));
}

/** The figures of a group from its count per score 1–7 (index 0 = score 1). */
export function figuresFromScores(counts: readonly number[]): Satisfaction {
  let n = 0;
  let positive = 0;
  let negative = 0;
  let sum = 0;
  counts.forEach((c, i) => {
    const score = i + 1;
    n += c;
    sum += c * score;
    if (score >= POSITIVE_MIN) positive += c;
    if (score <= NEGATIVE_MAX) negative += c;
  });
  return satisfaction({ n, positive, negative, sum });
}

export type GroupFigures = Satisfaction & {
  /** Invitations sent in the period (with the group's dimensions) and how many were answered. */
  invitations: number;
  answeredInvitations: number;
  /** answeredInvitations ÷ invitations, percent; null without invitations. */
  responseRate: number | null;
  comments: number;
};

function groupFigures(row: CountRow | undefined): GroupFigures {
  const sent = Number(row?.sent ?? 0);
  const answered = Number(row?.answered ?? 0);
  return {
    ...figuresFromScores(scoreCounts(row)),
    invitations: sent,
    answeredInvitations: answered,
    responseRate: responseRate(answered, sent),
    comments: Number(row?.comments ?? 0),
  };
}

// ---------------------------------------------------------------------------------------------
// Rollup state and refresh

type RollupState = {
  /** Every local day before this one is in the response rollups (and the answers they gave to invitations). */
  responsesThrough: string | null;
  /** Every local day before this one is in the invitation rollup (invitations sent). */
  invitationsThrough: string | null;
  /** Before this day (≤ invitationsThrough), no invitation can still be answered: those days' rows hold their final answered counts. */
  invitationsFinalThrough: string | null;
};

const EMPTY_STATE: RollupState = { responsesThrough: null, invitationsThrough: null, invitationsFinalThrough: null };

type StateRow = { responsesThrough: Date | string | null; invitationsThrough: Date | string | null; invitationsFinalThrough: Date | string | null };

function dateText(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
}

function stateOf(row: StateRow | undefined): RollupState {
  return {
    responsesThrough: dateText(row?.responsesThrough),
    invitationsThrough: dateText(row?.invitationsThrough),
    invitationsFinalThrough: dateText(row?.invitationsFinalThrough),
  };
}

const STATE_SQL = (institutionId: string) =>
  Prisma.sql`SELECT "responsesThrough", "invitationsThrough", "invitationsFinalThrough" FROM "SurveyRollupState" WHERE "institutionId" = ${institutionId}::uuid`;

export async function readRollupState(institutionId: string): Promise<RollupState> {
  return stateOf((await db.$queryRaw<StateRow[]>(STATE_SQL(institutionId)))[0]);
}

/** The first local day not yet complete (with its grace period) at `now`: days before it may be rolled up. */
export function rollupTarget(now: Date): string {
  return toLocalDate(new Date(now.getTime() - ROLLUP_GRACE_MS));
}

type Tx = Prisma.TransactionClient;

const RESPONSE_DAY = Prisma.sql`(x."createdAt" AT TIME ZONE ${TZ})::date`;

/** Rolls up the responses of local days [from, to) (replacing what the rollup had for them). */
async function rollResponses(tx: Tx, institutionId: string, from: string, to: string, textKeys: string[], invitationsOpenFrom: string): Promise<void> {
  const t1 = startOfLocalDay(from);
  const t2 = startOfLocalDay(to);
  const source = Prisma.sql`
    SELECT ${RESPONSE_DAY} AS "day", x."templateId", x."channel", x."caseKind", x."officeId", x."areaId", x."tramiteId", x."officialId",
           x."mainScore", x."comment", x."answers"
      FROM "SurveyResponse" x
     WHERE x."institutionId" = ${institutionId}::uuid AND x."createdAt" >= ${t1}::timestamptz AND x."createdAt" < ${t2}::timestamptz`;
  await tx.$executeRaw`
    INSERT INTO "SurveyResultRollup" ("institutionId", "day", "dims", "templateId", "channel", "caseKind", "officeId", "areaId", "tramiteId", "officialId",
                                      "s1", "s2", "s3", "s4", "s5", "s6", "s7", "comments")
    SELECT ${institutionId}::uuid, r."day", ${dimsMaskSql("r")}, r."templateId", r."channel", r."caseKind", r."officeId", r."areaId", r."tramiteId", r."officialId",
           count(*) FILTER (WHERE r."mainScore" = 1)::int, count(*) FILTER (WHERE r."mainScore" = 2)::int, count(*) FILTER (WHERE r."mainScore" = 3)::int,
           count(*) FILTER (WHERE r."mainScore" = 4)::int, count(*) FILTER (WHERE r."mainScore" = 5)::int, count(*) FILTER (WHERE r."mainScore" = 6)::int,
           count(*) FILTER (WHERE r."mainScore" = 7)::int, count(r."comment")::int
      FROM (${source}) r
     GROUP BY r."day", r."templateId", GROUPING SETS (${groupingSets("r", ROLLUP_MAX_DIMS)})
     ORDER BY 3, 2`;
  await tx.$executeRaw`
    INSERT INTO "SurveyAnswerRollup" ("institutionId", "day", "dims", "templateId", "channel", "caseKind", "officeId", "areaId", "tramiteId", "officialId", "answers")
    SELECT ${institutionId}::uuid, c."day", c."dims", c."templateId", c."channel", c."caseKind", c."officeId", c."areaId", c."tramiteId", c."officialId",
           jsonb_object_agg(c."question" || '=' || c."value", c."n")
      FROM (
        SELECT r."day", ${dimsMaskSql("r")} AS "dims", r."templateId", r."channel", r."caseKind", r."officeId", r."areaId", r."tramiteId", r."officialId",
               e."question", e."value", count(*)::int AS "n"
          FROM (${source}) r CROSS JOIN LATERAL (${answerPairs("r", textKeys)}) e
         GROUP BY r."day", r."templateId", GROUPING SETS (${groupingSets("r", ANSWER_ROLLUP_MAX_DIMS)}), e."question", e."value"
      ) c
     GROUP BY c."day", c."dims", c."templateId", c."channel", c."caseKind", c."officeId", c."areaId", c."tramiteId", c."officialId"
     ORDER BY c."dims", c."day"`;
  // The invitations these responses answered, under the day each was sent and its own dimensions
  // (only those sent on days still open: a final day's answers are in its own rows).
  await tx.$executeRaw`
    INSERT INTO "SurveyInvitationRollup" ("institutionId", "day", "answeredOn", "dims", "templateId", "channel", "caseKind", "officeId", "areaId", "tramiteId",
                                          "officialId", "sent", "answered")
    SELECT ${institutionId}::uuid, r."day", r."answeredOn", ${dimsMaskSql("r")}, r."templateId", r."channel", r."caseKind", r."officeId", r."areaId", r."tramiteId",
           r."officialId", 0, count(*)::int
      FROM (SELECT (v."sentAt" AT TIME ZONE ${TZ})::date AS "day", ${RESPONSE_DAY} AS "answeredOn", v."templateId", v."channel", v."caseKind", v."officeId",
                   v."areaId", v."tramiteId", v."officialId"
              FROM "SurveyResponse" x JOIN "SurveyInvitation" v ON v."id" = x."invitationId"
             WHERE x."institutionId" = ${institutionId}::uuid AND x."createdAt" >= ${t1}::timestamptz AND x."createdAt" < ${t2}::timestamptz
               AND x."invitationId" IS NOT NULL AND v."sentAt" >= ${startOfLocalDay(invitationsOpenFrom)}::timestamptz) r
     GROUP BY r."day", r."answeredOn", r."templateId", GROUPING SETS (${groupingSets("r", ROLLUP_MAX_DIMS)})
     ORDER BY 4, 2`;
}

/** Every kept-dimensions mask of the rollup lattice (for deletes that use the (institutionId, dims, day) index). */
const LATTICE_MASKS = Prisma.raw(
  Array.from({ length: 64 }, (_, mask) => mask)
    .filter((mask) => bitCount(mask) <= ROLLUP_MAX_DIMS)
    .join(", "),
);

/**
 * Rolls up the invitations sent on local days [from, to). `final`: none of them can still be
 * answered, so the rows hold how many were sent and how many got a response (replacing whatever
 * rows those days had); otherwise only how many were sent (their answers are rolled up with the
 * responses, day by day, until the day is final).
 */
async function rollInvitations(tx: Tx, institutionId: string, from: string, to: string, final: boolean): Promise<void> {
  if (from >= to) return;
  if (final) {
    await tx.$executeRaw`
      DELETE FROM "SurveyInvitationRollup"
       WHERE "institutionId" = ${institutionId}::uuid AND "dims" IN (${LATTICE_MASKS}) AND "day" >= ${from}::date AND "day" < ${to}::date`;
  }
  await tx.$executeRaw`
    INSERT INTO "SurveyInvitationRollup" ("institutionId", "day", "dims", "templateId", "channel", "caseKind", "officeId", "areaId", "tramiteId", "officialId",
                                          "sent", "answered")
    SELECT ${institutionId}::uuid, r."day", ${dimsMaskSql("r")}, r."templateId", r."channel", r."caseKind", r."officeId", r."areaId", r."tramiteId", r."officialId",
           count(*)::int, ${final ? Prisma.sql`count(r."responseId")::int` : Prisma.sql`0`}
      FROM (SELECT (v."sentAt" AT TIME ZONE ${TZ})::date AS "day", v."templateId", v."channel", v."caseKind", v."officeId", v."areaId", v."tramiteId",
                   v."officialId", ${final ? Prisma.sql`x."id"` : Prisma.sql`NULL::uuid`} AS "responseId"
              FROM "SurveyInvitation" v
              ${final ? Prisma.sql`LEFT JOIN "SurveyResponse" x ON x."invitationId" = v."id"` : Prisma.empty}
             WHERE v."institutionId" = ${institutionId}::uuid
               AND v."sentAt" >= ${startOfLocalDay(from)}::timestamptz AND v."sentAt" < ${startOfLocalDay(to)}::timestamptz) r
     GROUP BY r."day", r."templateId", GROUPING SETS (${groupingSets("r", ROLLUP_MAX_DIMS)})
     ORDER BY 3, 2`;
}

/**
 * One row per (response, answered question): the question's key and the answer as JSON text (`7`,
 * `"yes"`, `["a", "b"]`; jsonb prints it canonically, so equal answers give equal text). One set-
 * returning call per response, not two: with nested jsonb calls the planner multiplies their default
 * estimate of 100 rows each, and the JIT compile it then decides on costs more than the query.
 * Text questions (listed as "templateId:key") are left out: comments are listed, not counted.
 */
function answerPairs(alias: string, textKeys: string[]): Prisma.Sql {
  const a = Prisma.raw(alias);
  const notText =
    textKeys.length === 0 ? Prisma.empty : Prisma.sql`WHERE (${a}."templateId"::text || ':' || q.key) NOT IN (${Prisma.join(textKeys.map((k) => Prisma.sql`${k}`))})`;
  return Prisma.sql`SELECT q.key AS "question", q.value::text AS "value" FROM jsonb_each(${a}."answers") q ${notText}`;
}

function textQuestionKeys(templates: ResultTemplate[]): string[] {
  return templates.flatMap((t) => t.questions.filter((q) => q.type === "text").map((q) => `${t.id}:${q.key}`));
}

const lockKey = (institutionId: string) => Prisma.sql`hashtextextended(${`oirs:survey-rollup:${institutionId}`}, 0)`;

export type RefreshResult = RollupState & { pending: boolean; locked: boolean };

/**
 * Advances the rollups of one institution by at most `maxDays` days each, up to the last complete
 * day. Rows for a day are written in the transaction that moves the mark past it, so a day is
 * never rolled up twice (a rebuild deletes everything first). Skips (locked: false) when another
 * process holds the institution's rollup lock.
 */
export async function refreshSatisfactionRollup(options: {
  institutionId: string;
  now?: Date;
  maxDays?: number;
  /** Wait for the lock instead of skipping (rebuilds). */
  wait?: boolean;
}): Promise<RefreshResult> {
  const { institutionId } = options;
  const now = options.now ?? new Date();
  const maxDays = Math.max(1, Math.floor(options.maxDays ?? CATCH_UP_CHUNK_DAYS));
  const target = rollupTarget(now);
  const templates = await loadResultTemplates(institutionId);
  const textKeys = textQuestionKeys(templates);
  return db.$transaction(
    async (tx) => {
      if (options.wait) {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${lockKey(institutionId)})`;
      } else {
        const [lock] = await tx.$queryRaw<Array<{ ok: boolean }>>`SELECT pg_try_advisory_xact_lock(${lockKey(institutionId)}) AS "ok"`;
        if (!lock?.ok) return { ...(await readRollupState(institutionId)), pending: true, locked: false };
      }
      const state = stateOf((await tx.$queryRaw<StateRow[]>(STATE_SQL(institutionId)))[0]);
      let pending = false;

      // Invitations first: how far days are final decides which answers the responses roll up.
      let invitationsThrough = state.invitationsThrough;
      if (!invitationsThrough) {
        const [first] = await tx.$queryRaw<Array<{ at: Date | null }>>`
          SELECT min("sentAt") AS "at" FROM "SurveyInvitation" WHERE "institutionId" = ${institutionId}::uuid`;
        invitationsThrough = minDay(first?.at ? toLocalDate(new Date(first.at)) : target, target);
      }
      let finalThrough = state.invitationsFinalThrough ?? invitationsThrough;
      const end = minDay(addCalendarDays(invitationsThrough, maxDays), target);
      // The first invitation that may still be answered (unused, not expired a few minutes ago):
      // days before its day are final. Walks the (institutionId, sentAt) index from the last final
      // day, so it reads a few rows.
      const [open] = await tx.$queryRaw<Array<{ sentAt: Date }>>`
        SELECT "sentAt" FROM "SurveyInvitation"
         WHERE "institutionId" = ${institutionId}::uuid
           AND "sentAt" >= ${startOfLocalDay(finalThrough)}::timestamptz AND "sentAt" < ${startOfLocalDay(end)}::timestamptz
           AND "usedAt" IS NULL AND "expiresAt" > ${new Date(now.getTime() - ROLLUP_GRACE_MS)}::timestamptz
         ORDER BY "sentAt" LIMIT 1`;
      const finalEnd = open ? maxDay(finalThrough, toLocalDate(new Date(open.sentAt))) : end;
      // Days rolled up earlier that have become final: their rows again, with the final answers.
      await rollInvitations(tx, institutionId, finalThrough, minDay(finalEnd, invitationsThrough), true);
      // New days: final ones at once, the others with how many were sent.
      if (invitationsThrough < end) {
        const split = maxDay(invitationsThrough, minDay(finalEnd, end));
        await rollInvitations(tx, institutionId, invitationsThrough, split, true);
        await rollInvitations(tx, institutionId, split, end, false);
        invitationsThrough = end;
        pending ||= end < target;
      }
      finalThrough = maxDay(finalThrough, minDay(finalEnd, invitationsThrough));

      let responsesThrough = state.responsesThrough;
      if (!responsesThrough) {
        const [first] = await tx.$queryRaw<Array<{ at: Date | null }>>`
          SELECT min("createdAt") AS "at" FROM "SurveyResponse" WHERE "institutionId" = ${institutionId}::uuid`;
        responsesThrough = minDay(first?.at ? toLocalDate(new Date(first.at)) : target, target);
      }
      if (responsesThrough < target) {
        const responsesEnd = minDay(addCalendarDays(responsesThrough, maxDays), target);
        await rollResponses(tx, institutionId, responsesThrough, responsesEnd, textKeys, finalThrough);
        responsesThrough = responsesEnd;
        pending ||= responsesEnd < target;
      }

      await tx.$executeRaw`
        INSERT INTO "SurveyRollupState" ("institutionId", "responsesThrough", "invitationsThrough", "invitationsFinalThrough", "updatedAt")
        VALUES (${institutionId}::uuid, ${responsesThrough}::date, ${invitationsThrough}::date, ${finalThrough}::date, now())
        ON CONFLICT ("institutionId") DO UPDATE
          SET "responsesThrough" = EXCLUDED."responsesThrough", "invitationsThrough" = EXCLUDED."invitationsThrough",
              "invitationsFinalThrough" = EXCLUDED."invitationsFinalThrough", "updatedAt" = now()`;
      return { responsesThrough, invitationsThrough, invitationsFinalThrough: finalThrough, pending, locked: true };
    },
    { timeout: 15 * 60_000, maxWait: 60_000 },
  );
}

function minDay(a: string, b: string): string {
  return a < b ? a : b;
}

function maxDay(a: string, b: string): string {
  return a > b ? a : b;
}

/**
 * Throws the institution's rollups away and builds them again from the raw tables (after a bulk
 * import of past responses, or to repair). Readers keep getting correct figures meanwhile: they
 * read raw whatever the state does not cover.
 */
export async function rebuildSatisfactionRollup(options: { institutionId: string; now?: Date }): Promise<RefreshResult> {
  const { institutionId } = options;
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${lockKey(institutionId)})`;
    await tx.$executeRaw`DELETE FROM "SurveyRollupState" WHERE "institutionId" = ${institutionId}::uuid`;
    await tx.$executeRaw`DELETE FROM "SurveyResultRollup" WHERE "institutionId" = ${institutionId}::uuid`;
    await tx.$executeRaw`DELETE FROM "SurveyAnswerRollup" WHERE "institutionId" = ${institutionId}::uuid`;
    await tx.$executeRaw`DELETE FROM "SurveyInvitationRollup" WHERE "institutionId" = ${institutionId}::uuid`;
  });
  let result: RefreshResult;
  do {
    result = await refreshSatisfactionRollup({ institutionId, now: options.now, wait: true, maxDays: CATCH_UP_CHUNK_DAYS });
  } while (result.pending);
  return result;
}

const background = new Map<string, Promise<void>>();

/**
 * What a view does first: when the rollups are behind, roll up a few days now (normally one:
 * yesterday) and the rest in the background. Returns the state to read with. Failures are logged,
 * never shown: the raw tables answer whatever the rollups do not cover.
 */
export async function ensureRollup(institutionId: string, now: Date): Promise<RollupState> {
  const state = await readRollupState(institutionId);
  const target = rollupTarget(now);
  const behind = !state.responsesThrough || state.responsesThrough < target || !state.invitationsThrough || state.invitationsThrough < target;
  if (!behind || background.has(institutionId)) return state;
  try {
    const result = await refreshSatisfactionRollup({ institutionId, now, maxDays: VIEW_REFRESH_MAX_DAYS });
    if (result.pending && result.locked) {
      const run = (async () => {
        try {
          let next: RefreshResult;
          do next = await refreshSatisfactionRollup({ institutionId, maxDays: CATCH_UP_CHUNK_DAYS });
          while (next.pending && next.locked);
        } catch (error) {
          console.error("[results] background rollup refresh failed:", error);
        } finally {
          background.delete(institutionId);
        }
      })();
      background.set(institutionId, run);
    }
    return { responsesThrough: result.responsesThrough, invitationsThrough: result.invitationsThrough, invitationsFinalThrough: result.invitationsFinalThrough };
  } catch (error) {
    console.error("[results] rollup refresh failed:", error);
    return state;
  }
}

/** Waits for a background catch-up started by a view (tests, benchmark, shutdown). */
export async function settleRollupRefresh(): Promise<void> {
  await Promise.all([...background.values()]);
}

// ---------------------------------------------------------------------------------------------
// Per question

/** Per template version, question and answer (JSON text), how many responses gave it. */
type AnswerRow = { t: string; q: string; v: string; n: number };

function answersSql(scope: Scope, responses: Coverage, mask: number, textKeys: string[]): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (responses.rollup) {
    parts.push(Prisma.sql`
      SELECT a."templateId"::text AS t, split_part(x.key, '=', 1) AS q, substr(x.key, strpos(x.key, '=') + 1) AS v, x.value::int AS n
        FROM "SurveyAnswerRollup" a CROSS JOIN LATERAL jsonb_each_text(a."answers") x
       WHERE ${where([
         Prisma.sql`a."institutionId" = ${scope.institutionId}::uuid`,
         Prisma.sql`a."dims" = ${mask}::smallint`,
         Prisma.sql`a."day" BETWEEN ${responses.rollup.from}::date AND ${responses.rollup.to}::date`,
         ...dimensionConditions("a", scope),
       ])}`);
  }
  if (responses.raw) {
    parts.push(Prisma.sql`
      SELECT r."templateId"::text, e."question", e."value", 1
        FROM "SurveyResponse" r CROSS JOIN LATERAL (${answerPairs("r", textKeys)}) e
       WHERE ${where([
         Prisma.sql`r."institutionId" = ${scope.institutionId}::uuid`,
         Prisma.sql`r."createdAt" >= ${responses.raw.from}::timestamptz AND r."createdAt" < ${responses.raw.to}::timestamptz`,
         ...dimensionConditions("r", scope),
       ])}`);
  }
  return Prisma.sql`
    SELECT u.t, u.q, u.v, sum(u.n)::int AS n
      FROM (${Prisma.join(parts, " UNION ALL ")}) AS u(t, q, v, n)
     ${responses.rollup ? Prisma.sql`WHERE ${NO_PARALLEL}` : Prisma.empty}
     GROUP BY u.t, u.q, u.v`;
}

/** An answer's JSON text as the values it counts for: a scale's number, a choice, each option of several. */
function answerValues(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    if (Array.isArray(value)) return value.map(String);
    return [String(value)];
  } catch {
    return [json];
  }
}

export type QuestionResult = {
  key: string;
  type: SurveyQuestion["type"];
  label: string;
  main: boolean;
  /** People who answered the question. */
  n: number;
  /** Scale questions: the same figures as the main question, and the 1–7 distribution. */
  scale?: Satisfaction & { negativePercent: number | null; distribution: ScoreShare[] };
  /** Choice questions: each option's count and share of the people who answered. */
  options?: Array<{ value: string; label: string | null; count: number; percent: number | null }>;
};

export type TemplateQuestions = { key: string; title: string; versions: number[]; questions: QuestionResult[] };

export type ScoreShare = { score: number; count: number; percent: number | null };

function distribution(counts: readonly number[]): ScoreShare[] {
  const n = counts.reduce((a, b) => a + b, 0);
  return counts.map((count, i) => ({ score: i + 1, count, percent: percent(count, n) }));
}

/** Aggregate rows → figures per question, versions of a template merged by question key. */
function questionResults(rows: AnswerRow[], templates: ResultTemplate[], lng: string): TemplateQuestions[] {
  const byId = new Map(templates.map((t) => [t.id, t]));
  // template key → question key → value → count
  const counts = new Map<string, Map<string, Map<string, number>>>();
  const versionsSeen = new Map<string, Set<number>>();
  for (const row of rows) {
    const template = byId.get(row.t);
    if (!template) continue;
    let questions = counts.get(template.key);
    if (!questions) counts.set(template.key, (questions = new Map()));
    let values = questions.get(row.q);
    if (!values) questions.set(row.q, (values = new Map()));
    const n = Number(row.n);
    // "#": the people who answered the question (a multiple-choice answer counts once here).
    values.set("#", (values.get("#") ?? 0) + n);
    for (const v of answerValues(row.v)) values.set(v, (values.get(v) ?? 0) + n);
    let versions = versionsSeen.get(template.key);
    if (!versions) versionsSeen.set(template.key, (versions = new Set()));
    versions.add(template.version);
  }
  const out: TemplateQuestions[] = [];
  for (const [key, questions] of counts) {
    const versions = templates.filter((t) => t.key === key).sort((a, b) => b.version - a.version);
    // The newest version's order first, then questions only older versions had.
    const ordered: SurveyQuestion[] = [];
    const seen = new Set<string>();
    for (const t of versions) {
      for (const q of t.questions) {
        if (!seen.has(q.key)) {
          seen.add(q.key);
          ordered.push(q);
        }
      }
    }
    const results: QuestionResult[] = [];
    for (const q of ordered) {
      if (q.type === "text") continue;
      const values = questions.get(q.key);
      const n = values?.get("#") ?? 0;
      const base = { key: q.key, type: q.type, label: localize(q.label, lng), main: Boolean(q.main), n };
      if (q.type === "scale") {
        const scores = SCORES.map((s) => values?.get(String(s)) ?? 0);
        const figures = figuresFromScores(scores);
        results.push({ ...base, scale: { ...figures, negativePercent: percent(figures.negative, figures.n), distribution: distribution(scores) } });
      } else {
        const known = optionValues(q);
        const labels = new Map((q.options ?? []).map((o) => [o.value, localize(o.label, lng)]));
        const extra = [...(values?.keys() ?? [])].filter((v) => v !== "#" && !known.includes(v)).sort();
        const options = [...known, ...extra].map((value) => {
          const count = values?.get(value) ?? 0;
          return { value, label: labels.get(value) ?? null, count, percent: percent(count, n) };
        });
        results.push({ ...base, options });
      }
    }
    const newest = versions[0]!;
    out.push({ key, title: localize(newest.title, lng), versions: [...(versionsSeen.get(key) ?? [])].sort((a, b) => a - b), questions: results });
  }
  return out.sort((a, b) => a.key.localeCompare(b.key));
}

// ---------------------------------------------------------------------------------------------
// Comments

export type CommentRow = {
  id: string;
  createdAt: Date;
  channel: ResultChannel;
  office: string | null;
  score: number | null;
  comment: string;
};

function commentsSql(scope: Scope, period: { from: string; to: string }, page: number): Prisma.Sql {
  const conditions = [
    Prisma.sql`c."institutionId" = ${scope.institutionId}::uuid`,
    Prisma.sql`c."comment" IS NOT NULL`,
    Prisma.sql`c."createdAt" >= ${startOfLocalDay(period.from)}::timestamptz`,
    Prisma.sql`c."createdAt" < ${startOfLocalDay(addCalendarDays(period.to, 1))}::timestamptz`,
    ...dimensionConditions("c", scope),
  ];
  const offset = (page - 1) * COMMENTS_PAGE_SIZE;
  // The page's ids from the partial covering index alone, then the 50 rows.
  return Prisma.sql`
    SELECT r."id"::text AS "id", r."createdAt", r."channel"::text AS "channel", o."name" AS "office", r."mainScore" AS "score", r."comment"
      FROM (SELECT c."id", c."createdAt" FROM "SurveyResponse" c WHERE ${where(conditions)}
             ORDER BY c."createdAt" DESC, c."id" DESC LIMIT ${COMMENTS_PAGE_SIZE}::int OFFSET ${offset}::int) p
      JOIN "SurveyResponse" r ON r."id" = p."id"
      LEFT JOIN "Office" o ON o."id" = r."officeId"
     ORDER BY r."createdAt" DESC, r."id" DESC`;
}

// ---------------------------------------------------------------------------------------------
// The view

export type BreakdownGroup = GroupFigures & {
  /** The dimension's value: a channel, or an id; null = responses without one (no office…). */
  key: string | null;
  /** Office, area or trámite code (null for channels, officials and the empty group). */
  code: string | null;
  /** Name of the office, area, trámite or official; null for channels (translated by the page) and the empty group. */
  name: string | null;
};

export type Breakdown = { by: GroupBy; groups: BreakdownGroup[] };

export type SatisfactionResults = {
  period: { from: string; to: string };
  overall: GroupFigures & { distribution: ScoreShare[] };
  /** The main question's label (newest version of the template in view), when one template is in view. */
  mainQuestion: string | null;
  trend: Array<GroupFigures & { month: string }>;
  breakdowns: Breakdown[];
  questions: TemplateQuestions[];
  comments: { rows: CommentRow[]; total: number; page: number; pageCount: number; pageSize: number };
  facets: ResultFacets;
  /** Where the figures came from (shown in a footnote, checked by tests and the benchmark). */
  source: { rollupThrough: string | null; rawFrom: string | null; rollupUsed: boolean };
};

type Lookup = Map<string, FacetOption>;

function sortGroups(groups: BreakdownGroup[]): BreakdownGroup[] {
  // Most responses first; the empty group last.
  return groups.sort((a, b) => (a.key === null ? 1 : 0) - (b.key === null ? 1 : 0) || b.n - a.n || (a.name ?? a.key ?? "").localeCompare(b.name ?? b.key ?? ""));
}

function breakdownGroups(rows: CountRow[], by: GroupBy, lookup: Lookup): BreakdownGroup[] {
  return sortGroups(
    rows
      .filter((r) => Number(r.isTotal) === 0)
      .map((r) => {
        const facet = r.k && by !== "channel" ? lookup.get(r.k) : undefined;
        return { ...groupFigures(r), key: r.k, code: facet?.code ?? null, name: facet?.name ?? null };
      })
      .filter((g) => g.n > 0 || g.invitations > 0),
  );
}

function lookupFor(facets: ResultFacets, by: GroupBy): Lookup {
  const list = by === "office" ? facets.offices : by === "area" ? facets.areas : by === "tramite" ? facets.tramites : by === "official" ? facets.officials : [];
  return new Map(list.map((f) => [f.id, f]));
}

function templateIdsFor(templates: ResultTemplate[], key: string | undefined): string[] | undefined {
  return key === undefined ? undefined : templates.filter((t) => t.key === key).map((t) => t.id);
}

function planFor(mask: number, period: { from: string; to: string }, state: RollupState, useRollup: boolean): Plan {
  const rollupOk = useRollup && bitCount(mask) <= ROLLUP_MAX_DIMS;
  const periodStart = startOfLocalDay(period.from);
  const answersRolledUntil = rollupOk && state.responsesThrough ? startOfLocalDay(state.responsesThrough) : periodStart;
  const finalUntil = rollupOk && state.invitationsFinalThrough ? startOfLocalDay(state.invitationsFinalThrough) : periodStart;
  return {
    mask,
    responses: coverage(period, state.responsesThrough, rollupOk),
    invitations: {
      ...coverage(period, state.invitationsThrough, rollupOk),
      period,
      useRollup: rollupOk && (state.invitationsThrough !== null || state.responsesThrough !== null),
      answeredRawFrom: answersRolledUntil > periodStart ? answersRolledUntil : periodStart,
      answeredRawSentFrom: finalUntil > periodStart ? finalUntil : periodStart,
    },
  };
}

type ViewOptions = {
  institutionId: string;
  filters: ResultFilters;
  /** The reader's language, for question and template labels. */
  lng: string;
  now?: Date;
  /** false: ignore the rollups and read every figure from the raw tables (tests compare both). */
  useRollup?: boolean;
  /** false: skip the per-question figures and the comments (the indicators API). */
  details?: boolean;
  /** The breakdowns to compute (default: the filters' groupBy, else all). */
  breakdowns?: GroupBy[];
};

/** Everything /satisfaccion shows, for one period and set of filters. */
export async function getSatisfactionResults(options: ViewOptions): Promise<SatisfactionResults> {
  const { institutionId, filters, lng } = options;
  const now = options.now ?? new Date();
  const useRollup = options.useRollup !== false;
  const details = options.details !== false;
  const [templates, state] = await Promise.all([loadResultTemplates(institutionId), useRollup ? ensureRollup(institutionId, now) : Promise.resolve({ ...EMPTY_STATE })]);
  const scope: Scope = { institutionId, filters, templateIds: templateIdsFor(templates, filters.template) };
  const period = { from: filters.from, to: filters.to };
  const fMask = filterMask(filters);
  const breakdowns = options.breakdowns ?? breakdownsFor(filters);

  const totalPlan = planFor(fMask, period, state, useRollup);
  const answerPlan = coverage(period, state.responsesThrough, useRollup && bitCount(fMask) <= ANSWER_ROLLUP_MAX_DIMS);
  const textKeys = textQuestionKeys(templates);

  const [facets, trendRows, breakdownRows, answerRows, commentRows] = await Promise.all([
    listResultFacets(institutionId, templates),
    db.$queryRaw<CountRow[]>(countsSql(scope, totalPlan, { kind: "month" }, true)),
    Promise.all(
      breakdowns.map((by) => {
        const dim = DIM_BY_NAME.get(GROUP_DIMENSION[by])!;
        return db.$queryRaw<CountRow[]>(countsSql(scope, planFor(fMask | dim.bit, period, state, useRollup), { kind: "dim", dim }, false));
      }),
    ),
    details ? db.$queryRaw<AnswerRow[]>(answersSql(scope, answerPlan, fMask, textKeys)) : Promise.resolve([] as AnswerRow[]),
    details ? db.$queryRaw<Array<Omit<CommentRow, "createdAt"> & { createdAt: Date | string }>>(commentsSql(scope, period, filters.page)) : Promise.resolve([]),
  ]);

  const totalRow = trendRows.find((r) => Number(r.isTotal) === 1);
  const overallCounts = scoreCounts(totalRow);
  const overall = { ...groupFigures(totalRow), distribution: distribution(overallCounts) };
  const byMonth = new Map(trendRows.filter((r) => Number(r.isTotal) === 0).map((r) => [r.k ?? "", r]));
  const trend = monthsOf(period.from, period.to).map((month) => ({ month, ...groupFigures(byMonth.get(month)) }));

  const questions = questionResults(answerRows, scope.templateIds ? templates.filter((t) => scope.templateIds!.includes(t.id)) : templates, lng);
  const mainQuestion = questions.length === 1 ? (questions[0]!.questions.find((q) => q.main)?.label ?? null) : null;

  const total = overall.comments;
  const pageCount = Math.max(1, Math.ceil(total / COMMENTS_PAGE_SIZE));
  let page = Math.min(filters.page, pageCount);
  let rows = commentRows;
  if (details && page !== filters.page) {
    rows = total > 0 ? await db.$queryRaw<Array<Omit<CommentRow, "createdAt"> & { createdAt: Date | string }>>(commentsSql(scope, period, page)) : [];
  }
  if (!details) page = 1;

  return {
    period,
    overall,
    mainQuestion,
    trend,
    breakdowns: breakdowns.map((by, i) => ({ by, groups: breakdownGroups(breakdownRows[i]!, by, lookupFor(facets, by)) })),
    questions,
    comments: {
      rows: rows.map((r) => ({ ...r, createdAt: r.createdAt instanceof Date ? r.createdAt : new Date(r.createdAt), score: r.score === null ? null : Number(r.score) })),
      total,
      page,
      pageCount,
      pageSize: COMMENTS_PAGE_SIZE,
    },
    facets,
    source: {
      rollupThrough: totalPlan.responses.rollup ? totalPlan.responses.rollup.to : null,
      rawFrom: totalPlan.responses.raw ? toLocalDate(totalPlan.responses.raw.from) : null,
      rollupUsed: totalPlan.responses.rollup !== null,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The indicators API

export type IndicatorFigures = {
  n: number;
  positive: number;
  negative: number;
  isu: number | null;
  net: number | null;
  mean: number | null;
  isuInterval: [number, number] | null;
  responseRate: number | null;
  invitations: number;
  smallSample: boolean;
};

export type IndicatorGroup = IndicatorFigures & { key: string | null; label: string | null };

function indicatorFigures(g: GroupFigures): IndicatorFigures {
  return {
    n: g.n,
    positive: g.positive,
    negative: g.negative,
    isu: g.isu,
    net: g.net,
    mean: g.mean,
    isuInterval: g.isuInterval,
    responseRate: g.responseRate,
    invitations: g.invitations,
    smallSample: g.smallSample,
  };
}

/**
 * The satisfaction indicators for a period, overall and per group (channel, office, trámite or
 * area). `label` translates a channel; offices, areas and trámites are keyed by code and labelled by
 * name; the group without a value has key null.
 */
export async function getSatisfactionIndicators(options: {
  institutionId: string;
  from: string;
  to: string;
  groupBy?: GroupBy;
  lng: string;
  channelLabel: (channel: string) => string;
  noneLabel: (by: GroupBy) => string;
  now?: Date;
}): Promise<{ period: { from: string; to: string }; groupBy: GroupBy | null; overall: IndicatorFigures; groups: IndicatorGroup[] | null }> {
  const filters: ResultFilters = { from: options.from, to: options.to, page: 1, groupBy: options.groupBy };
  const results = await getSatisfactionResults({
    institutionId: options.institutionId,
    filters,
    lng: options.lng,
    now: options.now,
    details: false,
    breakdowns: options.groupBy ? [options.groupBy] : [],
  });
  const breakdown = options.groupBy ? results.breakdowns[0] : undefined;
  return {
    period: results.period,
    groupBy: options.groupBy ?? null,
    overall: indicatorFigures(results.overall),
    groups: breakdown
      ? breakdown.groups.map((g) => ({
          key: breakdown.by === "channel" ? g.key : (g.code ?? g.key),
          label: g.key === null ? options.noneLabel(breakdown.by) : breakdown.by === "channel" ? options.channelLabel(g.key) : g.name,
          ...indicatorFigures(g),
        }))
      : null,
  };
}

