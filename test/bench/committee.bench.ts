// Server time of the committee dashboard (/comite) and of the implementation report's .docx at
// 1,000,000 cases and 5,000,000 survey responses (npm run bench:committee). Not a timed test: it
// prints p50/p95/max, the ratio to the targets and the plans of the dashboard's two case statements.
//
//   1. Uses DATABASE_URL (a PostgreSQL server; the bench creates and drops its own database), else
//      starts a throwaway cluster with test/setup/pg-cluster.sh (stopped at the end).
//   2. Applies the migrations, seeds the demo (seedDemo: the current plan with its indicators), then
//      bulk-loads BENCH_CASES cases (default 1,000,000; the inbox bench's generator, cases-data.ts,
//      over the last ~3 years, no events; then CLUSTERed by receivedAt, the order real cases arrive
//      in — BENCH_CLUSTER=0 keeps the generator's random order) and BENCH_RESPONSES survey responses
//      (default 5,000,000 over BENCH_YEARS = 4 years; the results bench's generator,
//      survey-results-data.ts), builds the survey rollups (rebuildSatisfactionRollup) and runs
//      VACUUM ANALYZE. A kept database is topped up to BENCH_CASES / BENCH_RESPONSES, not reloaded.
//   3. Calls getCommitteeDashboard in-process, exactly as the /comite loader does, for the previous
//      full year, the current year to date and the current year with a channel and an office filter:
//      5 warm-ups, then BENCH_RUNS (default 40) timed runs each. Then renderImplementationReportDocx
//      (the .docx export's route) for the plan's year: 3 warm-ups, 10 runs, and the file's size.
//   4. EXPLAIN (ANALYZE, BUFFERS) of the dashboard's two case aggregates (periodCaseCounts and
//      caseBreakdowns), captured as the app sends them: node types, buffers and times (BENCH_PLANS=1
//      prints the whole plans).
//
// The React render (renderToString of the route component) is not measured: the route module imports
// a stylesheet only the Remix compiler resolves and needs Remix's router context and i18next; the
// bench reports the size and serialisation time of the loader's JSON instead.
//
// Targets (issue): /comite for a whole year p95 ≤ 500 ms; the .docx report ≤ 3 s.
// BENCH_KEEP=1 keeps the database (and cluster); BENCH_DB names it (a loaded database is reused).
import os from "node:os";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { openDatabase, type Database } from "~/db/client.server";
import type { CommitteeFilters } from "~/domain/committee/dashboard";
import { getCommitteeDashboard } from "~/domain/committee/dashboard.server";
import { chileToday } from "~/domain/plan/plan.server";
import { rebuildSatisfactionRollup } from "~/domain/surveys/results.server";
import { migrationSql } from "../setup/test-database";
import { seedDemo } from "../../prisma/seed";
import { casesSql, staffSql } from "./cases-data";
import { benchTarget, databaseUrl, percentile, printBenchResult, statsRow, startServer, withClient } from "./harness";
import { bulkLoadSurveys } from "./survey-results-data";

const CASES = Number(process.env.BENCH_CASES ?? 1_000_000);
const RESPONSES = Number(process.env.BENCH_RESPONSES ?? 5_000_000);
const YEARS = Number(process.env.BENCH_YEARS ?? 4);
const WARMUPS = 5;
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const DOCX_WARMUPS = 3;
const DOCX_RUNS = 10;
const TARGET_DASHBOARD_P95_MS = 500;
const TARGET_DOCX_MS = 3000;
const CHUNK = 100_000;
/** BENCH_CLUSTER=0 leaves the loaded cases in the generator's random physical order. */
const CLUSTER = process.env.BENCH_CLUSTER !== "0";
const CLUSTER_INDEX = "Case_institutionId_receivedAt_idx";

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
// Data

/** Bench cases already loaded: the highest n of their folios (OIRS-<year>-<7 digits>), so a kept database is topped up. */
async function benchCasesLoaded(url: string): Promise<number> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ n: number }>(`SELECT coalesce(max(right("folio", 7)::int), 0)::int AS n FROM "Case" WHERE "folio" ~ '^OIRS-[0-9]{4}-[0-9]{7}$'`);
    return rows[0]!.n;
  });
}

