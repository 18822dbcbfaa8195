// Server time of the satisfaction results view at 5,000,000 responses (npm run bench:survey-results).
// Not a timed test: it prints p50/p95/max and the ratio to the target.
//
//   1. Uses DATABASE_URL (a PostgreSQL server; the bench creates and drops its own database), else
//      starts a throwaway cluster with test/setup/pg-cluster.sh (stopped at the end).
//   2. Applies the migrations, seeds the demo (seedDemo), adds 4 offices, 5 officials per area and a
//      second template version, then bulk-loads BENCH_RESPONSES responses (default 5,000,000) over
//      BENCH_YEARS years (default 4) — the answers to half as many emailed invitations (~37 % answered)
//      and the rest from posters and kiosks — with INSERT … SELECT … FROM generate_series in time
//      order (secondary indexes dropped during the load and rebuilt after),
//      then builds the rollups (rebuildSatisfactionRollup, as after a bulk import) and VACUUM ANALYZE.
//   3. Calls getSatisfactionResults in-process, exactly as the page's loader does (trend, breakdowns,
//      per-question figures, comments, filter options, the rollup check): 5 warm-ups, then
//      BENCH_RUNS (default 40) timed runs per scenario.
//
// Target (issue 5): the results view for a year grouped by office, p95 ≤ 300 ms.
// BENCH_KEEP=1 keeps the database (and cluster); BENCH_DB names it (a loaded database is reused).
import os from "node:os";
import { performance } from "node:perf_hooks";
import { openDatabase, type Database } from "~/db/client.server";
import { parseResultFilters } from "~/domain/surveys/results";
import { getSatisfactionResults, rebuildSatisfactionRollup } from "~/domain/surveys/results.server";
import { migrationSql } from "../setup/test-database";
import { seedDemo } from "../../prisma/seed";
import { benchTarget, databaseUrl, percentile, printBenchResult, statsRow, startServer, withClient } from "./harness";
import { bulkLoadSurveys } from "./survey-results-data";

const RESPONSES = Number(process.env.BENCH_RESPONSES ?? 5_000_000);
const INVITATIONS = Math.floor(RESPONSES / 2);
const YEARS = Number(process.env.BENCH_YEARS ?? 4);
const WARMUPS = 5;
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const TARGET_P95_MS = 300;

