// Server time of the staff inbox and the case page at 1,000,000 cases and 5,000,000 events
// (npm run bench:inbox). Not a timed test: it prints p50/p95 and the query plans.
//
//   1. Uses DATABASE_URL (a PostgreSQL server; the bench creates and drops its own database), else
//      starts a throwaway cluster with test/setup/pg-cluster.sh (stopped at the end).
//   2. Applies the migrations, seeds the demo (seedDemo), then bulk-loads BENCH_CASES cases
//      (default 1,000,000) and 5 events per case with INSERT … SELECT … FROM generate_series,
//      secondary indexes dropped during the load and rebuilt after, then VACUUM ANALYZE.
//   3. Calls the domain functions in-process, as the loaders do: 5 warm-ups, then 50 timed runs
//      each; prints p50/p95 and, for the inbox queries, EXPLAIN (ANALYZE) with the indexes used.
//
// Targets on the 2-core reference machine: inbox p95 ≤ 150 ms, case page p95 ≤ 80 ms.
// BENCH_KEEP=1 keeps the database (and cluster) for another run; BENCH_DB names it (a database
// that already holds the cases is reused without reloading).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { openDatabase, type Database } from "~/db/client.server";
import { parseInboxFilters, type InboxFilters } from "~/domain/cases/inbox";
import { countCap, inboxBounds, inboxSql, listInbox, listInboxFacets, loadInboxCalendars, type InboxUser } from "~/domain/cases/inbox.server";
import { migrationSql } from "../setup/test-database";
import { seedDemo } from "../../prisma/seed";
import { casesSql, staffSql } from "./cases-data";
import { benchTarget, databaseUrl, freePort, percentile, printBenchResult, statsRow, withClient } from "./harness";

const CASES = Number(process.env.BENCH_CASES ?? 1_000_000);
const EVENTS_PER_CASE = 5;
const WARMUPS = 5;
const RUNS = 50;
const TARGET_INBOX_P95 = 150;
const TARGET_CASE_P95 = 80;
const CHUNK = 100_000;
const root = process.cwd();

type StaffUser = InboxUser & { name: string; email: string };

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

/** Five events per case, with the case's own dates: received, routed, assigned, a note, replied or a note. */
function eventsSql(): string {
  return `
    INSERT INTO "CaseEvent" ("id", "caseId", "type", "actorId", "actorLabel", "public", "message", "createdAt")
    SELECT gen_random_uuid(), c."id",
           (CASE k WHEN 1 THEN 'RECEIVED' WHEN 2 THEN 'ROUTED' WHEN 3 THEN 'ASSIGNED' WHEN 4 THEN 'NOTE'
                   ELSE CASE WHEN c."respondedAt" IS NOT NULL THEN 'REPLIED' ELSE 'NOTE' END END)::"CaseEventType",
           CASE WHEN k >= 3 THEN c."assigneeId" END,
           CASE k WHEN 1 THEN 'citizen' WHEN 2 THEN 'system' END,
           k IN (1, 5),
           CASE WHEN k >= 4 THEN 'Nota de seguimiento del caso ' || c."folio" END,
           c."receivedAt" + k * interval '3 hours'
      FROM "Case" c CROSS JOIN generate_series(1, ${EVENTS_PER_CASE}) AS k`;
}