/** Cases first..CASES (no events: the dashboard does not read them), Case's secondary indexes dropped during the load. */
async function loadCases(url: string, institutionId: string, first: number): Promise<void> {
  await withClient(url, async (c) => {
    await c.query("SET maintenance_work_mem = '512MB'");
    await c.query("SET max_parallel_maintenance_workers = 2");
    try {
      // Skip per-row foreign-key triggers during the load (superuser only; the data is consistent by construction).
      await c.query("SET session_replication_role = replica");
    } catch {
      log("not a superuser: foreign keys are checked row by row during the load (slower)");
    }
    const staffLoaded = (await c.query(`SELECT 1 FROM "User" WHERE "email" = 'bench-oirs-1@oirs.example'`)).rowCount! > 0;
    if (!staffLoaded) await c.query(staffSql(institutionId));
    const { rows: indexes } = await c.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'Case' AND indexname NOT LIKE '%_pkey'`,
    );
    for (const ix of indexes) await c.query(`DROP INDEX "${ix.indexname}"`);
    log(`dropped ${indexes.length} secondary indexes of "Case" for the load`);
    await timed(`${(CASES - first + 1).toLocaleString("en")} cases`, async () => {
      for (let from = first; from <= CASES; from += CHUNK) {
        await c.query(casesSql(institutionId, from, Math.min(CASES, from + CHUNK - 1)));
        process.stdout.write(".");
      }
      process.stdout.write("\n");
    });
    // Real cases are inserted as they arrive, so a year's cases lie together; the generator's are in
    // random order (a year would touch most heap pages). CLUSTER restores arrival order.
    const clusterIx = CLUSTER ? indexes.find((ix) => ix.indexname === CLUSTER_INDEX) : undefined;
    if (clusterIx) {
      await c.query(clusterIx.indexdef);
      await timed(`CLUSTER "Case" by receivedAt (${CLUSTER_INDEX})`, () => c.query(`CLUSTER "Case" USING "${CLUSTER_INDEX}"`));
    } else if (CLUSTER) {
      log(`${CLUSTER_INDEX} not found: cases left in random physical order`);
    }
    const rest = indexes.filter((ix) => ix !== clusterIx);
    await timed(`rebuild ${rest.length} indexes`, async () => {
      for (const ix of rest) await c.query(ix.indexdef);
    });
    await c.query("SET session_replication_role = DEFAULT").catch(() => undefined);
  });
}

// ---------------------------------------------------------------------------------------------
// Measuring

type Stats = { label: string; p50: number; p95: number; min: number; max: number; runs: number };

async function measure(label: string, warmups: number, runs: number, fn: () => Promise<unknown>): Promise<Stats> {
  for (let i = 0; i < warmups; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const stats = { label, p50: percentile(times, 50), p95: percentile(times, 95), min: times[0]!, max: times[times.length - 1]!, runs };
  log(`${label}: p50 ${stats.p50.toFixed(1)} ms, p95 ${stats.p95.toFixed(1)} ms, max ${stats.max.toFixed(1)} ms`);
  return stats;
}

/**
 * Statements as the app sends them: Prisma's driver adapter queries through pg.Pool (the app's
 * NameAsTextPool subclass calls pg.Pool.prototype.query), so wrapping that records each statement's
 * text, parameters and wall time without touching the domain code.
 */
type Captured = { text: string; values: unknown[]; ms: number };
let capturing: Captured[] | null = null;
const poolQuery = pg.Pool.prototype.query;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
(pg.Pool.prototype as any).query = function (this: pg.Pool, ...args: any[]): any {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const result = (poolQuery as any).apply(this, args);
  const sink = capturing;
  if (!sink || !result || typeof result.then !== "function") return result;
  const config = args[0];
  const text: string = typeof config === "string" ? config : String(config?.text ?? "");
  const values: unknown[] = (Array.isArray(args[1]) ? args[1] : config?.values) ?? [];
  const start = performance.now();
  return result.then((res: unknown) => {
    sink.push({ text, values, ms: performance.now() - start });
    return res;
  });
};

async function captureStatements(fn: () => Promise<unknown>): Promise<Captured[]> {
  capturing = [];
  try {
    await fn();
    return capturing;
  } finally {
    capturing = null;
  }
}

const oneLine = (sql: string, max = 110) => {
  const s = sql.replace(/\s+/g, " ").trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
};

type PlanSummary = { nodes: string; time: number; planning: number; buffers: string; plan: string[] };

/** EXPLAIN (ANALYZE, BUFFERS) three times, keep the fastest (the others pay for cold caches or a busy CPU). */
async function explain(url: string, text: string, values: unknown[]): Promise<PlanSummary> {
  return withClient(url, async (c) => {
    let best: PlanSummary | undefined;
    for (let i = 0; i < 3; i++) {
      const { rows } = await c.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values);
      const plan = rows.map((r) => r["QUERY PLAN"]);
      const nodes: string[] = [];
      for (const line of plan) {
        const m = /^\s*(?:->\s+)?(.+?)\s+\(cost=/.exec(line);
        const node = m?.[1]?.replace(/"/g, "");
        if (node && !nodes.includes(node)) nodes.push(node);
      }
      const spills = plan.map((l) => /Sort Method: external merge\s+Disk: (\d+kB)/.exec(l)?.[1]).filter(Boolean);
      if (spills.length) nodes.push(`(sort spilled to disk: ${spills.join(", ")})`);
      const num = (re: RegExp) => Number(re.exec(plan.join("\n"))?.[1] ?? Number.NaN);
      const top = plan.find((l) => /Buffers:/.test(l))?.trim() ?? "";
      const summary = { nodes: nodes.join(" → "), time: num(/Execution Time: ([\d.]+)/), planning: num(/Planning Time: ([\d.]+)/), buffers: top, plan };
      if (!best || summary.time < best.time) best = summary;
    }
    return best!;
  });
}

async function main() {
  const keep = Boolean(process.env.BENCH_KEEP);
  const dbName = process.env.BENCH_DB ?? `oirs_bench_committee_${process.pid}_${Date.now().toString(36)}`;
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
    const migrated = await withClient(url, async (c) => (await c.query(`SELECT to_regclass('"Indicator"') IS NOT NULL AS ok`)).rows[0].ok as boolean);
    if (!migrated) {
      await timed("migrations", async () => {
        for (const sql of migrationSql()) await database!.exec(sql);
      });
    }
    if ((await prisma.institution.count()) === 0) await timed("demo seed", () => seedDemo(prisma, { password: "bench-password-2026" }));
    const institution = await prisma.institution.findFirstOrThrow({ orderBy: { createdAt: "asc" }, select: { id: true } });
    const institutionId = institution.id;

    // Cases first: the survey load adds offices, and the case generator spreads cases over the first two by code.
    let loaded = false;
    const casesLoaded = await benchCasesLoaded(url);
    if (casesLoaded < CASES) {
      await loadCases(url, institutionId, casesLoaded + 1);
      loaded = true;
    } else {
      log(`reusing ${dbName}: it already holds the cases`);
    }
    if ((await prisma.surveyResponse.count()) < RESPONSES) {
      await bulkLoadSurveys(url, institutionId, { responses: RESPONSES, years: YEARS, log });
      await timed("rollups (rebuildSatisfactionRollup)", () => rebuildSatisfactionRollup({ institutionId }));
      loaded = true;
    } else {
      log(`reusing ${dbName}: it already holds the responses`);
    }
    if (loaded) await timed("VACUUM ANALYZE", () => withClient(url, (c) => c.query("VACUUM (ANALYZE)")));

    const sizes = await withClient(url, async (c) =>
      (
        await c.query<{ name: string; rows: string; size: string }>(
          `SELECT c.relname AS name, c.reltuples::bigint::text AS rows, pg_size_pretty(pg_total_relation_size(c.oid)) AS size
             FROM pg_class c WHERE c.relname IN ('Case', 'SurveyResponse', 'SurveyInvitation', 'SurveyResultRollup') ORDER BY c.relname`,
        )
      ).rows,
    );
    // pg_stats.correlation of receivedAt: 1 = physical order follows receivedAt (clustered), ≈ 0 = random.
    const caseOrder = await withClient(url, async (c) => {
      const { rows } = await c.query<{ correlation: number | null }>(`SELECT correlation FROM pg_stats WHERE tablename = 'Case' AND attname = 'receivedAt'`);
      const r = rows[0]?.correlation;
      return r === null || r === undefined ? "unknown (no statistics)" : `correlation of receivedAt with the physical order ${Number(r).toFixed(2)} (${Math.abs(Number(r)) > 0.9 ? "clustered, as real arrivals" : "random"})`;
    });
    const [cases, responses] = await Promise.all([prisma.case.count(), prisma.surveyResponse.count()]);
    const today = chileToday(new Date());
    const currentYear = Number(today.slice(0, 4));
    const previousYear = currentYear - 1;
    const plans = await prisma.plan.findMany({ where: { institutionId }, select: { year: true, _count: { select: { indicators: true } } }, orderBy: { year: "desc" } });
    const planOf = (year: number) => plans.find((p) => p.year === year);
    const office = await prisma.office.findFirstOrThrow({ where: { institutionId, code: "CENTRAL" }, select: { id: true } });
    const perYear = await withClient(url, async (c) =>
      (
        await c.query<{ year: number; n: string }>(
          `SELECT extract(year FROM "receivedAt" AT TIME ZONE 'America/Santiago')::int AS year, count(*)::text AS n FROM "Case" GROUP BY 1 ORDER BY 1`,
        )
      ).rows,
    );
    log(`${cases.toLocaleString("en")} cases (${perYear.map((r) => `${r.year}: ${Number(r.n).toLocaleString("en")}`).join(", ")}), ${responses.toLocaleString("en")} responses`);

    const planNote = (year: number) => {
      const plan = planOf(year);
      return plan ? `plan with ${plan._count.indicators} indicators` : "no plan that year";
    };
    const scenarios: Array<{ label: string; filters: CommitteeFilters; headline?: boolean }> = [
      { label: `previous full year ${previousYear} (${planNote(previousYear)})`, filters: { year: previousYear }, headline: true },
      { label: `current year ${currentYear} to date (${planNote(currentYear)})`, filters: { year: currentYear }, headline: true },
      { label: `${currentYear}, channel WEB`, filters: { year: currentYear, channel: "WEB" } },
      { label: `${currentYear}, office CENTRAL`, filters: { year: currentYear, officeId: office.id } },
    ];

    const dashboard = (filters: CommitteeFilters) => getCommitteeDashboard({ institutionId, filters, lng: "es" });
    const results: Stats[] = [await measure("floor: SELECT 1 through Prisma", WARMUPS, RUNS, () => prisma.$queryRawUnsafe("SELECT 1"))];
    const payloads: string[] = [];
    const loadBefore = os.loadavg()[0]!;
    for (const s of scenarios) {
      results.push(await measure(`/comite ${s.label}`, WARMUPS, RUNS, () => dashboard(s.filters)));
      const data = await dashboard(s.filters);
      const start = performance.now();
      const json = JSON.stringify(data);
      payloads.push(
        `  ${s.label}: ${(Buffer.byteLength(json) / 1024).toFixed(1)} KB of JSON (serialised in ${(performance.now() - start).toFixed(1)} ms); ` +
          `${data.totals.received.toLocaleString("en")} cases received, resolution ${data.totals.resolutionRate ?? "—"} %, ` +
          `reclamos on time ${data.totals.reclamosOnTime ?? "—"} %, mean ${data.totals.meanDays ?? "—"} business days, ISU ${data.totals.isu ?? "—"} % (n = ${data.totals.n.toLocaleString("en")}), ` +
          `${data.indicators?.length ?? "no"} indicators evaluated, ${data.overdue.total.toLocaleString("en")} overdue`,
      );
    }

    // Where a whole-year dashboard's time goes: each statement's wall time (they run in parallel on the pool).
    const headlineFilters = scenarios[1]!.filters;
    const statements = await captureStatements(() => dashboard(headlineFilters));
    const slowest = [...statements].sort((a, b) => b.ms - a.ms).slice(0, 10);

    // The .docx report (another module; skipped if it is not there yet).
    let docx: { stats: Stats; size: number; fileName: string; year: number } | string;
    const docxModule = await import("~/domain/committee/report-docx.server").catch((error: unknown) => error as Error);
    const reportYear = plans[0]?.year;
    if (docxModule instanceof Error || typeof docxModule.renderImplementationReportDocx !== "function") {
      docx = `skipped: ~/domain/committee/report-docx.server could not be loaded (${docxModule instanceof Error ? docxModule.message : "no renderImplementationReportDocx"})`;
    } else if (reportYear === undefined) {
      docx = "skipped: the institution has no plan";
    } else {
      const render = async () => {
        const out = await docxModule.renderImplementationReportDocx({ institutionId, year: reportYear, lng: "es" });
        if (!out) throw new Error(`no report for ${reportYear}`);
        return out;
      };
      const stats = await measure(`.docx report ${reportYear} (renderImplementationReportDocx)`, DOCX_WARMUPS, DOCX_RUNS, render);
      const out = await render();
      docx = { stats, size: out.buffer.length, fileName: out.fileName, year: reportYear };
    }
    const loadAfter = os.loadavg()[0]!;

    // The dashboard's two case aggregates, as sent for the headline scenario.
    const period = statements.find((s) => s.text.includes("GROUP BY x.m, x.days"));
    const breakdown = statements.find((s) => s.text.includes("GROUP BY x.channel, x.office, x.tramite, x.kind"));
    const planLines: string[] = [];
    for (const [name, s] of [["periodCaseCounts", period], ["caseBreakdowns", breakdown]] as const) {
      if (!s) {
        planLines.push(`  ${name}: not captured (the statement text changed? the bench looks for its GROUP BY)`);
        continue;
      }
      const p = await explain(url, s.text, s.values);
      planLines.push(`  ${name}: execution ${p.time.toFixed(1)} ms (planning ${p.planning.toFixed(1)} ms); ${p.buffers}`, `    ${p.nodes}`);
      if (process.env.BENCH_PLANS) planLines.push(...p.plan.map((l) => `      ${l}`));
    }

    const pgVersion = await withClient(url, async (c) => (await c.query<{ server_version: string }>("SHOW server_version")).rows[0]!.server_version);
    const cpu = os.cpus();
    const headline = results.filter((r) => scenarios.some((s) => s.headline && r.label === `/comite ${s.label}`));
    const worst = headline.reduce((a, b) => (b.p95 > a.p95 ? b : a));
    const verdict = (value: number, target: number) => `ratio ${(value / target).toFixed(2)} — ${value <= target ? "met" : "MISSED"}`;
    console.log(
      [
        "",
        `Date: ${new Date().toISOString().slice(0, 10)} · ${cpu.length} × ${cpu[0]?.model.trim() ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, PostgreSQL ${pgVersion} (local, default settings, fsync off)`,
        `Data: ${cases.toLocaleString("en")} cases (${perYear.map((r) => `${r.year}: ${Number(r.n).toLocaleString("en")}`).join(", ")}), ` +
          `${responses.toLocaleString("en")} survey responses over ${YEARS} years; plans: ${plans.map((p) => `${p.year} (${p._count.indicators} indicators)`).join(", ") || "none"}.`,
        `Case heap order: ${caseOrder}.`,
        `Tables: ${sizes.map((s) => `${s.name} ${Number(s.rows).toLocaleString("en")} rows, ${s.size}`).join("; ")}.`,
        `${WARMUPS} warm-ups and ${RUNS} runs per dashboard scenario, ${DOCX_WARMUPS} and ${DOCX_RUNS} for the .docx; in-process, sequential. Load average (1 min) before/after: ${loadBefore.toFixed(1)} / ${loadAfter.toFixed(1)}.`,
        "",
        "| measurement (in-process, as the loader / route calls it) | p50 ms | p95 ms | max ms |",
        "|---|---|---|---|",
        ...results.map((r) => `| ${r.label} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.max.toFixed(1)} |`),
        ...(typeof docx === "string" ? [] : [`| ${docx.stats.label} | ${docx.stats.p50.toFixed(1)} | ${docx.stats.p95.toFixed(1)} | ${docx.stats.max.toFixed(1)} |`]),
        "",
        "Loader payload (what json() serialises; the React render is not measured):",
        ...payloads,
        "",
        `Statements of one /comite ${scenarios[1]!.label} (${statements.length} in all, run in parallel on the pool; the 10 slowest, wall time):`,
        ...slowest.map((s) => `  ${s.ms.toFixed(1).padStart(7)} ms  ${oneLine(s.text)}`),
        "",
        "Case aggregates (EXPLAIN (ANALYZE, BUFFERS), fastest of 3, for the same scenario):",
        ...planLines,
        "",
        `/comite for a whole year, p95: ${worst.p95.toFixed(1)} ms (${worst.label}; target ≤ ${TARGET_DASHBOARD_P95_MS} ms, ${verdict(worst.p95, TARGET_DASHBOARD_P95_MS)})`,
        typeof docx === "string"
          ? `.docx report: ${docx}`
          : `.docx report ${docx.year}: p95 ${docx.stats.p95.toFixed(0)} ms, max ${docx.stats.max.toFixed(0)} ms (target ≤ ${TARGET_DOCX_MS} ms, ${verdict(docx.stats.max, TARGET_DOCX_MS)}); ${docx.fileName}, ${(docx.size / 1024).toFixed(1)} KB`,
      ].join("\n"),
    );
    printBenchResult({
      bench: "committee",
      figures: [...results, ...(typeof docx === "string" ? [] : [docx.stats])].map((r) => statsRow("measurement", r)),
      targets: [
        benchTarget(`/comite whole year p95 (${worst.label})`, worst.p95, TARGET_DASHBOARD_P95_MS, "ms", "lower"),
        ...(typeof docx === "string" ? [] : [benchTarget(`.docx report ${docx.year}, slowest run`, docx.stats.max, TARGET_DOCX_MS, "ms", "lower")]),
      ],
      notes: [
        `${cases.toLocaleString("en")} cases, ${responses.toLocaleString("en")} survey responses; load average before/after ${loadBefore.toFixed(1)} / ${loadAfter.toFixed(1)}`,
        ...(typeof docx === "string" ? [`.docx report: ${docx}`] : []),
      ],
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