function log(message: string) {
  console.log(`[bench] ${message}`);
}

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await fn();
  log(`${label}: ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Measuring

type Stats = { label: string; query: string; p50: number; p95: number; min: number; max: number; runs: number };

async function measure(label: string, query: string, fn: () => Promise<unknown>): Promise<Stats> {
  for (let i = 0; i < WARMUPS; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const stats = { label, query, p50: percentile(times, 50), p95: percentile(times, 95), min: times[0]!, max: times[times.length - 1]!, runs: RUNS };
  log(`${label}: p50 ${stats.p50.toFixed(1)} ms, p95 ${stats.p95.toFixed(1)} ms, max ${stats.max.toFixed(1)} ms`);
  return stats;
}

async function main() {
  const keep = Boolean(process.env.BENCH_KEEP);
  const dbName = process.env.BENCH_DB ?? `oirs_bench_results_${process.pid}_${Date.now().toString(36)}`;
  const { serverUrl, stopServer } = await startServer();
  let database: Database | undefined;
  let created = false;
  try {
    const url = databaseUrl(serverUrl, dbName);
    const exists = await withClient(serverUrl, async (c) => (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [dbName])).rowCount! > 0);
    if (!exists) {
      await withClient(serverUrl, (c) => c.query(`CREATE DATABASE ${dbName}`));
      created = true;
    }
    database = openDatabase({ kind: "postgres", url });
    const prisma = database.prisma;
    const migrated = await withClient(url, async (c) => (await c.query(`SELECT to_regclass('"SurveyResultRollup"') IS NOT NULL AS ok`)).rows[0].ok as boolean);
    if (!migrated) {
      await timed("migrations", async () => {
        for (const sql of migrationSql()) await database!.exec(sql);
      });
    }
    if ((await prisma.institution.count()) === 0) await timed("demo seed", () => seedDemo(prisma, { password: "bench-password-2026" }));
    const institution = await prisma.institution.findFirstOrThrow({ orderBy: { createdAt: "asc" }, select: { id: true } });
    if ((await prisma.surveyResponse.count()) < RESPONSES) {
      await bulkLoadSurveys(url, institution.id, { responses: RESPONSES, years: YEARS, log });
      await timed("rollups (rebuildSatisfactionRollup)", () => rebuildSatisfactionRollup({ institutionId: institution.id }));
      await timed("VACUUM ANALYZE (rollups)", () =>
        withClient(url, async (c) => {
          for (const table of ["SurveyResultRollup", "SurveyAnswerRollup", "SurveyInvitationRollup", "SurveyRollupState"]) await c.query(`VACUUM (ANALYZE) "${table}"`);
        }),
      );
    } else {
      log(`reusing ${dbName}: it already holds the responses`);
    }
    const sizes = await withClient(url, async (c) =>
      (
        await c.query<{ name: string; rows: string; size: string }>(
          `SELECT c.relname AS name, c.reltuples::bigint::text AS rows, pg_size_pretty(pg_total_relation_size(c.oid)) AS size
             FROM pg_class c WHERE c.relname IN ('SurveyResponse', 'SurveyInvitation', 'SurveyResultRollup', 'SurveyAnswerRollup', 'SurveyInvitationRollup') ORDER BY c.relname`,
        )
      ).rows,
    );
    const responses = await prisma.surveyResponse.count();
    const office = await prisma.office.findFirstOrThrow({ where: { code: "CENTRAL" }, select: { id: true } });
    const lastYear = new Date().getUTCFullYear() - 1;
    const year = `from=${lastYear}-01-01&to=${lastYear}-12-31`;

    const scenarios: Array<{ label: string; query: string; headline?: boolean }> = [
      { label: `a year (${lastYear}) grouped by office`, query: `${year}&groupBy=office`, headline: true },
      { label: "current year to date (the default), grouped by office", query: "groupBy=office" },
      { label: `a year, every breakdown (channel, office, area, trámite, official)`, query: year },
      { label: "a year, office filter, every breakdown", query: `${year}&officeId=${office.id}` },
      { label: "a year, office + channel filters, grouped by trámite (read raw: 3 dimensions)", query: `${year}&officeId=${office.id}&channel=PRESENCIAL&groupBy=tramite` },
      { label: "a year grouped by office, comments page 100", query: `${year}&groupBy=office&page=100` },
    ];

    const results: Stats[] = [await measure("floor: SELECT 1 through Prisma", "", () => prisma.$queryRawUnsafe("SELECT 1"))];
    const loadBefore = os.loadavg()[0]!;
    for (const s of scenarios) {
      const { filters, errors } = parseResultFilters(new URLSearchParams(s.query));
      if (errors.length) throw new Error(`bad bench filters ${s.query}: ${JSON.stringify(errors)}`);
      // What the page's loader does.
      results.push(await measure(s.label, s.query, () => getSatisfactionResults({ institutionId: institution.id, filters, lng: "es" })));
    }
    const loadAfter = os.loadavg()[0]!;
    const headline = results.find((r) => scenarios.some((s) => s.headline && s.label === r.label))!;
    const sample = await getSatisfactionResults({ institutionId: institution.id, filters: parseResultFilters(new URLSearchParams(`${year}&groupBy=office`)).filters, lng: "es" });

    const cpu = os.cpus();
    const pgVersion = await withClient(url, async (c) => (await c.query<{ server_version: string }>("SHOW server_version")).rows[0]!.server_version);
    console.log(
      [
        "",
        `Date: ${new Date().toISOString().slice(0, 10)} · ${cpu.length} × ${cpu[0]?.model.trim() ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, PostgreSQL ${pgVersion} (local, default settings, fsync off)`,
        `Data: ${responses.toLocaleString("en")} responses over ${YEARS} years, ${INVITATIONS.toLocaleString("en")} invitations; the headline year has n = ${sample.overall.n.toLocaleString("en")} (ISU ${sample.overall.isu} %).`,
        `Tables: ${sizes.map((s) => `${s.name} ${Number(s.rows).toLocaleString("en")} rows, ${s.size}`).join("; ")}.`,
        `${WARMUPS} warm-ups, ${RUNS} runs each, in-process, sequential. Load average (1 min) before/after: ${loadBefore.toFixed(1)} / ${loadAfter.toFixed(1)}.`,
        "",
        "| view (getSatisfactionResults, as the page's loader calls it) | p50 ms | p95 ms | max ms |",
        "|---|---|---|---|",
        ...results.map((r) => `| ${r.label} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.max.toFixed(1)} |`),
        "",
        `Headline: ${headline.label}: p95 ${headline.p95.toFixed(1)} ms (target ≤ ${TARGET_P95_MS} ms, ratio ${(headline.p95 / TARGET_P95_MS).toFixed(2)}) — ${headline.p95 <= TARGET_P95_MS ? "met" : "MISSED"}`,
      ].join("\n"),
    );
    printBenchResult({
      bench: "survey-results",
      figures: results.map((r) => statsRow("view", r)),
      targets: [benchTarget(`results view, ${headline.label}, p95`, headline.p95, TARGET_P95_MS, "ms", "lower")],
      notes: [`${responses.toLocaleString("en")} responses over ${YEARS} years; load average before/after ${loadBefore.toFixed(1)} / ${loadAfter.toFixed(1)}`],
    });
  } finally {
    await database?.close().catch(() => undefined);
    if (keep) {
      log(`kept the database: DATABASE_URL=${serverUrl} BENCH_DB=${dbName}`);
    } else {
      if (created || process.env.BENCH_DB === undefined) {
        await withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)).catch((error: unknown) =>
          console.error("[bench] cleanup failed:", error),
        );
      }
      stopServer();
    }
  }
}

main().catch((error) => {
  console.error("[bench] failed:", error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