async function bulkLoad(url: string, institutionId: string): Promise<void> {
  await withClient(url, async (c) => {
    await c.query("SET maintenance_work_mem = '512MB'");
    await c.query("SET max_parallel_maintenance_workers = 2");
    try {
      // Skip per-row foreign-key triggers during the load (superuser only; the data is consistent by construction).
      await c.query("SET session_replication_role = replica");
    } catch {
      log("not a superuser: foreign keys are checked row by row during the load (slower)");
    }
    await c.query(staffSql(institutionId));
    const { rows: indexes } = await c.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('Case', 'CaseEvent') AND indexname NOT LIKE '%_pkey'`,
    );
    for (const ix of indexes) await c.query(`DROP INDEX "${ix.indexname}"`);
    log(`dropped ${indexes.length} secondary indexes for the load`);
    await timed(`${CASES.toLocaleString("en")} cases`, async () => {
      for (let from = 1; from <= CASES; from += CHUNK) {
        await c.query(casesSql(institutionId, from, Math.min(CASES, from + CHUNK - 1)));
        process.stdout.write(".");
      }
      process.stdout.write("\n");
    });
    await timed(`${(CASES * EVENTS_PER_CASE).toLocaleString("en")} events`, () => c.query(eventsSql()));
    await timed(`rebuild ${indexes.length} indexes`, async () => {
      for (const ix of indexes) await c.query(ix.indexdef);
    });
    await c.query("SET session_replication_role = DEFAULT").catch(() => undefined);
    await timed("VACUUM ANALYZE", async () => {
      for (const table of ["Case", "CaseEvent", "User", "Area", "Office", "Tramite", "Holiday"]) await c.query(`VACUUM (ANALYZE) "${table}"`);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Measuring

type Stats = { label: string; p50: number; p95: number; min: number; max: number; runs: number };

async function measure(label: string, fn: (i: number) => Promise<unknown>): Promise<Stats> {
  for (let i = 0; i < WARMUPS; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await fn(WARMUPS + i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const stats = { label, p50: percentile(times, 50), p95: percentile(times, 95), min: times[0]!, max: times[times.length - 1]!, runs: RUNS };
  log(`${label}: p50 ${stats.p50.toFixed(1)} ms, p95 ${stats.p95.toFixed(1)} ms`);
  return stats;
}

type PlanSummary = { used: string; time: number; plan: string[] };

/** EXPLAIN (ANALYZE) a statement three times and keep the fastest (the others pay for cold caches or a busy CPU). */
async function explain(c: pg.Client, text: string, values: unknown[]): Promise<PlanSummary> {
  let best: PlanSummary | undefined;
  for (let i = 0; i < 3; i++) {
    const { rows } = await c.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values);
    const plan = rows.map((r) => r["QUERY PLAN"]);
    const indexes = [...new Set(plan.flatMap((l) => [...l.matchAll(/(Index Only Scan|Index Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) "?([\w]+)"?/g)].map((m) => `${m[2]} (${m[1]})`)))];
    const seq = plan.filter((l) => /Seq Scan on "?(Case|CaseEvent)"?\b/.test(l)).map((l) => `Seq Scan on ${/Seq Scan on "?(\w+)/.exec(l)![1]}`);
    const time = Number(/Execution Time: ([\d.]+)/.exec(plan.find((l) => l.startsWith("Execution Time")) ?? "")?.[1] ?? Number.NaN);
    const summary = { used: [...indexes, ...seq].join(", ") || "no index", time, plan };
    if (!best || summary.time < best.time) best = summary;
  }
  return best!;
}

function planLines(name: string, p: PlanSummary): string[] {
  return [`    ${name}: ${p.used}; execution ${p.time.toFixed(2)} ms`, ...(process.env.BENCH_PLANS ? p.plan.map((l) => `      ${l}`) : [])];
}

/** The inbox's two statements: the page's rows and the capped count. */
async function explainInbox(url: string, user: InboxUser, filters: InboxFilters): Promise<string[]> {
  const calendarFor = await loadInboxCalendars(user.institutionId);
  const sql = inboxSql(user, filters, inboxBounds(calendarFor(null), filters, new Date()));
  return withClient(url, async (c) => {
    // As listInbox does: a free-text search with at most countCap matches collects them first.
    let rows = { name: "rows", sql: sql.rows };
    if (filters.q) {
      const counted = Number((await c.query<{ n: number }>(sql.count.text, sql.count.values as unknown[])).rows[0]!.n);
      if (counted <= countCap(filters)) rows = { name: "rows (≤ cap matches: collected first, then sorted)", sql: sql.rowsAmongFew };
    }
    return [
      ...planLines(rows.name, await explain(c, rows.sql.text, rows.sql.values as unknown[])),
      ...planLines("count", await explain(c, sql.count.text, sql.count.values as unknown[])),
    ];
  });
}

/** The case page's main reads (as Prisma issues them: the case by id, its events, its attachments). */
async function explainCasePage(url: string, caseId: string): Promise<string[]> {
  return withClient(url, async (c) => [
    ...planLines("case", await explain(c, `SELECT * FROM "Case" WHERE "id" = $1::uuid`, [caseId])),
    ...planLines("events", await explain(c, `SELECT * FROM "CaseEvent" WHERE "caseId" = $1::uuid ORDER BY "createdAt", "id"`, [caseId])),
    ...planLines("attachments", await explain(c, `SELECT * FROM "Attachment" WHERE "caseId" = $1::uuid ORDER BY "createdAt"`, [caseId])),
  ]);
}

function filtersOf(query: string): InboxFilters {
  const { filters, notices } = parseInboxFilters(new URLSearchParams(query));
  if (notices.length) throw new Error(`bad bench filters ${query}: ${JSON.stringify(notices)}`);
  return filters;
}

async function main() {
  let clusterDir: string | undefined;
  let serverUrl = process.env.DATABASE_URL;
  const keep = Boolean(process.env.BENCH_KEEP);
  const dbName = process.env.BENCH_DB ?? `oirs_bench_inbox_${process.pid}_${Date.now().toString(36)}`;
  let database: Database | undefined;
  let created = false;
  try {
    if (!serverUrl) {
      clusterDir = fs.mkdtempSync(path.join(os.tmpdir(), "oirs-bench-pg-"));
      const port = await freePort();
      serverUrl = execFileSync(path.join(root, "test/setup/pg-cluster.sh"), ["start", clusterDir, String(port)], { encoding: "utf8" }).trim();
      log(`started a throwaway PostgreSQL at ${serverUrl} (${clusterDir})`);
    }
    const url = databaseUrl(serverUrl, dbName);
    const exists = await withClient(serverUrl, async (c) => (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [dbName])).rowCount! > 0);
    if (!exists) {
      await withClient(serverUrl, (c) => c.query(`CREATE DATABASE ${dbName}`));
      created = true;
    }
    database = openDatabase({ kind: "postgres", url });
    const prisma = database.prisma;

    const migrated = await withClient(url, async (c) => (await c.query(`SELECT to_regclass('"Institution"') IS NOT NULL AS ok`)).rows[0].ok as boolean);
    if (!migrated || (await prisma.institution.count()) === 0) {
      await timed("migrations", async () => {
        for (const sql of migrationSql()) await database!.exec(sql);
      });
      await timed("demo seed", () => seedDemo(prisma, { password: "bench-password-2026" }));
    }
    const institution = await prisma.institution.findFirstOrThrow({ orderBy: { createdAt: "asc" }, select: { id: true } });
    if ((await prisma.case.count()) < CASES) {
      await bulkLoad(url, institution.id);
    } else {
      log(`reusing ${dbName}: it already holds the cases`);
    }
    const [cases, events] = await Promise.all([prisma.case.count(), prisma.caseEvent.count()]);
    const open = await prisma.case.count({ where: { status: { in: ["INGRESADA", "ASIGNADA", "EN_TRAMITE", "ESPERA_CIUDADANO", "REABIERTA"] } } });
    log(`${cases.toLocaleString("en")} cases (${open.toLocaleString("en")} open), ${events.toLocaleString("en")} events`);

    const select = { id: true, name: true, email: true, role: true, areaId: true, institutionId: true } as const;
    const officer: StaffUser = await prisma.user.findFirstOrThrow({ where: { email: "oirs@oirs.example" }, select });
    const areaOfficial: StaffUser = await prisma.user.findFirstOrThrow({ where: { email: "area@oirs.example" }, select });
    const personas = await prisma.area.findFirstOrThrow({ where: { code: "PERSONAS" }, select: { id: true } });
    const sampleFolio = (await prisma.case.findFirstOrThrow({ where: { folio: { endsWith: "0500000" } }, select: { folio: true } }).catch(() => prisma.case.findFirstOrThrow({ select: { folio: true } }))).folio;

    const scenarios: Array<{ label: string; user: StaffUser; query: string; headline?: boolean }> = [
      { label: "inbox, default (open cases, due date ↑), OIRS officer", user: officer, query: "", headline: true },
      { label: "inbox, kind + area + deadline=overdue, OIRS officer", user: officer, query: `kind=RECLAMO&area=${personas.id}&deadline=overdue`, headline: true },
      { label: "inbox, default, area official (PERSONAS)", user: areaOfficial, query: "" },
      { label: "inbox, channel + deadline=soon + assignee=none", user: officer, query: "channel=WEB&deadline=soon&assignee=none" },
      { label: "inbox, free text q=licencia (open cases)", user: officer, query: "q=licencia" },
      { label: "inbox, free text q=licencia, every status", user: officer, query: "q=licencia&status=all" },
      { label: "inbox, free text, misspelt word (no match), every status", user: officer, query: "q=calefaccionn&status=all" },
      { label: "inbox, folio search, every status", user: officer, query: `q=${sampleFolio}&status=all` },
      { label: "inbox, every status (1M rows), due date ↑", user: officer, query: "status=all" },
      { label: "inbox, every status, received ↓, page 40", user: officer, query: "status=all&sort=received&dir=desc&page=40" },
    ];

    // The floor: one round trip through Prisma's driver adapter, on this machine, now.
    const results: Stats[] = [await measure("floor: SELECT 1 through Prisma", () => prisma.$queryRawUnsafe("SELECT 1"))];
    const plans: string[] = [];
    const loadBefore = os.loadavg()[0]!;
    for (const s of scenarios) {
      const filters = filtersOf(s.query);
      // What the page's loader does: the page and the filter options, in parallel.
      results.push(await measure(s.label, () => Promise.all([listInbox({ user: s.user, filters }), listInboxFacets({ user: s.user })])));
      plans.push(`  ${s.label}${s.query ? ` [?${s.query}]` : ""}`, ...(await explainInbox(url, s.user, filters)));
    }

    // The case page: 55 different cases (a few open, most closed), each with its 5 events.
    const sample = await withClient(url, async (c) => (await c.query<{ id: string }>(`SELECT "id" FROM "Case" TABLESAMPLE SYSTEM (1) LIMIT ${WARMUPS + RUNS}`)).rows.map((r) => r.id));
    const casePage = await import("~/domain/cases/case-page.server").catch(() => null);
    let caseLabel: string;
    let caseFn: (i: number) => Promise<unknown>;
    if (casePage && typeof casePage.getCaseForStaff === "function") {
      caseLabel = "case page (getCaseForStaff), OIRS officer";
      caseFn = async (i) => {
        const view = await casePage.getCaseForStaff({ caseId: sample[i % sample.length]!, user: officer });
        if (!view) throw new Error("case not found");
      };
    } else {
      caseLabel = "case page (equivalent query: case + events + attachments + area + assignee)";
      caseFn = (i) =>
        prisma.case.findFirstOrThrow({
          where: { id: sample[i % sample.length]!, institutionId: officer.institutionId },
          include: {
            area: { select: { name: true } },
            assignee: { select: { name: true } },
            attachments: { orderBy: { createdAt: "asc" } },
            events: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], include: { actor: { select: { name: true } } } },
          },
        });
    }
    const caseStats = await measure(caseLabel, caseFn);
    results.push(caseStats);
    plans.push(`  ${caseLabel}`, ...(await explainCasePage(url, sample[0]!)));

    // Report.
    const loadAfter = os.loadavg()[0]!;
    const cpu = os.cpus();
    const pgVersion = await withClient(url, async (c) => (await c.query<{ server_version: string }>("SHOW server_version")).rows[0]!.server_version);
    const lines = [
      "",
      `Date: ${new Date().toISOString().slice(0, 10)} · ${cpu.length} × ${cpu[0]?.model.trim() ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, PostgreSQL ${pgVersion} (local, default settings, fsync off)`,
      `Data: ${cases.toLocaleString("en")} cases (${open.toLocaleString("en")} open), ${events.toLocaleString("en")} events. ${WARMUPS} warm-ups, ${RUNS} runs each, in-process, sequential.`,
      `Load average (1 min) before/after the measurements: ${loadBefore.toFixed(1)} / ${loadAfter.toFixed(1)} (other work on the machine inflates every figure, the floor included).`,
      "",
      "| measurement | p50 ms | p95 ms | max ms |",
      "|---|---|---|---|",
      ...results.map((r) => `| ${r.label} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.max.toFixed(1)} |`),
      "",
      "Query plans (EXPLAIN ANALYZE, fastest of 3; rows = the page, count = the capped count):",
      ...plans,
      "",
    ];
    const headline = results.filter((r) => scenarios.some((s) => s.headline && s.label === r.label));
    const inboxP95 = Math.max(...headline.map((r) => r.p95));
    lines.push(`inbox p95 (default and three filters): ${inboxP95.toFixed(1)} ms (target ≤ ${TARGET_INBOX_P95} ms) — ${inboxP95 <= TARGET_INBOX_P95 ? "met" : "MISSED"}`);
    lines.push(`case page p95: ${caseStats.p95.toFixed(1)} ms (target ≤ ${TARGET_CASE_P95} ms) — ${caseStats.p95 <= TARGET_CASE_P95 ? "met" : "MISSED"}`);
    console.log(lines.join("\n"));
    printBenchResult({
      bench: "inbox",
      figures: results.map((r) => statsRow("measurement", r)),
      targets: [
        benchTarget("inbox p95 (default and three filters)", inboxP95, TARGET_INBOX_P95, "ms", "lower"),
        benchTarget("case page p95", caseStats.p95, TARGET_CASE_P95, "ms", "lower"),
      ],
      notes: [`${cases.toLocaleString("en")} cases (${open.toLocaleString("en")} open), ${events.toLocaleString("en")} events; load average before/after ${loadBefore.toFixed(1)} / ${loadAfter.toFixed(1)}`],
    });
  } finally {
    await database?.close().catch(() => undefined);
    if (!keep && serverUrl && (created || process.env.BENCH_DB === undefined)) {
      await withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)).catch((error: unknown) =>
        console.error("[bench] cleanup failed:", error),
      );
    }
    if (clusterDir && !keep) execFileSync(path.join(root, "test/setup/pg-cluster.sh"), ["stop", clusterDir]);
    else if (clusterDir) log(`kept the cluster: DATABASE_URL=${serverUrl} BENCH_DB=${dbName}; stop it with test/setup/pg-cluster.sh stop ${clusterDir}`);
  }
}

main().catch((error) => {
  console.error("[bench] failed:", error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
